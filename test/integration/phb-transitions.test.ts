import { londonDay, PHB_STATES, type PhbState } from '../../shared/domain/phb';
import { startPhbHarness, type Json, type PhbHarness } from '../support/phb-harness';

type Move = { by: 'advisor'; body: Json } | { by: 'patient'; body: Json };

/** Every move anyone can make on a request, as the API takes it. */
const MOVES: Record<string, () => Move> = {
  approve: () => ({ by: 'advisor', body: { decision: 'approve' } }),
  decline: () => ({ by: 'advisor', body: { decision: 'decline', reason: 'Try the library scheme first' } }),
  'request-info': () => ({ by: 'advisor', body: { decision: 'request-info', question: 'Which model?' } }),
  order: () => ({ by: 'advisor', body: { decision: 'order', supplier: 'Argos', orderReference: 'AB-1', actualCostPence: 900 } }),
  reprice: () => ({ by: 'advisor', body: { decision: 'reprice', amountPence: 1_200, reason: 'The price went up' } }),
  deliver: () => ({ by: 'advisor', body: { decision: 'deliver', deliveredOn: londonDay(new Date()) } }),
  close: () => ({ by: 'advisor', body: { decision: 'close' } }),
  withdraw: () => ({ by: 'patient', body: { action: 'withdraw' } }),
  answer: () => ({ by: 'patient', body: { action: 'answer', answer: 'The cheapest' } }),
  review: () => ({ by: 'patient', body: { action: 'review', helped: 'yes' } }),
};

/** The moves each state allows (docs/phb.md's table), and the state each leads to; every other move is 409. */
const ALLOWED: Record<PhbState, Partial<Record<keyof typeof MOVES, PhbState>>> = {
  submitted: { approve: 'approved', decline: 'declined', 'request-info': 'info-requested', withdraw: 'withdrawn' },
  'info-requested': { decline: 'declined', withdraw: 'withdrawn', answer: 'submitted' },
  approved: { order: 'ordered', reprice: 'submitted', withdraw: 'withdrawn' },
  ordered: { deliver: 'delivered' },
  delivered: { close: 'closed', review: 'closed' },
  declined: {},
  withdrawn: {},
  closed: {},
};

/** The moves that bring a new request of 1,000 pence to each state. */
const PATH_TO: Record<PhbState, (keyof typeof MOVES)[]> = {
  submitted: [],
  'info-requested': ['request-info'],
  approved: ['approve'],
  ordered: ['approve', 'order'],
  delivered: ['approve', 'order', 'deliver'],
  closed: ['approve', 'order', 'deliver', 'close'],
  declined: ['decline'],
  withdrawn: ['withdraw'],
};

describe('every move on a PHB request in every state, on DynamoDB Local', () => {
  let h: PhbHarness;
  beforeAll(async () => {
    h = await startPhbHarness();
  });
  afterAll(() => h.t.stop());

  const make = async (patient: { id: string; goalId: string }, requestId: string, move: keyof typeof MOVES) => {
    const m = MOVES[move]!();
    return m.by === 'advisor' ? h.decide(requestId, m.body) : h.t.call({ method: 'PATCH', path: `/patients/me/phb-requests/${requestId}`, token: h.as(patient.id), body: m.body });
  };

  const cases = PHB_STATES.flatMap((state) => Object.keys(MOVES).map((move) => [state, move] as const));

  it.each(cases)('a %s request, then %s: as the table says, and a refused move changes nothing', async (state, move) => {
    // Prepare: a request brought to the state through the API.
    const p = await h.newPatient(50_000);
    const requestId = ((await h.ask(p, 1_000)).body as Json).requestId as string;
    for (const step of PATH_TO[state]) expect({ step, status: (await make(p, requestId, step)).status }).toEqual({ step, status: 200 });
    const before = { request: await h.items(p.id, 'PHB#'), budget: await h.budget(p.id), lines: await h.items(p.id, 'BUDGETMOVE#') };

    // Act
    const res = await make(p, requestId, move);

    // Assess
    const to = ALLOWED[state][move];
    if (to) {
      expect({ status: res.status, to: (res.body as Json).status }).toEqual({ status: 200, to });
      const b = await h.budget(p.id);
      expect(b.allocatedPence).toBe((b.committedPence as number) + (b.spentPence as number) + (b.remainingPence as number));
    } else {
      expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status: 409, type: 'application/problem+json' });
      expect({ request: await h.items(p.id, 'PHB#'), budget: await h.budget(p.id), lines: await h.items(p.id, 'BUDGETMOVE#') }).toEqual(before);
    }
  });
});
