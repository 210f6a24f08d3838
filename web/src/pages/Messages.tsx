import { ME, type Answer } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { londonDateTime } from '../dates';
import { useLoad } from '../load';

type ConversationItem = Answer<'/patients/{patientId}/conversations'>['items'][number];
type Grantee = ConversationItem['grantee'];

/** Who a conversation is with, by name (never an id): a person, or a team. */
export const granteeName = (g: Grantee): string => (g.type === 'person' || g.type === 'emergency-access' ? g.person.name : g.type === 'organisation' ? g.name : g.label);

/** What they do and where, or that it is a team. */
const granteeDetail = (g: Grantee): string | undefined => {
  if (g.type === 'organisation') return 'A team: everyone who works there';
  if (g.type === 'emergency') return undefined;
  return [g.person.roleTitle, g.person.org?.name].filter(Boolean).join(', ') || undefined;
};

/** To staff, whose conversation with the patient it is: their own, or their team's. */
export const withWhom = (g: Grantee, patientName: string): string => (g.type === 'organisation' ? `${patientName} and your team, ${g.name}` : `${patientName} and you`);

/**
 * A conversation's page: the patient's own (`#/messages/…`) or, with a patient id, a care team
 * member's (`#/patients/{id}/messages/…`). The conversation (`person:miriam`) is encoded in the address.
 */
export const conversationHref = (conversation: string, patientId?: string): string =>
  patientId ? `#/patients/${encodeURIComponent(patientId)}/messages/${encodeURIComponent(conversation)}` : `#/messages/${encodeURIComponent(conversation)}`;

const UnreadTag = ({ unread }: { unread: number }) =>
  unread > 0 ? (
    <strong class="nhsuk-tag nhsuk-tag--blue app-unread-tag">
      {unread} new {unread === 1 ? 'message' : 'messages'}
    </strong>
  ) : null;

const LastMessage = ({ lastAt }: { lastAt?: string | undefined }) => <span class="nhsuk-body-s app-muted app-block">{lastAt ? `Last message ${londonDateTime(lastAt)}` : 'No messages yet'}</span>;

/** One conversation in a list: who it is with (the link), what is new, when the last message was. */
const ConversationRow = ({ item, name, href, detail }: { item: ConversationItem; name: string; href: string; detail?: string | undefined }) => (
  <li class={`app-inbox__item${item.unread > 0 ? ' app-inbox__item--unread' : ''}`}>
    <a href={href}>{name}</a> <UnreadTag unread={item.unread} />
    {detail && <span class="nhsuk-body-s app-block">{detail}</span>}
    <LastMessage lastAt={item.lastAt} />
    {!item.canSend && <span class="nhsuk-body-s app-block">You no longer share messages with them: you can still read what you wrote to each other.</span>}
  </li>
);

/** The patient's messages (`#/messages`): her conversations, newest first, and the people she may start one with. */
export const MyConversations = () => {
  const { api } = useApp();
  const list = useLoad(() => api.GET('/patients/{patientId}/conversations', { params: ME }), []);
  if (list.loading) return <p role="status">Loading your messages…</p>;
  if (list.error || !list.data) return <ErrorSummary error={list.error} />;
  const started = list.data.items.filter((c) => c.count > 0);
  const toStart = list.data.items.filter((c) => c.count === 0 && c.canSend);
  return (
    <>
      <p>
        Write to the people in your care team you share messages with. Messages are not for emergencies: in a crisis, call the people in <a href="#/crisis-plan">your crisis plan</a>, NHS 111 or 999.
      </p>
      {started.length === 0 && toStart.length === 0 && (
        <p>
          You do not share messages with anyone yet. To write to someone in your care team, tick “message me” on their petal on <a href="#/sharing">your flower</a>.
        </p>
      )}
      {started.length > 0 && (
        <>
          <h2 class="nhsuk-heading-m">Your conversations</h2>
          <ul class="nhsuk-list app-inbox">
            {started.map((c) => (
              <ConversationRow key={c.conversation} item={c} name={granteeName(c.grantee)} detail={granteeDetail(c.grantee)} href={conversationHref(c.conversation)} />
            ))}
          </ul>
        </>
      )}
      {toStart.length > 0 && (
        <>
          <h2 class="nhsuk-heading-m">Start a conversation</h2>
          <ul class="nhsuk-list app-inbox">
            {toStart.map((c) => (
              <li class="app-inbox__item" key={c.conversation}>
                <a href={conversationHref(c.conversation)}>Write to {granteeName(c.grantee)}</a>
                {granteeDetail(c.grantee) && <span class="nhsuk-body-s app-block">{granteeDetail(c.grantee)}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
};

/**
 * A care team member's messages with one patient (`#/patients/{id}/messages`): their own conversation
 * and their team's, while the patient shares messages with them; said in words when she does not.
 */
export const TeamConversations = ({ patientId, patientName }: { patientId: string; patientName: string }) => {
  const { api } = useApp();
  const list = useLoad(() => api.GET('/patients/{patientId}/conversations', { params: { path: { patientId } } }), [patientId]);
  if (list.loading) return <p role="status">Loading the messages…</p>;
  if (list.error?.status === 404) return <NotSharingMessages patientName={patientName} />;
  if (list.error || !list.data) return <ErrorSummary error={list.error} />;
  if (list.data.items.length === 0) return <p>No messages with {patientName} yet.</p>;
  return (
    <ul class="nhsuk-list app-inbox">
      {list.data.items.map((c) => (
        <ConversationRow key={c.conversation} item={c} name={withWhom(c.grantee, patientName)} href={conversationHref(c.conversation, patientId)} />
      ))}
    </ul>
  );
};

/** What staff see where the patient does not (or no longer) share messages with them or their team. */
export const NotSharingMessages = ({ patientName }: { patientName: string }) => <p>{patientName} has not shared their messages with you.</p>;
