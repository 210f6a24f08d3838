import * as z from 'zod/mini';
import type { Role } from '../../shared/domain/actor';
import { CrisisPlanBody } from '../../shared/domain/crisis-plan';
import { messageCommunication } from '../../shared/domain/fhir-communication';
import { grantState, expandScopes, granteeKey, type Grant } from '../../shared/domain/grant';
import { GranteeView } from '../../shared/domain/grant-schemas';
import { granteeView } from '../../shared/domain/grantee-view';
import {
  ConversationId,
  conversationIdOf,
  granteeOfConversation,
  likelyReadFrom,
  MAX_MESSAGES_PER_CONVERSATION,
  MessageBody,
  messagingHours,
  normalVideoLink,
  unreadOf,
  videoLinkProblem,
  type ConversationGrantee,
} from '../../shared/domain/messages';
import { personView, PatientBanner, unknownPerson, type Person } from '../../shared/domain/people';
import { UrgentNumber } from '../../shared/domain/red-alerts';
import { workingHoursWords } from '../../shared/domain/working-hours';
import { patientEvent } from '../../shared/events/outbox';
import { pageQuery, type Page } from '../../shared/http/pagination';
import { ForbiddenError, NotFoundError, ProblemError, ValidationProblemError } from '../../shared/http/problem';
import { callerOf } from '../../shared/http/request-actor';
import { jsonResponse } from '../../shared/http/responses';
import { defineRoute, type Route, type RouteContext } from '../../shared/http/route';
import { bannerFrom, callerKey, callerView } from '../../shared/record/named-people';
import { newestFirstPage } from '../../shared/record/patient-lists';
import { patientRecord, type AccessOptions } from '../../shared/record/patient-record';
import { keyId } from '../../shared/store/batch-get';
import { crisisPlanKey, fromCrisisPlanItem } from '../../shared/store/crisis-plan-repository';
import { directoryUserKey, fromDirectoryItem, getPeople } from '../../shared/store/directory-repository';
import { fromGrantItem, grantKey, listGrants } from '../../shared/store/grants-repository';
import {
  conversationKey,
  flagItem,
  fromConversationItem,
  fromMessageItem,
  fromReadMarkItem,
  listConversations,
  listMessagesBetween,
  listReadMarks,
  readMarkId,
  messageKey,
  messagePrefix,
  putMessageItems,
  putReadMarkItem,
  readMarkKey,
  readReceiptItem,
  type Conversation,
  type ReadMark,
  type StoredMessage,
} from '../../shared/store/messages-repository';

type AnyContext = RouteContext<unknown, unknown, unknown>;
type Item = Record<string, unknown>;

/** Who may be in a conversation with a patient, by grant: their care team's staff. */
const STAFF: readonly Role[] = ['clinician', 'phb-advisor'];
const MESSAGES = { kind: 'patient-data', action: 'messages', roles: STAFF } as const;
/** Receipts written by one read at most (a transaction holds 100 items; the audit takes a few). */
const RECEIPTS_PER_READ = 80;

const id = z.string().check(z.regex(/^[A-Za-z0-9._~-]{1,128}$/, 'must be an id'));
const PatientParams = z.strictObject({ patientId: id });
const ConversationParams = z.strictObject({ patientId: id, conversation: ConversationId });
const MessageParams = z.strictObject({ patientId: id, conversation: ConversationId, seq: z.string().check(z.regex(/^[1-9][0-9]{0,9}$/, 'must be a message number')) });
type ConversationParamsT = z.infer<typeof ConversationParams>;
type MessageParamsT = z.infer<typeof MessageParams>;
const MessagesQuery = z.strictObject({ format: z.optional(z.enum(['json', 'fhir'])), ...pageQuery });
const ReadBody = z.strictObject({ upTo: z.int().check(z.minimum(1), z.maximum(MAX_MESSAGES_PER_CONVERSATION)) });
const FlagBody = z.strictObject({ flagged: z.boolean() });

const Named = z.strictObject({ userId: z.string(), name: z.string(), label: z.string() });

