import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** The nhsuk-frontend components only later pages use (tables, the grid...), with the first of them. */
const laterStyles = () => import('./nhsuk-later.scss');

/**
 * A page whose code is downloaded the first time it is shown, so that the first page's JavaScript
 * stays small on a phone (issue 25): only the patient's plan is in the main bundle. Until its code has
 * come it says so; if it cannot come (no connection, or a newer site replaced the files), it says what
 * to do instead of leaving the page blank.
 * @example const Log = lazyPage(() => import('./pages/Log').then((m) => m.Log));
 */
export const lazyPage = <P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> => {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const start = (): Promise<ComponentType<P>> => {
    loading ??= Promise.all([load(), laterStyles()]).then(
      ([component]) => (loaded = component),
      (error: unknown) => {
        loading = undefined; // tried again the next time the page is opened
        throw error;
      },
    );
    return loading;
  };
  const LazyPage = (props: P) => {
    const [, setShown] = useState<ComponentType<P>>();
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded) return;
      let current = true;
      start().then(
        (component) => current && setShown(() => component),
        () => current && setFailed(true),
      );
      return () => {
        current = false;
      };
    }, []);
    if (loaded) {
      const Page = loaded;
      return <Page {...props} />;
    }
    if (failed) return <p class="nhsuk-body">We could not load this page. Check your internet connection, then reload the page to try again.</p>;
    return <p role="status">Loading…</p>;
  };
  return LazyPage;
};

// Every page but the patient's plan (and signing in) is downloaded when first opened (issue 25): the
// first page's JavaScript stays small on a phone, and the service worker keeps them all for next time.
export const AccessLog = lazyPage(() => import('./pages/AccessLog').then((m) => m.AccessLog));
export const Appointments = lazyPage(() => import('./pages/Appointments').then((m) => m.Appointments));
export const Budget = lazyPage(() => import('./pages/Budget').then((m) => m.Budget));
export const CrisisPlan = lazyPage(() => import('./pages/CrisisPlan').then((m) => m.CrisisPlan));
export const Emergency = lazyPage(() => import('./pages/Emergency').then((m) => m.Emergency));
export const Log = lazyPage(() => import('./pages/Log').then((m) => m.Log));
export const Measurements = lazyPage(() => import('./pages/Measurements').then((m) => m.Measurements));
export const Conversation = lazyPage(() => import('./pages/Conversation').then((m) => m.Conversation));
export const MyConversations = lazyPage(() => import('./pages/Messages').then((m) => m.MyConversations));
export const Notifications = lazyPage(() => import('./pages/Notifications').then((m) => m.Notifications));
export const Account = lazyPage(() => import('./pages/CloseAccount').then((m) => m.Account));
export const CloseAccount = lazyPage(() => import('./pages/CloseAccount').then((m) => m.CloseAccount));
export const LegalHolds = lazyPage(() => import('./pages/LegalHolds').then((m) => m.LegalHolds));
export const Library = lazyPage(() => import('./pages/Library').then((m) => m.Library));
export const ProgrammePage = lazyPage(() => import('./pages/Library').then((m) => m.ProgrammePage));
export const LibraryAdmin = lazyPage(() => import('./pages/LibraryAdmin').then((m) => m.LibraryAdmin));
export const ProgrammeAdmin = lazyPage(() => import('./pages/LibraryAdmin').then((m) => m.ProgrammeAdmin));
export const Outcomes = lazyPage(() => import('./pages/Outcomes').then((m) => m.Outcomes));
export const People = lazyPage(() => import('./pages/People').then((m) => m.People));
export const Patients = lazyPage(() => import('./pages/Patients').then((m) => m.Patients));
export const SharedConversation = lazyPage(() => import('./pages/SharedRecord').then((m) => m.SharedConversation));
export const SharedRecord = lazyPage(() => import('./pages/SharedRecord').then((m) => m.SharedRecord));
export const PhbRequestPage = lazyPage(() => import('./pages/PhbRequestPage').then((m) => m.PhbRequestPage));
export const Queue = lazyPage(() => import('./pages/Queue').then((m) => m.Queue));
export const Questionnaire = lazyPage(() => import('./pages/Questionnaire').then((m) => m.Questionnaire));
export const Sharing = lazyPage(() => import('./pages/Sharing').then((m) => m.Sharing));
