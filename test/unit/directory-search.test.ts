import type { Organisation } from '../../shared/domain/borough-config';
import { DIRECTORY_SEARCH, DirectoryQuery, fixedWindow, isShareablePerson, searchDirectory, searchText } from '../../shared/domain/directory-search';
import type { Person } from '../../shared/domain/people';
import * as z from 'zod/mini';

const ORGS: Organisation[] = [
  { id: 'elft', name: 'East London NHS Foundation Trust', shortName: 'ELFT', kind: 'nhs-trust' },
  { id: 'core-sport', name: 'Core Sport', kind: 'voluntary' },
  { id: 'london-ambulance', name: 'London Ambulance Service', shortName: 'LAS', kind: 'ambulance' },
];
const person = (userId: string, given: string, family: string, extra: Partial<Person> = {}): Person => ({
  userId,
  roles: ['clinician'],
  org: 'elft',
  roleTitle: 'Psychotherapist',
  name: { given, family },
  ...extra,
});
const ids = (q: string, staff: Person[]) => searchDirectory(q, staff, ORGS).items.map((m) => (m.type === 'person' ? m.person.userId : `org:${m.org.id}`));

describe('the directory search', () => {
  it('compares without case, accents or punctuation', () => {
    expect(searchText('  Zoë  O’Brien-Smith ')).toBe('zoe o brien smith');
  });

  it('needs 2 letters or digits, however many other characters are typed', () => {
    expect(z.safeParse(DirectoryQuery, { q: 'ok' }).success).toBe(true);
    for (const q of ['o', ' o ', '--', "'é'", 'x'.repeat(DIRECTORY_SEARCH.maxChars + 1)]) expect(z.safeParse(DirectoryQuery, { q }).success).toBe(false);
  });

  it('finds every word anywhere in a name, role or organisation, those starting a word first', () => {
    const staff = [person('miriam', 'Miriam', 'Okafor'), person('dora', 'Dora', 'Mirza', { roleTitle: 'GP', org: 'core-sport' })];
    expect(ids('mir', staff)).toEqual(['dora', 'miriam']);
    expect(ids('riam', staff)).toEqual(['miriam']);
    expect(ids('okafor psycho', staff)).toEqual(['miriam']);
    expect(ids('core', staff)).toEqual(['org:core-sport', 'dora']);
    expect(ids('okafor core', staff)).toEqual([]);
  });

  it('offers only active care staff and organisations a patient can share with', () => {
    const staff = [
      person('p', 'Ann', 'Okafor', { roles: ['patient'], org: undefined, roleTitle: undefined }),
      person('gone', 'Ben', 'Okafor', { status: 'disabled' }),
      person('ops', 'Cat', 'Okafor', { roles: ['operator'] }),
      person('medic', 'Dan', 'Okafor', { roles: ['paramedic'], org: 'london-ambulance' }),
      person('adv', 'Eve', 'Okafor', { roles: ['phb-advisor'] }),
    ];
    expect(staff.filter(isShareablePerson).map((p) => p.userId)).toEqual(['adv']);
    expect(ids('okafor', staff)).toEqual(['adv']);
    expect(ids('ambulance', staff)).toEqual([]);
  });

  it(`answers at most ${DIRECTORY_SEARCH.maxAnswers}, and says there were more`, () => {
    const staff = Array.from({ length: DIRECTORY_SEARCH.maxAnswers + 1 }, (_, i) => person(`w${i}`, 'Walker', `Number ${i}`));
    const found = searchDirectory('walker', staff, ORGS);
    expect(found.items).toHaveLength(DIRECTORY_SEARCH.maxAnswers);
    expect(found.more).toBe(true);
  });

  it('counts in fixed windows and says when the next one opens', () => {
    expect(fixedWindow({ windowMs: 60_000 }, new Date('2030-01-01T10:00:10.500Z'))).toEqual({ startedAt: Date.parse('2030-01-01T10:00:00.000Z'), retryAfterSeconds: 50 });
    expect(fixedWindow({ windowMs: 60_000 }, new Date('2030-01-01T10:00:59.999Z')).retryAfterSeconds).toBe(1);
  });
});