export const MessageView = z.strictObject({
  seq: z.int(),
  sentAt: z.string(),
  from: z.extend(Named, { patient: z.boolean() }),
  text: z.string(),
  videoLink: z.optional(z.string()),
  /** Who on the other side read it, and when they first did. */
  readBy: z.array(z.strictObject({ userId: z.string(), name: z.string(), readAt: z.string() })),
  /** A patient's message sent outside the team's working hours: when it will likely be read. */
  likelyReadFrom: z.optional(z.string()),
  /** The care team's follow-up flag (never shown to the patient). */
  flag: z.optional(z.strictObject({ by: Named, at: z.string() })),
});
type MessageViewT = z.infer<typeof MessageView>;

export const ConversationView = z.strictObject({
  conversation: z.string(),
  grantee: GranteeView,
  /** Whether the caller may send in it now (the patient, while the grant shares messages). */
  canSend: z.boolean(),
  unread: z.int(),
  count: z.int(),
  lastAt: z.optional(z.string()),
});
type ConversationViewT = z.infer<typeof ConversationView>;

/** What a patient sees on every conversation: when messages are read, and what to do in a crisis instead. */
const SafetyView = z.strictObject({
  readIn: z.string(),
  crisisContacts: CrisisPlanBody.shape.contacts,
  urgentNumbers: z.array(UrgentNumber),
});

const MessagesPage = z.strictObject({
  items: z.array(MessageView),
  nextCursor: z.optional(z.string()),
  conversation: ConversationView,
  safety: z.optional(SafetyView),
  /** To the care team: the borough's approved video call hosts, the only ones a link may name. */
  videoHosts: z.optional(z.array(z.string())),
  patient: z.optional(PatientBanner),
});
type MessagesPageT = z.infer<typeof MessagesPage>;

/** The decision on one conversation: only the grant to its grantee reaches it. */
const onConversation = (grantee: ConversationGrantee): AccessOptions => ({ resource: () => ({ grantee }) });

const EMPTY: Conversation = { grantee: { type: 'person', userId: '' }, count: 0, fromPatient: 0, fromTeam: 0 };

const sharesMessages = (grant: Grant | undefined, now: Date): boolean => grant !== undefined && grantState(grant, now) === 'active' && expandScopes(grant.scopes).has('messages');

/** People by id, with the directory's whole entry (a grantee's view needs it). */
const peopleOf = async (ctx: AnyContext, ids: Iterable<string>): Promise<Map<string, Person>> => {
  const wanted = [...new Set(ids)].filter((i) => i !== '');
  return wanted.length ? getPeople(ctx.deps.store, ctx.deps.config.borough.id, wanted) : new Map<string, Person>();
};

/** Someone as signed when they acted, or as the directory names them now (never by id). */
const named = (ctx: AnyContext, userId: string, people: ReadonlyMap<string, Person>, signed?: { name?: string; label?: string }): z.infer<typeof Named> => {
  if (signed?.name && signed.label) return { userId, name: signed.name, label: signed.label };
  const person = people.get(userId);
  const { name, label } = person ? personView(person, ctx.deps.config.borough.organisations) : unknownPerson(userId);
  return { userId, name, label };
};

/** A stored message as its reader sees it: people by name; the flag for the care team alone. */
const messageView = (ctx: AnyContext, m: StoredMessage, people: ReadonlyMap<string, Person>, forPatient: boolean): MessageViewT => {
  const hours = messagingHours(ctx.deps.config.borough.messaging, ctx.deps.config.borough.alerts.workingHours);
  const later = m.fromPatient ? likelyReadFrom(new Date(m.sentAt), hours) : undefined;
  return {
    seq: m.seq,
    sentAt: m.sentAt,
    from: { ...named(ctx, m.from.userId, people, m.from), patient: m.fromPatient },
    text: m.text,
    ...(m.videoLink ? { videoLink: m.videoLink } : {}),
    readBy: Object.entries(m.readBy)
      .filter(([reader]) => reader !== m.from.userId)
      .sort(([, a], [, b]) => a.at.localeCompare(b.at))
      .map(([reader, receipt]) => ({ userId: reader, name: named(ctx, reader, people, { name: receipt.name, label: receipt.name }).name, readAt: receipt.at })),
    ...(later ? { likelyReadFrom: later.toISOString() } : {}),
    ...(m.flag && !forPatient ? { flag: { by: named(ctx, m.flag.by.userId, people, m.flag.by), at: m.flag.at } } : {}),
  };
};

