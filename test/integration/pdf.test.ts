import { putDirectoryUser } from '../../shared/store/directory-repository';
import { demoSignature } from '../support/fixtures';
import type { Json } from '../support/json';
import { pdfText, type PdfText } from '../support/pdf-text';
import { BOROUGH, startTestPlatform, type TestPlatform, type TestResponse } from '../support/platform';

const CARD = '/patients/me/crisis-plan/card.pdf';
const PLAN = '/patients/me/plan.pdf';
/** The day the plans below are written, and the day they are printed. */
const WRITTEN = new Date('2026-11-03T10:00:00Z');
const PRINTED = new Date('2026-12-01T10:00:00Z');

const CRISIS_PLAN = {
  warningSigns: ['Sleeping less than four hours'],
  whatHelps: ['A walk along the canal', 'Тёплый чай и тишина'],
  whatToAvoid: ['Crowded places', 'Being told to calm down'],
  contacts: [
    { name: 'Jo', relationship: 'sister', phone: '07700 900461' },
    { name: 'Ζωή Παππά', relationship: 'friend', phone: '020 7946 0018' },
  ],
  medicationNotes: 'Evening medication',
};

describe('printable crisis card and recovery plan (PDF)', () => {
  let t: TestPlatform;
  let now = WRITTEN;
  const tokens: Record<string, string> = {};
  const as = (u: string) => tokens[u]!;
  const download = (path: string, user: string) => t.call({ method: 'GET', path, token: as(user) });
  /** The file's bytes (the platform hands them over in base64, as API Gateway takes them). */
  const bytesOf = (res: TestResponse) => {
    expect(res.raw.isBase64Encoded).toBe(true);
    return Buffer.from(res.raw.body ?? '', 'base64');
  };
  const textOf = (res: TestResponse): PdfText => pdfText(bytesOf(res));
  const accessLog = async (patient = 'me') => ((await t.call({ method: 'GET', path: `/patients/${patient}/access-log`, token: as('sally'), query: 'limit=100' })).body as { items: Json[] }).items;

  beforeAll(async () => {
    t = await startTestPlatform({ overrides: { clock: () => now } });
    for (const u of ['sally', 'miriam', 'coach', 'zoya']) tokens[u] = await t.tokenFor(u);
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    await putDirectoryUser(store, BOROUGH, { userId: 'zoya', roles: ['patient'], name: { given: 'Зоя', family: 'Παππά' }, nhsNumber: '9990000034', birthDate: '1990-02-02' });
    const share = async (userId: string, scopes: string[]) =>
      expect((await t.call({ method: 'POST', path: '/patients/me/grants', token: as('sally'), body: { grantee: { type: 'person', userId }, scopes } })).status).toBe(201);
    await share('miriam', ['plan:contribute', 'crisis-plan:read']);
    await share('coach', ['plan:read']);
    expect((await t.call({ method: 'PUT', path: '/patients/me/crisis-plan', token: as('sally'), body: CRISIS_PLAN, headers: { 'if-match': '"0"' } })).status).toBe(200);
    // Her plan: sections, a goal with a green update and its note, her step and Miriam's, Miriam's comment.
    const sections = { whatMattersToMe: 'My dog Biscuit', whatHelpsMeStayWell: 'Walking by the canal', mySupportNetwork: 'Jo, my sister' };
    expect((await t.call({ method: 'PUT', path: '/patients/me/plan', token: as('sally'), body: sections, headers: { 'if-match': '"0"' } })).status).toBe(200);
    const goal = await t.call({ method: 'POST', path: '/patients/me/goals', token: as('sally'), body: { category: 'physical', description: 'Walk to Victoria Park twice a week' } });
    const goalId = String((goal.body as Json).goalId);
    const post = async (path: string, user: string, body: Json) => expect((await t.call({ method: 'POST', path: `/patients/sally/goals/${goalId}/${path}`, token: as(user), body })).status).toBe(201);
    await post('steps', 'sally', { text: 'Put my trainers by the door' });
    await post('steps', 'miriam', { text: 'Try the Tuesday walking group' });
    await post('updates', 'sally', { status: 'green', note: 'A private note about Jo' });
    await post('comments', 'miriam', { text: 'A comment from Miriam' });
    now = PRINTED;
  }, 60_000);
  afterAll(() => t.stop());

  describe('the crisis card', () => {
    let card: PdfText;
    beforeAll(async () => {
      card = textOf(await download(CARD, 'sally'));
    });

    it('is a PDF to save under a name that says what it is and not whose', async () => {
      const res = await download(CARD, 'sally');
      expect(res.status).toBe(200);
      expect(res.headers).toMatchObject({ 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="my-crisis-card.pdf"', 'cache-control': 'no-store' });
      expect(bytesOf(res).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(card.title).toBe('My crisis card');
    });

    it('says whom to call with their numbers, what helps, what to avoid, and the urgent numbers', () => {
      expect(card.text).toContain('Jo (sister): 07700 900461');
      expect(card.text).toContain('Ζωή Παππά (friend): 020 7946 0018');
      for (const line of [...CRISIS_PLAN.whatHelps, ...CRISIS_PLAN.whatToAvoid]) expect(card.text).toContain(line);
      expect(card.text).toContain('NHS 111, option 2 (mental health crisis): 111');
      expect(card.text).toMatch(/Emergency: .*: 999/);
    });

    it('says when the plan was last changed and when the card was printed, on the page and on the card', () => {
      expect(card.text).toContain('Last changed 3 November 2026 · printed 1 December 2026');
      // The instructions, then each side of the card: never a card without its date.
      expect(card.text.split('Last changed 3 November 2026').length - 1).toBeGreaterThanOrEqual(3);
      expect(card.text).not.toContain('more than six months ago');
    });

    it('names the patient as the directory has them, and holds only what the card is for', () => {
      expect(card.text).toContain('Crisis card: Sally Brown');
      for (const left of ['Sleeping less than four hours', 'Evening medication']) expect(card.text).not.toContain(left);
    });

    it('tells the patient to check a plan last changed more than six months ago', async () => {
      now = new Date('2027-06-01T10:00:00Z');
      try {
        const late = textOf(await download(CARD, 'sally'));
        expect(late.text).toContain('Your crisis plan was last changed more than six months ago');
        expect(late.text).toContain('Last changed 3 November 2026 · printed 1 June 2027');
      } finally {
        now = PRINTED;
      }
    });

    it('prints a Cyrillic and Greek name; a character the font lacks is replaced, never a failure', async () => {
      const contacts = [{ name: 'Mum 好 \u{1F9E1}\u200D', phone: '07700 900999' }];
      expect((await t.call({ method: 'PUT', path: '/patients/me/crisis-plan', token: as('zoya'), body: { ...CRISIS_PLAN, contacts }, headers: { 'if-match': '"0"' } })).status).toBe(200);
      const res = await download(CARD, 'zoya');
      expect(res.status).toBe(200);
      const text = textOf(res).text;
      expect(text).toContain('Crisis card: Зоя Παππά');
      expect(text).toContain('Mum \uFFFD');
      expect(text).toContain(': 07700 900999');
    });
  });

  describe('the recovery plan', () => {
    let plan: PdfText;
    beforeAll(async () => {
      plan = textOf(await download(PLAN, 'sally'));
    });

    it('is a PDF named for what it is', async () => {
      const res = await download(PLAN, 'sally');
      expect(res.headers).toMatchObject({ 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="my-recovery-plan.pdf"', 'cache-control': 'no-store' });
      expect(plan.title).toBe('My recovery plan');
    });

    it("has the patient's name, sections, goals with their RAG status in words, steps with who added them, and the dates", () => {
      expect(plan.text).toContain(demoSignature(BOROUGH, 'sally').name);
      for (const words of ['What matters to me My dog Biscuit', 'What helps me stay well Walking by the canal', 'My support network Jo, my sister']) expect(plan.text).toContain(words);
      expect(plan.text).toContain('Walk to Victoria Park twice a week');
      expect(plan.text).toContain('Green: going well (3 November 2026)');
      expect(plan.text).toContain('☐ Put my trainers by the door');
      expect(plan.text).toContain(`☐ Try the Tuesday walking group (added by ${demoSignature(BOROUGH, 'miriam').label})`);
      expect(plan.text).toContain('Last changed 3 November 2026 · printed 1 December 2026 · page 1 of 1');
    });

    it('holds no comments and no notes of updates: only the plan itself', () => {
      expect(plan.text).not.toContain('A private note about Jo');
      expect(plan.text).not.toContain('A comment from Miriam');
    });
  });

  describe('who may print', () => {
    it('staff without the grant get 404, and the refusal is in the access log', async () => {
      expect((await download('/patients/sally/crisis-plan/card.pdf', 'coach')).status).toBe(404);
      expect(await accessLog()).toEqual(expect.arrayContaining([expect.objectContaining({ actorId: 'coach', action: 'crisis-plan:read', decision: 'deny' })]));
    });

    it('staff with the grant get the same file, and their read is in the access log', async () => {
      const res = await download('/patients/sally/crisis-plan/card.pdf', 'miriam');
      expect(res.status).toBe(200);
      expect(textOf(res).text).toContain('Jo (sister): 07700 900461');
      const coachPlan = await download('/patients/sally/plan.pdf', 'coach');
      expect(textOf(coachPlan).text).toContain('Walk to Victoria Park twice a week');
      expect(await accessLog()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ actorId: 'miriam', action: 'crisis-plan:read', decision: 'allow', operation: 'GET /patients/{patientId}/crisis-plan/card.pdf' }),
          expect.objectContaining({ actorId: 'coach', action: 'plan:read', decision: 'allow', operation: 'GET /patients/{patientId}/plan.pdf' }),
        ]),
      );
    });

    it.each(['constructor', '__proto__', 'toString'])('an id like %s is a 404 problem, not a failure', async (id) => {
      for (const path of [`/patients/${id}/crisis-plan/card.pdf`, `/patients/${id}/plan.pdf`]) {
        const res = await download(path, 'miriam');
        expect({ path, status: res.status, type: res.headers['content-type'] }).toEqual({ path, status: 404, type: 'application/problem+json' });
      }
    });

    it('`me` is only for a patient', async () => {
      expect((await download(CARD, 'miriam')).status).toBe(404);
    });
  });
});
