import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import type { Page } from 'playwright-core';
import { sweepAlerts } from '../../functions/notifications/alert-sweep';
import { syntheticNhsNumber } from '../../infra/local/synthetic-people';
import { financialYear, financialYearLabel, londonDay, type PhbRequest } from '../../shared/domain/phb';
import { addDays } from '../../shared/domain/reviews';
import { batchWriteAll } from '../../shared/store/batch-write';
import { directoryUserItem } from '../../shared/store/directory-repository';
import { appointmentIdOf } from '../../shared/store/appointments-repository';
import { DEMO_BIRTH_DATES, DEMO_NHS_NUMBERS } from '../../infra/local/seed';
import { putNewRequestItems } from '../../shared/store/phb-repository';
import { issuesOfBundle, loadFhirDefinitions } from '../support/fhir-validator';
import type { Json } from '../support/json';
import { pdfText } from '../support/pdf-text';
import { useBrowserSite } from './harness';
import { PAGES, showPage } from './pages';
import { DESKTOP, PHONE, signIn } from './site';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The seeded people's and organisations' ids that are no ordinary word (case-sensitive: "Sally" is a name, "sally" an id). */
const SEEDED_IDS = /\b(sally|andre|miriam|adam|gp-beechwood|beechwood-practice|core-sport|elft|advocacy-project|london-ambulance|nel-ics|duty-elft)\b/g;

/** axe's serious and critical findings on the page as it is now (WCAG 2.0, 2.1 and 2.2, A and AA). */
const seriousViolations = async (page: Page): Promise<{ id: string; impact: string; targets: string[] }[]> => {
  // Once per document: a tab kept across pages of the app keeps it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
};

/**
 * Reloads until `check` holds: the stream delivers notifications a moment after the write, usually
 * under a second. The page fetches what it shows only after its load event, so each look waits until
 * its requests are done (`networkidle`): a check made at the load event sees the page still loading,
 * and when the API answers more slowly than the browser's round trip it never sees the notification,
 * however long it waits.
 */