type Seen = ReadMark['seen'];

const conversationView = (ctx: AnyContext, c: Conversation, people: ReadonlyMap<string, Person>, seen: Seen | undefined, forPatient: boolean, canSend: boolean): ConversationViewT => ({
  conversation: conversationIdOf(c.grantee),
  grantee: granteeView(c.grantee, people, ctx.deps.config.borough.organisations),
  canSend,
  unread: Math.max(0, unreadOf(c, seen, forPatient)),
  count: c.count,
  ...(c.lastAt ? { lastAt: c.lastAt } : {}),
});

/** What a reader had seen of each side, from their read mark. */
const readerMark = (item: Item | undefined): Seen | undefined => (item ? fromReadMarkItem(item).seen : undefined);

/** The grantees a caller other than the patient talks for: themselves, and their organisation. */
const ownGrantees = (ctx: AnyContext): ConversationGrantee[] => {
  const caller = callerOf(ctx);
  return [{ type: 'person', userId: caller.id }, ...(caller.org ? [{ type: 'organisation' as const, org: caller.org }] : [])];
};

const invalid = (field: string, detail: string): ValidationProblemError => new ValidationProblemError(422, `Invalid input: ${field}.`, [{ field, detail }]);

export const EXAMPLE_CONVERSATION = 'person:coach';

/**
 * Messages between a patient and the people and teams they share `messages` with: one conversation per
 * grantee, in the patient's record (each read and write through it, so consent-checked and audited
 * for the care team). The patient keeps every conversation; a grantee sees theirs only while the grant
 * shares messages. Notifications say only that there is a new message.
 */
