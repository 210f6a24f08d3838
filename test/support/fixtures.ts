import { EXAMPLE_ALERT_ID } from '../../functions/plans/alert-routes';
import { EXAMPLE_CONVERSATION } from '../../functions/plans/message-routes';
import { EXAMPLE_APPOINTMENT_ID } from '../../functions/measures/appointment-routes';
import { putAppointmentItem } from '../../shared/store/appointments-repository';
import { granteeOfConversation } from '../../shared/domain/messages';
import { conversationKey, putMessageItems } from '../../shared/store/messages-repository';
import type { RedAlert } from '../../shared/domain/red-alerts';
import { putNewAlertItem } from '../../shared/store/alert-repository';
import { BatchWriteCommand, DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { directoryUserKey, listDirectory } from '../../shared/store/directory-repository';
import type { Grant, Grantee, Scope } from '../../shared/domain/grant';
import { toGrantItem } from '../../shared/store/grants-repository';
import { nhsNumberKey, patientPartition, SK } from '../../shared/store/keys';
import type { Store } from '../../shared/runtime/deps';
import type { Plan } from '../../shared/domain/plan';
import { planKey } from '../../shared/store/plan-repository';
import type { Proposal } from '../../shared/domain/proposals';
import { putNewProposal } from '../../shared/store/proposal-repository';
import type { PhbRequest } from '../../shared/domain/phb';
import { putNewRequestItems } from '../../shared/store/phb-repository';
import { personView } from '../../shared/domain/people';
import { loadBoroughs } from '../../infra/boroughs';
import { demoPerson, demoUsers } from '../../infra/local/demo-users';
import { demoProgrammeItems } from '../../infra/local/library-seed';

/**
 * A demo person's name and label as a write made today signs what they write (shared/domain/plan.ts
 * `Author`), so that fixtures look like what the routes write; {} for someone not in the demo.
 */
export const demoSignature = (borough: string, userId: string): { name?: string; label?: string } => {
  const users = demoUsers(borough);
  const index = users.findIndex((u) => u.id === userId);
  const user = users[index];
  if (!user) return {};
  const view = personView(demoPerson(user, index), loadBoroughs().find((b) => b.id === borough)?.organisations ?? []);
  return { name: view.name, label: view.label };
};

const signatures = (borough: string, userId: string): Record<string, { name: string; label: string }> => {
  const { name, label } = demoSignature(borough, userId);
  return name !== undefined && label !== undefined ? { [userId]: { name, label } } : {};
};

export type GrantFixtureState = 'none' | 'active' | 'expired' | 'revoked';

/** A grant as the API would have stored it, in a given state relative to now. */
export const grantFixture = (patientId: string, grantee: Grantee, scopes: Scope[], state: Exclude<GrantFixtureState, 'none'>, grantId = `g-${Math.random().toString(36).slice(2, 10)}`): Grant => {
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    grantId,
    patientId,
    grantee,
    scopes,
    startsAt: iso(now - 86_400_000),
    ...(state === 'expired' ? { endsAt: iso(now - 60_000) } : {}),
    ...(state === 'revoked' ? { revokedAt: iso(now - 60_000) } : {}),
    createdAt: iso(now - 86_400_000),
    updatedAt: iso(now - 60_000),
    version: 1,
  };
};

export const putGrant = (store: Store, borough: string, grant: Grant) => store.doc.send(new PutCommand({ TableName: store.tableName, Item: toGrantItem(borough, grant) }));

/** A plan at version 1 with one goal, `goal-example`, whose step `step-example` miriam added. */
export const putExamplePlan = async (store: Store, borough: string, patientId: string): Promise<void> => {
  const at = new Date().toISOString();
  const plan: Plan = {
    patientId,
    sections: { whatMattersToMe: 'My dog', whatHelpsMeStayWell: 'Walks', mySupportNetwork: 'My sister' },
    goals: {
      'goal-example': {
        goalId: 'goal-example',
        category: 'physical',
        description: 'Walk to the park',
        status: 'active',
        steps: [
          { stepId: 'step-example', text: 'Join the Tuesday group', done: false, addedBy: { userId: 'miriam', org: 'elft', asPatient: false, ...demoSignature(borough, 'miriam') }, addedAt: at },
        ],
        createdAt: at,
        order: 1,
      },
    },
    version: 1,
    updatedAt: at,
  };
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...planKey(borough, patientId), entity: 'plan', ...plan } }));
  // The alert the acknowledgement's example names, as a red update of goal-example raised it (due long ago: a sweep would escalate it).
  const alert: RedAlert = { alertId: EXAMPLE_ALERT_ID, goalId: 'goal-example', updateId: 'alert-example', raisedAt: new Date(1).toISOString(), dueAt: new Date(2).toISOString(), status: 'open' };
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: putNewAlertItem(store, borough, patientId, alert).Put!.Item }));
  // The conversation the message routes' examples name (with coach, whose example grant shares messages), and its first message, from the patient (put again as new).
  const grantee = granteeOfConversation(EXAMPLE_CONVERSATION);
  const message = { seq: 1, sentAt: at, from: { userId: patientId }, fromPatient: true, text: 'Hello', soFar: { fromPatient: 1, fromTeam: 0 }, readBy: {} };
  const [conversation, first] = putMessageItems(store, borough, patientId, grantee, { count: 0, fromPatient: 0, fromTeam: 0 }, message);
  const counters = conversation?.Update?.ExpressionAttributeValues ?? {};
  await store.doc.send(
    new PutCommand({
      TableName: store.tableName,
      Item: {
        ...conversationKey(borough, patientId, grantee),
        entity: 'conversation',
        patientId,
        grantee,
        count: 1,
        fromPatient: 1,
        fromTeam: 0,
        lastAt: at,
        months: counters[':month'] as Set<string>,
      },
    }),
  );
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: first!.Put!.Item }));
  // The appointment the calendar file's example names, as ELFT's system sent it.
  const appointment = putAppointmentItem(
    store,
    borough,
    {
      appointmentId: EXAMPLE_APPOINTMENT_ID,
      patientId,
      org: 'elft',
      sourceSystem: 'https://elft.example.nhs.uk/appointments',
      sourceId: 'A-example',
      status: 'booked',
      start: '2099-12-08T10:30:00.000Z',
      end: '2099-12-08T11:20:00.000Z',
      location: 'Mile End Hospital',
      role: 'Psychotherapist',
      sequence: 0,
      createdAt: at,
      updatedAt: at,
    },
    undefined,
  );
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: appointment.Put!.Item }));
  // The library programme the routes' examples name (a step about it, its change), as the demo seed puts it, at version 1.
  const walking = demoProgrammeItems(borough).find((p) => p.programme.programmeId === 'core-sport-walking');
  if (walking) for (const item of [walking.programme, walking.created]) await store.doc.send(new PutCommand({ TableName: store.tableName, Item: item }));
};

