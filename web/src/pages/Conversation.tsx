import { useEffect, useState } from 'preact/hooks';
import { useAction } from '../action';
import type { Answer } from '../api';
import { useApp } from '../app-context';
import { CharacterCount } from '../components/CharacterCount';
import { CrisisNumbers } from '../components/CrisisNumbers';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { OlderButton } from '../components/OlderButton';
import { Saved } from '../components/Saved';
import { londonDateTime, londonWeekdayTime } from '../dates';
import { usePages } from '../load';
import { usePageTitle } from '../page-title';
import type { Whose } from '../words';
import { granteeName, NotSharingMessages, withWhom } from './Messages';

type MessagesPage = Answer<'/patients/{patientId}/conversations/{conversation}/messages'>;
type Message = MessagesPage['items'][number];
type Safety = NonNullable<MessagesPage['safety']>;
type Grantee = MessagesPage['conversation']['grantee'];

/** The longest message the API takes (its MESSAGE_MAX_CHARS). */
const MAX_CHARS = 2000;

/** Where a conversation is: whose record, and which of its conversations (`person:miriam`). */
interface Where {
  patientId: string;
  conversation: string;
}

/**
 * One conversation, oldest message at the top and newest at the bottom, older ones on request; marked
 * read up to the newest shown; the form to write. To the patient (`whose: 'mine'`) always with when
 * messages are read and whom to call in a crisis instead; to the care team, with follow-up flags and
 * an optional video call link.
 */
export const Conversation = ({ patientId, conversation, whose, patientName = 'them' }: Where & { whose: Whose; patientName?: string }) => {
  const { api } = useApp();
  const where = { patientId, conversation };
  // The first page also says who the conversation is with, whether she may write, and her safety box.
  const [about, setAbout] = useState<MessagesPage>();
  const messages = usePages(
    async (query) => {
      const page = await api.GET('/patients/{patientId}/conversations/{conversation}/messages', { params: { path: where, query } });
      if (!query.cursor) setAbout(page);
      return page;
    },
    [patientId, conversation],
  );
  usePageTitle(whose === 'mine' && about ? `Messages with ${granteeName(about.conversation.grantee)}` : undefined);
  useMarkRead(where, messages.items[0]?.seq, about?.conversation.unread ?? 0);

  if (messages.loading && !about) return <p role="status">Loading the messages…</p>;
  if (!about) return messages.error?.status === 404 && whose === 'theirs' ? <NotSharingMessages patientName={patientName} /> : <ErrorSummary error={messages.error} />;
  const { grantee, canSend } = about.conversation;
  return (
    <>
      {whose === 'theirs' && <h2 class="nhsuk-heading-m">{withWhom(grantee, patientName)}</h2>}
      <ErrorSummary error={messages.error} />
      <OlderButton list={messages} what="messages" small />
      {messages.items.length === 0 ? (
        <p>No messages yet.</p>
      ) : (
        <ol class="app-messages" aria-label="Messages, oldest first">
          {[...messages.items].reverse().map((m) => (
            <MessageItem key={m.seq} message={m} whose={whose} where={where} onChange={messages.reload} />
          ))}
        </ol>
      )}
      <button type="button" class="nhsuk-button nhsuk-button--secondary" onClick={() => void messages.reload()}>
        Check for new messages
      </button>
      {about.safety && <InACrisis safety={about.safety} />}
      {whose === 'mine' && !canSend ? (
        <NoLongerShared grantee={grantee} />
      ) : (
        <SendForm where={where} whose={whose} to={whose === 'mine' ? granteeName(grantee) : patientName} videoHosts={about.videoHosts ?? []} onSent={messages.reload} />
      )}
    </>
  );
};

/** Once messages are shown, marks them read up to the newest (the other side then sees "Read by …"). */
const useMarkRead = (where: Where, newest: number | undefined, unread: number): void => {
  const { api } = useApp();
  useEffect(() => {
    if (newest === undefined || unread === 0) return;
    // A failed mark only leaves them unread: the next visit marks them again.
    api.POST('/patients/{patientId}/conversations/{conversation}/read', { params: { path: where }, body: { upTo: newest } }).catch(() => undefined);
  }, [where.patientId, where.conversation, newest, unread]);
};

/** One message: who and when, the words, a video call link, who has read it, and for the care team its flag. */
const MessageItem = ({ message, whose, where, onChange }: { message: Message; whose: Whose; where: Where; onChange: () => Promise<void> }) => {
  const { session } = useApp();
  const fromMe = whose === 'mine' ? message.from.patient : message.from.userId === session.userId;
  const who = fromMe ? 'You' : message.from.patient ? message.from.name : message.from.label;
  // Receipts say who else read it: a reader's own read is no news to them.
  const receipts = message.readBy.filter((r) => r.userId !== session.userId);
  return (
    <li class={`app-message${fromMe ? ' app-message--mine' : ''}`}>
      <p class="app-message__meta">
        <strong>{who}</strong> <time dateTime={message.sentAt}>{londonDateTime(message.sentAt)}</time>
      </p>
      <p class="app-message__text">{message.text}</p>
      {message.videoLink && <VideoCallLink link={message.videoLink} />}
      {whose === 'mine' && message.likelyReadFrom && <p class="nhsuk-body-s app-message__note">Sent outside working hours: it will likely be read on {londonWeekdayTime(message.likelyReadFrom)}.</p>}
      {receipts.map((r) => (
        <p class="nhsuk-body-s app-message__note" key={r.userId}>
          Read by {r.name} on {londonDateTime(r.readAt)}
        </p>
      ))}
      {whose === 'theirs' && message.from.patient && <FollowUpFlag message={message} where={where} onChange={onChange} />}
    </li>
  );
};