export const messageRoutes: readonly Route[] = [
  defineRoute<undefined, Record<string, never>, { patientId: string }, { items: ConversationViewT[]; patient?: z.infer<typeof PatientBanner> }>({
    method: 'GET',
    path: '/patients/{patientId}/conversations',
    summary: "The caller's conversations with the patient (the patient: all of theirs, and whoever they may start one with), each with its unread count",
    tags: ['plans'],
    access: MESSAGES,
    params: PatientParams,
    response: { status: 200, schema: z.strictObject({ items: z.array(ConversationView), patient: z.optional(PatientBanner) }) },
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough.id;
      const now = ctx.deps.clock();
      const caller = callerOf(ctx);
      const record = patientRecord(ctx);
      const forPatient = caller.id === record.patientId;
      const read = await record.list(async (patientId) => {
        const [conversations, grants, marks] = await Promise.all([
          listConversations(ctx.deps.store, borough, patientId),
          listGrants(ctx.deps.store, borough, patientId),
          listReadMarks(ctx.deps.store, borough, patientId),
        ]);
        const grantOf = (g: ConversationGrantee) => grants.find((x) => granteeKey(x.grantee) === granteeKey(g));
        // The patient: every conversation, and every grantee who shares messages now (to start one).
        // Anyone else: only their own and their team's, while the grant shares messages.
        const candidates: ConversationGrantee[] = forPatient
          ? [
              ...conversations.map((c) => c.grantee),
              ...grants.filter((g) => sharesMessages(g, now)).flatMap((g) => (g.grantee.type === 'person' || g.grantee.type === 'organisation' ? [g.grantee] : [])),
            ]
          : ownGrantees(ctx).filter((g) => sharesMessages(grantOf(g), now));
        const unique = [...new Map(candidates.map((g) => [granteeKey(g), g])).values()];
        const mark = (g: ConversationGrantee): Seen | undefined => marks.get(readMarkId(g, caller.id))?.seen;
        return { conversations, unique, grantOf, mark };
      });
      const { conversations, unique, grantOf, mark } = read.data;
      const byKey = new Map(conversations.map((c) => [granteeKey(c.grantee), c]));
      // Staff see only their own conversations: the one person among them is the caller, whose entry the record read.
      const own = forPatient ? undefined : read.item(directoryUserKey(borough, caller.id));
      const people = own
        ? new Map([[caller.id, fromDirectoryItem(own)]])
        : await peopleOf(
            ctx,
            unique.flatMap((g) => (g.type === 'person' ? [g.userId] : [])),
          );
      const items = unique
        .map((g) => {
          const c = byKey.get(granteeKey(g)) ?? { ...EMPTY, grantee: g };
          return conversationView(ctx, c, people, mark(g), forPatient, sharesMessages(grantOf(g), now));
        })
        .sort((a, b) => (b.lastAt ?? '').localeCompare(a.lastAt ?? '') || a.grantee.label.localeCompare(b.grantee.label));
      return { items, ...bannerFrom(ctx, { patientId: record.patientId, item: read.item }) };
    },
  }),
  defineRoute<undefined, z.infer<typeof MessagesQuery>, ConversationParamsT, MessagesPageT | Response>({
    method: 'GET',
    path: '/patients/{patientId}/conversations/{conversation}/messages',
    summary: 'A conversation, newest message first, paginated, with read receipts; to the patient, when messages are read and what to do in a crisis; `format=fhir` gives Communications',
    tags: ['plans'],
    access: MESSAGES,
    params: ConversationParams,
    query: MessagesQuery,
    response: { status: 200, schema: MessagesPage },
    example: { params: { conversation: EXAMPLE_CONVERSATION } },
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough;
      const grantee = granteeOfConversation(ctx.params.conversation);
      const caller = callerOf(ctx);
      const forPatient = (patientId: string) => caller.id === patientId;
      const read = await newestFirstPage(ctx, messagePrefix(grantee), {
        map: fromMessageItem,
        alsoKeys: (patientId) => [
          conversationKey(borough.id, patientId, grantee),
          grantKey(borough.id, patientId, grantee),
          readMarkKey(borough.id, patientId, grantee, caller.id),
          // The grantee's entry, for their name (everyone else in a conversation signed what they did).
          ...(grantee.type === 'person' ? [directoryUserKey(borough.id, grantee.userId)] : []),
          ...(forPatient(patientId) ? [crisisPlanKey(borough.id, patientId)] : []),
        ],
        access: onConversation(grantee),
      });
      const patientId = read.patientId;
      const self = forPatient(patientId);
      const grantItem = read.item(grantKey(borough.id, patientId, grantee));
      // Only someone she has shared with (now or before) has a conversation with her: any other id names nobody to her.
      if (self && !grantItem) throw new NotFoundError('There is no such conversation: you have not shared messages with them.');
      const conversationItem = read.item(conversationKey(borough.id, patientId, grantee));
      const conversation = conversationItem ? fromConversationItem(conversationItem) : { ...EMPTY, grantee };
      if (ctx.query.format === 'fhir') {
        const entries = read.page.items.map((m) => messageCommunication(patientId, grantee, m));
        return jsonResponse(200, { resourceType: 'Bundle', type: 'searchset', entry: entries.map((resource) => ({ resource, search: { mode: 'match' } })) }, {}, 'application/fhir+json');
      }
      const granteeEntry = grantee.type === 'person' ? read.item(directoryUserKey(borough.id, grantee.userId)) : undefined;
      const people = new Map<string, Person>(granteeEntry && grantee.type === 'person' ? [[grantee.userId, fromDirectoryItem(granteeEntry)]] : []);
      const canSend = self ? sharesMessages(grantItem ? fromGrantItem(grantItem) : undefined, ctx.deps.clock()) : true;
      const page: Page<MessageViewT> = { items: read.page.items.map((m) => messageView(ctx, m, people, self)), ...(read.page.nextCursor ? { nextCursor: read.page.nextCursor } : {}) };
      const crisis = self ? fromCrisisPlanItem(patientId, read.item(crisisPlanKey(borough.id, patientId))) : undefined;
      return {
        ...page,
        conversation: conversationView(ctx, conversation, people, readerMark(read.item(readMarkKey(borough.id, patientId, grantee, caller.id))), self, canSend),
        ...(crisis
          ? { safety: { readIn: workingHoursWords(messagingHours(borough.messaging, borough.alerts.workingHours)), crisisContacts: crisis.contacts, urgentNumbers: borough.alerts.urgentNumbers } }
          : { videoHosts: borough.messaging.videoHosts }),
        ...bannerFrom(ctx, read),
      };
    },
  }),
  defineRoute<z.infer<typeof MessageBody>, Record<string, never>, ConversationParamsT, MessageViewT>({
    method: 'POST',
    path: '/patients/{patientId}/conversations/{conversation}/messages',
    summary: 'Sends a message: the patient, to someone they share messages with; a care team member with the grant, to the patient (with a video call link to the borough’s service, if they like)',
    tags: ['plans'],
    access: MESSAGES,
    params: ConversationParams,
    body: MessageBody,
    response: { status: 201, schema: MessageView },
    example: { params: { conversation: EXAMPLE_CONVERSATION }, body: { text: 'Thank you for today.' } },
    handle: async (ctx) => {
      const { deps, body } = ctx;
      const borough = deps.config.borough.id;
      const grantee = granteeOfConversation(ctx.params.conversation);
      const at = deps.clock();
      const sent = await patientRecord(ctx).write(
        (patientId) => [conversationKey(borough, patientId, grantee), grantKey(borough, patientId, grantee), callerKey(ctx)],
        (write) => {
          const grantItem = write.found.get(keyId(grantKey(borough, write.patientId, grantee)));
          if (write.self && !sharesMessages(grantItem ? fromGrantItem(grantItem) : undefined, at)) {
            throw new ProblemError(409, 'conflict', 'Conflict', 'You do not share messages with them now: add "can message me" to their petal to write to them.');
          }
          if (body.videoLink !== undefined) {
            if (write.self) throw invalid('body.videoLink', 'is for the care team: they send the video call link');
            const problem = videoLinkProblem(body.videoLink, deps.config.borough.messaging.videoHosts);
            if (problem) throw invalid('body.videoLink', problem);
          }
          const item = write.found.get(keyId(conversationKey(borough, write.patientId, grantee)));
          const before = item ? fromConversationItem(item) : { ...EMPTY, grantee };
          if (before.count >= MAX_MESSAGES_PER_CONVERSATION) throw new ProblemError(409, 'conflict', 'Conflict', 'This conversation is full: start again in a new one with their team.');
          const me = callerView(ctx, write.found);
          const message: StoredMessage = {
            seq: before.count + 1,
            sentAt: at.toISOString(),
            from: { userId: write.actor.id, ...(me ? { name: me.name, label: me.label } : {}) },
            fromPatient: write.self,
            text: body.text,
            ...(body.videoLink ? { videoLink: normalVideoLink(body.videoLink) } : {}),
            soFar: { fromPatient: before.fromPatient + (write.self ? 1 : 0), fromTeam: before.fromTeam + (write.self ? 0 : 1) },
            readBy: {},
          };
          const event = patientEvent(deps, 'message.sent', write.patientId, message.sentAt, {
            conversation: conversationIdOf(grantee),
            granteeType: grantee.type,
            granteeId: grantee.type === 'person' ? grantee.userId : grantee.org,
            byUserId: write.actor.id,
            fromPatient: write.self,
            seq: message.seq,
          });
          return {
            items: [...putMessageItems(deps.store, borough, write.patientId, grantee, before, message), deps.publisher.outboxItem(event)],
            result: { message, self: write.self },
            // Another message took this place first: plan again with the next one.
            onConditionFailed: () => 'retry',
          };
        },
        onConversation(grantee),
      );
      return messageView(ctx, sent.message, new Map(), sent.self);
    },
  }),
  defineRoute<z.infer<typeof ReadBody>, Record<string, never>, ConversationParamsT, { upTo: number; unread: number }>({
    method: 'POST',
    path: '/patients/{patientId}/conversations/{conversation}/read',
    summary: 'The caller has read the conversation up to message `upTo`: their receipts on the other side’s messages, and their unread count',
    tags: ['plans'],
    access: MESSAGES,
    params: ConversationParams,
    body: ReadBody,
    response: { status: 200, schema: z.strictObject({ upTo: z.int(), unread: z.int() }) },
    example: { params: { conversation: EXAMPLE_CONVERSATION }, body: { upTo: 1 } },
    handle: async (ctx) => {
      const { deps } = ctx;
      const borough = deps.config.borough.id;
      const grantee = granteeOfConversation(ctx.params.conversation);
      const caller = callerOf(ctx);
      const at = deps.clock().toISOString();
      // The messages this read may cover are fetched beside the decision's reads (inside the door).
      let recent: Promise<StoredMessage[]> = Promise.resolve([]);
      return patientRecord(ctx).write(
        (patientId) => {
          recent = listMessagesBetween(deps.store, borough, patientId, grantee, Math.max(0, ctx.body.upTo - RECEIPTS_PER_READ), ctx.body.upTo);
          recent.catch(() => undefined); // awaited in the plan, unless the decision refused first
          return [conversationKey(borough, patientId, grantee), readMarkKey(borough, patientId, grantee, caller.id), callerKey(ctx)];
        },
        async (write) => {
          const item = write.found.get(keyId(conversationKey(borough, write.patientId, grantee)));
          const conversation = item ? fromConversationItem(item) : { ...EMPTY, grantee };
          if (ctx.body.upTo > conversation.count) throw invalid('body.upTo', `must be a message of this conversation (it has ${conversation.count})`);
          const markItem = write.found.get(keyId(readMarkKey(borough, write.patientId, grantee, caller.id)));
          const mark = markItem ? fromReadMarkItem(markItem) : undefined;
          const from = mark?.upTo ?? 0;
          if (ctx.body.upTo <= from) return { items: [], result: { upTo: from, unread: Math.max(0, unreadOf(conversation, mark?.seen, write.self)) } };
          const between = (await recent).filter((m) => m.seq > from);
          const last = between.at(-1);
          if (!last) throw new NotFoundError('There is no such message in this conversation.');
          const me = callerView(ctx, write.found);
          const receipt = { at, ...(me ? { name: me.name } : {}) };
          const theirs = between.filter((m) => m.fromPatient !== write.self && !Object.hasOwn(m.readBy, caller.id));
          return {
            items: [
              putReadMarkItem(deps.store, borough, write.patientId, grantee, { readerId: caller.id, upTo: last.seq, readAt: at, seen: last.soFar }),
              ...theirs.map((m) => readReceiptItem(deps.store, messageKey(borough, write.patientId, grantee, m.seq), caller.id, receipt)),
            ],
            result: { upTo: last.seq, unread: Math.max(0, unreadOf(conversation, last.soFar, write.self)) },
            onConditionFailed: () => 'retry',
          };
        },
        onConversation(grantee),
      );
    },
  }),
  defineRoute<z.infer<typeof FlagBody>, Record<string, never>, MessageParamsT, MessageViewT>({
    method: 'PUT',
    path: '/patients/{patientId}/conversations/{conversation}/messages/{seq}/flag',
    summary: 'A care team member flags a message for follow-up within their team, or clears the flag (the patient never sees it)',
    tags: ['plans'],
    access: MESSAGES,
    params: MessageParams,
    body: FlagBody,
    response: { status: 200, schema: MessageView },
    example: { params: { conversation: EXAMPLE_CONVERSATION, seq: '1' }, body: { flagged: true } },
    handle: async (ctx) => {
      const { deps } = ctx;
      const borough = deps.config.borough.id;
      const grantee = granteeOfConversation(ctx.params.conversation);
      const seq = Number(ctx.params.seq);
      const at = deps.clock().toISOString();
      const updated = await patientRecord(ctx).write(
        (patientId) => [messageKey(borough, patientId, grantee, seq), callerKey(ctx)],
        (write) => {
          if (write.self) throw new ForbiddenError('Flags are for the care team’s follow-up: a patient does not flag their own conversation.');
          const found = write.found.get(keyId(messageKey(borough, write.patientId, grantee, seq)));
          if (!found) throw new NotFoundError('There is no such message in this conversation.');
          const me = callerView(ctx, write.found);
          const flag = ctx.body.flagged ? { by: { userId: write.actor.id, ...(me ? { name: me.name, label: me.label } : {}) }, at } : undefined;
          const { flag: _old, ...rest } = fromMessageItem(found);
          const message: StoredMessage = { ...rest, ...(flag ? { flag } : {}) };
          return { items: [flagItem(deps.store, messageKey(borough, write.patientId, grantee, seq), flag)], result: message };
        },
        onConversation(grantee),
      );
      return messageView(ctx, updated, new Map(), false);
    },
  }),
];
