import { syntheticNhsNumber } from '../../infra/local/synthetic-people';
import { financialYear, londonDay, type PhbRequest } from '../../shared/domain/phb';
import { auditHeadKey } from '../../shared/store/audit-repository';
import { batchGet, keyId } from '../../shared/store/batch-get';
import { batchWriteAll } from '../../shared/store/batch-write';
import { directoryUserItem, putDirectoryUser } from '../../shared/store/directory-repository';
import { putNewRequestItems } from '../../shared/store/phb-repository';
import { startPhbHarness, type Json, type PhbHarness } from '../support/phb-harness';
import { BOROUGH } from '../support/platform';

const PATH = '/borough/phb-purchases.csv';
const HEADINGS = 'NHS number,Category,Supplier,Order reference,Ordered on,Delivered on,Approved (£),Actual cost (£),Returned to budget (£),Status';
/** The words of the requests and goals below that must never reach finance. */
const CLINICAL = ['psychosis', 'hearing voices', 'Stay out of hospital', 'Smartphone', 'Video calls', 'sister'];

/** A CSV file as rows of cells (RFC 4180: quoted cells may hold commas, doubled quotes and line breaks). */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
};

describe('GET /borough/phb-purchases.csv: the year’s purchases for finance', () => {
  let h: PhbHarness;
  let operator: string;
  const FY = financialYear(new Date());
  const today = londonDay(new Date());
  const store = () => h.t.platform.boroughs.get(BOROUGH)!.deps.store;
  const download = (query: string, token = operator) => h.t.call({ method: 'GET', path: PATH, token, query });
  /** A patient with an NHS number in the directory, a goal and a budget. */
  const patient = async (i: number) => {
    const p = await h.newPatient(200_000);
    await putDirectoryUser(store(), BOROUGH, { userId: p.id, roles: ['patient'], name: { given: 'Pat', family: `Finance${i}` }, nhsNumber: syntheticNhsNumber(9_000 + i), birthDate: '1980-01-01' });
    return p;
  };
  const ask = async (p: { id: string }, category: string, amountPence: number) => {
    const goal = await h.t.call({ method: 'POST', path: '/patients/me/goals', token: h.as(p.id), body: { category: 'mental', description: 'Stay out of hospital' } });
    const res = await h.t.call({
      method: 'POST',
      path: `/patients/${p.id}/phb-requests`,
      token: h.as(p.id),
      body: {
        category,
        item: 'Smartphone for my psychosis app',
        amountPence,
        goalId: (goal.body as Json).goalId,
        whyItHelps: 'Video calls when hearing voices',
        alternativesConsidered: "My sister's",
      },
    });
    expect(res.status).toBe(201);
    return String((res.body as Json).requestId);
  };
  const decide = async (requestId: string, body: Json) => expect((await h.decide(requestId, body)).status).toBe(200);

  let laptop: { id: string };
  let phone: { id: string };
  let other: { id: string };
  beforeAll(async () => {
    h = await startPhbHarness();
    operator = await h.t.tokenFor('operator');
    // Bought, delivered: the supplier an advisor typed tries a spreadsheet formula.
    laptop = await patient(1);
    const l = await ask(laptop, 'laptop', 45_000);
    await decide(l, { decision: 'approve' });
    await decide(l, { decision: 'order', supplier: '=HYPERLINK("http://evil.example","Argos")', orderReference: 'INV-1', actualCostPence: 41_999 });
    await decide(l, { decision: 'deliver', deliveredOn: today });
    // Bought, not yet delivered, at the price approved.
    phone = await patient(2);
    const p = await ask(phone, 'phone', 12_000);
    await decide(p, { decision: 'approve' });
    await decide(p, { decision: 'order', supplier: 'Currys, Stratford', orderReference: 'C-2', actualCostPence: 12_000 });
    // Approved and not bought, declined, waiting: none of them is a purchase.
    other = await patient(3);
    await decide(await ask(other, 'gym', 3_000), { decision: 'approve' });
    await decide(await ask(other, 'tablet', 3_000), { decision: 'decline', reason: 'Not for this goal' });
    await ask(other, 'other', 1_000);
  }, 60_000);
  afterAll(() => h.t.stop());

  it('is one row per request bought with the year’s money, oldest order first, in pounds with pence, formulas defused', async () => {
    // Act
    const res = await download(`financialYear=${FY}`);
    // Assess
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="phb-purchases-${FY}-${String((FY + 1) % 100).padStart(2, '0')}.csv"`,
      'cache-control': 'no-store',
    });
    const text = String(res.body);
    expect(text.startsWith(`\uFEFF${HEADINGS}\r\n`)).toBe(true);
    const [, ...rows] = parseCsv(text.slice(1));
    expect(rows).toEqual([
      [formatted(1), 'Laptop', '\'=HYPERLINK("http://evil.example","Argos")', 'INV-1', today, today, '450.00', '419.99', '30.01', 'Delivered'],
      [formatted(2), 'Phone', 'Currys, Stratford', 'C-2', today, '', '120.00', '120.00', '0.00', 'Ordered'],
    ]);
  });

  it('holds no clinical words, no names and no internal ids', async () => {
    const text = String((await download('')).body);
    for (const word of [...CLINICAL, 'Pat', 'Finance1', laptop.id, phone.id, '1980']) expect({ word, found: text.includes(word) }).toEqual({ word, found: false });
  });

  it('puts each patient in it in their access log, and nobody else', async () => {
    await download(`financialYear=${FY}`);
    const financeEntries = async (patientId: string) =>
      ((await h.t.call({ method: 'GET', path: '/patients/me/access-log', token: h.as(patientId), query: 'limit=100' })).body as { items: Json[] }).items.filter((e) => e.action === 'phb:finance');
    for (const p of [laptop, phone]) {
      expect(await financeEntries(p.id)).toEqual(
        expect.arrayContaining([expect.objectContaining({ actorId: 'operator', action: 'phb:finance', operation: `GET ${PATH}`, decision: 'allow', reason: 'phb-process' })]),
      );
    }
    expect(await financeEntries(other.id)).toEqual([]);
  });

  it('answers the financial year asked for, and the current one by default', async () => {
    // Prepare: bought last year (closed after its review), written as the table holds it.
    const last = await patient(4);
    const earlier: PhbRequest = {
      requestId: 'last-year',
      patientId: last.id,
      category: 'therapy-app',
      item: 'psychosis app',
      amountPence: 5_000,
      goalId: last.goalId,
      whyItHelps: 'hearing voices',
      alternativesConsidered: 'None',
      status: 'closed',
      submittedBy: { userId: last.id, asPatient: true },
      submittedAt: `${FY - 1}-05-01T09:00:00.000Z`,
      financialYear: FY - 1,
      order: { supplier: 'App Store', orderReference: 'APP-9', actualCostPence: 4_999, orderedAt: `${FY - 1}-05-02T09:00:00.000Z`, by: 'advisor' },
      deliveredOn: `${FY - 1}-05-02`,
      review: { helped: 'yes', inTheirWords: 'Stay out of hospital', at: `${FY}-01-01T00:00:00.000Z` },
      version: 5,
    };
    await batchWriteAll(
      store(),
      putNewRequestItems(store(), BOROUGH, earlier).map((t) => ({ PutRequest: { Item: t.Put!.Item! } })),
    );
    // Act
    const lastYear = parseCsv(String((await download(`financialYear=${FY - 1}`)).body).slice(1));
    const thisYear = parseCsv(String((await download('')).body).slice(1));
    // Assess
    expect(lastYear.slice(1)).toEqual([[formatted(4), 'Therapy app', 'App Store', 'APP-9', `${FY - 1}-05-02`, `${FY - 1}-05-02`, '50.00', '49.99', '0.01', 'Closed']]);
    expect(thisYear.slice(1).map((r) => r[3])).toEqual(['INV-1', 'C-2']);
    expect(parseCsv(String((await download(`financialYear=${FY + 1}`)).body).slice(1))).toEqual([HEADINGS.split(',')]);
  });

  it('is for operators only, and names a financial year it cannot read', async () => {
    for (const user of ['sally', 'miriam', 'advisor', 'coach']) expect({ user, status: (await download('', h.as(user))).status }).toEqual({ user, status: 403 });
    for (const query of ['financialYear=abc', 'financialYear=1999', 'financialYear=2026.5', 'year=2026']) {
      const res = await download(query);
      expect({ query, status: res.status, type: res.headers['content-type'] }).toEqual({ query, status: 422, type: 'application/problem+json' });
      expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([query.startsWith('year') ? 'query.year' : 'query.financialYear']);
    }
  });

  it('leaves out the operator’s own purchases: nobody acts as staff on their own record', async () => {
    const own = await h.t.issuer.sign({ id: laptop.id, borough: BOROUGH, roles: ['patient', 'operator'] });
    const rows = parseCsv(String((await download('', own)).body).slice(1));
    expect(rows.slice(1).map((r) => r[3])).toEqual(['C-2']);
  });

  it('works for a year of hundreds of patients: each in the file once and audited once', async () => {
    // Prepare: 130 patients, each with a purchase two years back (more than a transaction's 100 items of audit).
    const fy = FY - 2;
    const ids = Array.from({ length: 130 }, (_, i) => `many-${String(i).padStart(3, '0')}`);
    const items = ids.flatMap((id, i) => {
      const request: PhbRequest = {
        requestId: `many-r${i}`,
        patientId: id,
        category: 'gym',
        item: 'Gym',
        amountPence: 10_000 + i,
        goalId: 'g',
        whyItHelps: 'x',
        alternativesConsidered: 'x',
        status: 'delivered',
        submittedBy: { userId: id, asPatient: true },
        submittedAt: `${fy}-06-01T09:00:00.000Z`,
        financialYear: fy,
        order: {
          supplier: 'Better',
          orderReference: `B-${i}`,
          actualCostPence: 10_000,
          orderedAt: `${fy}-06-02T09:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(3, '0')}Z`,
          by: 'advisor',
        },
        deliveredOn: `${fy}-06-03`,
        version: 4,
      };
      return [
        directoryUserItem(BOROUGH, { userId: id, roles: ['patient'], nhsNumber: syntheticNhsNumber(10_000 + i), birthDate: '1990-01-01' }),
        ...putNewRequestItems(store(), BOROUGH, request).map((t) => t.Put!.Item!),
      ];
    });
    await batchWriteAll(
      store(),
      items.map((Item) => ({ PutRequest: { Item } })),
    );
    // Act
    const res = await download(`financialYear=${fy}`);
    // Assess
    expect(res.status).toBe(200);
    const rows = parseCsv(String(res.body).slice(1)).slice(1);
    expect(rows).toHaveLength(130);
    expect(new Set(rows.map((r) => r[0])).size).toBe(130);
    const heads = await batchGet(
      store(),
      ids.map((id) => auditHeadKey(BOROUGH, id)),
    );
    expect(ids.filter((id) => heads.get(keyId(auditHeadKey(BOROUGH, id)))?.seq !== 1)).toEqual([]);
  }, 60_000);
});

/** Patient i's NHS number as the file writes it (3-3-4). */
const formatted = (i: number): string => syntheticNhsNumber(9_000 + i).replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