/** An open proposal `proposal-example` of a goal with one step, that miriam made for the patient. */
export const putExampleProposal = (store: Store, borough: string, patientId: string) => {
  const proposal: Proposal = {
    proposalId: 'proposal-example',
    proposal: { kind: 'goal', category: 'social', description: 'Join the allotment group', steps: ['Visit on Saturday'] },
    status: 'proposed',
    proposedBy: { userId: 'miriam', org: 'elft', asPatient: false, ...demoSignature(borough, 'miriam') },
    proposedAt: new Date().toISOString(),
  };
  return store.doc.send(new PutCommand({ TableName: store.tableName, Item: putNewProposal(store, borough, patientId, proposal).Put!.Item }));
};

/** A submitted PHB request `req-example` of the patient, for goal-example, with its lookup. */
export const putExamplePhbRequest = async (store: Store, borough: string, patientId: string) => {
  const request: PhbRequest = {
    requestId: 'req-example',
    patientId,
    category: 'phone',
    item: 'Basic smartphone',
    amountPence: 9900,
    goalId: 'goal-example',
    whyItHelps: 'To join video sessions',
    alternativesConsidered: 'Library computers',
    status: 'submitted',
    submittedBy: { userId: patientId, asPatient: true },
    submittedAt: new Date().toISOString(),
    signatures: signatures(borough, patientId),
    version: 1,
  };
  for (const item of putNewRequestItems(store, borough, request)) await store.doc.send(new PutCommand({ TableName: store.tableName, Item: item.Put!.Item }));
};

/** Removes a patient's data (their audit log stays, as it would in life). */
export const resetPatient = async (store: Store, borough: string, patientId: string): Promise<void> => {
  // The audit log stays (a chain is never cut); it grows by thousands of entries over the access
  // matrix, so the queries read around it (its keys sort between 'AUDIT#' and 'AUDIT$'), not through it.
  const pk = patientPartition(borough, patientId);
  const read = async (condition: string, bound: string) => {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await store.doc.send(
        new QueryCommand({
          TableName: store.tableName,
          KeyConditionExpression: `pk = :pk AND ${condition}`,
          ExpressionAttributeValues: { ':pk': pk, ':bound': bound },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  };
  const auditEnd = `${SK.auditPrefix.slice(0, -1)}${String.fromCharCode(SK.auditPrefix.charCodeAt(SK.auditPrefix.length - 1) + 1)}`;
  const Items = [...(await read('sk < :bound', SK.auditPrefix)), ...(await read('sk >= :bound', auditEnd))];
  const doomed = Items.filter((i) => !String(i.sk).startsWith(SK.auditPrefix) && i.sk !== SK.auditHead);
  for (let i = 0; i < doomed.length; i += 25) {
    await store.doc.send(new BatchWriteCommand({ RequestItems: { [store.tableName]: doomed.slice(i, i + 25).map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } })) } }));
  }
};

/**
 * Forgets a person an invitation made (their entry and NHS number link), so that a test can send the
 * same example invitation again: locally the directory is the account.
 */
export const forgetInvitation = async (store: Store, borough: string, email: string, nhsNumber?: string): Promise<void> => {
  for (const person of await listDirectory(store, borough)) {
    if (person.email === email) await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: directoryUserKey(borough, person.userId) }));
  }
  if (nhsNumber) await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: nhsNumberKey(borough, nhsNumber) }));
};

/**
 * Opens a closed account again, for a test that goes on using the patient (nothing in the platform
 * does this): the directory entry as before the closure; `resetPatient` removes the retention item.
 */
export const reopenAccount = (store: Store, borough: string, patientId: string) =>
  store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: directoryUserKey(borough, patientId),
      UpdateExpression: 'REMOVE closedAt, disabledAt, #status',
      ExpressionAttributeNames: { '#status': 'status' },
    }),
  );
