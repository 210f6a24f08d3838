import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Grant, Grantee, Scope } from '../../shared/domain/grant';
import type { CrisisPlanContent } from '../../shared/domain/crisis-plan';
import { toGrantItem } from '../../shared/store/grants-repository';
import { crisisPlanKey } from '../../shared/store/crisis-plan-repository';
import { nhsNumberKey, patientPartition } from '../../shared/store/keys';
import type { Author, Goal, Plan, Rag } from '../../shared/domain/plan';
import { commentSk, planKey, ragSk } from '../../shared/store/plan-repository';
import { financialYear } from '../../shared/domain/phb';
import { changeOf, type BudgetMovement } from '../../shared/domain/budget-ledger';
import { toMovementItem } from '../../shared/store/budget-ledger-repository';
import { budgetKey } from '../../shared/store/phb-repository';
import type { BoroughRuntime } from './platform';
import { demoPerson, demoUsers } from './demo-users';
import { directoryUserItem } from '../../shared/store/directory-repository';
import { emptySummary, withReqol } from '../../shared/domain/health';
import { inClinicalRange, reqolTotal } from '../../shared/domain/reqol';
import { putReqolItem, summaryKey, type ReqolResponse } from '../../shared/store/measurements-repository';
import { required } from '../required';
import type { Appointment } from '../../shared/domain/appointments';
import { addDays, dayOf } from '../../shared/domain/reviews';
import { appointmentIdOf, putAppointmentItem } from '../../shared/store/appointments-repository';
import { demoProgrammeItems } from './library-seed';

const SEEDED_AT = '2026-01-05T09:00:00.000Z';

/** Sally's petals, as in the design: her plan with miriam and coach, her crisis plan with paramedics. */
const SALLY_GRANTS: { id: string; grantee: Grantee; scopes: Scope[]; note?: string }[] = [
  { id: 'seed-sally-miriam', grantee: { type: 'person', userId: 'miriam' }, scopes: ['plan:read', 'plan:contribute', 'crisis-plan:read', 'health:read', 'messages'], note: 'my psychotherapist' },
  { id: 'seed-sally-coach', grantee: { type: 'person', userId: 'coach' }, scopes: ['plan:read', 'health:read'], note: 'Core Sport coach' },
  { id: 'seed-sally-emergency', grantee: { type: 'emergency' }, scopes: ['crisis-plan:read'] },
  { id: 'seed-sally-gp', grantee: { type: 'organisation', org: 'beechwood-practice' }, scopes: ['health:read', 'health:contribute'], note: 'my GP practice' },
];

const demoPatient = (id: string) => demoUsers('city-and-hackney').find((u) => u.id === id);
const nhsNumberOf = (id: string): string => required(demoPatient(id)?.nhsNumber, `the NHS number of ${id}`);
const birthDateOf = (id: string): string => required(demoPatient(id)?.birthDate, `the date of birth of ${id}`);

/** The demo patients' NHS numbers, from the range reserved for testing (999...): never a real person's. */
export const DEMO_NHS_NUMBERS: Readonly<Record<'sally' | 'andre', string>> = { sally: nhsNumberOf('sally'), andre: nhsNumberOf('andre') };
/** Their dates of birth, which a GP system gives with the NHS number. */
export const DEMO_BIRTH_DATES: Readonly<Record<'sally' | 'andre', string>> = { sally: birthDateOf('sally'), andre: birthDateOf('andre') };

/** Synthetic words, written for the demo: no real person's. */
const SALLY_CRISIS_PLAN: CrisisPlanContent = {
  warningSigns: ['Sleeping less than four hours', 'Stopping going out', 'Hearing critical voices more often'],
  whatHelps: ['A walk along the canal', 'Talking to my sister', 'Music with headphones'],
  whatToAvoid: ['Crowded places', 'Being told to calm down'],
  contacts: [
    { name: 'Jo (sister)', relationship: 'sister', phone: '07700 900461' },
    { name: 'Crisis line', relationship: 'ELFT crisis line', phone: '0800 073 0003' },
  ],
  medicationNotes: 'Takes medication in the evening; check the GP record for the current list.',
};

