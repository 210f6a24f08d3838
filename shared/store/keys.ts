/** Every key begins with the borough (design decision 1), so that items never cross boroughs. */
export const boroughPrefix = (borough: string): string => `B#${borough}`;

export const patientPartition = (borough: string, patientId: string): string => `${boroughPrefix(borough)}#P#${patientId}`;

/** A borough-wide item that belongs to no patient (health probe, user directory, aggregates). */
export const boroughPartition = (borough: string, name: string): string => `${boroughPrefix(borough)}#${name}`;

/** The partition of a borough's Powertools idempotency records (shared/store/idempotency-records.ts). */
export const idempotencyPartition = (borough: string): string => boroughPartition(borough, 'IDEMPOTENCY');

/** Sort keys inside a patient's partition. */
export const SK = {
  grantPrefix: 'GRANT#',
  auditHead: 'AUDITHEAD',
  auditPrefix: 'AUDIT#',
  crisisPlan: 'CRISISPLAN',
  plan: 'PLAN',
  /** RAG#<goalId>#<at>#<updateId>: a goal's updates, in time order. */
  ragPrefix: 'RAG#',
  /** COMMENT#<goalId>#<at>#<commentId> */
  commentPrefix: 'COMMENT#',
  /** LOG#<at>#<entryId> */
  logPrefix: 'LOG#',
  healthSummary: 'HEALTH',
  /** MEAS#<type>#<at>#<measurementId>: trends of one type in time order. */
  measurementPrefix: 'MEAS#',
  /** REQOL#<at>#<responseId> */
  reqolPrefix: 'REQOL#',
  /** EXT#<source>#<externalId>: marks an imported record, so that a re-send creates nothing. */
  externalPrefix: 'EXT#',
  /** BUDGET#<financial year> */
  budgetPrefix: 'BUDGET#',
  /** BUDGETMOVE#<financial year>#<at>#<movementId>: each movement of a budget's money, with its reason. */
  budgetMovePrefix: 'BUDGETMOVE#',
  /** PHB#<submittedAt>#<requestId> */
  phbPrefix: 'PHB#',
  /** ALERT#<alertId>: a red update's alert until it is answered (the alert id begins with its time). */
  alertPrefix: 'ALERT#',
  /** The plan's next review date, kept apart from the plan so that the reminders' index holds a small item. */
  review: 'REVIEW',
  /** REMINDER#<review date>#<kind>: a review reminder sent (each once). */
  reminderPrefix: 'REMINDER#',
  /** PROPOSAL#<proposalId>: a contributor's proposed goal or section change (ids sort by time). */
  proposalPrefix: 'PROPOSAL#',
  /** What the care team's list shows of the plan (shared/domain/glance.ts), kept from the stream. */
  glance: 'GLANCE',
  /** CONV#<grantee key>: a conversation's counters (shared/store/messages-repository.ts). */
  conversationPrefix: 'CONV#',
  /** MSG#<grantee key>#<seq>: a conversation's messages, in the order sent. */
  messagePrefix: 'MSG#',
  /** READ#<grantee key>#<reader>: how far a reader has read a conversation. */
  readMarkPrefix: 'READ#',
  /**
   * What is left of a closed record once its retention period ran out and the sweep removed it: when,
   * and the final head of its audit chain, so that the anchored audit's check knows the chain was
   * removed by retention, not lost. Nothing personal.
   */
  recordRemoved: 'REMOVED',
  /** The record's retention (docs/records.md): when it was closed, until when it is kept, any legal hold. */
  retention: 'RETENTION',
  /** APPT#<appointmentId>: an appointment a GP or trust system sent (the id comes from its source identifier). */
  appointmentPrefix: 'APPT#',
  /** APPTREMINDER#<appointmentId>#<day>: the day-before reminder of an appointment sent (once per day it is on). */
  appointmentReminderPrefix: 'APPTREMINDER#',
} as const;

/** Open red alerts of the borough by when they are due (the work-queue index): what the escalation sweep reads. */
export const alertsDueKey = (borough: string): string => `${boroughPrefix(borough)}#ALERTS_DUE`;

/** Closed records by the day their retention ends (the work-queue index, sparse: none on hold): what the retention sweep reads. */
export const retentionDueKey = (borough: string): string => `${boroughPrefix(borough)}#RETENTION_DUE`;

/** Where a PHB request id leads: its patient and its key (decisions name only the request). */
export const phbLookupKey = (borough: string, requestId: string): ItemKey => ({ pk: boroughPartition(borough, `PHBREQ#${requestId}`), sk: 'REQUEST' });

/** The advisor queue (the work-queue index): one partition per status, oldest first. */
export const phbQueueKey = (borough: string, status: string): string => `${boroughPrefix(borough)}#PHBQ#${status}`;

/** Plans by next review date (the work-queue index, sparse): the daily reminders' sweep. */
export const reviewIndexKey = (borough: string): string => `${boroughPrefix(borough)}#REVIEWS`;

/** Appointments still to happen by their start (the work-queue index, sparse: none once cancelled): the reminders' sweep. */
export const appointmentsDueKey = (borough: string): string => `${boroughPrefix(borough)}#APPOINTMENTS_DUE`;

/** The borough's staff by name (the work-queue index): who a patient can find to share with, who an organisation's grant reaches. */
export const staffIndexKey = (borough: string): string => `${boroughPrefix(borough)}#STAFF`;

/** Where an NHS number leads: the borough's one patient with it. */
export const nhsNumberKey = (borough: string, nhsNumber: string): ItemKey => ({ pk: boroughPartition(borough, `NHS#${nhsNumber}`), sk: 'PATIENT' });

/** Audit entries sort by sequence: zero-padded so that string order is number order. */
export const auditSk = (seq: number): string => `${SK.auditPrefix}${String(seq).padStart(12, '0')}`;

/** Index key of a grantee, for "whose data was shared with me" (the grantee index). */
export const granteeIndexKey = (borough: string, granteeKey: string): string => `${boroughPrefix(borough)}#GRANTEE#${granteeKey}`;

export interface ItemKey {
  pk: string;
  sk: string;
}

/** Sort keys inside a user's own partition (beside the inbox, preferences and messages sent). */
export const USER_SK = {
  /** PUSH#<subscriptionId>: one of the person's devices subscribed to push (shared/store/push-repository.ts). */
  pushSubscriptionPrefix: 'PUSH#',
} as const;

/** A user's own partition: their notification inbox. */
export const userPartition = (borough: string, userId: string): string => `${boroughPrefix(borough)}#U#${userId}`;

/** The borough's library of programmes, services and apps (docs/library.md): one partition, small enough to read whole. */
export const libraryPartition = (borough: string): string => boroughPartition(borough, 'LIBRARY');

/** A programme of the library. */
export const programmeKey = (borough: string, programmeId: string): ItemKey => ({ pk: libraryPartition(borough), sk: `PROG#${programmeId}` });

/** One change of a programme (CHANGE#<programmeId>#<at>#<version>: in time order), written in the change's own transaction: its history. */
export const programmeChangeKey = (borough: string, programmeId: string, at: string, version: number): ItemKey => ({
  pk: libraryPartition(borough),
  sk: `CHANGE#${programmeId}#${at}#${String(version).padStart(9, '0')}`,
});
