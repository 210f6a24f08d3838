import type { ComponentChildren } from 'preact';
import type { Role } from '../session';

export interface NavLink {
  href: string;
  label: string;
}

/** Each role's pages, in the order people use them. */
export const NAV: Record<Role, NavLink[]> = {
  patient: [
    { href: '#/plan', label: 'My plan' },
    { href: '#/messages', label: 'Messages' },
    { href: '#/crisis-plan', label: 'Crisis plan' },
    { href: '#/log', label: 'My log' },
    { href: '#/measurements', label: 'Measurements' },
    { href: '#/appointments', label: 'Appointments' },
    { href: '#/quality-of-life', label: 'Quality of life' },
    { href: '#/sharing', label: 'My flower' },
    { href: '#/library', label: 'Library' },
    { href: '#/phb', label: 'My budget' },
    { href: '#/notifications', label: 'Notifications' },
    { href: '#/access-log', label: 'Who has seen my record' },
    { href: '#/account', label: 'My account' },
  ],
  clinician: [
    { href: '#/patients', label: 'My patients' },
    { href: '#/notifications', label: 'Notifications' },
  ],
  'phb-advisor': [
    { href: '#/queue', label: 'Requests to decide' },
    { href: '#/notifications', label: 'Notifications' },
  ],
  operator: [
    { href: '#/outcomes', label: 'Outcome report' },
    { href: '#/people', label: 'People' },
    { href: '#/legal-holds', label: 'Legal holds' },
    { href: '#/library', label: 'Library' },
  ],
  paramedic: [{ href: '#/emergency', label: 'Emergency access' }],
  integration: [],
  // The duty inbox: red alerts nobody answered in time.
  duty: [{ href: '#/notifications', label: 'Notifications' }],
};

export const navFor = (roles: readonly Role[]): NavLink[] => [...new Map(roles.flatMap((r) => NAV[r]).map((l) => [l.href, l])).values()];

/** The NHS header, a skip link, the role's navigation and the page. */
export const Layout = ({ title, nav, current, who, onSignOut, children }: { title: string; nav: NavLink[]; current: string; who?: string; onSignOut?: () => void; children: ComponentChildren }) => (
  <>
    <a
      class="nhsuk-skip-link"
      href="#maincontent"
      onClick={(e) => {
        e.preventDefault();
        document.getElementById('maincontent')?.focus();
      }}
    >
      Skip to main content
    </a>
    <header class="nhsuk-header" role="banner">
      <div class="nhsuk-header__container nhsuk-width-container">
        <div class="nhsuk-header__service">
          <a class="nhsuk-header__service-logo" href="#/" aria-label="My recovery plan: home">
            <svg class="nhsuk-logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" height="40" width="100" focusable="false" aria-hidden="true">
              <path
                fill="currentcolor"
                d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"
              />
            </svg>
            <span class="nhsuk-header__service-name">My recovery plan</span>
          </a>
        </div>
        {onSignOut && (
          <div class="app-header__account">
            <span class="app-header__who">{who}</span>
            <button type="button" class="app-link-button" onClick={onSignOut}>
              Sign out
            </button>
          </div>
        )}
      </div>
      {nav.length > 0 && (
        <nav class="nhsuk-header__navigation app-nav" aria-label="Menu">
          <ul class="app-nav__list nhsuk-width-container">
            {nav.map((link) => (
              <li class="app-nav__item" key={link.href}>
                <a class="app-nav__link" href={link.href} aria-current={current.startsWith(link.href.slice(1)) ? 'page' : undefined}>
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </header>
    <div class="nhsuk-width-container">
      <main class="nhsuk-main-wrapper" id="maincontent" role="main" tabIndex={-1}>
        <h1 class="nhsuk-heading-l">{title}</h1>
        {children}
      </main>
    </div>
    <footer role="contentinfo" class="nhsuk-footer">
      <div class="nhsuk-width-container">
        <p class="nhsuk-body-s">Your plan belongs to you. You choose who sees it, and you can see everyone who has.</p>
      </div>
    </footer>
  </>
);
