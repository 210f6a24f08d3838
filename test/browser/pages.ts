import type { Page } from 'playwright-core';
import { signIn } from './site';

/** Every page of the web front end, as whom it is seen; the screenshots and the accessibility check visit each. */
export interface SitePage {
  name: string;
  /** Signed in as this demo user; none: the sign-in page. */
  user?: string;
  hash?: string;
  heading: string;
  /** Opened after loading: the first disclosure (details) whose summary says this. */
  expand?: string;
}

export const PAGES: readonly SitePage[] = [
  { name: 'sign-in', heading: 'Sign in' },
  { name: 'patient-plan', user: 'sally', hash: '/plan', heading: 'My plan' },
  { name: 'patient-goal-history', user: 'sally', hash: '/plan', heading: 'My plan', expand: 'History and comments' },
  { name: 'patient-crisis-plan', user: 'sally', hash: '/crisis-plan', heading: 'My crisis plan' },
  { name: 'patient-log', user: 'sally', hash: '/log', heading: 'My log' },
  { name: 'patient-measurements', user: 'sally', hash: '/measurements', heading: 'My measurements' },
  { name: 'patient-appointments', user: 'sally', hash: '/appointments', heading: 'My appointments' },
  { name: 'patient-quality-of-life', user: 'sally', hash: '/quality-of-life', heading: 'My quality of life (ReQoL-10)' },
  { name: 'patient-flower', user: 'sally', hash: '/sharing', heading: 'My flower' },
  { name: 'patient-access-log', user: 'sally', hash: '/access-log', heading: 'Who has seen my record' },
  { name: 'patient-budget', user: 'sally', hash: '/phb', heading: 'My personal health budget' },
  { name: 'patient-notifications', user: 'sally', hash: '/notifications', heading: 'Notifications' },
  { name: 'patient-messages', user: 'sally', hash: '/messages', heading: 'My messages' },
  // Named once loaded by whom it is with: the safety box and the form, before anyone has written.
  { name: 'patient-conversation', user: 'sally', hash: '/messages/person%3Amiriam', heading: 'Messages with Miriam Okafor' },
  { name: 'clinician-patients', user: 'miriam', hash: '/patients', heading: 'My patients' },
  { name: 'clinician-patient-plan', user: 'miriam', hash: '/patients/sally/plan', heading: 'Recovery plan' },
  { name: 'clinician-goal-history', user: 'miriam', hash: '/patients/sally/plan', heading: 'Recovery plan', expand: 'History and comments' },
  { name: 'clinician-patient-crisis-plan', user: 'miriam', hash: '/patients/sally/crisis-plan', heading: 'Crisis plan' },
  { name: 'clinician-patient-measurements', user: 'miriam', hash: '/patients/sally/measurements', heading: 'Measurements' },
  { name: 'clinician-patient-appointments', user: 'miriam', hash: '/patients/sally/appointments', heading: 'Appointments' },
  { name: 'clinician-patient-quality-of-life', user: 'miriam', hash: '/patients/sally/quality-of-life', heading: 'Quality of life (ReQoL-10)' },
  // Sally does not share her log with Miriam: the page says so in words.
  { name: 'clinician-patient-log-not-shared', user: 'miriam', hash: '/patients/sally/log', heading: 'Personal log' },
  { name: 'clinician-patient-messages', user: 'miriam', hash: '/patients/sally/messages', heading: 'Messages' },
  { name: 'clinician-patient-conversation', user: 'miriam', hash: '/patients/sally/messages/person%3Amiriam', heading: 'Messages' },
  { name: 'clinician-propose-goal', user: 'miriam', hash: '/patients/sally/plan', heading: 'Recovery plan', expand: 'Propose a goal' },
  { name: 'clinician-notifications', user: 'miriam', hash: '/notifications', heading: 'Notifications' },
  { name: 'advisor-queue', user: 'advisor', hash: '/queue', heading: 'Requests to decide' },
  { name: 'advisor-reviews-due', user: 'advisor', hash: '/queue/reviews-due', heading: 'Requests to decide' },
  { name: 'paramedic-emergency-access', user: 'paramedic', hash: '/emergency', heading: 'Emergency access to a crisis plan' },
  { name: 'operator-outcomes', user: 'operator', hash: '/outcomes', heading: 'Outcome report' },
  { name: 'operator-people', user: 'operator', hash: '/people', heading: 'People' },
  { name: 'operator-legal-holds', user: 'operator', hash: '/legal-holds', heading: 'Legal holds' },
  { name: 'patient-library', user: 'sally', hash: '/library', heading: 'Library' },
  { name: 'patient-programme', user: 'sally', hash: '/library/core-sport-walking', heading: 'Core Sport Tuesday walking group' },
  { name: 'operator-library', user: 'operator', hash: '/library', heading: 'Library', expand: 'Add a programme' },
  { name: 'operator-programme', user: 'operator', hash: '/library/calm-steps', heading: 'Calm Steps', expand: 'Change it' },
  { name: 'patient-account', user: 'sally', hash: '/account', heading: 'My account' },
  { name: 'patient-close-account', user: 'sally', hash: '/account/close', heading: 'Close my account' },
];

/**
 * Signs in as the page's person (unless this tab already is), opens it and whatever it expands, and
 * waits until it has loaded.
 */
export const showPage = async (tab: Page, base: string, sitePage: SitePage, options: { signedIn?: boolean } = {}): Promise<void> => {
  if (sitePage.user && !options.signedIn) await signIn(tab, base, sitePage.user);
  else if (!sitePage.user) await tab.goto(`${base}/`);
  if (sitePage.hash) await tab.goto(`${base}/#${sitePage.hash}`);
  await tab.getByRole('heading', { level: 1, name: sitePage.heading }).waitFor();
  if (sitePage.expand) await tab.locator('summary').filter({ hasText: sitePage.expand }).first().click();
  await tab.waitForLoadState('networkidle');
};
