import { changeProgramme, newProgramme, programmeLinkProblem, searchProgrammes, type Programme } from '../../shared/domain/library';
import { AGGREGATE, contributionOf, programmeFacts, emptyFacts } from '../../shared/domain/outcomes';
import type { Goal } from '../../shared/domain/plan';

const BY = { userId: 'operator', name: 'Grace Adeyemi' };
const AT = '2026-11-30T10:00:00.000Z';
const INPUT = { name: 'Café cooking club', provider: 'core-sport', category: 'diet', offers: 'Cooking together', forWhom: 'Anyone', howToJoin: 'Drop in', link: 'https://x.example/' } as const;
const programme = (id: string, more: Partial<Programme> = {}): Programme & { providerName: string } => ({
  ...newProgramme(id, INPUT, AT, BY).programme,
  providerName: 'Core Sport',
  ...more,
});

describe('the library rules', () => {
  it.each([
    ['https://core-sport.example/walk', undefined],
    ['http://core-sport.example/walk', 'must be an https link'],
    ['javascript:alert(1)', 'must be an https link'],
    ['https://user:pw@core-sport.example/', 'must not hold a user name or password'],
    ['https://core-sport.example:8443/', 'must not name a port'],
    ['https://core sport.example/', 'must be a plain web address: no spaces, backslashes, control or non-ASCII characters'],
  ])('a link %s is %s', (link, problem) => {
    expect(programmeLinkProblem(link)).toBe(problem);
  });

  it('records only the fields a change changed, names a retirement and a return, and nothing for a change that changes nothing', () => {
    // Prepare
    const current = newProgramme('p1', INPUT, AT, BY).programme;

    // Act
    const retired = changeProgramme(current, { status: 'retired', name: current.name }, AT, BY);
    const restored = retired && changeProgramme(retired.programme, { status: 'active' }, AT, BY);
    const nothing = changeProgramme(current, { name: current.name }, AT, BY);

    // Assess
    expect(retired?.entry).toMatchObject({ action: 'retired', version: 2, byName: 'Grace Adeyemi', changes: [{ field: 'status', from: 'active', to: 'retired' }] });
    expect(restored?.entry.action).toBe('restored');
    expect(nothing).toBeUndefined();
  });

  it('finds every word, ignoring case and accents, in the name, provider or offer, and hides retired programmes unless asked', () => {
    // Prepare
    const all = [programme('a'), programme('b', { name: 'Choir', offers: 'Singing', status: 'retired' })];

    // Act and assess
    expect(searchProgrammes(all, { q: 'CAFE core' }, false).map((p) => p.programmeId)).toEqual(['a']);
    expect(searchProgrammes(all, { q: 'singing' }, false)).toEqual([]);
    expect(searchProgrammes(all, { q: 'singing' }, true).map((p) => p.programmeId)).toEqual(['b']);
    expect(searchProgrammes(all, { category: 'arts' }, true)).toEqual([]);
  });

  it("counts a patient once per programme her plan's steps are about, in the uptake aggregate", () => {
    // Prepare
    const step = (programmeId?: string) => ({
      stepId: 's',
      text: 't',
      done: false,
      addedBy: { userId: 'p', asPatient: true },
      addedAt: AT,
      ...(programmeId ? { programme: { programmeId, name: 'n', link: 'https://x.example/' } } : {}),
    });
    const goals = [{ steps: [step('walk'), step(), step('walk')] }, { steps: [step('calm')] }] as unknown as Goal[];

    // Act
    const facts = { ...emptyFacts(), ...programmeFacts(goals) };

    // Assess
    expect(facts.programmes).toEqual(['calm', 'walk']);
    expect(contributionOf(facts, { clinicalCutoff: 24, reliableChange: 5 }).get(AGGREGATE.uptake)).toEqual({ 'programme#calm': 1, 'programme#walk': 1 });
    expect(programmeFacts([])).toEqual({});
  });
});
