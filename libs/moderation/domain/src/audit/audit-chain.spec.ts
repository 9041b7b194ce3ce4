import { canonicalJson, ChainVerifier, chainEntry, entryDigest, GENESIS, type AuditContent, type AuditEntry } from './audit-chain';

const content = (n: number): AuditContent => ({ action: 'moderation.decision.taken', actorId: `m${n}`, subject: `post:${n}`, occurredAt: `2026-01-0${n}T00:00:00.000Z`, eventId: `e${n}`, data: { kind: 'hide', n } });
function chain(count: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let n = 1; n <= count; n++) out.push(chainEntry(content(n), out[out.length - 1] ?? null));
  return out;
}
const verify = (entries: readonly AuditEntry[], anchor?: { seq: number; digest: string }) => {
  const v = new ChainVerifier(anchor);
  for (const e of entries) if (!v.add(e)) break;
  return v.result();
};

describe('audit chain', () => {
  it('canonical JSON sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2}]},"b":1}');
  });

  it('links each entry to the digest of the one before it', () => {
    const entries = chain(3);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]!.prevHash).toBe(GENESIS);
    expect(entries[1]!.prevHash).toBe(entryDigest(entries[0]!));
    expect(verify(entries)).toEqual({ ok: true, checked: 3, lastSeq: 3 });
  });

  it('catches an edited, a removed and a reordered entry', () => {
    const entries = chain(4);
    const edited = entries.map((e) => (e.seq === 2 ? { ...e, data: { kind: 'keep', n: 2 } } : e));
    expect(verify(edited).firstBad).toEqual({ seq: 2, problem: 'edited' });
    expect(verify(entries.filter((e) => e.seq !== 3)).firstBad).toEqual({ seq: 3, problem: 'missing-or-reordered' });
    const swapped = [entries[0]!, { ...entries[2]!, seq: 2 }, { ...entries[1]!, seq: 3 }, entries[3]!];
    expect(verify(swapped).ok).toBe(false);
    // Rewriting an entry together with its own hash still breaks the next link.
    const forged = chainEntry({ ...content(2), data: { kind: 'keep' } }, entries[0]!);
    expect(verify([entries[0]!, forged, entries[2]!]).firstBad).toEqual({ seq: 3, problem: 'broken-link' });
  });

  it('verifies from a checkpoint anchor after a purge', () => {
    const entries = chain(5);
    const anchor = { seq: 2, digest: entryDigest(entries[1]!) };
    expect(verify(entries.slice(2), anchor)).toEqual({ ok: true, checked: 3, lastSeq: 5 });
    expect(verify(entries.slice(3), anchor).ok).toBe(false);
  });
});