const SALLY: {
  sections: Plan['sections'];
  goals: {
    id: string;
    category: Goal['category'];
    description: string;
    targetDate?: string;
    steps: [string, Author][];
    history: [Rag, string | undefined, number][];
    comments?: [string, Author, number][];
  }[];
} = {
  sections: {
    whatMattersToMe: 'My dog Biscuit, my sister Jo, and getting back to painting.',
    whatHelpsMeStayWell: 'Walking by the canal in the morning, a regular bedtime, music.',
    mySupportNetwork: 'Jo (sister), Miriam (psychotherapist), the Core Sport Tuesday group.',
  },
  goals: [
    {
      id: 'seed-goal-walk',
      category: 'physical',
      description: 'Walk to Victoria Park twice a week',
      targetDate: '2027-03-31',
      steps: [
        ['Put my trainers by the door', { userId: 'sally', asPatient: true }],
        ['Try the Core Sport Tuesday walking group', { userId: 'miriam', org: 'elft', asPatient: false }],
      ],
      history: [
        ['orange', 'Only managed once', 21],
        ['green', 'Went twice with Jo', 14],
        ['green', undefined, 7],
      ],
      comments: [['Going with Jo sounds like it really helped. Shall we talk about the Tuesday group next time?', { userId: 'miriam', org: 'elft', asPatient: false }, 13]],
    },
    {
      id: 'seed-goal-sleep',
      category: 'mental',
      description: 'Sleep at least seven hours most nights',
      steps: [['No phone after 11pm', { userId: 'sally', asPatient: true }]],
      history: [
        ['red', 'Bad week, hardly sleeping', 20],
        ['orange', 'A bit better', 10],
        ['orange', undefined, 3],
      ],
    },
    {
      id: 'seed-goal-paint',
      category: 'social',
      description: 'Join the community art class',
      steps: [],
      history: [['green', 'Signed up for January', 5]],
    },
  ],
};