/** A video call link, opened in a new tab without giving that tab a hold on this one; only an https link is a link. */
const VideoCallLink = ({ link }: { link: string }) =>
  /^https:\/\//i.test(link) ? (
    <p class="app-message__note">
      <a href={link} target="_blank" rel="noopener noreferrer">
        Join the video call (opens in a new tab)
      </a>
    </p>
  ) : (
    <p class="nhsuk-body-s app-message__note">Video call link: {link}</p>
  );

/** The care team's follow-up flag on a patient's message (she never sees it), and the button to set or clear it. */
const FollowUpFlag = ({ message, where, onChange }: { message: Message; where: Where; onChange: () => Promise<void> }) => {
  const { api } = useApp();
  const action = useAction(onChange);
  const flagged = message.flag !== undefined;
  const toggle = () =>
    action.run(
      () => api.PUT('/patients/{patientId}/conversations/{conversation}/messages/{seq}/flag', { params: { path: { ...where, seq: String(message.seq) } }, body: { flagged: !flagged } }),
      (m) => (m.flag ? 'Flagged for follow-up.' : 'Flag removed.'),
    );
  return (
    <div class="app-message__flag">
      {message.flag && (
        <p class="nhsuk-body-s app-message__flagged">
          Flagged by {message.flag.by.name} on {londonDateTime(message.flag.at)}
        </p>
      )}
      <ErrorSummary error={action.error} />
      <Saved message={action.saved} />
      <button type="button" class="nhsuk-button nhsuk-button--secondary app-small-button" onClick={() => void toggle()}>
        {flagged ? 'Remove flag' : 'Flag for follow-up'}
        <span class="nhsuk-u-visually-hidden"> on the message of {londonDateTime(message.sentAt)}</span>
      </button>
    </div>
  );
};

/** On every conversation of hers: when messages are read, and whom to call instead of waiting for a reply. */
const InACrisis = ({ safety }: { safety: Safety }) => (
  <div class="nhsuk-warning-callout" role="region" aria-labelledby="in-a-crisis">
    <h2 class="nhsuk-warning-callout__label" id="in-a-crisis">
      <span class="nhsuk-u-visually-hidden">Important: </span>In a crisis
    </h2>
    <p>Messages are read {safety.readIn}. In a crisis do not wait for a reply:</p>
    <CrisisNumbers contacts={safety.crisisContacts} urgentNumbers={safety.urgentNumbers} />
  </div>
);

/** In place of the form, when she no longer shares messages with them: why, and how to change it. */
const NoLongerShared = ({ grantee }: { grantee: Grantee }) => (
  <div class="nhsuk-inset-text">
    <p>You no longer share messages with {granteeName(grantee)}, so you cannot write to them here. You can still read what you wrote to each other.</p>
    <p>
      To write to them again, tick “message me” on their petal on <a href="#/sharing">your flower</a>.
    </p>
  </div>
);

/** Writing a message; the care team may add a link to the borough's video call service. */
const SendForm = ({ where, whose, to, videoHosts, onSent }: { where: Where; whose: Whose; to: string; videoHosts: readonly string[]; onSent: () => Promise<void> }) => {
  const { api } = useApp();
  const [text, setText] = useState('');
  const [videoLink, setVideoLink] = useState('');
  const [sending, setSending] = useState(false);
  const action = useAction(onSent);
  const send = async (event: Event) => {
    event.preventDefault();
    // One tap, one message: a second tap while it is on its way sends nothing more.
    if (sending) return;
    setSending(true);
    const link = videoLink.trim();
    const body = { text: text.trim(), ...(link ? { videoLink: link } : {}) };
    const sent = await action.run(() => api.POST('/patients/{patientId}/conversations/{conversation}/messages', { params: { path: where }, body }), `Sent to ${to}.`);
    setSending(false);
    if (sent) {
      setText('');
      setVideoLink('');
    }
  };
  return (
    <form onSubmit={(e) => void send(e)} noValidate>
      <h2 class="nhsuk-heading-m">Write a message</h2>
      <ErrorSummary
        error={action.error}
        fieldIds={{ 'body.text': 'message-text', 'body.videoLink': 'message-video' }}
        names={{ 'body.text': 'Your message', 'body.videoLink': 'The video call link' }}
      />
      <Saved message={action.saved} />
      <CharacterCount id="message-text" label={`Your message to ${to}`} value={text} onInput={setText} max={MAX_CHARS} error={action.error} field="body.text" />
      {whose === 'theirs' && (
        <Field
          id="message-video"
          label="Video call link (optional)"
          hint={videoHosts.length > 0 ? `A link to a room on ${videoHosts.join(' or ')}, starting https://` : 'This borough has no video call service: a link cannot be sent.'}
          error={action.error}
          field="body.videoLink"
        >
          {(props) => <input class="nhsuk-input" type="url" inputMode="url" autoComplete="off" spellcheck={false} value={videoLink} onInput={(e) => setVideoLink(e.currentTarget.value)} {...props} />}
        </Field>
      )}
      <button class="nhsuk-button" type="submit" disabled={sending}>
        Send
      </button>
    </form>
  );
};
