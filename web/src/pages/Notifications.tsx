import type { Answer } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationChoices } from '../components/NotificationChoices';
import { PushOnThisDevice } from '../components/PushOnThisDevice';
import { useLoad } from '../load';

type Notification = Answer<'/me/notifications'>['items'][number];

/** A notification's page (`/plan`, `/patients/sally/plan`) as an address of this site (hash routes). */
export const pageFor = (link: string | undefined): string | undefined => (link ? `#${link}` : undefined);

export const Notifications = () => {
  const { api } = useApp();
  const inbox = useLoad(() => api.GET('/me/notifications', { params: { query: { limit: 50 } } }), []);
  const choices = useLoad(() => api.GET('/me/notification-preferences'), []);
  if (inbox.loading) return <p role="status">Loading your notifications…</p>;
  if (inbox.error || !inbox.data) return <ErrorSummary error={inbox.error} />;
  const open = async (n: Notification) => {
    if (!n.read) await api.POST('/me/notifications/{notificationId}/read', { params: { path: { notificationId: n.notificationId } } });
    const page = pageFor(n.link);
    if (page) location.hash = page;
    else await inbox.reload();
  };
  return (
    <>
      <p>{inbox.data.unread === 0 ? 'You have no unread notifications.' : `You have ${inbox.data.unread} unread ${inbox.data.unread === 1 ? 'notification' : 'notifications'}.`}</p>
      <ul class="nhsuk-list app-inbox">
        {inbox.data.items.map((n) => (
          <li key={n.notificationId} class={`app-inbox__item${n.read ? '' : ' app-inbox__item--unread'}`}>
            {n.urgent && <strong class="nhsuk-tag nhsuk-tag--red">Urgent</strong>} {!n.read && <strong class="nhsuk-tag nhsuk-tag--blue">New</strong>}{' '}
            <button type="button" class="app-link-button" onClick={() => void open(n)}>
              {n.title}
            </button>
            <span class="nhsuk-body-s app-muted"> {new Date(n.at).toLocaleString('en-GB')}</span>
          </li>
        ))}
      </ul>
      <PushOnThisDevice
        onTurnedOn={async () => {
          // A phone turned on receives nothing while push is off in the person's choices: turning it on says they want it.
          if (choices.data?.push !== 'off') return;
          await api.PUT('/me/notification-preferences', { body: { ...choices.data, push: 'on' } });
          await choices.reload();
        }}
      />
      {choices.data && <NotificationChoices current={choices.data} onSaved={choices.reload} />}
    </>
  );
};
