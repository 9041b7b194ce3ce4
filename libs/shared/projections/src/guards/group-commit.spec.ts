import { GroupCommit } from './group-commit';

/** A flush that records its rounds and answers each item doubled; `gate` holds a round open until released. */
function recorder(fail?: (items: readonly number[]) => boolean) {
  const rounds: number[][] = [];
  let release: () => void = () => undefined;
  let gate: Promise<void> | null = null;
  const commit = new GroupCommit<number, number>(async (items) => {
    rounds.push([...items]);
    if (gate) await gate;
    if (fail?.(items)) throw new Error(`round ${rounds.length} failed`);
    return items.map((i) => i * 2);
  });
  return {
    commit,
    rounds,
    hold: () => {
      gate = new Promise<void>((r) => (release = r));
    },
    release: () => {
      gate = null;
      release();
    },
  };
}

describe('GroupCommit', () => {
  it('merges the items handed over in the same turn into one flush, each submitter getting its own result', async () => {
    const { commit, rounds } = recorder();
    await expect(Promise.all([1, 2, 3].map((i) => commit.submit(i)))).resolves.toEqual([2, 4, 6]);
    expect(rounds).toEqual([[1, 2, 3]]);
  });

  it('merges the items handed over while a round runs into the next round', async () => {
    const { commit, rounds, hold, release } = recorder();
    hold();
    const first = commit.submit(1);
    await new Promise((r) => setImmediate(r));
    expect(rounds).toEqual([[1]]);
    const later = [commit.submit(2), commit.submit(3)];
    await new Promise((r) => setImmediate(r));
    expect(rounds).toEqual([[1]]);
    release();
    await expect(first).resolves.toBe(2);
    await expect(Promise.all(later)).resolves.toEqual([4, 6]);
    expect(rounds).toEqual([[1], [2, 3]]);
  });

  it('rejects only the submitters of a failed round, and the next round still runs', async () => {
    const { commit, rounds, hold, release } = recorder((items) => items.includes(1));
    hold();
    const failed = [commit.submit(1), commit.submit(5)];
    await new Promise((r) => setImmediate(r));
    const next = commit.submit(2);
    release();
    await expect(Promise.allSettled(failed)).resolves.toEqual([
      { status: 'rejected', reason: new Error('round 1 failed') },
      { status: 'rejected', reason: new Error('round 1 failed') },
    ]);
    await expect(next).resolves.toBe(4);
    expect(rounds).toEqual([[1, 5], [2]]);
    // Idle again: a later item starts a round of its own.
    await expect(commit.submit(7)).resolves.toBe(14);
    expect(rounds).toEqual([[1, 5], [2], [7]]);
  });

  it('rejects a round whose flush answers fewer results than items', async () => {
    const commit = new GroupCommit<number, number>(async (items) => items.slice(1));
    await expect(Promise.all([commit.submit(1), commit.submit(2)])).rejects.toThrow(/2 items/);
  });
});
