import type { DynamoDBRecord } from 'aws-lambda';
import { actorIdOf, careTeamWith, channelsFor, dutyPeopleOf, orgsOf, messageText, RULES, shortTitle, type Audience, type NoticeFacts, type NotificationRule } from '../../shared/domain/notifications';
import { granteeView } from '../../shared/domain/grantee-view';
import { granteeKey, type Grantee } from '../../shared/domain/grant';
import { displayName, isActive, isPatient, personView, type Person } from '../../shared/domain/people';
import type { PushSender } from '../../shared/events/push';
import { pushDelivery, pushEndpointRefusal, pushPayload } from '../../shared/domain/push';
import { deletePushSubscription, listPushSubscriptions, markPushUsed } from '../../shared/store/push-repository';
import { claimMessage, confirmMessage, readPreferences } from '../../shared/store/channel-repository';
import { queueForDigest } from '../../shared/store/digest-repository';
import type { DomainEvent } from '../../shared/events/outbox';
import type { Deps } from '../../shared/runtime/deps';
import { getPeople, listStaff } from '../../shared/store/directory-repository';
import { readGoalTitle } from '../../shared/store/goal-title-repository';
import { readProposalTitle } from '../../shared/store/proposal-repository';
import { listGrants } from '../../shared/store/grants-repository';
import { deliverToInbox, notificationIdFor } from '../../shared/store/inbox-repository';
import { streamedItem } from '../../shared/store/stream-records';

/** The outbox event a stream record carries, or undefined for any other item. */
export const outboxEventOf = (record: DynamoDBRecord): DomainEvent | undefined => {
  const item = streamedItem(record);
  return item?.entity === 'outbox' ? (item as unknown as DomainEvent) : undefined;
};

const patientOf = (event: DomainEvent): string | undefined => (typeof event.data.patientId === 'string' ? event.data.patientId : undefined);

/** The people an audience means for this event, with consent read now; `staff` reads the staff index (never patients) at most once. */
const resolve = async (deps: Deps, event: DomainEvent, audience: Audience, staff: () => Promise<Person[]>): Promise<string[]> => {
  const borough = deps.config.borough.id;
  const patientId = patientOf(event);
  switch (audience.kind) {
    case 'patient':
      return patientId ? [patientId] : [];
    case 'grantee': {
      if (event.data.granteeType === 'person') return [String(event.data.granteeId)];
      if (event.data.granteeType !== 'organisation') return [];
      return (await staff()).filter((u) => u.org === event.data.granteeId && isActive(u)).map((u) => u.userId);
    }
    case 'role':
      return (await staff()).filter((u) => u.roles.includes(audience.role) && isActive(u)).map((u) => u.userId);
    case 'duty-of-orgs':
      return dutyPeopleOf(orgsOf(event.data), await staff()).filter((id) => id !== patientId);
    case 'care-team-with': {
      if (!patientId) return [];
      const [grants, users] = await Promise.all([listGrants(deps.store, borough, patientId), staff()]);
      return careTeamWith(audience.scope, grants, users, deps.clock()).filter((id) => id !== patientId);
    }
    case 'conversation-other-side': {
      if (!patientId) return [];
      if (event.data.fromPatient !== true) return event.data.byUserId === patientId ? [] : [patientId];
      // The patient wrote: whoever the conversation's grant reaches now (a revoked grant reaches nobody).
      const grantee = granteeOf(event.data);
      if (!grantee) return [];
      const [grants, users] = await Promise.all([listGrants(deps.store, borough, patientId), staff()]);
      const theirs = grants.filter((g) => granteeKey(g.grantee) === granteeKey(grantee));
      return careTeamWith('messages', theirs, users, deps.clock()).filter((id) => id !== patientId && id !== event.data.byUserId);
    }
    case 'proposer': {
      // Only while they may still see the plan: a proposer the patient stopped sharing with hears nothing.
      const proposerId = event.data.proposerId;
      if (!patientId || typeof proposerId !== 'string') return [];
      const [grants, users] = await Promise.all([listGrants(deps.store, borough, patientId), staff()]);
      return careTeamWith('plan:read', grants, users, deps.clock()).includes(proposerId) ? [proposerId] : [];
    }
  }
};

/** The grantee an event about a grant names (ids only in the event). */
const granteeOf = (data: DomainEvent['data']): Grantee | undefined => {
  const id = String(data.granteeId);
  if (data.granteeType === 'person') return { type: 'person', userId: id };
  if (data.granteeType === 'organisation') return { type: 'organisation', org: id };
  if (data.granteeType === 'emergency') return { type: 'emergency' };
  return undefined;
};

/** The ids of people an in-app text names, so that one read by key gets them with the recipients. */
const namedIds = (rule: NotificationRule, event: DomainEvent): string[] => {
  const ids: string[] = [];
  const patientId = patientOf(event);
  const actorId = actorIdOf(event.data);
  const grantee = granteeOf(event.data);
  if (rule.facts.includes('patient') && patientId) ids.push(patientId);
  if ((rule.facts.includes('actor') || rule.facts.includes('actorLabel')) && actorId) ids.push(actorId);
  if (rule.facts.includes('grantee') && grantee?.type === 'person') ids.push(grantee.userId);
  return ids;
};

/**
 * What the in-app texts of this event may name, read at delivery: from the people already read by key,
 * and the goal's title from the patient's plan when the rule quotes it.
 */