const eventually = async (page: Page, check: () => Promise<boolean>, explain: () => unknown, timeoutMs = 10_000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  await page.waitForLoadState('networkidle');
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for the page to show it; the stream pollers: ${JSON.stringify(explain())}`);
    await page.reload({ waitUntil: 'networkidle' });
  }
};

/** Sally asks for something from her budget for her walking goal, on her budget page (#/phb). */
const askFor = async (page: Page, ask: { kind: string; item: string; pounds: string; why: string; instead: string }): Promise<void> => {
  await page.getByLabel('What kind of thing').selectOption(ask.kind);
  await page.getByLabel('What exactly').fill(ask.item);
  await page.getByLabel('How much it costs, in pounds').fill(ask.pounds);
  await page.getByLabel('Which goal it helps with').selectOption({ label: 'Walk to Victoria Park twice a week' });
  await page.getByLabel('How it will help').fill(ask.why);
  await page.getByLabel('What else you thought about').fill(ask.instead);
  await page.getByRole('button', { name: 'Send request' }).click();
  await page.getByRole('status').filter({ hasText: 'Sent.' }).waitFor();
};

/**
 * The web front end in a real browser (Debian's Chromium through playwright-core) against the local
 * platform with the demo borough: the journeys of issue 10, a keyboard-only pass, and axe on every page.
 * The journeys share one seeded borough and run in order: removing Miriam's petal comes last.
 */
describe('the web front end in a browser', () => {
  const h = useBrowserSite();
  // `forAxe`: axe is injected as a script of its own, which the page's CSP (rightly) refuses, so such a context bypasses CSP.
  const open = async (userId: string | undefined, viewport = PHONE, forAxe = false): Promise<Page> => {
    const context = await h.browser.newContext({ viewport, ...(forAxe ? { bypassCSP: true } : {}) });
    const page = await context.newPage();
    if (userId) await signIn(page, h.site.base, userId);
    return page;
  };

  // One signed-in tab per person for the pages they see (signing in again for each page would only
  // repeat the sign-in page's own check), each page looked at on a phone and then on a desktop.
  const tabs = new Map<string, Page>();
  const tabFor = async (user: string | undefined): Promise<Page> => {
    const key = user ?? '';
    const known = tabs.get(key);
    if (known) return known;
    const page = await open(user, PHONE, true);
    tabs.set(key, page);
    return page;
  };
  it.each(PAGES.map((p) => [p.name, p] as const))(
    '%s has no serious or critical accessibility violations (axe, WCAG 2.2 AA), shows no seeded id, and on staff pages about a patient shows their banner',
    async (_name, sitePage) => {
      const page = await tabFor(sitePage.user);
      await page.setViewportSize(PHONE);
      await showPage(page, h.site.base, sitePage, { signedIn: sitePage.user !== undefined });
      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewportSize(viewport);
        expect({ viewport, violations: await seriousViolations(page) }).toEqual({ viewport, violations: [] });
        expect(await page.title()).toContain(sitePage.heading);
        // People and teams by name, never by the ids the seed gives them.
        expect((await page.locator('body').innerText()).match(SEEDED_IDS) ?? []).toEqual([]);
        // A member of staff on a page about one patient sees who it is: name, date of birth, NHS number.
        if (/^\/patients\/[^/]+\//.test(sitePage.hash ?? '')) {
          expect(await page.getByRole('region', { name: 'Patient' }).innerText()).toMatch(/BROWN, Sally[\s\S]*14 March 1984[\s\S]*999 000 0018/);
        }
      }
    },
    60_000,
  );
  afterAll(async () => {
    for (const page of tabs.values()) await page.context().close();
  });

  it('can be used with the keyboard alone: skip link first, sign in, move through the menu, update a goal', async () => {
    const page = await open(undefined);
    await page.goto(`${h.site.base}/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    const tabTo = async (name: RegExp, max = 60) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        const label = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? '');
        if (name.test(label)) return;
      }
      throw new Error(`could not reach ${name} with Tab`);
    };
    await tabTo(/^Sign in as Sally Brown/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'My plan' }).waitFor();
    await tabTo(/^My flower$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'My flower' }).waitFor();
    await tabTo(/^My plan$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'My plan' }).waitFor();
    await tabTo(/^Green\s+Going well/);
    // Focus is visible: the NHS focus style (yellow) is applied to what has focus.
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).backgroundColor)).toBe('rgb(255, 235, 59)');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Saved: going well.' }).waitFor();
    await page.context().close();
  }, 60_000);

  it('Sally turns a goal red and Miriam sees it in her inbox and at the top of her patient list, by name with the banner', async () => {
    const sally = await open('sally');
    const sleep = sally.getByRole('region', { name: 'Sleep at least seven hours most nights' });
    await sleep.getByLabel('Add a note (optional)').fill('A really bad week');
    await sleep.getByRole('button', { name: /^Red/ }).click();
    await sleep.getByRole('status').filter({ hasText: 'asked for help' }).waitFor();
    await sleep.getByText('Red: I need help').waitFor();

    const miriam = await open('miriam');
    await miriam.goto(`${h.site.base}/#/notifications`);
    await eventually(miriam, async () => (await miriam.getByRole('button', { name: "Sally Brown asked for help with 'Sleep at least seven hours most nights'." }).count()) > 0, h.site.pollers);
    await miriam.goto(`${h.site.base}/#/patients`);
    // The header names her, not her id.
    await miriam
      .locator('.app-header__who')
      .getByText(/^Miriam Okafor, /)
      .waitFor();
    // Her list comes from each patient's glance, which the outcomes poller keeps: it may be a moment behind the inbox.
    const firstRow = miriam.getByRole('row').nth(1);
    await eventually(miriam, async () => (await firstRow.getByText('Red alert: not yet acknowledged').count()) > 0, h.site.pollers);
    await firstRow.getByRole('listitem').filter({ hasText: 'Sleep at least seven hours most nights' }).getByText('Red: I need help').waitFor();
    // Miriam's list shows patients by name with the banner's facts: date of birth and NHS number (3-3-4), never an id.
    expect(await firstRow.getByRole('link').innerText()).toBe('BROWN, Sally');
    await firstRow.getByText('14 Mar 1984').waitFor();
    await firstRow.getByText('999 000 0018').waitFor();
    expect(await miriam.getByRole('table').getByText('sally', { exact: true }).count()).toBe(0);
    // She finds Sally by her NHS number as a letter gives it.
    await miriam.getByLabel('Find a patient').fill('999 000 0018');
    await miriam.getByRole('button', { name: 'Search', exact: true }).click();
    await miriam.getByRole('status').filter({ hasText: '1 found for “999 000 0018”' }).waitFor();
    expect(await miriam.getByRole('row').count()).toBe(2);
    // Opening the alert takes her to Sally's plan, where the red goal shows.
    await miriam.goto(`${h.site.base}/#/notifications`);
    await miriam.getByRole('button', { name: "Sally Brown asked for help with 'Sleep at least seven hours most nights'." }).first().click();
    await miriam.getByRole('heading', { level: 1, name: 'Recovery plan' }).waitFor();
    const banner = miriam.getByRole('region', { name: 'Patient' });
    await banner.getByText('BROWN, Sally').waitFor();
    await banner.getByText('999 000 0018').waitFor();
    const sleepForMiriam = miriam.getByRole('region', { name: 'Sleep at least seven hours most nights' });
    await sleepForMiriam.getByText('Red: I need help').waitFor();

    // She reads Sally's note in the goal's history and answers with a comment, which Sally then reads.
    await sleepForMiriam.getByText('History and comments').click();
    await sleepForMiriam.getByRole('listitem').filter({ hasText: 'A really bad week' }).filter({ hasText: 'Sally Brown' }).waitFor();
    await sleepForMiriam.getByLabel('Add a comment').fill('I can see you on Monday at 10');
    await sleepForMiriam.getByRole('button', { name: /^Add comment/ }).click();
    await sleepForMiriam.getByRole('status').filter({ hasText: 'Comment added.' }).waitFor();
    await sally.reload();
    await sleep.getByText('History and comments').click();
    await sleep.getByRole('listitem').filter({ hasText: 'I can see you on Monday at 10' }).filter({ hasText: 'Miriam Okafor, Psychotherapist, ELFT' }).waitFor();
    // Her own plan has no patient banner: it is hers.
    expect(await sally.getByRole('region', { name: 'Patient' }).count()).toBe(0);
    await sleep.getByRole('listitem').filter({ hasText: 'A really bad week' }).filter({ hasText: 'You' }).waitFor();
    await sally.context().close();
    await miriam.context().close();
  }, 90_000);

  it('Sally goes red, nobody answers, the alert escalates to the ELFT duty inbox; Miriam acknowledges and Sally sees it', async () => {
    const sally = await open('sally');
    const art = sally.getByRole('region', { name: 'Join the community art class' });
    await art.getByRole('button', { name: /^Red/ }).click();
    // The platform is not watched round the clock: whom to call now, from the borough's file.
    const now = art.getByRole('region', { name: 'If you need help now' });
    await now.getByText('NHS 111, option 2 (mental health crisis)', { exact: false }).waitFor();
    await now.getByRole('link', { name: '999' }).waitFor();
    await art.getByText('Not seen yet.').waitFor();

    // Nobody answers within four working hours: the sweep (every minute in AWS) runs a week later.
    const runtime = h.t.platform.boroughs.get('city-and-hackney')!;
    const later = new Date(Date.now() + 7 * 86_400_000);
    await runtime.runAs('notifications', () => sweepAlerts({ ...runtime.deps, clock: () => later }))();
    const ruth = await open('duty-elft');
    await ruth.goto(`${h.site.base}/#/notifications`);
    await eventually(
      ruth,
      async () => (await ruth.getByText('Sally Brown asked for help and nobody in their care team answered in time: it has passed to your duty team.').count()) > 0,
      h.site.pollers,
    );
    await sally.reload();
    await art.getByText(/^Passed to the ELFT duty team at /).waitFor();

    // Miriam takes it; the coach would now see it taken; Sally sees who, and is told.
    const miriam = await open('miriam');
    await miriam.goto(`${h.site.base}/#/patients/sally/plan`);
    const artForMiriam = miriam.getByRole('region', { name: 'Join the community art class' });
    await artForMiriam.getByRole('button', { name: 'I’ve seen this and will contact Sally' }).click();
    await artForMiriam.getByRole('status').filter({ hasText: 'Miriam Okafor has said they will contact Sally.' }).waitFor();
    await artForMiriam.getByText(/^Taken by Miriam Okafor, Psychotherapist, ELFT at /).waitFor();
    await sally.reload();
    await art.getByText(/^Seen by Miriam Okafor, Psychotherapist, ELFT at .*, who will contact you\.$/).waitFor();
    await sally.goto(`${h.site.base}/#/notifications`);
    await eventually(sally, async () => (await sally.getByRole('button', { name: 'Miriam Okafor has seen your update and will contact you.' }).count()) > 0, h.site.pollers);
    // Back to green, so that later journeys find the goal as it was.
    await sally.goto(`${h.site.base}/#/plan`);
    await art.getByRole('button', { name: /^Green/ }).click();
    await art.getByRole('status').filter({ hasText: 'Saved: going well.' }).waitFor();
    for (const page of [sally, ruth, miriam]) await page.context().close();
  }, 90_000);

  it('Sally writes her own plan: what matters to her, a new goal with a target date, a step done, the goal finished', async () => {
    const sally = await open('sally');
    await sally.getByText('Change what matters to me, what helps me and my support network').click();
    await sally.getByLabel('What matters to me').fill('My dog Biscuit, my sister Jo, painting, and my allotment.');
    await sally.getByRole('button', { name: 'Save these' }).click();
    await sally.getByRole('status').filter({ hasText: 'Saved: what matters to you' }).waitFor();
    await sally.getByText('My dog Biscuit, my sister Jo, painting, and my allotment.', { exact: true }).waitFor();

    // A goal needs its words and its part of life; a target date must be a real one.
    await sally.getByRole('button', { name: 'Add goal' }).click();
    await sally.getByRole('alert').getByRole('link', { name: 'Description is needed: say what you want to work towards' }).waitFor();
    await sally.getByLabel('What I want to work towards').fill('Cook a meal for Jo once a month');
    await sally.getByLabel('My social life, work or learning').check();
    await sally.getByLabel('Day', { exact: true }).fill('31');
    await sally.getByLabel('Month', { exact: true }).fill('2');
    await sally.getByLabel('Year', { exact: true }).fill('2027');
    await sally.getByRole('button', { name: 'Add goal' }).click();
    await sally.getByRole('alert').getByRole('link', { name: 'Target date must be a real date, like 31 3 2027' }).click();
    expect(await sally.evaluate(() => document.activeElement?.id)).toBe('goal-target-day');
    await sally.getByLabel('Day', { exact: true }).fill('28');
    await sally.getByRole('button', { name: 'Add goal' }).click();
    await sally.getByRole('status').filter({ hasText: 'Goal added: Cook a meal for Jo once a month.' }).waitFor();

    const cook = sally.getByRole('region', { name: 'Cook a meal for Jo once a month' });
    await cook.getByText('Hoping to get there by 28 February 2027').waitFor();
    await cook.getByLabel('Add a step').fill('Choose a recipe');
    await cook.getByRole('button', { name: /^Add step/ }).click();
    await cook.getByRole('status').filter({ hasText: 'Step added.' }).waitFor();
    await cook.getByLabel('Choose a recipe').check();
    await cook.getByRole('status').filter({ hasText: 'Done: Choose a recipe.' }).waitFor();
    await sally.reload();
    expect(await sally.getByRole('region', { name: 'Cook a meal for Jo once a month' }).getByLabel('Choose a recipe').isChecked()).toBe(true);

    // Finishing asks how it went, then moves the goal to the finished ones.
    await cook.getByText('I have finished this goal').click();
    await cook.getByRole('button', { name: /^Finish the goal/ }).click();
    await cook.getByText('is needed: choose how it went').waitFor();
    await cook.getByLabel('I got part of the way').check();
    await cook.getByRole('button', { name: /^Finish the goal/ }).click();
    await sally.getByRole('heading', { name: 'Goals I have finished' }).waitFor();
    await cook.getByText('Finished: I got part of the way').waitFor();
    expect(await cook.getByRole('button', { name: /^Green/ }).count()).toBe(0);
    await sally.context().close();
  }, 60_000);

  it('Miriam proposes a goal and Sally accepts it', async () => {
    const goal = 'Swim at London Fields Lido on Saturdays';
    const miriam = await open('miriam');
    await miriam.goto(`${h.site.base}/#/patients/sally/plan`);
    await miriam.getByText('Propose a goal').click();
    await miriam.getByLabel('What they could work towards').fill(goal);
    await miriam.getByLabel('My physical health').check();
    await miriam.getByLabel('Steps (optional, one a line)').fill('Find the opening times\nGo with Jo the first time');
    await miriam.getByRole('button', { name: 'Propose the goal' }).click();
    await miriam
      .getByRole('status')
      .filter({ hasText: `Proposed: ${goal}.` })
      .waitFor();

    // Sally sees who suggested it; it is not in her plan until she accepts it. Her choices pass axe.
    const sally = await open('sally', PHONE, true);
    const suggestion = sally.getByRole('region', { name: goal });
    await suggestion.getByText('Suggested by Miriam Okafor, Psychotherapist, ELFT').waitFor();
    await suggestion.getByRole('button', { name: /^Edit and accept/ }).click();
    await suggestion.getByLabel('My goal, in my words').waitFor();
    expect(await seriousViolations(sally)).toEqual([]);
    // Word for word after all (the first of "Accept" and "Accept my version").
    await suggestion
      .getByRole('button', { name: /^Accept/ })
      .first()
      .click();
    await sally
      .getByRole('status')
      .filter({ hasText: `Accepted: ${goal}. It is now in your plan.` })
      .waitFor();
    const accepted = sally.getByRole('region', { name: goal });
    await accepted.getByText('Go with Jo the first time').waitFor();
    await accepted.getByText('added by Miriam Okafor, Psychotherapist, ELFT').first().waitFor();
    expect(await sally.getByRole('heading', { name: 'Suggested by your care team' }).count()).toBe(0);

    // Miriam is told, by name; she records the review date they agreed, which Sally's plan then shows.
    await miriam.goto(`${h.site.base}/#/notifications`);
    await eventually(miriam, async () => (await miriam.getByRole('button', { name: `Sally Brown accepted your proposed goal '${goal}'.` }).count()) > 0, h.site.pollers);
    await miriam.goto(`${h.site.base}/#/patients/sally/plan`);
    await miriam.getByRole('button', { name: 'Record the review date' }).click();
    const review = miriam.getByRole('group', { name: 'The date agreed with them for the next review' });
    await review.getByLabel('Day', { exact: true }).fill('15');
    await review.getByLabel('Month', { exact: true }).fill('1');
    await review.getByLabel('Year', { exact: true }).fill('2099');
    await miriam.getByRole('button', { name: 'Save the review date' }).click();
    await miriam.getByRole('status').filter({ hasText: 'Next review: 15 January 2099.' }).waitFor();
    await sally.reload();
    await sally.getByText('Next review: 15 January 2099').waitFor();
    await sally.getByText('(recorded by Miriam Okafor, Psychotherapist, ELFT)').waitFor();
    await sally.context().close();
    await miriam.context().close();
  }, 60_000);

  it('what matters to Sally, changed on another device meanwhile, is explained and loaded, not overwritten', async () => {
    const [phone, laptop] = [await open('sally'), await open('sally', DESKTOP)];
    for (const page of [phone, laptop]) await page.getByText('Change what matters to me, what helps me and my support network').click();
    await phone.getByLabel('My support network').fill('Jo, Miriam, the Tuesday group and my neighbour Pat.');
    await phone.getByRole('button', { name: 'Save these' }).click();
    await phone.getByRole('status').filter({ hasText: 'Saved: what matters to you' }).waitFor();

    await laptop.getByLabel('What helps me stay well').fill('Walking by the canal.');
    await laptop.getByRole('button', { name: 'Save these' }).click();
    await laptop.getByRole('alert').getByText('Someone else changed this while you were working on it.', { exact: false }).waitFor();
    await laptop.waitForFunction(() => (document.getElementById('section-mySupportNetwork') as HTMLTextAreaElement | null)?.value.includes('my neighbour Pat'));
    await phone.context().close();
    await laptop.context().close();
  }, 60_000);

  it('Sally asks for a phone, the advisor approves it within her budget, orders it for less and records its delivery from its page; her access log says why the advisor saw it; Sally says whether it helped', async () => {
    const sally = await open('sally', PHONE, true);
    await sally.goto(`${h.site.base}/#/phb`);
    await sally.getByRole('heading', { level: 1, name: 'My personal health budget' }).waitFor();
    const leftBefore = await sally.getByRole('definition').nth(4).innerText();
    await askFor(sally, { kind: 'phone', item: 'A basic smartphone', pounds: '120', why: 'The walking group shares routes on an app', instead: 'Borrowing my sister’s phone' });
    await sally.getByText('Waiting for a decision').waitFor();

    // The new requests, oldest first: the card names Sally with her banner, and leads to the request's page.
    const advisor = await open('advisor', DESKTOP, true);
    await advisor.getByRole('heading', { level: 2, name: 'New' }).waitFor();
    const card = advisor.getByRole('region', { name: 'A basic smartphone for Sally Brown: £120' });
    await card.getByText('Walk to Victoria Park twice a week').waitFor();
    await card.getByRole('region', { name: 'Patient' }).getByText('999 000 0018').waitFor();
    await card.getByText('Sally Brown (the patient)').waitFor();
    await card.getByText(/^£[\d,]+ of £[\d,]+/).waitFor();
    await card.getByRole('link', { name: 'Open A basic smartphone for Sally Brown' }).click();

    // Its page, named by what and for whom: the goal, what happened so far, the budget; the advisor approves there.
    await advisor.getByRole('heading', { level: 1, name: 'A basic smartphone for Sally Brown' }).waitFor();
    expect(await advisor.title()).toContain('A basic smartphone for Sally Brown');
    await advisor.getByRole('region', { name: 'Patient' }).getByText('BROWN, Sally').waitFor();
    await advisor.getByText('Walk to Victoria Park twice a week').waitFor();
    const steps = advisor.getByRole('list', { name: 'What happened, oldest first' });
    await steps
      .getByRole('listitem')
      .filter({ hasText: /^Asked for by Sally Brown, \d+ \w+ \d{4} at \d\d:\d\d$/ })
      .waitFor();
    await advisor.getByRole('button', { name: 'Approve A basic smartphone for Sally Brown' }).click();
    await advisor.getByRole('status').filter({ hasText: 'Approved: A basic smartphone for Sally Brown, £120.' }).waitFor();
    await steps
      .getByRole('listitem')
      .filter({ hasText: /^Approved by Tom Fielding, Personal health budget advisor, The Advocacy Project, / })
      .waitFor();

    await sally.reload();
    await sally.getByText('Approved', { exact: true }).waitFor();
    await sally.getByText('Approved by Tom Fielding, Personal health budget advisor, The Advocacy Project').waitFor();
    const leftAfter = await sally.getByRole('definition').nth(4).innerText();
    expect(Number(leftBefore.replace(/[£,]/g, '')) - Number(leftAfter.replace(/[£,]/g, ''))).toBe(120);
    // The advisor saw her request without a petal: her record says why.
    await sally.goto(`${h.site.base}/#/access-log`);
    await sally
      .getByRole('row')
      .filter({ hasText: 'Tom Fielding, Personal health budget advisor, The Advocacy Project' })
      .filter({ hasText: 'opened your budget request, with your budget and your earlier requests because you sent a budget request: the PHB team handles it' })
      .first()
      .waitFor();

    // From the same page, the advisor orders it (for less than approved: the rest goes back) and records its delivery.
    await advisor.getByLabel('What it cost, in pounds').fill('99.99');
    await advisor.getByLabel('Bought from').fill('Argos');
    await advisor.getByLabel('Order reference').fill('AB-1234');
    await advisor.getByRole('button', { name: 'Record the order of A basic smartphone for Sally Brown' }).click();
    await advisor.getByRole('status').filter({ hasText: 'Ordered: A basic smartphone for Sally Brown, £120.' }).waitFor();
    await advisor.getByText(/^Ordered from Argos \(AB-1234\) by Tom Fielding, .*: £99\.99\.$/).waitFor();
    await advisor.getByRole('button', { name: 'Record the delivery of A basic smartphone for Sally Brown' }).click();
    await advisor.getByRole('status').filter({ hasText: 'Delivered: A basic smartphone for Sally Brown, £120.' }).waitFor();
    await steps
      .getByRole('listitem')
      .filter({ hasText: /^Ordered by Tom Fielding, / })
      .waitFor();
    await steps
      .getByRole('listitem')
      .filter({ hasText: /^Delivery recorded by Tom Fielding, / })
      .waitFor();
    // Delivered: what is left is Sally's review, or closing it without one; its review is not due yet.
    await advisor.getByRole('button', { name: 'Close A basic smartphone for Sally Brown without a review' }).waitFor();
    // On a small phone the page fits the screen, and on both widths axe finds nothing serious.
    for (const viewport of [{ width: 375, height: 812 }, DESKTOP]) {
      await advisor.setViewportSize(viewport);
      expect({ viewport, violations: await seriousViolations(advisor) }).toEqual({ viewport, violations: [] });
      if (viewport.width === 375) expect(await advisor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    }
    await advisor.getByRole('link', { name: 'Requests to decide' }).click();
    await advisor.getByRole('link', { name: 'Reviews due' }).click();
    await advisor.getByText('No review is due.').waitFor();

    // Sally sees what it cost and where the money went, and says, in her words, whether it helped.
    await sally.goto(`${h.site.base}/#/phb`);
    const statement = sally.getByRole('list', { name: /^Money in and out/ });
    await statement.getByText('£120 set aside for A basic smartphone (approved by Tom Fielding)').waitFor();
    await statement.getByText('£99.99 spent on A basic smartphone, £20.01 back (ordered by Tom Fielding)').waitFor();
    const phone = sally
      .getByRole('listitem')
      .filter({ hasText: 'A basic smartphone' })
      .filter({ has: sally.getByText('Delivered', { exact: true }) });
    await phone.getByText(/it cost £99\.99, so £20\.01 went back to your budget/).waitFor();
    await phone.getByRole('radio', { name: 'Partly' }).check();
    await phone.getByLabel('In your own words (optional)').fill('I join the group walks now');
    await phone.getByRole('button', { name: 'Send my review' }).click();
    const reviewed = sally.getByRole('listitem').filter({ hasText: 'Did it help with the goal? Partly. “I join the group walks now”' });
    await reviewed.getByText('Closed', { exact: true }).waitFor();
    expect(await seriousViolations(sally)).toEqual([]);
    await sally.context().close();
    await advisor.context().close();
  }, 90_000);

  it('the advisor changes Sally’s allocation with a reason, from her new request’s page; Sally sees the new allocation and the reason on her statement', async () => {
    const sally = await open('sally', PHONE, true);
    await sally.goto(`${h.site.base}/#/phb`);
    await askFor(sally, { kind: 'tablet', item: 'A tablet for video calls', pounds: '150', why: 'My sessions with Miriam can be by video', instead: 'The library, which is far' });

    const advisor = await open('advisor', PHONE, true);
    await advisor.getByRole('link', { name: 'Open A tablet for video calls for Sally Brown' }).click();
    await advisor.getByRole('heading', { level: 1, name: 'A tablet for video calls for Sally Brown' }).waitFor();
    await advisor.locator('summary').filter({ hasText: 'Change the allocation' }).click();
    // Both are needed, and never below what is already spent (the phone's £99.99).
    await advisor.getByRole('button', { name: 'Change the allocation of Sally Brown’s budget' }).click();
    const problem = advisor.getByRole('alert');
    await problem.getByRole('link', { name: 'The new allocation must be an amount in pounds, like 1200 or 1,200.50' }).waitFor();
    await problem.getByRole('link', { name: 'The reason is needed: Sally Brown reads it on their statement' }).click();
    expect(await advisor.evaluate(() => document.activeElement?.id)).toBe('allocation-reason');
    await advisor.getByLabel(/allocation, in pounds$/).fill('50');
    await advisor.getByLabel('Why').fill('More sessions agreed at the review');
    await advisor.getByRole('button', { name: 'Change the allocation of Sally Brown’s budget' }).click();
    await problem.getByRole('link', { name: 'The new allocation must be at least £99.99: that much is already set aside or spent' }).waitFor();
    await advisor.getByLabel(/allocation, in pounds$/).fill('1,200');
    await advisor.getByRole('button', { name: 'Change the allocation of Sally Brown’s budget' }).click();
    await advisor
      .getByRole('status')
      .filter({ hasText: /^Sally Brown’s budget for \d{4}\/\d\d is now £1,200\.$/ })
      .waitFor();
    await advisor
      .getByRole('definition')
      .filter({ hasText: /^£1,200$/ })
      .waitFor();
    // The statement, opened, has the line.
    await advisor.locator('summary').filter({ hasText: 'Money in and out' }).click();
    await advisor.getByText('Budget set to £1,200 by Tom Fielding: More sessions agreed at the review').waitFor();
    expect(await seriousViolations(advisor)).toEqual([]);

    await sally.reload();
    const summary = sally.getByRole('definition');
    expect(await summary.nth(1).innerText()).toBe('£1,200');
    await sally
      .getByRole('list', { name: /^Money in and out/ })
      .getByText('Budget set to £1,200 by Tom Fielding: More sessions agreed at the review')
      .waitFor();
    expect(await seriousViolations(sally)).toEqual([]);
    await sally.context().close();
    await advisor.context().close();
  }, 90_000);

  it('an order that would cost more than approved is not recorded: the advisor asks for approval again at the real cost, and the request is back in New', async () => {
    const advisor = await open('advisor', DESKTOP);
    await advisor.getByRole('link', { name: 'Open A tablet for video calls for Sally Brown' }).click();
    await advisor.getByRole('button', { name: 'Approve A tablet for video calls for Sally Brown' }).click();
    await advisor.getByRole('status').filter({ hasText: 'Approved: A tablet for video calls for Sally Brown, £150.' }).waitFor();
    await advisor.getByLabel('What it cost, in pounds').fill('180');
    // More than approved: no order to record, but approval to ask for again, with the reason.
    expect(await advisor.getByRole('button', { name: /^Record the order/ }).count()).toBe(0);
    const again = advisor.getByRole('button', { name: 'Ask for approval of A tablet for video calls for Sally Brown again at £180' });
    await again.click();
    await advisor.getByRole('alert').getByRole('link', { name: 'Why it costs more is needed: Sally Brown reads it' }).waitFor();
    await advisor.getByLabel('Why it costs more').fill('The shop’s price went up');
    await again.click();
    await advisor.getByRole('status').filter({ hasText: 'To be approved again: A tablet for video calls for Sally Brown, £180.' }).waitFor();
    await advisor
      .getByRole('list', { name: 'What happened, oldest first' })
      .getByRole('listitem')
      .filter({ hasText: /^New cost of £180, to be approved again, from Tom Fielding, / })
      .filter({ hasText: 'The shop’s price went up' })
      .waitFor();
    await advisor.getByRole('button', { name: 'Approve A tablet for video calls for Sally Brown' }).waitFor();
    await advisor.goto(`${h.site.base}/#/queue/new`);
    await advisor.getByRole('region', { name: 'A tablet for video calls for Sally Brown: £180' }).waitFor();

    // Sally's statement: the £150 came back while it waits.
    const sally = await open('sally');
    await sally.goto(`${h.site.base}/#/phb`);
    await sally
      .getByRole('list', { name: /^Money in and out/ })
      .getByText('£150 back: A tablet for video calls will cost more and is to be approved again (Tom Fielding)')
      .waitFor();
    await sally.context().close();
    await advisor.context().close();
  }, 90_000);

  it('Sally records how she is: an impossible number is named at its field, a real one joins the trend; a log entry with a mood', async () => {
    const sally = await open('sally');
    await sally.goto(`${h.site.base}/#/measurements`);
    await sally.getByLabel('What to record or look at').selectOption('wellbeing');
    await sally.getByLabel('Wellbeing (out of 10)').fill('11');
    await sally.getByRole('button', { name: 'Record' }).click();
    await sally
      .getByRole('alert')
      .getByRole('link', { name: /^Value / })
      .waitFor();
    await sally.getByLabel('Wellbeing (out of 10)').fill('7');
    await sally.getByRole('button', { name: 'Record' }).click();
    await sally.getByRole('status').filter({ hasText: 'Saved: wellbeing 7 out of 10.' }).waitFor();
    expect(await sally.getByRole('table').getByRole('cell', { name: '7', exact: true }).count()).toBeGreaterThan(0);

    // Blood pressure is a pair: a diastolic above the systolic is named at its own field.
    await sally.getByLabel('What to record or look at').selectOption('blood-pressure');
    await sally.getByLabel('Systolic (the higher number, mmHg)').fill('80');
    await sally.getByLabel('Diastolic (the lower number, mmHg)').fill('120');
    await sally.getByRole('button', { name: 'Record' }).click();
    await sally.getByRole('alert').getByRole('link', { name: 'Diastolic must be lower than systolic' }).click();
    expect(await sally.evaluate(() => document.activeElement?.id)).toBe('measurement-diastolic');
    await sally.getByLabel('Systolic (the higher number, mmHg)').fill('128');
    await sally.getByLabel('Diastolic (the lower number, mmHg)').fill('82');
    await sally.getByRole('button', { name: 'Record' }).click();
    await sally.getByRole('status').filter({ hasText: 'Saved: blood pressure 128/82 mmHg.' }).waitFor();
    const reading = sally.getByRole('row').filter({ has: sally.getByRole('cell', { name: '128', exact: true }) });
    await reading.getByRole('cell', { name: '82', exact: true }).waitFor();

    // BMI is worked out by the API from weight and height: 70 kg at 170 cm is 24.2.
    await sally.getByLabel('What to record or look at').selectOption('bmi');
    await sally.getByLabel('Weight (kg)').fill('70');
    await sally.getByLabel('Height (cm)').fill('170');
    await sally.getByRole('button', { name: 'Record' }).click();
    await sally.getByRole('status').filter({ hasText: 'Saved: BMI 24.2.' }).waitFor();
    await sally.getByRole('table').getByRole('cell', { name: '24.2', exact: true }).waitFor();

    await sally.goto(`${h.site.base}/#/log`);
    await sally.getByRole('radio', { name: 'Good', exact: true }).check();
    await sally.getByLabel('What happened today').fill('Went to the art class');
    await sally.getByRole('button', { name: 'Save' }).click();
    await sally.getByRole('status').filter({ hasText: 'Saved in your log.' }).waitFor();
    await sally.getByText('Went to the art class').waitFor();
    await sally.context().close();
  }, 60_000);

  it('Sally answers ReQoL-10: a statement left unanswered is named, her answers are scored by the API and join her scores', async () => {
    const sally = await open('sally');
    await sally.goto(`${h.site.base}/#/quality-of-life`);
    // Her seeded scores: 17, then 25 four months later, which is more than the reliable change of 5.
    const scores = sally.getByRole('table');
    await scores.getByRole('row').filter({ hasText: '25' }).filter({ hasText: '8 higher than your first: a real improvement' }).waitFor();
    await scores.getByRole('row').filter({ hasText: '17' }).filter({ hasText: 'Your first score' }).waitFor();

    const statements = sally.getByRole('group', { name: /^\d+\. Demo statement/ });
    expect(await statements.count()).toBe(10);
    for (let i = 0; i < 9; i++) await statements.nth(i).getByLabel('Often').check();
    await sally.getByRole('button', { name: 'Send my answers' }).click();
    await sally.getByRole('alert').getByRole('link', { name: 'Statement 10 needs an answer' }).click();
    expect(await sally.evaluate(() => document.activeElement?.id)).toBe('reqol-10-1');

    // "Often" (3) everywhere: 3 for each of the 5 positively worded items, 4 - 3 = 1 for each of the 5 negative ones.
    await statements.nth(9).getByLabel('Often').check();
    await sally.getByRole('button', { name: 'Send my answers' }).click();
    await sally.getByRole('status').filter({ hasText: 'Thank you. Your score is 20 out of 40. About the same as your first.' }).waitFor();
    await scores.getByRole('row').nth(1).filter({ hasText: '20' }).waitFor();
    expect(await scores.getByRole('row').count()).toBe(4);
    await sally.context().close();

    // Andre has never answered: his first score is not compared with anything.
    const andre = await open('andre');
    await andre.goto(`${h.site.base}/#/quality-of-life`);
    await andre.getByText('You have not answered it yet.').waitFor();
    const his = andre.getByRole('group', { name: /^\d+\. Demo statement/ });
    for (let i = 0; i < 10; i++) await his.nth(i).getByLabel('Sometimes').check();
    await andre.getByRole('button', { name: 'Send my answers' }).click();
    await andre.getByRole('status').filter({ hasText: 'Thank you. Your score is 20 out of 40. This is your first score' }).waitFor();
    await andre.getByRole('table').getByRole('row').filter({ hasText: 'Your first score' }).waitFor();
    await andre.context().close();
  }, 60_000);

  it("Miriam sees Sally's measurements chart and ReQoL scores", async () => {
    // Sally shares her health checks with Miriam (seeded): two wellbeing readings make a trend.
    const sally = await open('sally');
    await sally.goto(`${h.site.base}/#/measurements`);
    for (const value of ['4', '6']) {
      await sally.getByLabel('Wellbeing (out of 10)').fill(value);
      await sally.getByRole('button', { name: 'Record' }).click();
      await sally
        .getByRole('status')
        .filter({ hasText: `Saved: wellbeing ${value} out of 10.` })
        .waitFor();
    }
    await sally.context().close();

    const miriam = await open('miriam');
    await miriam.goto(`${h.site.base}/#/patients/sally/plan`);
    const record = miriam.getByRole('navigation', { name: "This person's record" });
    await record.getByRole('link', { name: 'Measurements' }).click();
    await miriam.getByRole('heading', { level: 1, name: 'Measurements' }).waitFor();
    await miriam.getByRole('region', { name: 'Patient' }).getByText('BROWN, Sally').waitFor();
    await miriam.getByRole('img', { name: /^Wellbeing trend: reading from \d+ to 6/ }).waitFor();
    await miriam.getByRole('table').getByRole('cell', { name: '4', exact: true }).first().waitFor();

    await record.getByRole('link', { name: 'Quality of life' }).click();
    await miriam.getByRole('img', { name: /^Score out of 40 trend/ }).waitFor();
    const scores = miriam.getByRole('table');
    await scores.getByRole('row').filter({ hasText: '17' }).filter({ hasText: 'Their first score' }).waitFor();
    await scores.getByRole('row').filter({ hasText: '25' }).filter({ hasText: 'higher than their first: a real improvement' }).waitFor();

    // Her crisis plan, seeded in January and not changed since: Miriam is asked to check it with her.
    await record.getByRole('link', { name: 'Crisis plan' }).click();
    await miriam
      .getByRole('region', { name: 'Check this plan with them' })
      .getByText('It was last changed on 5 January 2026, more than six months ago: check with the person, or their care team, that it still holds.')
      .waitFor();

    // Her log is not shared with Miriam: said in words, never an error.
    await record.getByRole('link', { name: 'Log' }).click();
    await miriam.getByText('Sally Brown has not shared their personal log with you.').waitFor();
    expect(await miriam.getByRole('alert').count()).toBe(0);
    await miriam.context().close();
  }, 60_000);

  it('Sally changes her crisis plan; a change made meanwhile on another device is not overwritten but explained', async () => {
    const first = await open('sally');
    await first.goto(`${h.site.base}/#/crisis-plan`);
    const signs = first.getByLabel('My warning signs');
    await signs.waitFor();
    const second = await open('sally', DESKTOP);
    await second.goto(`${h.site.base}/#/crisis-plan`);
    await second.getByLabel('My warning signs').waitFor();

    await signs.fill('Not sleeping\nStopping seeing friends');
    await first.getByRole('button', { name: 'Save my crisis plan' }).click();
    await first.getByRole('status').filter({ hasText: 'Your crisis plan is saved.' }).waitFor();

    await second.getByLabel('What helps me').fill('A walk by the canal');
    await second.getByRole('button', { name: 'Save my crisis plan' }).click();
    await second.getByRole('alert').getByText('Someone else changed this while you were working on it.', { exact: false }).waitFor();
    // The latest version is on the page now, the first tab's change included.
    await second.waitForFunction(() => (document.getElementById('crisis-warningSigns') as HTMLTextAreaElement).value.includes('Stopping seeing friends'));
    await first.context().close();
    await second.context().close();
  }, 60_000);

  it('Sally downloads her crisis card and her plan as PDFs, and the card names whom to call with their numbers', async () => {
    const sally = await open('sally');
    await sally.goto(`${h.site.base}/#/crisis-plan`);
    // Act: the card, as the browser saves it.
    const [card] = await Promise.all([sally.waitForEvent('download'), sally.getByRole('button', { name: 'Download my crisis card (PDF)' }).click()]);
    await sally.getByRole('status').filter({ hasText: 'Downloaded my-crisis-card.pdf.' }).waitFor();
    // Assess: the file as a PDF reader reads it.
    expect(card.suggestedFilename()).toBe('my-crisis-card.pdf');
    const text = pdfText(readFileSync(await card.path())).text;
    for (const words of [
      'Crisis card: Sally Brown',
      'Jo (sister): 07700 900461',
      'Crisis line (ELFT crisis line): 0800 073 0003',
      'NHS 111, option 2',
      'A walk along the canal',
      'Being told to calm down',
      'Last changed',
    ])
      expect(text).toContain(words);

    await sally.goto(`${h.site.base}/#/plan`);
    const [plan] = await Promise.all([sally.waitForEvent('download'), sally.getByRole('button', { name: 'Download my plan (PDF)' }).click()]);
    expect(plan.suggestedFilename()).toBe('my-recovery-plan.pdf');
    expect(pdfText(readFileSync(await plan.path())).text).toContain('Walk to Victoria Park twice a week');
    await sally.context().close();
  }, 60_000);

  it('Sally lets her coach also see her crisis plan, and the coach’s list shows it at once; her plan offers him only reading', async () => {
    const sally = await open('sally');
    await sally.goto(`${h.site.base}/#/sharing`);
    await sally.getByText('Change what Priya Shah can do').click();
    await sally.getByRole('group', { name: 'Priya Shah can' }).getByLabel('see my crisis plan').check();
    await sally.getByRole('button', { name: 'Save changes for Priya Shah' }).click();
    await sally.getByRole('status').filter({ hasText: 'Priya Shah can now' }).filter({ hasText: 'see my crisis plan' }).waitFor();

    const coach = await open('coach');
    await coach.getByRole('row').filter({ hasText: 'BROWN, Sally' }).getByText('plan, crisis plan, health checks').waitFor();
    // The coach reads Sally's plan and its history, but is not offered what he may not do: add steps or comments.
    await coach.goto(`${h.site.base}/#/patients/sally/plan`);
    const walk = coach.getByRole('region', { name: 'Walk to Victoria Park twice a week' });
    await walk.getByText('History and comments').click();
    await walk.getByRole('listitem').filter({ hasText: 'Going with Jo sounds like it really helped' }).waitFor();
    expect(await walk.getByLabel('Add a step').count()).toBe(0);
    expect(await walk.getByLabel('Add a comment').count()).toBe(0);
    await sally.context().close();
    await coach.context().close();
  }, 60_000);

  it('Sally shares with Adam, found by name on her phone, and sees his name and role on her flower, never an id', async () => {
    const sally = await open('sally', PHONE, true);
    await sally.goto(`${h.site.base}/#/sharing`);
    // Nobody chosen yet: the error summary says so and leads to the search box.
    await sally.getByRole('button', { name: 'Share', exact: true }).click();
    await sally.getByRole('alert').getByRole('link', { name: 'Who is missing: find them by name and choose them' }).click();
    expect(await sally.evaluate(() => document.activeElement?.id)).toBe('petal-search');
    // Part of his family name finds him, with his role and organisation; a patient is never offered.
    await sally.getByLabel('Who do you want to share with?').fill('clar');
    await sally.getByRole('status').filter({ hasText: '1 found.' }).waitFor();
    await sally.getByRole('radio', { name: /^Adam Clarke/ }).check();
    expect(await sally.getByRole('radio', { name: /^Adam Clarke/ }).getAttribute('id')).toBe('petal-choice-1');
    await sally.getByText('Health care assistant, East London NHS Foundation Trust').first().waitFor();
    await sally.getByRole('button', { name: 'Share', exact: true }).click();
    await sally.getByRole('status').filter({ hasText: 'You now share with Adam Clarke.' }).waitFor();
    const flower = sally.getByRole('list', { name: 'My flower' });
    const petal = flower.getByRole('listitem').filter({ has: sally.getByRole('heading', { name: 'Adam Clarke' }) });
    await petal.getByText('Health care assistant, East London NHS Foundation Trust').waitFor();
    await flower.getByRole('heading', { name: 'Miriam Okafor' }).waitFor();
    await flower.getByRole('heading', { name: 'Paramedics in an emergency' }).waitFor();
    expect(await flower.innerText()).not.toMatch(/\b(adam|miriam|core-sport|beechwood-practice|elft)\b/);
    // A search for a patient finds nobody.
    await sally.getByLabel('Who do you want to share with?').fill('Andre Mensah');
    await sally.getByRole('status').filter({ hasText: 'Nobody found.' }).waitFor();
    expect(await seriousViolations(sally)).toEqual([]);
    await sally.context().close();
  }, 60_000);

  it('a paramedic finds Sally by NHS number and date of birth and opens her crisis plan with a reason (a wrong date of birth answers as an unknown number); Sally is told and sees it in her record', async () => {
    const paramedic = await open('paramedic', PHONE, true);
    await paramedic.getByRole('heading', { level: 1, name: 'Emergency access to a crisis plan' }).waitFor();
    const search = async (nhsNumber: string, [day, month, year]: readonly [string, string, string], reason: string) => {
      await paramedic.getByLabel('Their NHS number').fill(nhsNumber);
      await paramedic.getByLabel('Day').fill(day);
      await paramedic.getByLabel('Month').fill(month);
      await paramedic.getByLabel('Year').fill(year);
      await paramedic.getByLabel('Why you need it').fill(reason);
      await paramedic.getByRole('button', { name: 'Open the crisis plan' }).click();
    };
    await search('999 000 0018', ['14', '3', '1984'], 'Help');
    await paramedic.getByRole('alert').getByRole('link', { name: 'Reason must say why, in at least 10 characters' }).waitFor();
    // A wrong date of birth and a number nobody holds: the same answer, and nothing of Sally's shown.
    const answerTo = async (nhsNumber: string, born: readonly [string, string, string]) => {
      await search(nhsNumber, born, 'Called to the home: acute distress');
      await paramedic.waitForLoadState('networkidle');
      const alert = paramedic.getByRole('alert');
      await alert.waitFor();
      return alert.innerText();
    };
    const wrongBirthDate = await answerTo('999 000 0018', ['15', '3', '1984']);
    const unknownNumber = await answerTo('999 000 0050', ['14', '3', '1984']);
    expect(wrongBirthDate).toBe(unknownNumber);
    expect(await paramedic.getByText(/Sally|BROWN/).count()).toBe(0);
    await search('999 000 0018', ['14', '3', '1984'], 'Called to the home: acute distress');
    await paramedic
      .getByRole('status')
      .filter({ hasText: /^You can see this until \d\d:\d\d\.$/ })
      .waitFor();
    const plan = paramedic.getByRole('region', { name: 'Their crisis plan' });
    await plan.getByRole('region', { name: 'Patient' }).getByText('BROWN, Sally').waitFor();
    await plan.getByText('999 000 0018').waitFor();
    await plan.getByText('Their warning signs').waitFor();
    await plan.getByRole('link', { name: '0800 073 0003' }).waitFor();
    // Sally changed it in an earlier journey: the paramedic sees when, and no warning to check it.
    await plan.getByText(/^Last changed on \d{1,2} \w+ \d{4}\.$/).waitFor();
    expect(await plan.getByRole('region', { name: 'Check this plan with them' }).count()).toBe(0);
    expect(await seriousViolations(paramedic)).toEqual([]);

    const sally = await open('sally');
    await sally.goto(`${h.site.base}/#/notifications`);
    await eventually(sally, async () => (await sally.getByRole('button', { name: 'Sam Doyle, Paramedic, LAS opened your crisis plan in an emergency.' }).count()) > 0, h.site.pollers);
    await sally.goto(`${h.site.base}/#/access-log`);
    await sally.getByRole('row').filter({ hasText: 'Sam Doyle, Paramedic, LAS' }).filter({ hasText: 'opened your crisis plan in an emergency' }).first().waitFor();
    await paramedic.context().close();
    await sally.context().close();
  }, 90_000);

  it('Sally writes to Miriam from Messages, with her crisis contacts and 111 and 999 on the page; Miriam opens it from her inbox, flags it and answers with a video call link; Sally sees the answer, its link and the receipt; once Sally stops sharing messages, Miriam cannot open the conversation', async () => {
    const sally = await open('sally', PHONE, true);
    await sally.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Messages' }).click();
    await sally.getByRole('heading', { level: 1, name: 'My messages' }).waitFor();
    await sally.getByRole('link', { name: 'Write to Miriam Okafor' }).click();
    await sally.getByRole('heading', { level: 1, name: 'Messages with Miriam Okafor' }).waitFor();
    // Before she writes a word: when messages are read, and whom to call instead of waiting.
    const safety = sally.getByRole('region', { name: 'In a crisis' });
    await safety.getByText('Messages are read Monday to Friday, 09:00 to 17:00. In a crisis do not wait for a reply:').waitFor();
    expect(await safety.getByRole('listitem').filter({ hasText: 'Jo (sister)' }).getByRole('link').getAttribute('href')).toBe('tel:07700900461');
    expect(await safety.getByRole('link', { name: '111', exact: true }).getAttribute('href')).toBe('tel:111');
    expect(await safety.getByRole('link', { name: '999', exact: true }).getAttribute('href')).toBe('tel:999');
    // Nothing written: the API names the field, and the error summary leads to it.
    await sally.getByRole('button', { name: 'Send', exact: true }).click();
    await sally.getByRole('alert').getByRole('link', { name: 'Your message must say something' }).click();
    expect(await sally.evaluate(() => document.activeElement?.id)).toBe('message-text');
    const words = 'Can we talk before Thursday? The evenings are hard this week.';
    await sally.getByLabel('Your message to Miriam Okafor').fill(words);
    await sally
      .getByText(`You have ${(2000 - words.length).toLocaleString('en-GB')} characters remaining`)
      .first()
      .waitFor();
    await sally.getByRole('button', { name: 'Send', exact: true }).click();
    await sally.getByRole('status').filter({ hasText: 'Sent to Miriam Okafor.' }).waitFor();
    const conversation = sally.getByRole('list', { name: 'Messages, oldest first' });
    await conversation.getByRole('listitem').filter({ hasText: words }).filter({ hasText: 'You' }).waitFor();
    // Her words are never in the address or the title.
    expect(sally.url()).toMatch(/#\/messages\/person%3Amiriam$/);
    expect(await sally.title()).toBe('Messages with Miriam Okafor – My recovery plan');
    expect(await seriousViolations(sally)).toEqual([]);

    const miriam = await open('miriam', PHONE, true);
    await miriam.goto(`${h.site.base}/#/notifications`);
    const notice = miriam.getByRole('button', { name: 'Sally Brown sent you a message.' });
    await eventually(miriam, async () => (await notice.count()) > 0, h.site.pollers);
    await notice.first().click();
    await miriam.getByRole('heading', { level: 2, name: 'Sally Brown and you' }).waitFor();
    await miriam.getByRole('region', { name: 'Patient' }).getByText('BROWN, Sally').waitFor();
    const hers = miriam.getByRole('listitem').filter({ hasText: words });
    await hers.getByText('Sally Brown', { exact: true }).waitFor();
    // A follow-up flag for the team, which Sally never sees.
    await hers.getByRole('button', { name: /^Flag for follow-up/ }).click();
    await hers.getByText(/^Flagged by Miriam Okafor on \d{1,2} \w+ \d{4} at \d\d:\d\d$/).waitFor();
    await hers.getByRole('button', { name: /^Remove flag/ }).waitFor();
    // A video link elsewhere than the borough's video service is refused, named at its field.
    await miriam.getByLabel('Your message to Sally Brown').fill('Of course. Let us talk on video at 4 today.');
    await miriam.getByLabel('Video call link (optional)').fill('https://meet.example.com/room/sally');
    await miriam.getByRole('button', { name: 'Send', exact: true }).click();
    await miriam
      .getByRole('alert')
      .getByRole('link', { name: /^The video call link must be a link to the borough's video call service/ })
      .waitFor();
    await miriam.getByLabel('Video call link (optional)').fill('https://video.recovery.example.nhs.uk/room/4821');
    await miriam.getByRole('button', { name: 'Send', exact: true }).click();
    await miriam.getByRole('status').filter({ hasText: 'Sent to Sally Brown.' }).waitFor();
    expect(await seriousViolations(miriam)).toEqual([]);

    await sally.reload();
    const answer = conversation.getByRole('listitem').filter({ hasText: 'Of course. Let us talk on video at 4 today.' });
    await answer.getByText('Miriam Okafor, Psychotherapist, ELFT').waitFor();
    const call = answer.getByRole('link', { name: 'Join the video call (opens in a new tab)' });
    expect(await call.getAttribute('href')).toBe('https://video.recovery.example.nhs.uk/room/4821');
    expect(await call.getAttribute('target')).toBe('_blank');
    expect(await call.getAttribute('rel')).toBe('noopener noreferrer');
    await conversation
      .getByRole('listitem')
      .filter({ hasText: words })
      .getByText(/^Read by Miriam Okafor on \d{1,2} \w+ \d{4} at \d\d:\d\d$/)
      .waitFor();
    expect(await sally.getByText(/Flagged/).count()).toBe(0);
    // She opened Miriam's answer: her list has nothing new.
    await sally.goto(`${h.site.base}/#/messages`);
    await sally.getByRole('link', { name: 'Miriam Okafor' }).waitFor();
    expect(await sally.getByText(/new message/).count()).toBe(0);

    // She stops sharing messages with Miriam (Miriam keeps her plan): the conversation stays hers to read.
    await sally.goto(`${h.site.base}/#/sharing`);
    await sally.getByText('Change what Miriam Okafor can do').click();
    await sally.getByRole('group', { name: 'Miriam Okafor can' }).getByLabel('message me').uncheck();
    await sally.getByRole('button', { name: 'Save changes for Miriam Okafor' }).click();
    await sally.getByRole('status').filter({ hasText: 'Miriam Okafor can now' }).waitFor();
    await sally.goto(`${h.site.base}/#/messages/person%3Amiriam`);
    await sally.getByText('You no longer share messages with Miriam Okafor, so you cannot write to them here.', { exact: false }).waitFor();
    await conversation.getByRole('listitem').filter({ hasText: words }).waitFor();
    expect(await sally.getByRole('button', { name: 'Send', exact: true }).count()).toBe(0);
    await sally.getByRole('region', { name: 'In a crisis' }).waitFor();

    await miriam.reload();
    await miriam.getByText('Sally Brown has not shared their messages with you.').waitFor();
    expect(await miriam.getByText(words).count()).toBe(0);
    await miriam.getByRole('region', { name: 'Patient' }).getByText('BROWN, Sally').waitFor();
    await miriam.goto(`${h.site.base}/#/patients/sally/messages`);
    await miriam.getByText('Sally Brown has not shared their messages with you.').waitFor();
    await sally.context().close();
    await miriam.context().close();
  }, 90_000);

  it('Beechwood’s GP system books Sally an appointment; she opens Appointments, sees it and adds it to her calendar: the file has its time and a UID of its own', async () => {
    // A system is no person tapping: it sends its FHIR Bundle to the API, as a GP system would.
    const start = new Date(Date.now() + 20 * 86_400_000);
    start.setUTCHours(9, 15, 0, 0);
    const end = new Date(start.getTime() + 20 * 60_000);
    const nhs = { system: 'https://fhir.nhs.uk/Id/nhs-number', value: DEMO_NHS_NUMBERS.sally };
    const identifier = { system: 'https://beechwood.example.nhs.uk/appointments', value: 'journey-1' };
    const sent = await h.t.call({
      method: 'POST',
      path: '/imports/appointments',
      token: await h.t.tokenFor('gp-system'),
      body: {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [
          { resource: { resourceType: 'Patient', identifier: [nhs], birthDate: DEMO_BIRTH_DATES.sally } },
          {
            resource: {
              resourceType: 'Appointment',
              identifier: [identifier],
              status: 'booked',
              description: 'Blood test results',
              start: start.toISOString(),
              end: end.toISOString(),
              participant: [
                { actor: { identifier: nhs }, status: 'accepted' },
                { type: [{ text: 'Practice nurse' }], status: 'accepted' },
                { actor: { reference: 'Location/beechwood', display: 'Beechwood Medical Practice, 12 Mare Street, E8 1HE' }, status: 'accepted' },
              ],
            },
          },
        ],
      },
    });
    expect(sent.body).toMatchObject({ created: 1, rejected: 0 });

    const sally = await open('sally', PHONE, true);
    await sally.getByRole('link', { name: 'Appointments' }).first().click();
    await sally.getByRole('heading', { level: 1, name: 'My appointments' }).waitFor();
    const card = sally.getByRole('list', { name: 'Upcoming appointments' }).getByRole('listitem').filter({ hasText: 'Blood test results' });
    await card.getByText('Beechwood Medical Practice · Practice nurse').waitFor();
    await card.getByText('Beechwood Medical Practice, 12 Mare Street, E8 1HE').waitFor();
    const [download] = await Promise.all([sally.waitForEvent('download'), card.getByRole('button', { name: 'Add to my calendar' }).click()]);
    await sally.getByRole('status').filter({ hasText: 'Downloaded appointment.ics.' }).first().waitFor();
    expect(download.suggestedFilename()).toBe('appointment.ics');
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(readFileSync(await download.path(), 'utf8')) as unknown[]).getFirstSubcomponent('vevent')!);
    expect(event.startDate.toJSDate().toISOString()).toBe(start.toISOString());
    expect(event.endDate.toJSDate().toISOString()).toBe(end.toISOString());
    expect(event.uid).toBe(`${appointmentIdOf('city-and-hackney', 'beechwood-practice', identifier.system, identifier.value)}@city-and-hackney.recovery-platform`);
    expect(event.summary).toBe('Appointment: Beechwood Medical Practice · Practice nurse');
    expect(await seriousViolations(sally)).toEqual([]);
    await sally.context().close();
  }, 60_000);

  it('Sally removes Miriam’s petal and Miriam can no longer open the plan', async () => {
    const miriam = await open('miriam');
    await miriam.goto(`${h.site.base}/#/patients/sally/plan`);
    await miriam.getByRole('region', { name: 'Walk to Victoria Park twice a week' }).waitFor();

    const sally = await open('sally');
    await sally.goto(`${h.site.base}/#/sharing`);
    await sally.getByRole('button', { name: 'Remove Miriam Okafor' }).click();
    await sally.getByRole('status').filter({ hasText: 'Miriam Okafor can no longer see your information.' }).waitFor();
    await sally.getByRole('button', { name: 'Remove Miriam Okafor' }).waitFor({ state: 'detached', timeout: 1_000 });

    await miriam.reload();
    // Nothing of her record is shared with Miriam any more: said in words, as for a record that does not exist.
    await miriam.getByText('Nothing of this person’s record is shared with you, or there is no such record.', { exact: false }).waitFor();
    expect(await miriam.getByRole('region', { name: 'Walk to Victoria Park twice a week' }).count()).toBe(0);
    await miriam.goto(`${h.site.base}/#/patients`);
    await miriam.getByText('Nobody shares with you at the moment.').waitFor();
    // Nor their conversation.
    await miriam.goto(`${h.site.base}/#/patients/sally/messages/person%3Amiriam`);
    await miriam.getByText('Nothing of this person’s record is shared with you, or there is no such record.', { exact: false }).waitFor();
    // Sally sees both: Miriam's reads while the petal was there, and the refused one after.
    await sally.goto(`${h.site.base}/#/access-log`);
    const rows = sally.getByRole('row').filter({ hasText: 'Miriam Okafor, Psychotherapist, ELFT' });
    await rows.filter({ hasText: 'Refused' }).filter({ hasText: 'tried: looked at what you share with them' }).first().waitFor();
    expect(await rows.filter({ hasNotText: 'Refused' }).filter({ hasText: 'looked at your plan' }).count()).toBeGreaterThan(0);
    await sally.context().close();
    await miriam.context().close();
  }, 60_000);
  it('the operator invites a patient, who then signs in; and disables a leaver: the patient who shared with him is told, and his next request is refused', async () => {
    const operator = await open('operator', DESKTOP, true);
    await operator.goto(`${h.site.base}/#/people`);
    await operator.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await operator.getByRole('radio', { name: 'A patient' }).check();
    await operator.getByLabel('First name').fill('Rae');
    await operator.getByLabel('Last name').fill('Example');
    await operator.getByLabel('Email address').fill('rae@example.org');
    await operator.getByLabel('NHS number', { exact: true }).fill('999 000 0043');
    await operator.getByLabel('Day').fill('8');
    await operator.getByLabel('Month').fill('8');
    await operator.getByLabel('Year').fill('1988');
    await operator.getByRole('button', { name: 'Send the invitation' }).click();
    await operator
      .getByRole('alert')
      .getByRole('link', { name: /^NHS number must be a valid NHS number/ })
      .waitFor();
    await operator.getByLabel('NHS number', { exact: true }).fill('999 000 0042');
    await operator.getByRole('button', { name: 'Send the invitation' }).click();
    await operator.getByRole('status').filter({ hasText: 'Rae Example is invited: the invitation is on its way to rae@example.org.' }).waitFor();
    // A duty worker: a clinician of ELFT on its duty rota.
    await operator.getByRole('radio', { name: 'A member of staff' }).check();
    await operator.getByLabel('First name').fill('Dee');
    await operator.getByLabel('Last name').fill('Example');
    await operator.getByLabel('Email address').fill('dee@example.org');
    await operator.getByLabel('Organisation').selectOption({ label: 'East London NHS Foundation Trust' });
    await operator.getByRole('radio', { name: /^Care team/ }).check();
    await operator.getByLabel(/duty rota/).check();
    await operator.getByLabel('Job title').fill('Duty worker');
    await operator.getByRole('button', { name: 'Send the invitation' }).click();
    await operator.getByRole('status').filter({ hasText: 'Dee Example is invited' }).waitFor();
    expect(await seriousViolations(operator)).toEqual([]);

    const rae = await open(undefined);
    await rae.goto(`${h.site.base}/`);
    await rae.getByRole('button', { name: 'Sign in as Rae Example of City and Hackney' }).click();
    await rae.getByRole('heading', { level: 1, name: 'My plan' }).waitFor();
    await rae.context().close();

    // Adam works on (Sally shared with him earlier); then he leaves.
    const adam = await open('adam');
    await operator.getByLabel('Name, NHS number or email').fill('Clarke');
    await operator.getByRole('button', { name: 'Search' }).click();
    await operator.getByRole('button', { name: 'Disable Adam Clarke' }).click();
    await operator.getByRole('button', { name: 'Yes, disable Adam Clarke' }).click();
    await operator.getByRole('status').filter({ hasText: 'Adam Clarke can no longer sign in.' }).waitFor();
    await operator
      .getByRole('list', { name: 'People found' })
      .getByText(/^Disabled on/)
      .waitFor();

    await adam.goto(`${h.site.base}/#/notifications`);
    await adam.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await adam.getByText('You have been signed out, for your security.').waitFor();
    expect(await adam.getByRole('button', { name: /^Sign in as Adam Clarke/ }).count()).toBe(0);

    const sally = await open('sally');
    await sally.goto(`${h.site.base}/#/notifications`);
    await eventually(sally, async () => (await sally.getByText(/^Adam Clarke, Health care assistant, ELFT has left and can no longer see your record\.$/).count()) > 0, h.site.pollers);
    await sally.context().close();
    await adam.context().close();
    await operator.context().close();
  }, 90_000);

  it('Sally downloads a copy of her whole record from “Who has seen my record”, and the file is valid FHIR; the operator downloads it for her subject access request, which her list then shows', async () => {
    loadFhirDefinitions();
    const sally = await open('sally');
    await sally.goto(`${h.site.base}/#/access-log`);
    const [mine] = await Promise.all([sally.waitForEvent('download'), sally.getByRole('button', { name: 'Download a copy of my record' }).click()]);
    await sally.getByRole('status').filter({ hasText: 'Downloaded recovery-record-' }).waitFor();
    const bundle = JSON.parse(readFileSync(await mine.path(), 'utf8')) as Json;
    expect(mine.suggestedFilename()).toMatch(/^recovery-record-\d{4}-\d{2}-\d{2}\.json$/);
    expect(issuesOfBundle(bundle)).toEqual({});
    const patient = (bundle.entry as Json[]).map((e) => e.resource as Json).find((r) => r.resourceType === 'Patient')!;
    expect(patient).toMatchObject({ identifier: [{ value: '9990000018' }], birthDate: '1984-03-14' });

    // The operator finds her by name and downloads her record for her subject access request.
    const operator = await open('operator', DESKTOP);
    await operator.goto(`${h.site.base}/#/people`);
    await operator.getByLabel('Name, NHS number or email').fill('Sally');
    await operator.getByRole('button', { name: 'Search', exact: true }).click();
    const [theirs] = await Promise.all([operator.waitForEvent('download'), operator.getByRole('button', { name: 'Download Sally Brown’s record (subject access request)' }).click()]);
    const copy = JSON.parse(readFileSync(await theirs.path(), 'utf8')) as Json;
    expect((copy.entry as Json[]).some((e) => (e.resource as Json).resourceType === 'Patient' && (e.resource as Json).id === 'sally')).toBe(true);
    await operator.close();

    await sally.reload();
    await sally
      .getByRole('row')
      .filter({ hasText: 'made a copy of your whole record' })
      .filter({ hasText: 'because you asked the borough for a copy of your record (a subject access request)' })
      .first()
      .waitFor();
    await sally.close();
  }, 60_000);

  it('Andre closes his account: sharing ends, Miriam no longer sees him, and he can no longer sign in', async () => {
    // Andre (not Sally: the other journeys go on with her record) shares with Miriam first.
    const andre = await open('andre', PHONE, true);
    await andre.goto(`${h.site.base}/#/sharing`);
    await andre.getByLabel('Who do you want to share with?').fill('okafor');
    await andre.getByRole('radio', { name: /^Miriam Okafor/ }).check();
    await andre.getByRole('button', { name: 'Share', exact: true }).click();
    await andre.getByRole('status').filter({ hasText: 'You now share with Miriam Okafor.' }).waitFor();
    const miriam = await open('miriam', DESKTOP);
    await miriam.goto(`${h.site.base}/#/patients`);
    await miriam
      .getByText(/Mensah/i)
      .first()
      .waitFor();

    await andre.goto(`${h.site.base}/#/account`);
    await andre.getByRole('link', { name: 'Close my account' }).click();
    await andre.getByRole('heading', { level: 1, name: 'Close my account' }).waitFor();
    // What happens is said before: sharing ends, the people told, kept 20 years then removed, a copy on request.
    const warning = await andre.locator('.nhsuk-warning-callout').innerText();
    expect(warning).toMatch(/Sharing ends now[\s\S]*told[\s\S]*20 years[\s\S]*removes it[\s\S]*copy/);
    expect(await seriousViolations(andre)).toEqual([]);
    await andre.getByRole('button', { name: 'Close my account' }).click();
    await andre
      .getByRole('alert')
      .getByRole('link', { name: /^Confirmation must be the words/ })
      .waitFor();
    await andre.getByLabel('To confirm, type: close my account').fill('close my account');
    await andre.getByRole('button', { name: 'Close my account' }).click();
    await andre.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await andre.getByText(/^Your account is closed\./).waitFor();
    expect(await andre.getByRole('button', { name: /^Sign in as Andre Mensah/ }).count()).toBe(0);
    await andre.context().close();

    await miriam.reload();
    await miriam.getByRole('heading', { level: 1, name: 'My patients' }).waitFor();
    await eventually(miriam, async () => (await miriam.getByText(/Mensah/i).count()) === 0, h.site.pollers);
    await miriam.context().close();
  }, 90_000);

  it('a phone left signed in warns after 13 minutes untouched, stays signed in when Sally taps, and signs her out after 15; going back shows nothing of hers (the page clock run forward)', async () => {
    // Prepare: Sally's plan open on a phone whose clock the test runs.
    const context = await h.browser.newContext({ viewport: PHONE });
    const phone = await context.newPage();
    await phone.clock.install();
    await signIn(phone, h.site.base, 'sally');
    await phone.goto(`${h.site.base}/#/plan`);
    await phone.getByRole('heading', { level: 1, name: 'My plan' }).waitFor();
    const warning = phone.getByRole('alertdialog', { name: 'You will be signed out soon' });

    // Act and assess: nothing at 12 minutes; the warning at 13, its button focused; a tap keeps her signed in.
    await phone.clock.runFor('12:00');
    expect(await warning.count()).toBe(0);
    await phone.clock.runFor('01:01');
    await warning.waitFor();
    // The page's clock keeps running in real time after the jump: a loaded machine may take a second or more to read it.
    expect(await warning.innerText()).toMatch(/you will be signed out in 1 minute [45]\d seconds/);
    await phone.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Stay signed in');
    await warning.getByRole('button', { name: 'Stay signed in' }).click();
    await warning.waitFor({ state: 'detached' });
    await phone.clock.runFor('14:00');
    expect(await phone.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    // Reloading the page (or the phone's browser reviving the tab) does not start the count again.
    await phone.reload();
    await phone.getByRole('button', { name: 'Sign out' }).waitFor();

    // Untouched for 15 minutes: signed out, told why, and nothing of hers comes back.
    await phone.clock.runFor('01:01');
    await phone.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await phone.getByText('You were signed out because you had not used the site for 15 minutes').waitFor();
    await phone.goBack();
    await phone.reload();
    await phone.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await phone.getByText('Walk to Victoria Park').count()).toBe(0);
    await context.close();
  }, 60_000);

  it('Sally finds the Core Sport walking group in the Library by searching, adds it to her walking goal, and sees the step on her plan', async () => {
    // Prepare: Sally signed in, on the Library from her menu.
    const sally = await open('sally');
    await sally.getByRole('link', { name: 'Library', exact: true }).first().click();
    await sally.getByRole('heading', { level: 1, name: 'Library' }).waitFor();

    // Act: search, open the programme, add it to her walking goal.
    await sally.getByLabel('Search the library').fill('walking');
    await sally.getByRole('button', { name: 'Search' }).click();
    await sally.getByRole('status').filter({ hasText: '1 programme' }).waitFor();
    await sally.getByRole('link', { name: 'Core Sport Tuesday walking group' }).click();
    await sally.getByRole('heading', { level: 1, name: 'Core Sport Tuesday walking group' }).waitFor();
    await sally.getByText('Meet at the park gates at 10am').waitFor();
    await sally.getByLabel('Walk to Victoria Park twice a week').check();
    await sally.getByRole('button', { name: 'Add to my goal' }).click();
    await sally.getByRole('status').filter({ hasText: 'Added to your goal “Walk to Victoria Park twice a week” as a step.' }).waitFor();

    // Assess: the step is on her plan, naming the programme with its link.
    await sally.goto(`${h.site.base}/#/plan`);
    const walk = sally.getByRole('region', { name: 'Walk to Victoria Park twice a week' });
    const link = walk.getByRole('link', { name: 'Core Sport Tuesday walking group (opens in a new tab)' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('https://core-sport.example/walking-group');
    await sally.context().close();
  }, 60_000);

  it('the operator retires a programme after confirming, and it no longer shows in Sally’s search', async () => {
    // Prepare: Sally finds the choir.
    const sally = await open('sally');
    const searchFor = async (words: string) => {
      await sally.goto(`${h.site.base}/#/library`);
      await sally.getByLabel('Search the library').fill(words);
      await sally.getByRole('button', { name: 'Search' }).click();
    };
    await searchFor('choir');
    await sally.getByRole('link', { name: 'Community choir' }).waitFor();
    const operator = await open('operator');
    await operator.goto(`${h.site.base}/#/library`);

    // Act: the operator opens it, asks to retire it, and confirms.
    await operator.getByRole('link', { name: 'Community choir' }).click();
    await operator.getByRole('heading', { level: 1, name: 'Community choir' }).waitFor();
    await operator.getByRole('button', { name: 'Retire this programme' }).click();
    await operator.getByText('Patients will no longer find it in the library').waitFor();
    await operator.getByRole('button', { name: 'Yes, retire it' }).click();
    await operator.getByRole('status').filter({ hasText: 'Community choir is retired.' }).waitFor();

    // Assess: its history says who retired it; Sally's search no longer finds it.
    await operator.getByText(/^Retired by Grace Adeyemi on /).waitFor();
    await searchFor('choir');
    await sally.getByRole('status').filter({ hasText: 'Nothing found' }).waitFor();
    expect(await sally.getByRole('link', { name: 'Community choir' }).count()).toBe(0);
    await sally.context().close();
    await operator.context().close();
  }, 60_000);

  it('Sally shares with the team who run a programme from its page, choosing what they can do, and the petal is on her flower by name', async () => {
    // Prepare: Sally on the walking group's page.
    const sally = await open('sally');
    await sally.goto(`${h.site.base}/#/library/core-sport-walking`);
    await sally.getByRole('heading', { level: 1, name: 'Core Sport Tuesday walking group' }).waitFor();

    // Act: seeing her plan is offered already; she adds her crisis plan and shares.
    const share = sally.getByRole('region', { name: 'Share with Core Sport' });
    expect(await share.getByLabel('see my plan', { exact: true }).isChecked()).toBe(true);
    await share.getByLabel('see my crisis plan', { exact: true }).check();
    await share.getByRole('button', { name: 'Share with Core Sport' }).click();
    await sally.getByRole('status').filter({ hasText: 'Core Sport can now see my plan, see my crisis plan.' }).waitFor();

    // Assess: a petal for Core Sport, the organisation, on her flower, with what she chose.
    await sally.goto(`${h.site.base}/#/sharing`);
    const petal = sally
      .getByRole('list', { name: 'My flower' })
      .getByRole('listitem')
      .filter({ has: sally.getByRole('heading', { name: 'Core Sport' }) });
    await petal.getByText('see my crisis plan').first().waitFor();
    await sally.context().close();
  }, 60_000);
});

describe("the borough's PHB figures in a browser", () => {
  const h = useBrowserSite();

  it('the operator sees the year’s PHB figures, bought and spent and days to delivery, downloads the purchases for finance and the file holds them; Sally’s record says her purchase was in it', async () => {
    // Prepare: six laptops delivered this financial year, asked for 3 to 30 days before (Sally's and five other patients').
    const { deps } = h.t.platform.boroughs.get('city-and-hackney')!;
    const today = londonDay(new Date());
    const fy = financialYear(new Date());
    const waits = [3, 5, 8, 10, 14, 30];
    const patients = waits.map((_, i) => (i === 0 ? 'sally' : `finance-${i}`));
    const items = waits.flatMap((wait, i) => {
      const patientId = patients[i]!;
      const request: PhbRequest = {
        requestId: `laptop-${i}`,
        patientId,
        category: 'laptop',
        item: 'A laptop for my recovery college course',
        amountPence: 45_000,
        goalId: 'g',
        whyItHelps: 'Anxiety about travelling',
        alternativesConsidered: 'The library',
        status: 'delivered',
        submittedBy: { userId: patientId, asPatient: true },
        submittedAt: `${addDays(today, -wait)}T12:00:00.000Z`,
        financialYear: fy,
        order: { supplier: i === 1 ? 'Currys, Stratford' : 'Argos', orderReference: `LAP-${i}`, actualCostPence: 40_000 + i, orderedAt: `${addDays(today, -1)}T09:0${i}:00.000Z`, by: 'advisor' },
        deliveredOn: today,
        version: 4,
      };
      return [
        ...(patientId === 'sally'
          ? []
          : [
              directoryUserItem('city-and-hackney', {
                userId: patientId,
                roles: ['patient'],
                name: { given: 'Fin', family: `Example${i}` },
                nhsNumber: syntheticNhsNumber(500 + i),
                birthDate: '1985-05-05',
              }),
            ]),
        ...putNewRequestItems(deps.store, 'city-and-hackney', request).map((t) => t.Put!.Item!),
      ];
    });
    await batchWriteAll(
      deps.store,
      items.map((Item) => ({ PutRequest: { Item } })),
    );

    // Act: the report (the stream counts the purchases a moment after they are written).
    const operator = await h.browser.newPage({ viewport: DESKTOP });
    await signIn(operator, h.site.base, 'operator');
    await operator.goto(`${h.site.base}/#/outcomes`);
    await operator.getByRole('heading', { level: 2, name: `Personal health budgets, ${financialYearLabel(fy)}` }).waitFor();
    const laptops = operator.getByRole('row').filter({ hasText: 'A laptop' });
    await eventually(operator, async () => (await laptops.count()) > 0 && (await laptops.innerText()).includes('£2,400.15'), h.site.pollers);
    // Assess: approved at £450 each, bought for £400.00 to £400.05; half within 9 days, 9 in 10 within 22.
    expect((await laptops.getByRole('cell').allInnerTexts()).map((cell) => cell.replace(/^(Kind|Approved|Amount approved|Bought|Spent)\s*/, '').trim())).toEqual([
      'A laptop',
      '6',
      '£2,700',
      '6',
      '£2,400.15',
    ]);
    const delivery = operator.getByRole('heading', { name: 'From request to delivery' });
    await delivery.waitFor();
    await operator.getByText('Half were delivered within').waitFor();
    expect(await operator.locator('dl').last().innerText()).toMatch(/Delivered\s+6\s+Half were delivered within\s+9 days\s+9 in 10 were delivered within\s+22 days/);

    // Act: the file for finance, as the browser saves it.
    const [download] = await Promise.all([operator.waitForEvent('download'), operator.getByRole('button', { name: 'Download purchases for finance (CSV)' }).click()]);
    const label = financialYearLabel(fy).replace('/', '-');
    await operator
      .getByRole('status')
      .filter({ hasText: `Downloaded phb-purchases-${label}.csv.` })
      .waitFor();
    // Assess: the rows, oldest order first, each patient by NHS number only.
    expect(download.suggestedFilename()).toBe(`phb-purchases-${label}.csv`);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('NHS number,Category,Supplier,Order reference,Ordered on,Delivered on,Approved (£),Actual cost (£),Returned to budget (£),Status');
    const nhs = (i: number) => (i === 0 ? '9990000018' : syntheticNhsNumber(500 + i)).replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
    const ordered = londonDay(new Date(`${addDays(today, -1)}T09:00:00.000Z`));
    const pounds = (pence: number) => `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;
    expect(lines.slice(1)).toEqual([
      ...waits.map((_, i) => [nhs(i), 'Laptop', i === 1 ? '"Currys, Stratford"' : 'Argos', `LAP-${i}`, ordered, today, '450.00', pounds(40_000 + i), pounds(5_000 - i), 'Delivered'].join(',')),
      '',
    ]);
    for (const word of ['Sally', 'Brown', 'Fin', 'recovery college', 'Anxiety', 'library']) expect({ word, inFile: csv.includes(word) }).toEqual({ word, inFile: false });
    // The page with its figures, to axe (whose script the page's CSP refuses: a context that bypasses it; the download above ran under the CSP).
    const forAxe = await h.browser.newContext({ viewport: DESKTOP, bypassCSP: true });
    const axePage = await forAxe.newPage();
    await signIn(axePage, h.site.base, 'operator');
    await axePage.goto(`${h.site.base}/#/outcomes`);
    await axePage.getByRole('row').filter({ hasText: 'A laptop' }).waitFor();
    expect(await seriousViolations(axePage)).toEqual([]);
    await forAxe.close();

    // Sally's record says her purchases were in the finance download, and why the operator saw them.
    const sally = await h.browser.newPage();
    await signIn(sally, h.site.base, 'sally');
    await sally.goto(`${h.site.base}/#/access-log`);
    await sally
      .getByRole('row')
      .filter({ hasText: 'put your personal health budget purchases in the borough’s finance download' })
      .filter({ hasText: 'because the borough accounts for what budgets buy' })
      .first()
      .waitFor();
    await sally.close();
    await operator.close();
  }, 90_000);
});
