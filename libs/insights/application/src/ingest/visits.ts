import { visitId } from '@plein/insights/contracts';
import { dayKey, pseudonymise, visitDecider } from '@plein/insights/domain';
import { executeCommand, idempotencyCausationId, type EventStore, type RequestContext } from '@plein/shared/event-sourcing';
import { systemClock, uuidv7, type Clock } from '@plein/shared/kernel';

export interface VisitResult {
  /** The UTC day counted. */
  readonly day: string;
  /** True for the first visit of the day, false when the day was already counted. */
  readonly recorded: boolean;
}

/**
 * Records that the caller visited Plein today (UTC): at most one event per person and day, the
 * stream `visit-<person>.<day>`. Nothing in the event names the user: the person key is a keyed
 * hash, the actor is the service, the causation id is the Idempotency-Key scoped to the person key.
 */
export class VisitService {
  constructor(
    private readonly store: EventStore,
    private readonly secret: string,
    private readonly clock: Clock = systemClock,
  ) {}

  async record(ctx: RequestContext): Promise<VisitResult> {
    const person = pseudonymise(ctx.caller.userId, this.secret);
    const day = dayKey(this.clock.now());
    const result = await executeCommand({
      store: this.store,
      streamId: `visit-${visitId(person, day)}`,
      decider: visitDecider,
      command: { type: 'RecordVisit', person, day },
      metadata: {
        correlationId: ctx.correlationId,
        causationId: ctx.idempotencyKey ? idempotencyCausationId(person, ctx.idempotencyKey) : uuidv7(),
        actorId: 'system:insights',
        ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}),
      },
      newStream: true,
    });
    return { day, recorded: result.events.length > 0 };
  }
}
