import * as z from 'zod/mini';
import type { Grantee } from './grant';
import { addWorkingHours, WorkingHours } from './working-hours';
import { plainHttpsLink } from './https-link';

/**
 * Messages between a patient and one grantee of theirs (a person, or a team: an organisation), under
 * the `messages` scope. One conversation per grantee; the patient keeps it when the grant ends, the
 * grantee loses all of it at once. The words are the patient's record: never logged, never sent by
 * email, SMS or push (those say only that there is a new message).
 */

/** Long enough for a few paragraphs; a message is not a document. */
export const MESSAGE_MAX_CHARS = 2000;
/** How many messages a conversation keeps taking: far beyond any care relationship, a bound on misuse. */
export const MAX_MESSAGES_PER_CONVERSATION = 100_000;

/** A message's words: trimmed, never blank; line breaks and tabs kept, other control characters and direction overrides refused. */
export const MessageText = z.string().check(
  z.trim(),
  z.minLength(1, 'must say something'),
  z.maxLength(MESSAGE_MAX_CHARS, `must be at most ${MESSAGE_MAX_CHARS} characters`),
  // Control characters, direction overrides and lone surrogates (invalid Unicode) garble what the other side reads.
  z.refine((text) => !/[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u.test(text.replace(/[\r\n\t]/g, ' ')), 'must not hold control characters'),
);

const hostName = z.string().check(z.regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a host name in lower case, e.g. video.example.nhs.uk'));

/** The borough's messaging: its approved video call service(s), and the team's working hours when they are not the alerts'. */
export const MessagingSettings = z.strictObject({
  videoHosts: z._default(z.array(hostName).check(z.maxLength(10)), []),
  workingHours: z.optional(WorkingHours),
});
export type MessagingSettings = z.infer<typeof MessagingSettings>;
export const MESSAGING_DEFAULTS: MessagingSettings = { videoHosts: [] };

export const MessageBody = z.strictObject({
  text: MessageText,
  /** A care team member's video call link: https, on a host the borough approved. */
  videoLink: z.optional(z.string().check(z.maxLength(500))),
});
export type MessageInput = z.infer<typeof MessageBody>;

/** A video call link as it is stored and served: the parsed address, written the one standard way. */
export const normalVideoLink = (link: string): string => new URL(link).href;

/**
 * Why a video call link is refused, or undefined when it is an https link to one of the borough's
 * approved hosts (exactly that host: a look-alike subdomain or a user-info trick is another host).
 * @example videoLinkProblem('https://video.nhs.example/room/1', ['video.nhs.example']) // undefined
 */
export const videoLinkProblem = (link: string, hosts: readonly string[]): string | undefined => {
  const { problem, url } = plainHttpsLink(link);
  if (problem !== undefined) return problem;
  if (hosts.length === 0) return 'cannot be sent: this borough has no approved video call service';
  if (!hosts.includes(url.hostname)) return `must be a link to the borough's video call service (${hosts.join(', ')})`;
  return undefined;
};

/**
 * A conversation as a path names it: `person:<userId>` or `organisation:<org>`, the grantee the patient
 * talks with. Nothing else names one (emergency grants carry no conversation).
 */
export const ConversationId = z.string().check(z.regex(/^(person:[A-Za-z0-9._@+-]{1,128}|organisation:[a-z][a-z0-9-]{1,39})$/, 'must be person:<userId> or organisation:<org>'));

export type ConversationGrantee = Extract<Grantee, { type: 'person' } | { type: 'organisation' }>;

/** The grantee a conversation id names (the id is checked by ConversationId first). */
export const granteeOfConversation = (id: string): ConversationGrantee => {
  const [type, ...rest] = id.split(':');
  const value = rest.join(':');
  return type === 'person' ? { type: 'person', userId: value } : { type: 'organisation', org: value };
};

export const conversationIdOf = (grantee: ConversationGrantee): string => (grantee.type === 'person' ? `person:${grantee.userId}` : `organisation:${grantee.org}`);

/** The working hours a team reads messages in: the borough's messaging hours, else its alert hours. */
export const messagingHours = (messaging: MessagingSettings, alertHours: WorkingHours): WorkingHours => messaging.workingHours ?? alertHours;

/**
 * When a message sent at `sentAt` will likely be read: the start of the next working hours, or
 * undefined when it was sent within them.
 * @example likelyReadFrom(new Date('2026-11-27T19:00:00Z'), hours) // Monday 09:00 London
 */
export const likelyReadFrom = (sentAt: Date, hours: WorkingHours): Date | undefined => {
  const next = addWorkingHours(sentAt, 0, hours);
  return next.getTime() > sentAt.getTime() ? next : undefined;
};

/** A conversation's counters, kept on its summary item in the same transaction as each message. */
export interface ConversationCounts {
  /** Messages in all; the last one's `seq`. */
  count: number;
  fromPatient: number;
  fromTeam: number;
}

/** Who sees what as unread: the patient, the team's messages; a team member, the patient's. */
export const unreadOf = (counts: ConversationCounts, seen: Pick<ConversationCounts, 'fromPatient' | 'fromTeam'> | undefined, readerIsPatient: boolean): number =>
  readerIsPatient ? counts.fromTeam - (seen?.fromTeam ?? 0) : counts.fromPatient - (seen?.fromPatient ?? 0);
