import { createHash } from 'node:crypto';

/** What an audit entry says, before it is chained. */
export interface AuditContent {
  /** The action, e.g. `moderation.decision.taken`, `identity.user.role-granted`, `audit.purged`. */
  readonly action: string;
  readonly actorId: string;
  /** What it is about: a case (`post:<id>`), a person, the log itself. */
  readonly subject: string;
  readonly occurredAt: string;
  /** The event the entry records (each event is logged once), absent for the log's own entries. */
  readonly eventId?: string;
  readonly data: Record<string, unknown>;
}

/** A chained entry: its place (`seq`, from 1, no gaps), the hash of the entry before it, its own hash. */
export interface AuditEntry extends AuditContent {
  readonly seq: number;
  /** SHA-256 of the previous entry's canonical JSON (GENESIS for the first entry ever). */
  readonly prevHash: string;
  /** SHA-256 of this entry's canonical JSON without `hash`. */
  readonly hash: string;
}

export const GENESIS = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted at every level, no whitespace, `undefined` members left out.
 * The same entry always gives the same text, whatever order a database returns its fields in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The fields an entry's hash covers (everything but `hash`). */
const hashedPart = (entry: Omit<AuditEntry, 'hash'>): Record<string, unknown> => ({
  seq: entry.seq,
  prevHash: entry.prevHash,
  action: entry.action,
  actorId: entry.actorId,
  subject: entry.subject,
  occurredAt: entry.occurredAt,
  ...(entry.eventId !== undefined ? { eventId: entry.eventId } : {}),
  data: entry.data,
});

/** SHA-256 of the whole entry's canonical JSON: what the next entry stores as `prevHash`. */
export const entryDigest = (entry: AuditEntry): string => sha256(canonicalJson({ ...hashedPart(entry), hash: entry.hash }));

/** Chains `content` after `previous` (or after `anchor`, the digest the log starts from). */
export function chainEntry(content: AuditContent, previous: AuditEntry | null, anchor: { readonly seq: number; readonly digest: string } = { seq: 0, digest: GENESIS }): AuditEntry {
  const seq = previous ? previous.seq + 1 : anchor.seq + 1;
  const prevHash = previous ? entryDigest(previous) : anchor.digest;
  const unhashed = { ...content, seq, prevHash };
  return { ...unhashed, hash: sha256(canonicalJson(hashedPart(unhashed))) };
}

export type ChainProblem = 'edited' | 'missing-or-reordered' | 'broken-link';
export interface ChainVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly lastSeq: number;
  readonly firstBad?: { readonly seq: number; readonly problem: ChainProblem };
}

/**
 * Incremental verifier over entries in `seq` order, starting after `anchor` (the checkpoint of a
 * purge, or GENESIS). It catches an edited entry (its hash no longer matches its content), a
 * removed one (a gap in `seq`) and a reordered or replaced one (its `prevHash` is not the digest of
 * the entry before it).
 */
export class ChainVerifier {
  private expectedSeq: number;
  private expectedPrev: string;
  private checked = 0;
  private bad: ChainVerification['firstBad'];

  constructor(anchor: { readonly seq: number; readonly digest: string } = { seq: 0, digest: GENESIS }) {
    this.expectedSeq = anchor.seq + 1;
    this.expectedPrev = anchor.digest;
  }

  /** False once a problem was found (the rest need not be read). */
  add(entry: AuditEntry): boolean {
    if (this.bad) return false;
    this.checked++;
    const recomputed = sha256(canonicalJson(hashedPart(entry)));
    if (entry.seq !== this.expectedSeq) this.bad = { seq: this.expectedSeq, problem: 'missing-or-reordered' };
    else if (recomputed !== entry.hash) this.bad = { seq: entry.seq, problem: 'edited' };
    else if (entry.prevHash !== this.expectedPrev) this.bad = { seq: entry.seq, problem: 'broken-link' };
    if (this.bad) return false;
    this.expectedSeq = entry.seq + 1;
    this.expectedPrev = entryDigest(entry);
    return true;
  }

  result(): ChainVerification {
    return { ok: !this.bad, checked: this.checked, lastSeq: this.expectedSeq - 1, ...(this.bad ? { firstBad: this.bad } : {}) };
  }
}
