/**
 * Given/when/then for pure deciders (after emmett's DeciderSpecification): given past events,
 * when a command is decided, then expect these events, no events, or an error. `check` runs on
 * every produced event (the specs use it to validate events against their public contract).
 */
export interface Decider<C, E, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

export function deciderSpec<C, E, S>(decider: Decider<C, E, S>, check: (event: E) => void = () => undefined) {
  return {
    given(...events: E[]) {
      return {
        when(command: C) {
          const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
          return {
            then(expected: E[]): void {
              const produced = run();
              expect(produced).toEqual(expected);
              produced.forEach(check);
            },
            thenNothing(): void {
              expect(run()).toEqual([]);
            },
            thenThrows(expected: Record<string, unknown>): void {
              expect(run).toThrow(expect.objectContaining(expected));
            },
          };
        },
      };
    },
  };
}
