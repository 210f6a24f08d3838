import { auditMacOf, canonicalJson, chainEntry, GENESIS_HASH, unkeyedHash, verifyChain, type AuditEntry, type AuditFacts, type AuditMac } from '../../shared/domain/audit';
import { TEST_AUDIT_MAC as KEY, TEST_KEYRING as KEYS } from '../support/audit-key';

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

const chain = (length: number, key: AuditMac = KEY): AuditEntry[] => {
  const entries: AuditEntry[] = [];
  let head = { seq: 0, hash: GENESIS_HASH };
  for (let i = 0; i < length; i++) {
    const entry = chainEntry(facts(i), head, key);
    entries.push(entry);
    head = { seq: entry.seq, hash: entry.hash };
  }
  return entries;
};
/** Another key under the real key's id, as a forger who read the entries would name it. */
const impostor = (byte: number): AuditMac => ({ kid: KEY.kid, mac: auditMacOf(Buffer.alloc(32, byte)).mac });

const headOf = (entries: AuditEntry[]) => ({ seq: entries.at(-1)!.seq, hash: entries.at(-1)!.hash });

describe('audit hash chain', () => {
  it('links each entry to the one before', () => {
    const entries = chain(3);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(verifyChain(entries, headOf(entries), KEYS)).toEqual([]);
  });

  it('an empty chain with no head is sound', () => {
    expect(verifyChain([], undefined, KEYS)).toEqual([]);
  });

  it('detects an edited entry', () => {
    const entries = chain(4);
    const edited = entries.map((e) => (e.seq === 2 ? { ...e, decision: 'deny' as const } : e));
    expect(verifyChain(edited, headOf(entries), KEYS)).toEqual([{ seq: 2, problem: 'edited' }]);
  });

  it('detects an entry edited with its hash recomputed (the next link breaks)', () => {
    const entries = chain(4);
    const forged = chainEntry({ ...facts(1), actorId: 'someone-else' }, { seq: 1, hash: entries[0]!.hash }, KEY);
    const tampered = entries.map((e) => (e.seq === 2 ? forged : e));
    expect(verifyChain(tampered, headOf(entries), KEYS)).toEqual([{ seq: 3, problem: 'broken-link' }]);
  });

  it('detects a removed entry in the middle', () => {
    const entries = chain(4);
    expect(
      verifyChain(
        entries.filter((e) => e.seq !== 2),
        headOf(entries),
        KEYS,
      ),
    ).toEqual(expect.arrayContaining([{ seq: 2, problem: 'missing' }]));
  });

  it('detects a removed last entry against the head', () => {
    const entries = chain(4);
    expect(verifyChain(entries.slice(0, 3), headOf(entries), KEYS)).toEqual([{ seq: 4, problem: 'head-mismatch' }]);
  });

  describe('keyed with an HMAC', () => {
    it('seals each entry with HMAC-SHA256 of the key over its canonical JSON, naming the algorithm and the key', () => {
      const [first] = chain(1);
      const { hash, ...rest } = first!;
      expect(rest).toMatchObject({ alg: 'hmac-sha256', kid: KEY.kid, prevHash: GENESIS_HASH });
      expect(hash).toBe(KEY.mac(canonicalJson(rest)));
      expect(hash).not.toBe(unkeyedHash(rest));
    });

    it('a key id is a fingerprint: the same for the same key, another for another key, and not the key', () => {
      const other = auditMacOf(Buffer.alloc(32, 9));
      expect(auditMacOf(Buffer.alloc(32, 9)).kid).toBe(other.kid);
      expect(other.kid).not.toBe(KEY.kid);
      expect(() => auditMacOf(Buffer.alloc(16))).toThrow('at least 32 bytes');
    });

    it('a chain rebuilt with another key (head moved to match) is reported as rebuilt from its first entry', () => {
      const forged = chain(4, impostor(1));
      expect(verifyChain(forged, headOf(forged), KEYS)).toEqual([{ seq: 1, problem: 'rebuilt' }]);
    });

    it("a chain rebuilt with the old unkeyed sha256 is reported as rebuilt without a key ('unkeyed')", () => {
      const entries: AuditEntry[] = [];
      for (let i = 0; i < 3; i++) {
        const unsealed = { ...facts(i), seq: i + 1, prevHash: entries.at(-1)?.hash ?? GENESIS_HASH };
        entries.push({ ...unsealed, hash: unkeyedHash(unsealed) });
      }
      expect(verifyChain(entries, headOf(entries), KEYS)).toEqual([{ seq: 1, problem: 'unkeyed' }]);
    });

    it('a tail rebuilt with another key from entry 3 on is rebuilt from 3; the entries before it verify', () => {
      const entries = chain(5);
      const tail = chainEntry({ ...facts(2), actorId: 'someone-else' }, entries[1]!, impostor(2));
      const next = chainEntry(facts(3), tail, impostor(2));
      const forged = [...entries.slice(0, 2), tail, next];
      expect(verifyChain(forged, headOf(forged), KEYS)).toEqual([{ seq: 3, problem: 'rebuilt' }]);
    });

    it('an entry recomputed with another key in the middle breaks its own MAC and the next link: edited, not rebuilt', () => {
      const entries = chain(4);
      const forged = chainEntry({ ...facts(1), actorId: 'someone-else' }, entries[0]!, impostor(3));
      const tampered = entries.map((e) => (e.seq === 2 ? forged : e));
      expect(verifyChain(tampered, headOf(entries), KEYS)).toEqual([
        { seq: 2, problem: 'edited' },
        { seq: 3, problem: 'broken-link' },
      ]);
    });

    it('an entry whose key the verifier does not hold is named as such', () => {
      const entries = chain(2);
      const renamed = entries.map((e) => (e.seq === 2 ? { ...e, kid: 'not-a-key' } : e));
      expect(verifyChain(renamed, headOf(entries), KEYS)).toEqual([{ seq: 2, problem: 'unknown-key' }]);
    });

    it('a verifier without the key verifies nothing', () => {
      const entries = chain(2);
      expect(verifyChain(entries, headOf(entries), new Map())).toEqual([{ seq: 1, problem: 'rebuilt' }]);
    });
  });
});