/** Puts an item unless it exists: seeding a kept database (`--data`) never undoes what people changed. */
const putOnce = async (runtime: BoroughRuntime, item: Record<string, unknown>): Promise<boolean> => {
  try {
    await runtime.deps.store.doc.send(new PutCommand({ TableName: runtime.deps.store.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    return false;
  }
};

/**
 * Seeds a borough: its directory of users with fixed ids, and for the demo borough Sally's grants and
 * crisis plan. Idempotent.
 */
export const seedBorough = async (runtime: BoroughRuntime): Promise<void> => {
  const { config, deps } = runtime;
  await deps.store.doc.send(
    new BatchWriteCommand({
      RequestItems: {
        [deps.store.tableName]: demoUsers(config.id).map((u, i) => ({ PutRequest: { Item: directoryUserItem(config.id, demoPerson(u, i)) } })),
      },
    }),
  );
  for (const u of demoUsers(config.id)) if (u.nhsNumber) await putOnce(runtime, { ...nhsNumberKey(config.id, u.nhsNumber), entity: 'nhs-number', patientId: u.id });
  if (config.id !== 'city-and-hackney') return;
  for (const g of SALLY_GRANTS) {
    const grant: Grant = {
      grantId: g.id,
      patientId: 'sally',
      grantee: g.grantee,
      scopes: g.scopes,
      startsAt: SEEDED_AT,
      ...(g.note ? { note: g.note } : {}),
      createdAt: SEEDED_AT,
      updatedAt: SEEDED_AT,
      version: 1,
    };
    await putOnce(runtime, toGrantItem(config.id, grant));
  }
  // The borough's library of programmes (docs/library.md): each programme with its history.
  for (const { programme, created } of demoProgrammeItems(config.id)) if (await putOnce(runtime, programme)) await putOnce(runtime, created);
  await putOnce(runtime, { ...crisisPlanKey(config.id, 'sally'), entity: 'crisis-plan', ...SALLY_CRISIS_PLAN, patientId: 'sally', version: 1, updatedAt: SEEDED_AT });
  await seedSallysPlan(runtime, deps.clock());
  await seedSallysReqol(runtime, deps.clock());
  await seedSallysAppointments(runtime, deps.clock());
  // Sally's personal health budget for this financial year, at the borough's default allocation.
  const fy = financialYear(deps.clock());
  const allocation = config.phb.defaultAllocationPence;
  const budgetSeeded = await putOnce(runtime, {
    ...budgetKey(config.id, 'sally', fy),
    entity: 'budget',
    patientId: 'sally',
    financialYear: fy,
    allocatedPence: allocation,
    committedPence: 0,
    spentPence: 0,
    remainingPence: allocation,
    version: 1,
  });
  // Its first line on her statement, as an advisor's allocation would write it.
  if (budgetSeeded) {
    const movement: BudgetMovement = {
      movementId: `seed-allocation-${fy}`,
      financialYear: fy,
      at: SEEDED_AT,
      by: 'advisor',
      kind: 'allocated',
      change: changeOf.allocated({ allocatedPence: 0 }, allocation),
      reason: "The borough's standard allocation for the year",
    };
    await putOnce(runtime, toMovementItem(config.id, 'sally', movement));
  }
};

/** Sally's plan: three goals, steps by her and by miriam, some weeks of RAG history and a comment. */
const seedSallysPlan = async (runtime: BoroughRuntime, now: Date): Promise<void> => {
  const borough = runtime.config.id;
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
  const goals: Plan['goals'] = {};
  const history: Record<string, unknown>[] = [];
  SALLY.goals.forEach((g, index) => {
    const rag = g.history.map(([status, note, days], i) => ({
      updateId: `${g.id}-u${i + 1}`,
      goalId: g.id,
      status,
      ...(note ? { note } : {}),
      at: daysAgo(days),
      by: { userId: 'sally', asPatient: true },
    }));
    const latest = rag.at(-1);
    goals[g.id] = {
      goalId: g.id,
      category: g.category,
      description: g.description,
      ...(g.targetDate ? { targetDate: g.targetDate } : {}),
      status: 'active',
      ...(latest ? { rag: { status: latest.status, at: latest.at, updateId: latest.updateId } } : {}),
      steps: g.steps.map(([text, addedBy], i) => ({ stepId: `${g.id}-s${i + 1}`, text, done: false, addedBy, addedAt: daysAgo(28) })),
      createdAt: daysAgo(30),
      order: index + 1,
    };
    for (const update of rag) history.push({ pk: patientPartition(borough, 'sally'), sk: ragSk(g.id, update.at, update.updateId), entity: 'rag-update', ...update });
    (g.comments ?? []).forEach(([text, by, days], i) => {
      const comment = { commentId: `${g.id}-c${i + 1}`, goalId: g.id, text, at: daysAgo(days), by };
      history.push({ pk: patientPartition(borough, 'sally'), sk: commentSk(g.id, comment.at, comment.commentId), entity: 'comment', ...comment });
    });
  });
  const plan: Plan = { patientId: 'sally', sections: SALLY.sections, goals, version: 1, updatedAt: daysAgo(3) };
  // Only a new plan gets its history: a kept database (`--data`) is seeded once.
  if (!(await putOnce(runtime, { ...planKey(borough, 'sally'), entity: 'plan', ...plan }))) return;
  for (const item of history) await putOnce(runtime, item);
};

/** Two ReQoL-10 responses of Sally's, months apart, the second a reliable improvement; with her health summary. */
const seedSallysReqol = async (runtime: BoroughRuntime, now: Date): Promise<void> => {
  const { config, deps } = runtime;
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
  const responses: ReqolResponse[] = (
    [
      ['seed-reqol-1', [2, 1, 2, 2, 1, 2, 2, 2, 1, 2], 120],
      ['seed-reqol-2', [3, 2, 2, 3, 2, 3, 2, 3, 2, 3], 30],
    ] as const
  ).map(([responseId, scores, days]) => {
    const total = reqolTotal(scores);
    return { responseId, patientId: 'sally', scores: [...scores], total, clinicalRange: inClinicalRange(total, config.reqol), at: daysAgo(days) };
  });
  const summary = responses.reduce(withReqol, emptySummary('sally'));
  // Only with a new summary: a kept database (`--data`) is seeded once.
  if (!(await putOnce(runtime, { ...summaryKey(config.id, 'sally'), entity: 'health-summary', ...summary }))) return;
  for (const r of responses) await putOnce(runtime, required(putReqolItem(deps.store, config.id, r).Put?.Item, 'item of a ReQoL put'));
};

/** Synthetic appointments, as ELFT's and Beechwood's systems would send them: two to come and one past, dated from today. */
const SALLY_APPOINTMENTS: { org: string; id: string; days: number; start: string; minutes: number; status: Appointment['status']; where: Partial<Appointment> }[] = [
  {
    org: 'elft',
    id: 'seed-appt-1',
    days: 3,
    start: '10:30',
    minutes: 50,
    status: 'booked',
    where: { location: 'Mile End Hospital, Bancroft Road, London E1 4DG', role: 'Psychotherapist', practitioner: 'Miriam Okafor', what: 'Psychotherapy session' },
  },
  {
    org: 'beechwood-practice',
    id: 'seed-appt-2',
    days: 10,
    start: '14:00',
    minutes: 15,
    status: 'booked',
    where: { videoUrl: 'https://video.recovery.example.nhs.uk/room/beechwood-2', role: 'GP', what: 'Annual physical health check review' },
  },
  {
    org: 'elft',
    id: 'seed-appt-3',
    days: -14,
    start: '10:30',
    minutes: 50,
    status: 'fulfilled',
    where: { location: 'Mile End Hospital, Bancroft Road, London E1 4DG', role: 'Psychotherapist', practitioner: 'Miriam Okafor', what: 'Psychotherapy session' },
  },
];

const seedSallysAppointments = async (runtime: BoroughRuntime, now: Date): Promise<void> => {
  const borough = runtime.config.id;
  const sourceSystem = 'https://demo.recovery.example.nhs.uk/appointments';
  for (const a of SALLY_APPOINTMENTS) {
    const start = new Date(`${addDays(dayOf(now), a.days)}T${a.start}:00.000Z`);
    const appointment: Appointment = {
      appointmentId: appointmentIdOf(borough, a.org, sourceSystem, a.id),
      patientId: 'sally',
      org: a.org,
      sourceSystem,
      sourceId: a.id,
      status: a.status,
      start: start.toISOString(),
      end: new Date(start.getTime() + a.minutes * 60_000).toISOString(),
      ...a.where,
      sequence: 0,
      createdAt: SEEDED_AT,
      updatedAt: SEEDED_AT,
    };
    const item = putAppointmentItem(runtime.deps.store, borough, appointment, undefined).Put?.Item;
    if (item) await putOnce(runtime, item);
  }
};
