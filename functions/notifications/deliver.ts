import type { DynamoDBRecord } from 'aws-lambda';
import { careTeamWith, channelsFor, RULES, type Audience, type DirectoryUser } from '../../shared/domain/notifications';
import type { MessageSender } from '../../shared/events/messages';
import { claimMessage, confirmMessage, readPreferences } from '../../shared/store/channel-repository';
import { queueForDigest } from '../../shared/store/digest-repository';
import type { DomainEvent } from '../../shared/events/outbox';
import type { Deps } from '../../shared/runtime/deps';
import { listDirectory } from '../../shared/store/directory-repository';
import { listGrants } from '../../shared/store/grants-repository';
import { deliverToInbox, notificationIdFor } from '../../shared/store/inbox-repository';
import { streamedItem } from '../../shared/store/stream-records';

/** The outbox event a stream record carries, or undefined for any other item. */
export const outboxEventOf = (record: DynamoDBRecord): DomainEvent | undefined => {
  const item = streamedItem(record);
  return item?.entity === 'outbox' ? (item as unknown as DomainEvent) : undefined;
};

/** The people an audience means for this event, with consent read now. */
const resolve = async (deps: Deps, event: DomainEvent, audience: Audience, directory: () => Promise<DirectoryUser[]>): Promise<string[]> => {
  const borough = deps.config.borough.id;
  const patientId = typeof event.data.patientId === 'string' ? event.data.patientId : undefined;
  switch (audience.kind) {
    case 'patient':
      return patientId ? [patientId] : [];
    case 'grantee': {
      if (event.data.granteeType === 'person') return [String(event.data.granteeId)];
      if (event.data.granteeType !== 'organisation') return [];
      return (await directory()).filter((u) => u.org === event.data.granteeId && !u.roles.includes('patient')).map((u) => u.userId);
    }
    case 'role':
      return (await directory()).filter((u) => u.roles.includes(audience.role)).map((u) => u.userId);
    case 'care-team-with': {
      if (!patientId) return [];
      const [grants, users] = await Promise.all([listGrants(deps.store, borough, patientId), directory()]);
      return careTeamWith(audience.scope, grants, users, deps.clock()).filter((id) => id !== patientId);
    }
  }
};

/**
 * Delivers one outbox event to the in-app inbox of everyone its rule names, once each: delivering the
 * same event again finds every item there already. Returns who got something new.
 */
export const deliver = async (deps: Deps, event: DomainEvent): Promise<string[]> => {
  const rule = RULES[event.type];
  if (!rule) return [];
  const borough = deps.config.borough.id;
  // The directory is read at most once per event, whichever audiences and channels need it.
  let users: Promise<DirectoryUser[]> | undefined;
  const directory = () => (users ??= listDirectory(deps.store, borough));
  const recipients = [...new Set((await Promise.all(rule.audiences.map((a) => resolve(deps, event, a, directory)))).flat())];
  const note = { notificationId: notificationIdFor(event.occurredAt, event.id), type: event.type, title: rule.title, link: rule.link(event.data), urgent: rule.urgent, at: event.occurredAt };
  const contacts = deps.messages && recipients.length > 0 ? await directory() : [];
  const fresh = await Promise.all(
    recipients.map(async (userId) => {
      const isNew = await deliverToInbox(deps.store, borough, userId, note);
      // Messages after the inbox: a failing channel fails the record, whose retry finds the inbox
      // item there and sends only what was not sent.
      if (deps.messages)
        await sendMessages(
          deps,
          deps.messages,
          event,
          note,
          contacts.find((u) => u.userId === userId),
          userId,
        );
      return isNew ? userId : undefined;
    }),
  );
  return fresh.filter((id): id is string => id !== undefined);
};

/** Email and SMS as the person prefers: urgent at once, the rest at once or into the daily digest. */
const sendMessages = async (
  deps: Deps,
  sender: MessageSender,
  event: DomainEvent,
  note: { title: string; link: string; urgent: boolean },
  contact: DirectoryUser | undefined,
  userId: string,
): Promise<void> => {
  const borough = deps.config.borough.id;
  const prefs = await readPreferences(deps.store, borough, userId);
  const { now, digest } = channelsFor(prefs, note.urgent);
  if (digest) await queueForDigest(deps.store, borough, userId, event.id, event.occurredAt);
  for (const channel of now) {
    const to = channel === 'email' ? contact?.email : contact?.phone;
    if (!to || !(await claimMessage(deps.store, borough, userId, event.id, channel))) continue;
    await sender.send({ channel, to, userId, eventId: event.id, subject: 'Recovery platform', text: `${note.title} Open the app to see: ${note.link}` });
    await confirmMessage(deps.store, borough, userId, event.id, channel);
  }
};