const noticeFacts = async (deps: Deps, rule: NotificationRule, event: DomainEvent, people: ReadonlyMap<string, Person>): Promise<NoticeFacts> => {
  const { id: borough, organisations } = deps.config.borough;
  const patientId = patientOf(event);
  const patient = patientId ? people.get(patientId) : undefined;
  const actorId = actorIdOf(event.data);
  const actor = actorId ? people.get(actorId) : undefined;
  const grantee = granteeOf(event.data);
  const goalId = typeof event.data.goalId === 'string' ? event.data.goalId : undefined;
  const goal = rule.facts.includes('goal') && patientId && goalId ? await readGoalTitle(deps.store, borough, patientId, goalId) : undefined;
  const proposalId = typeof event.data.proposalId === 'string' ? event.data.proposalId : undefined;
  const proposal = rule.facts.includes('proposal') && patientId && proposalId ? await readProposalTitle(deps.store, borough, patientId, proposalId) : undefined;
  return {
    ...(patient && isPatient(patient) ? { patient: displayName(patient) } : {}),
    ...(actor && !isPatient(actor) ? { actor: displayName(actor), actorLabel: personView(actor, organisations).label } : {}),
    ...(grantee && rule.facts.includes('grantee') ? { grantee: granteeView(grantee, people, organisations).label } : {}),
    ...(goal ? { goal: shortTitle(goal) } : {}),
    ...(proposal ? { proposal: shortTitle(proposal) } : {}),
  };
};

/**
 * Delivers one outbox event to the in-app inbox of everyone its rule names, once each: delivering the
 * same event again finds every item there already. Returns who got something new. The directory is
 * read by key (the recipients and the people the texts name, in one request) and the staff index only
 * where an organisation or a role is the audience: never every patient of the borough.
 */
export const deliver = async (deps: Deps, event: DomainEvent): Promise<string[]> => {
  const rule = RULES[event.type];
  if (!rule) return [];
  const borough = deps.config.borough.id;
  let staffRead: Promise<Person[]> | undefined;
  const staff = () => (staffRead ??= listStaff(deps.store, borough));
  const recipients = [...new Set((await Promise.all(rule.audiences.map((a) => resolve(deps, event, a, staff)))).flat())];
  if (recipients.length === 0) return [];
  const people = await getPeople(deps.store, borough, [...recipients, ...namedIds(rule, event)]);
  const facts = await noticeFacts(deps, rule, event, people);
  const patientId = patientOf(event);
  const fresh = await Promise.all(
    recipients.map(async (userId) => {
      const forPatient = userId === patientId;
      const page = rule.page(event.data, forPatient);
      const note = {
        notificationId: notificationIdFor(event.occurredAt, event.id),
        type: event.type,
        title: rule.inApp(facts, event.data, forPatient),
        link: page,
        urgent: rule.urgent,
        at: event.occurredAt,
      };
      const isNew = await deliverToInbox(deps.store, borough, userId, note);
      // Messages after the inbox: a failing channel fails the record, whose retry finds the inbox
      // item there and sends only what was not sent.
      await sendMessages(deps, event, { title: rule.title, page, urgent: rule.urgent }, people.get(userId), userId);
      return isNew ? userId : undefined;
    }),
  );
  return fresh.filter((id): id is string => id !== undefined);
};

/** Email, SMS and push as the person prefers: urgent at once, the rest at once or (email) into the daily digest. */
const sendMessages = async (deps: Deps, event: DomainEvent, note: { title: string; page: string; urgent: boolean }, contact: Person | undefined, userId: string): Promise<void> => {
  if (!deps.messages && !deps.push) return;
  const borough = deps.config.borough.id;
  const prefs = await readPreferences(deps.store, borough, userId);
  const { now, digest } = channelsFor(prefs, note.urgent);
  if (digest && deps.messages) await queueForDigest(deps.store, borough, userId, event.id, event.occurredAt);
  for (const channel of now) {
    if (channel === 'push') {
      if (deps.push) await sendPushes(deps, deps.push, event, note, userId);
      continue;
    }
    const to = channel === 'email' ? contact?.email : contact?.phone;
    if (!deps.messages || !to || !(await claimMessage(deps.store, borough, userId, event.id, channel))) continue;
    await deps.messages.send({ channel, to, userId, eventId: event.id, subject: 'Recovery platform', text: messageText(deps.config.webOrigin, note.title, note.page) });
    await confirmMessage(deps.store, borough, userId, event.id, channel);
  }
};

/**
 * One push per device of the person, each claimed and confirmed like an email: what the lock screen
 * shows is the SMS's wording (no name, nothing clinical). A device whose push service says it is gone
 * (404, 410) is removed; any other failure fails the record, whose retry sends only to the devices not
 * yet sent to.
 */
const sendPushes = async (deps: Deps, sender: PushSender, event: DomainEvent, note: { title: string; page: string; urgent: boolean }, userId: string): Promise<void> => {
  const borough = deps.config.borough.id;
  const devices = await listPushSubscriptions(deps.store, borough, userId);
  if (devices.length === 0) return;
  if ((await sender.publicKey()) === undefined) {
    deps.observability.logger.warn('push not set up: no VAPID key', { eventId: event.id });
    return;
  }
  const payload = pushPayload(deps.config.webOrigin, note.title, note.page);
  const options = { ...pushDelivery(note.urgent), subject: `mailto:${deps.config.borough.notifications.fromEmail}` };
  for (const device of devices) {
    // Checked again at sending (defence in depth): an address this platform would not accept now is skipped, never called.
    if (pushEndpointRefusal(device.endpoint, deps.config.localPushOrigin) !== undefined) continue;
    const key = `push#${device.subscriptionId}` as const;
    if (!(await claimMessage(deps.store, borough, userId, event.id, key))) continue;
    if ((await sender.send(device, payload, options)) === 'gone') {
      await deletePushSubscription(deps.store, borough, userId, device.subscriptionId);
      continue;
    }
    await confirmMessage(deps.store, borough, userId, event.id, key);
    await markPushUsed(deps.store, borough, userId, device.subscriptionId, deps.clock());
  }
};
