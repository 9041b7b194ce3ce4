import type { Decider } from '@plein/shared/event-sourcing';

/**
 * Given/when/then for pure deciders (after emmett's DeciderSpecification): given past events,
 * when a command is decided, then expect these events, no events, or an error. `check` runs on
 * every produced event (services pass a contract check, as the event store validates before writing).
 */
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
            /** For events whose content is computed (sanitised bodies): inspect, then check. */
            produced(): E[] {
              const produced = run();
              produced.forEach(check);
              return produced;
            },
          };
        },
      };
    },
  };
}
