import { activeResources, steadyResources, surplusOver } from './graceful-stop';

/** A scripted `read` for steadyResources: one sample per call, in order. */
function samples(...sequence: Record<string, number>[]): () => Record<string, number> {
  let i = 0;
  return () => sequence[Math.min(i++, sequence.length - 1)]!;
}

describe('steadyResources', () => {
  it('counts a resource only as often as every sample holds it', async () => {
    // The runner's short timer is in the first sample only; the leaked socket in all of them.
    const read = samples({ Timeout: 3, TCPSocketWrap: 1 }, { Timeout: 2, TCPSocketWrap: 1 }, { Timeout: 2, TCPSocketWrap: 1, Immediate: 1 });
    expect(await steadyResources({ samples: 3, everyMs: 0, read })).toEqual({ Timeout: 2, TCPSocketWrap: 1 });
  });

  it('drops a type that one sample does not hold', async () => {
    const read = samples({ Timeout: 1, FSReqCallback: 1 }, { FSReqCallback: 1 }, { Timeout: 1, FSReqCallback: 1 });
    expect(await steadyResources({ samples: 3, everyMs: 0, read })).toEqual({ FSReqCallback: 1 });
  });

  it('does not count the test runner’s short timer as left behind, with real timers', async () => {
    const baseline = await steadyResources({ everyMs: 150 });
    // Like Jest's status reporter: a 100 ms Timeout that exists when the check starts.
    const runnerTimer = setTimeout(() => undefined, 100);
    const snapshot = surplusOver(baseline, activeResources());
    const steady = surplusOver(baseline, await steadyResources({ everyMs: 150 }));
    clearTimeout(runnerTimer);
    expect(snapshot['Timeout']).toBeGreaterThanOrEqual(1); // what a single snapshot reported
    expect(steady).toEqual({});
  });

  it('reports what a stop left running, with real timers', async () => {
    const baseline = await steadyResources({ everyMs: 150 });
    const leftover = setInterval(() => undefined, 100);
    try {
      expect(surplusOver(baseline, await steadyResources({ everyMs: 150 }))).toEqual({ Timeout: 1 });
    } finally {
      clearInterval(leftover);
    }
  });
});

describe('surplusOver', () => {
  it('names each type there is more of than in the baseline, by how many', () => {
    expect(surplusOver({ Timeout: 2, TCPSocketWrap: 1 }, { Timeout: 3, TCPSocketWrap: 1, TTYWrap: 1 })).toEqual({ Timeout: 1, TTYWrap: 1 });
    expect(surplusOver({ Timeout: 3 }, { Timeout: 2 })).toEqual({});
  });
});
