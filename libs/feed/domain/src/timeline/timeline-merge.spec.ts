import { prng } from '../testing/prng';
import { compareNewestFirst, decodeCursor, encodeCursor, timelineEntry, uuidv7Time, type TimelineCursor, type TimelineEntry } from './timeline-cursor';
import { mergeTimeline, type TimelineSourceSlice } from './timeline-merge';

type Random = ReturnType<typeof prng>;
const id = (k: number) => `01964b1e-0000-7000-8000-${String(k).padStart(12, '0')}`;

/** A source as a store would serve it: newest first, `window` entries older than the cursor. */
function slice(name: string, all: readonly TimelineEntry[], after: TimelineCursor | undefined, window: number): TimelineSourceSlice {
  const older = [...all].sort(compareNewestFirst).filter((e) => !after || compareNewestFirst(e, after) > 0);
  return { source: name, entries: older.slice(0, window), exhausted: older.length <= window };
}

function scenario(random: Random) {
  const posts = Array.from({ length: 1 + random.int(60) }, (_, k) => ({ postId: id(k), createdAt: 1_000 + random.int(25) }));
  const sources = new Map<string, TimelineEntry[]>();
  for (let s = 0; s < 1 + random.int(5); s++) sources.set(`source-${s}`, posts.filter(() => random.chance(0.4)));
  const invisible = new Set(posts.filter(() => random.chance(0.25)).map((p) => p.postId));
  return { posts, sources, invisible };
}

/** Brute force: every entry of every source, once, visible ones, newest first. */
const reference = (sources: Map<string, TimelineEntry[]>, invisible: Set<string>): string[] =>
  [...new Map([...sources.values()].flat().map((e) => [e.postId, e])).values()]
    .filter((e) => !invisible.has(e.postId))
    .sort(compareNewestFirst)
    .map((e) => e.postId);

describe('mergeTimeline against a brute-force reference (seeded random data)', () => {
  it.each(Array.from({ length: 25 }, (_, k) => k + 1))('pages through the whole timeline exactly once, also while posts arrive (seed %i)', (seed) => {
    const random = prng(seed);
    for (let round = 0; round < 40; round++) {
      const { sources, invisible } = scenario(random);
      const expected = reference(sources, invisible);
      const limit = 1 + random.int(7);
      const shown: string[] = [];
      let after: TimelineCursor | undefined;
      let newest = 2_000;
      for (let call = 0; call < 500; call++) {
        const slices = [...sources].map(([name, all]) => slice(name, all, after, 1 + random.int(6)));
        const page = mergeTimeline({ sources: slices, ...(after ? { after } : {}), limit, isVisible: (e) => !invisible.has(e.postId) });
        expect(page.entries.length).toBeLessThanOrEqual(limit);
        expect([...page.entries].sort(compareNewestFirst)).toEqual(page.entries);
        shown.push(...page.entries.map((e) => e.postId));
        // New posts arrive between page loads, newer than anything paged so far.
        if (random.chance(0.5)) {
          const fresh = { postId: id(10_000 + call), createdAt: newest++ };
          sources.get(random.pick([...sources.keys()]))!.push(fresh);
        }
        if (page.next === null) break;
        after = page.next;
      }
      expect(shown).toEqual(expected);
    }
  });

  it('gives exactly the reference page when every source is complete', () => {
    const random = prng(99);
    for (let round = 0; round < 200; round++) {
      const { sources, invisible } = scenario(random);
      const limit = 1 + random.int(10);
      const slices = [...sources].map(([name, all]) => slice(name, all, undefined, 1_000));
      const page = mergeTimeline({ sources: slices, limit, isVisible: (e) => !invisible.has(e.postId) });
      const expected = reference(sources, invisible);
      expect(page.entries.map((e) => e.postId)).toEqual(expected.slice(0, limit));
      expect(page.needMore).toEqual([]);
    }
  });

  it('never emits below an incomplete source and asks for more from it', () => {
    const a = [10, 9, 8, 7].map((t) => ({ postId: id(t), createdAt: t }));
    const b = [6, 5].map((t) => ({ postId: id(t), createdAt: t }));
    const page = mergeTimeline({
      sources: [
        { source: 'home', entries: a.slice(0, 2), exhausted: false },
        { source: 'announcements', entries: b, exhausted: true },
      ],
      limit: 5,
    });
    expect(page.entries.map((e) => e.createdAt)).toEqual([10, 9]);
    expect(page.needMore).toEqual(['home']);
    expect(page.next).toEqual({ createdAt: 9, postId: id(9) });
  });

  it('moves the cursor past invisible entries so a page of hidden posts still progresses', () => {
    const entries = [5, 4, 3].map((t) => ({ postId: id(t), createdAt: t }));
    const page = mergeTimeline({ sources: [{ source: 'home', entries, exhausted: false }], limit: 2, isVisible: () => false });
    expect(page.entries).toEqual([]);
    expect(page.next).toEqual({ createdAt: 3, postId: id(3) });
  });
});

describe('timeline cursors', () => {
  it('round-trip opaquely and refuse tampering', () => {
    const cursor = { createdAt: 0x01964b1e0000, postId: '01964b1e-0000-7000-8000-000000000401' };
    const encoded = encodeCursor(cursor);
    expect(encoded).not.toContain(cursor.postId);
    expect(decodeCursor(encoded)).toEqual(cursor);
    for (const bad of ['', 'not a cursor', Buffer.from('{"v":2,"t":1,"p":"x"}').toString('base64url'), Buffer.from('{"v":1,"t":-1,"p":"01964b1e-0000-7000-8000-000000000401"}').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(expect.objectContaining({ code: 'FEED.INVALID_CURSOR' }));
    }
  });

  it('refuse a forged cursor whose time is not its post id\'s time, naming the field', () => {
    const forged = Buffer.from(JSON.stringify({ v: 1, t: 0, p: '01964b1e-0000-7000-8000-000000000401' })).toString('base64url');
    expect(() => decodeCursor(forged, 'query.cursor')).toThrow(expect.objectContaining({ code: 'FEED.INVALID_CURSOR', violations: [expect.objectContaining({ field: 'query.cursor' })] }));
    const maximal = Buffer.from(JSON.stringify({ v: 1, t: 0, p: 'ffffffff-ffff-7fff-bfff-ffffffffffff' })).toString('base64url');
    expect(() => decodeCursor(maximal)).toThrow(expect.objectContaining({ code: 'FEED.INVALID_CURSOR' }));
    const notV7 = Buffer.from(JSON.stringify({ v: 1, t: 0x01964b1e0000, p: '01964b1e-0000-4000-8000-000000000401' })).toString('base64url');
    expect(() => decodeCursor(notV7)).toThrow(expect.objectContaining({ code: 'FEED.INVALID_CURSOR' }));
  });

  it('reads the publication time of a UUIDv7 post id', () => {
    expect(uuidv7Time('01964b1e-0000-7000-8000-000000000401')).toBe(0x01964b1e0000);
    expect(timelineEntry('01964b1e-0000-7000-8000-000000000401').createdAt).toBe(0x01964b1e0000);
    expect(() => uuidv7Time('01964b1e-0000-4000-8000-000000000401')).toThrow(expect.objectContaining({ code: 'FEED.INVALID_CURSOR' }));
  });
});
