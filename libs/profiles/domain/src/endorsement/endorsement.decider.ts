import type { EndorsementGivenV1, EndorsementWithdrawnV1 } from '@plein/profiles/contracts';
import type { Decider } from '@plein/shared/event-sourcing';
import { type NewEvent, ValidationError } from '@plein/shared/kernel';

export type EndorsementEvent = NewEvent<EndorsementGivenV1, 'profiles.endorsement.given'> | NewEvent<EndorsementWithdrawnV1, 'profiles.endorsement.withdrawn'>;

export interface EndorsementRef {
  readonly endorseeId: string;
  readonly endorserId: string;
  /** Normalised (normaliseTopic). */
  readonly skill: string;
}
export type EndorsementCommand = ({ readonly type: 'Endorse' } | { readonly type: 'WithdrawEndorsement' }) & EndorsementRef;
export interface EndorsementState {
  readonly endorsed: boolean;
}

/** The aggregate id of one endorser's endorsement of one person for one skill. */
export const endorsementAggregateId = (ref: EndorsementRef): string => `${ref.endorseeId}:${ref.skill}:${ref.endorserId}`;

/**
 * One colleague's endorsement of one person for one skill. Endorsing again while it stands, or
 * withdrawing what is not there, changes nothing (PUT and DELETE are idempotent). Nobody endorses
 * themself. Pure: no I/O, no clock.
 */
export const endorsementDecider: Decider<EndorsementCommand, EndorsementEvent, EndorsementState> = {
  initialState: () => ({ endorsed: false }),
  decide(command, state) {
    const data = { endorseeId: command.endorseeId, endorserId: command.endorserId, skill: command.skill };
    if (command.type === 'Endorse') {
      if (command.endorseeId === command.endorserId) throw new ValidationError('PROFILES.SELF_ENDORSEMENT', [{ field: 'path.userId', message: 'you cannot endorse yourself' }]);
      return state.endorsed ? [] : [{ type: 'profiles.endorsement.given', version: 1, data }];
    }
    return state.endorsed ? [{ type: 'profiles.endorsement.withdrawn', version: 1, data }] : [];
  },
  evolve: (_state, event) => ({ endorsed: event.type === 'profiles.endorsement.given' }),
};
