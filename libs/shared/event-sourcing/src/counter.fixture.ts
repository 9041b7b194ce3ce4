import type { NewEvent } from '@plein/shared/kernel';

/**
 * A tiny decider used by this lib's tests: a counter that can be incremented and refuses to go
 * past a limit (a domain error thrown by decide).
 */
export type CounterEvent = NewEvent<{ by: number }, 'test.counter.incremented'>;
export interface CounterState {
  readonly value: number;
}
export interface Increment {
  readonly by: number;
  readonly limit?: number;
}

export class CounterLimitError extends Error {
  readonly code = 'TEST.COUNTER_LIMIT';
}

export const counter = {
  initialState: (): CounterState => ({ value: 0 }),
  decide(command: Increment, state: CounterState): CounterEvent[] {
    if (command.limit !== undefined && state.value + command.by > command.limit) throw new CounterLimitError('limit reached');
    return [{ type: 'test.counter.incremented', version: 1, data: { by: command.by } }];
  },
  evolve: (state: CounterState, event: CounterEvent): CounterState => ({ value: state.value + event.data.by }),
};
