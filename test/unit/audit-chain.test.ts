import { chainEntry, GENESIS_HASH, verifyChain, type AuditEntry, type AuditFacts } from '../../shared/domain/audit';

const facts = (i: number): AuditFacts => ({
  at: new Date(Date.UTC(2026, 10, 23, 12, i)).toISOString(),
  patientId: 'sally',
  actorId: 'miriam',
  actorOrg: 'elft',
  actorRoles: ['clinician'],
  action: 'crisis-plan:read',
  operation: 'GET /patients/{patientId}/crisis-plan',
  decision: 'allow',
  reason: 'grant',
  grantId: 'g1',
});

const chain = (length: number): AuditEntry[] => {
  const entries: AuditEntry[] = [];
  let head = { seq: 0, hash: GENESIS_HASH };
  for (let i = 0; i < length; i++) {
    const entry = chainEntry(facts(i), head);
    entries.push(entry);
    head = { seq: entry.seq, hash: entry.hash };
  }
  return entries;
};
const headOf = (entries: AuditEntry[]) => ({ seq: entries.at(-1)!.seq, hash: entries.at(-1)!.hash });

describe('audit hash chain', () => {
  it('links each entry to the one before', () => {
    const entries = chain(3);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(verifyChain(entries, headOf(entries))).toEqual([]);
  });

  it('an empty chain with no head is sound', () => {
    expect(verifyChain([], undefined)).toEqual([]);
  });

  it('detects an edited entry', () => {
    const entries = chain(4);
    const edited = entries.map((e) => (e.seq === 2 ? { ...e, decision: 'deny' as const } : e));
    expect(verifyChain(edited, headOf(entries))).toEqual([{ seq: 2, problem: 'edited' }]);
  });

  it('detects an entry edited with its hash recomputed (the next link breaks)', () => {
    const entries = chain(4);
    const forged = chainEntry({ ...facts(1), actorId: 'someone-else' }, { seq: 1, hash: entries[0]!.hash });
    const tampered = entries.map((e) => (e.seq === 2 ? forged : e));
    expect(verifyChain(tampered, headOf(entries))).toEqual([{ seq: 3, problem: 'broken-link' }]);
  });

  it('detects a removed entry in the middle', () => {
    const entries = chain(4);
    expect(
      verifyChain(
        entries.filter((e) => e.seq !== 2),
        headOf(entries),
      ),
    ).toEqual(expect.arrayContaining([{ seq: 2, problem: 'missing' }]));
  });

  it('detects a removed last entry against the head', () => {
    const entries = chain(4);
    expect(verifyChain(entries.slice(0, 3), headOf(entries))).toEqual([{ seq: 4, problem: 'head-mismatch' }]);
  });
});
