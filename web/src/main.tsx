import './nhsuk.scss';
import './styles.css';
import { render } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { AppContext, makeApp } from './app-context';
import { loadConfig, type BoroughEntry, type SiteConfig } from './config';
import { Layout, navFor } from './components/Layout';
import { RECORD_PAGES, RECORD_TITLES, type RecordPage } from './components/PatientNav';
import { Plan } from './pages/Plan';
import { QUEUES } from './pages/queues';
import { SignIn } from './pages/SignIn';
import {
  AccessLog,
  Account,
  Appointments,
  Budget,
  CloseAccount,
  Conversation,
  CrisisPlan,
  Emergency,
  LegalHolds,
  Library,
  LibraryAdmin,
  Log,
  Measurements,
  MyConversations,
  Notifications,
  Outcomes,
  Patients,
  People,
  PhbRequestPage,
  ProgrammeAdmin,
  ProgrammePage,
  Queue,
  Questionnaire,
  SharedConversation,
  SharedRecord,
  Sharing,
} from './lazy-pages';
import { PageTitleContext } from './page-title';
import { match, navigate, useRoute } from './route';
import { IDLE_SIGN_OUT_MS, useIdleSignOut } from './idle';
import { IdleWarning } from './components/IdleWarning';
import { endSession, rememberName, savedSession, startSession, whoIsSignedIn, type Session } from './session';
import { registerServiceWorker } from './service-worker';
import { queuedUpdates, unsentNotice } from './offline/outbox';
import { useOutboxSender } from './offline/use-outbox';

// Loaded only where the site signs in with Cognito: the local platform never downloads it.
const cognito = () => import('./cognito');

interface Page {
  title: string;
  body: preact.JSX.Element;
}

/** A patient who opens a page of their own record as staff would see it gets their own page instead. */
const OWN_PAGE: Record<RecordPage, string> = {
  plan: '/plan',
  'crisis-plan': '/crisis-plan',
  log: '/log',
  measurements: '/measurements',
  appointments: '/appointments',
  'quality-of-life': '/quality-of-life',
  budget: '/phb',
  messages: '/messages',
};

/** The page for a path, as this person may see it; undefined if there is none. */
const pageFor = (path: string, session: Session): Page | undefined => {
  const isPatient = session.roles.includes('patient');
  if (path === '/plan' && isPatient) return { title: 'My plan', body: <Plan patientId="me" mine /> };
  if (path === '/sharing' && isPatient) return { title: 'My flower', body: <Sharing /> };
  if (path === '/log' && isPatient) return { title: 'My log', body: <Log /> };
  if (path === '/measurements' && isPatient) return { title: 'My measurements', body: <Measurements /> };
  if (path === '/appointments' && isPatient) return { title: 'My appointments', body: <Appointments /> };
  if (path === '/quality-of-life' && isPatient) return { title: 'My quality of life (ReQoL-10)', body: <Questionnaire /> };
  if (path === '/crisis-plan' && isPatient) return { title: 'My crisis plan', body: <CrisisPlan /> };
  if (path === '/access-log' && isPatient) return { title: 'Who has seen my record', body: <AccessLog /> };
  if (path === '/phb' && isPatient) return { title: 'My personal health budget', body: <Budget /> };
  if (path === '/messages' && isPatient) return { title: 'My messages', body: <MyConversations /> };
  const mine = isPatient ? match('/messages/:conversation', path)?.conversation : undefined;
  // Named by whom it is with once loaded (the page sets its title); never by what was written.
  if (mine !== undefined) return { title: 'Messages', body: <Conversation key={mine} patientId="me" conversation={mine} whose="mine" /> };
  if (path === '/account' && isPatient) return { title: 'My account', body: <Account /> };
  if (path === '/account/close' && isPatient) return { title: 'Close my account', body: <CloseAccount /> };
  if (path === '/legal-holds' && session.roles.includes('operator')) return { title: 'Legal holds', body: <LegalHolds /> };
  if (path === '/library' && isPatient) return { title: 'Library', body: <Library /> };
  if (path === '/library' && session.roles.includes('operator')) return { title: 'Library', body: <LibraryAdmin /> };
  const programmeId = match('/library/:programmeId', path)?.programmeId;
  // Named by the programme once loaded (the page sets its title).
  if (programmeId !== undefined && session.roles.includes('operator')) return { title: 'Programme', body: <ProgrammeAdmin key={programmeId} programmeId={programmeId} /> };
  if (programmeId !== undefined && isPatient) return { title: 'Programme', body: <ProgrammePage key={programmeId} programmeId={programmeId} patient /> };
  if (path === '/notifications') return { title: 'Notifications', body: <Notifications /> };
  if (path === '/emergency' && session.roles.includes('paramedic')) return { title: 'Emergency access to a crisis plan', body: <Emergency /> };
  if (path === '/patients' && !isPatient) return { title: 'My patients', body: <Patients /> };
  if (path === '/outcomes' && session.roles.includes('operator')) return { title: 'Outcome report', body: <Outcomes /> };
  if (path === '/people' && session.roles.includes('operator')) return { title: 'People', body: <People /> };
  if (session.roles.includes('phb-advisor')) {
    const queue = path === '/queue' ? QUEUES[0] : QUEUES.find((q) => path === `/queue/${q.tab}`);
    if (queue) return { title: 'Requests to decide', body: <Queue tab={queue.tab} /> };
    const requestId = match('/phb-requests/:requestId', path)?.requestId;
    // Named by what was asked for and for whom once loaded (the page sets its title).
    if (requestId !== undefined) return { title: 'Personal health budget request', body: <PhbRequestPage key={requestId} requestId={requestId} /> };
  }
  const conversation = match('/patients/:id/messages/:conversation', path);
  if (conversation?.id !== undefined && conversation.conversation !== undefined) {
    const { id, conversation: which } = conversation;
    if (isPatient && id === session.userId) return pageFor(`/messages/${encodeURIComponent(which)}`, session);
    return { title: RECORD_TITLES.messages, body: <SharedConversation key={`${id}/${which}`} patientId={id} conversation={which} /> };
  }
  for (const [part] of RECORD_PAGES) {
    const shared = match(`/patients/:id/${part}`, path)?.id;
    if (shared === undefined) continue;
    if (isPatient && shared === session.userId) return pageFor(OWN_PAGE[part], session);
    // Named in the patient banner at the top of the page: the title never shows an id.
    return { title: RECORD_TITLES[part], body: <SharedRecord patientId={shared} page={part} /> };
  }
  return undefined;
};

