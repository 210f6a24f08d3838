import { anchorBytes, anchorName, checkAgainstAnchor, nextAnchor, type AuditAnchor } from '../../shared/domain/audit-anchor';
import { localAnchorSigner } from '../../shared/runtime/audit-key';

const h = (c: string) => c.repeat(64);
const at = new Date('2026-12-01T03:00:00Z');

describe('audit anchors', () => {
  it('names anchors so that the newest sorts first', () => {
    const names = [new Date('2026-12-01T03:00:00Z'), new Date('2026-12-01T04:00:00Z'), new Date('2027-01-01T00:00:00Z')].map(anchorName);
    expect([...names].sort()).toEqual([...names].reverse());
    expect(names[0]).toMatch(/^\d{13}-2026-12-01T03-00-00-000Z\.json$/);
  });

  it('signs locally with a key derived from the audit key: another key, or a changed anchor, does not verify', async () => {
    const signer = localAnchorSigner(Buffer.alloc(32, 1));
    const anchor: AuditAnchor = { v: 1, borough: 'b', at: at.toISOString(), heads: [{ patientId: 'p', seq: 2, hash: h('a') }] };
    const signature = await signer.sign(anchorBytes(anchor));
    expect(await signer.verify(anchorBytes(anchor), signature)).toBe(true);
    expect(await signer.verify(anchorBytes({ ...anchor, heads: [{ patientId: 'p', seq: 1, hash: h('a') }] }), signature)).toBe(false);
    expect(await localAnchorSigner(Buffer.alloc(32, 2)).verify(anchorBytes(anchor), signature)).toBe(false);
  });

  it('takes a chain that moved on from what was anchored, new chains and tombstones; keeps and reports what it cannot confirm', () => {
    const previous: AuditAnchor = {
      v: 1,
      borough: 'b',
      at: '2026-12-01T02:00:00.000Z',
      heads: [
        { patientId: 'moved', seq: 2, hash: h('a') },
        { patientId: 'rewritten', seq: 2, hash: h('b') },
        { patientId: 'same', seq: 3, hash: h('c') },
        { patientId: 'retained', seq: 4, hash: h('d') },
      ],
    };
    const { anchor, problems } = nextAnchor({
      borough: 'b',
      at,
      previous: { name: 'x.json', anchor: previous },
      now: [
        { patientId: 'moved', seq: 5, hash: h('e') },
        { patientId: 'rewritten', seq: 6, hash: h('f') },
        { patientId: 'same', seq: 3, hash: h('c') },
        { patientId: 'retained', seq: 4, hash: h('d'), removedAt: '2046-01-01T00:00:00.000Z' },
        { patientId: 'new', seq: 1, hash: h('9') },
      ],
      entryAt: new Map([
        ['moved', { seq: 2, hash: h('a') }],
        ['rewritten', { seq: 2, hash: h('0') }],
      ]),
    });
    expect(anchor.heads).toEqual([
      { patientId: 'moved', seq: 5, hash: h('e') },
      { patientId: 'new', seq: 1, hash: h('9') },
      { patientId: 'retained', seq: 4, hash: h('d'), removedAt: '2046-01-01T00:00:00.000Z' },
      { patientId: 'rewritten', seq: 2, hash: h('b') },
      { patientId: 'same', seq: 3, hash: h('c') },
    ]);
    expect(problems).toEqual([{ patientId: 'rewritten', problem: 'rebuilt', anchored: { seq: 2, hash: h('b') }, now: { seq: 6, hash: h('f') } }]);
    expect(anchor.previous).toEqual({ name: 'x.json', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('checks a chain against its anchored head', () => {
    const anchored = { patientId: 'p', seq: 2, hash: h('a') };
    const entries = [
      { seq: 1, hash: h('1') },
      { seq: 2, hash: h('a') },
      { seq: 3, hash: h('3') },
    ];
    expect(checkAgainstAnchor(anchored, { head: { seq: 3, hash: h('3') }, entries }, undefined)).toBeUndefined();
    expect(checkAgainstAnchor(anchored, { head: { seq: 1, hash: h('1') }, entries: entries.slice(0, 1) }, undefined)).toBe('rolled-back');
    expect(checkAgainstAnchor(anchored, { head: { seq: 3, hash: h('3') }, entries: [entries[0]!, { seq: 2, hash: h('b') }, entries[2]!] }, undefined)).toBe('rebuilt');
    expect(checkAgainstAnchor(anchored, undefined, undefined)).toBe('chain-removed');
    expect(checkAgainstAnchor(anchored, undefined, { seq: 2, hash: h('a') })).toBe('removed-by-retention');
    expect(checkAgainstAnchor(anchored, undefined, { seq: 1, hash: h('1') })).toBe('rolled-back');
    expect(checkAgainstAnchor(anchored, undefined, { seq: 2, hash: h('b') })).toBe('rebuilt');
  });
});
