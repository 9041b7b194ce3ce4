import type { VisitRecordedV1 } from '@plein/insights/contracts';
import type { Decider } from '@plein/shared/event-sourcing';
import type { NewEvent } from '@plein/shared/kernel';

export type VisitEvent = NewEvent<VisitRecordedV1, 'insights.visit.recorded'>;
export interface RecordVisit {
  readonly type: 'RecordVisit';
  readonly person: string;
  readonly day: string;
}
export interface VisitState {
  readonly recorded: boolean;
}

/**
 * A person-day's visit stream: the first visit of the day is recorded, every later one (a retry,
 * another tab, another device) records nothing and succeeds. Pure.
 */
export const visitDecider: Decider<RecordVisit, VisitEvent, VisitState> = {
  initialState: () => ({ recorded: false }),
  decide: (command, state) => (state.recorded ? [] : [{ type: 'insights.visit.recorded', version: 1, data: { person: command.person, day: command.day } }]),
  evolve: (state, event) => (event.type === 'insights.visit.recorded' ? { recorded: true } : state),
};