/** Where a person lands: the first page of their role's menu. */
const homeOf = (session: Session): string => navFor(session.roles)[0]?.href.slice(1) ?? '/notifications';

const App = () => {
  const [config, setConfig] = useState<SiteConfig>();
  const [problem, setProblem] = useState<string>();
  const [session, setSession] = useState<Session | undefined>(savedSession);
  const [notice, setNotice] = useState<string>();
  // A page's own title, once it knows what it shows (usePageTitle); the route's until then.
  const [ownTitle, setOwnTitle] = useState<string>();
  const path = useRoute();

  useEffect(() => {
    const start = async () => {
      const loaded = await loadConfig();
      // Back from the hosted UI with a code: exchange it (PKCE) before showing anything.
      // Downloaded only then (about 17 KB): not on every first load of the page (issue 25's 50 KB).
      const back = new URLSearchParams(location.search).has('code');
      const returned = loaded.auth === 'cognito' && back ? await (await cognito()).finishCognitoSignIn(loaded.boroughs) : undefined;
      if (returned) {
        const started = startSession(returned.borough, returned.idToken);
        navigate(homeOf(started));
        setSession(started);
      }
      setConfig(loaded);
    };
    start().catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));
  }, []);

  const signOut = (reason?: string, everywhere = !reason) => {
    // Signing out forgets what was not sent (a shared phone): asked first, when it is the person's choice.
    // Signed out for them (idle, an expired token), it stays in the tab to be sent when they sign in again.
    const waiting = session ? queuedUpdates(session) : [];
    const unsent = waiting.length;
    if (
      !reason &&
      unsent > 0 &&
      !window.confirm(`You have ${unsent === 1 ? 'an update' : `${unsent} updates`} not sent yet. If you sign out now, ${unsent === 1 ? 'it' : 'they'} will be lost. Sign out anyway?`)
    )
      return;
    endSession({ keepUnsent: reason !== undefined });
    setSession(undefined);
    setNotice(reason && unsent > 0 ? `${reason} ${unsentNotice(waiting)}` : reason);
    navigate('/');
    // Signing out on purpose, or after no use, also ends the hosted UI's session (a shared or lost phone).
    const borough = session?.borough;
    if (everywhere && borough?.cognito) void cognito().then((c) => c.signOutOfCognito(borough));
  };
  const idleSecondsLeft = useIdleSignOut(session !== undefined, () =>
    signOut(`You were signed out because you had not used the site for ${IDLE_SIGN_OUT_MS / 60_000} minutes, to keep your information private. Sign in again to carry on.`, true),
  );
  const app = useMemo(() => (config && session ? makeApp(config, session, signOut) : undefined), [config, session]);
  useOutboxSender(app);

  useEffect(() => {
    // The header names who is signed in: the directory knows their name, the token only their id.
    if (!app || session?.name) return;
    app.api
      .GET('/me')
      .then((me) => {
        const name = me.person?.name;
        if (name) setSession((current) => (current && current.userId === me.id ? rememberName(current, name) : current));
      })
      .catch(() => undefined); // the header says where they are signed in instead
  }, [app]);

  // A layout effect: the tab's title changes in the same task as the heading, never a moment after it.
  useLayoutEffect(() => {
    // Each page has its own title, so that people (and screen readers) know where they are.
    const page = session ? pageFor(path, session) : undefined;
    document.title = `${page ? (ownTitle ?? page.title) : session ? 'Page not found' : 'Sign in'} – My recovery plan`;
    if (session && path === '/') navigate(homeOf(session));
  }, [path, session, ownTitle]);

  if (problem) return <p class="nhsuk-body">{problem}</p>;
  if (!config) return <p role="status">Loading…</p>;
  if (!session || !app) {
    return (
      <SignIn
        config={config}
        notice={notice}
        onToken={(borough: BoroughEntry, token: string) => {
          setNotice(undefined);
          const started = startSession(borough, token);
          navigate(homeOf(started));
          setSession(started);
        }}
        onCognito={(borough: BoroughEntry) => {
          cognito()
            .then((c) => c.signInWithCognito(borough))
            .catch(() => setNotice('We could not reach the sign-in service. Check your connection and try again.'));
        }}
      />
    );
  }
  const page = pageFor(path, session);
  return (
    <AppContext.Provider value={app}>
      <PageTitleContext.Provider value={setOwnTitle}>
        <Layout title={page ? (ownTitle ?? page.title) : 'Page not found'} nav={navFor(session.roles)} current={path} who={whoIsSignedIn(session)} onSignOut={() => signOut()}>
          {idleSecondsLeft !== undefined && <IdleWarning secondsLeft={idleSecondsLeft} />}
          {page?.body ?? <p>There is no such page, or it is not for you. Use the menu to find what you need.</p>}
        </Layout>
      </PageTitleContext.Provider>
    </AppContext.Provider>
  );
};

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no element with id "app" to show the site in.');
render(<App />, root);
registerServiceWorker();
