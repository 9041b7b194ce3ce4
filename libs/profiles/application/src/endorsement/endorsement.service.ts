import { endorsementAggregateId, endorsementDecider, normaliseTopic } from '@plein/profiles/domain';
import { commandMetadata, executeCommand, type EventStore, type ReadYourWrites, type RequestContext } from '@plein/shared/event-sourcing';
import { NotFoundError, streamId, ValidationError } from '@plein/shared/kernel';
import type { PeopleStatus } from '../expertise/expertise.service';

export interface EndorsementDeps {
  readonly store: EventStore;
  readonly people: PeopleStatus;
  /** The evidence read model, brought up to date before the command answers. */
  readonly readYourWrites?: ReadYourWrites;
}

export class PersonNotFoundError extends NotFoundError {
  constructor() {
    super('PROFILES.PERSON_NOT_FOUND', 'no such person');
  }
}

export interface EndorsementResult {
  readonly userId: string;
  readonly skill: string;
  readonly endorsed: boolean;
  /** True when nothing changed: endorsed already (PUT) or not endorsed (DELETE). */
  readonly unchanged: boolean;
}

/** The skill as a topic, or 400 naming `path.skill`. */
export function skillOf(raw: string): string {
  const skill = normaliseTopic(raw);
  if (!skill) throw new ValidationError('PROFILES.INVALID_SKILL', [{ field: 'path.skill', message: 'must be a hashtag-like skill: letters, digits or underscores with at least one letter, at most 64' }]);
  return skill;
}

/**
 * Endorsements: a colleague endorses a person for a skill (once per endorser and skill; never
 * themself) and may withdraw it. Both are idempotent. Someone profiles does not know, or no longer
 * active, answers 404 as for someone missing (withdrawing stays possible for a deactivated person).
 */
export class EndorsementService {
  constructor(private readonly deps: EndorsementDeps) {}

  async endorse(ctx: RequestContext, userId: string, rawSkill: string): Promise<EndorsementResult> {
    const skill = skillOf(rawSkill);
    if (userId === ctx.caller.userId) throw new ValidationError('PROFILES.SELF_ENDORSEMENT', [{ field: 'path.userId', message: 'you cannot endorse yourself' }]);
    if (!(await this.deps.people.active([userId])).has(userId)) throw new PersonNotFoundError();
    return this.run(ctx, { type: 'Endorse', endorseeId: userId, endorserId: ctx.caller.userId, skill }, true);
  }

  async withdraw(ctx: RequestContext, userId: string, rawSkill: string): Promise<EndorsementResult> {
    const skill = skillOf(rawSkill);
    if (!(await this.deps.people.known(userId))) throw new PersonNotFoundError();
    return this.run(ctx, { type: 'WithdrawEndorsement', endorseeId: userId, endorserId: ctx.caller.userId, skill }, false);
  }

  private async run(ctx: RequestContext, command: Parameters<typeof endorsementDecider.decide>[0], endorsed: boolean): Promise<EndorsementResult> {
    const result = await executeCommand({
      store: this.deps.store,
      ...(this.deps.readYourWrites ? { readYourWrites: this.deps.readYourWrites } : {}),
      streamId: streamId('endorsement', endorsementAggregateId(command)),
      decider: endorsementDecider,
      command,
      metadata: commandMetadata(ctx),
    });
    return { userId: command.endorseeId, skill: command.skill, endorsed, unchanged: result.events.length === 0 };
  }
}
