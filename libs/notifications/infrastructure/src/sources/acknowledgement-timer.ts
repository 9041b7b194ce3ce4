import { FAN_OUT_CHUNK, notify, type SourceDeps } from '@plein/notifications/application';
import type { Clock } from '@plein/shared/kernel';
import type { MessagingLogger } from '@plein/shared/messaging';
import { derivedId } from '../inbox/mongo-inbox';
import type { AcknowledgementDocument, ContextCollections } from './directories';
import { RoundTimer } from './round-timer';

export interface AcknowledgementTimerOptions {
  readonly clock: Clock;
  /** How long before the due date the readers who have not acknowledged get a reminder. Default 24 h. */
  readonly remindBeforeMs?: number;
  readonly intervalMs?: number;
  readonly logger?: MessagingLogger;
}

/**
 * Acknowledgement requests with a due date (announcements with an `acknowledge` call to action):
 * a reminder to every reader who has not acknowledged, `remindBeforeMs` before the due date; once
 * it passed, an escalation to each such reader's manager (identity's managerId). Both go through
 * the never rules (the manager hears only about content they can see) and the inbox's
 * deduplication, so several replicas running it, or a rerun after a crash, notify once.
 */
export class AcknowledgementTimer extends RoundTimer {
  constructor(
    private readonly deps: SourceDeps,
    private readonly context: ContextCollections,
    private readonly options: AcknowledgementTimerOptions,
  ) {
    super({ what: 'acknowledgement', ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}), ...(options.logger ? { logger: options.logger } : {}) });
  }

  protected async round(): Promise<void> {
    const now = this.options.clock.now();
    const remindFrom = new Date(now.getTime() + (this.options.remindBeforeMs ?? 86_400_000)).toISOString();
    const c = this.context;
    for (const request of await c.acknowledgements.find({ remindedAt: { $exists: false }, dueAt: { $lte: remindFrom } }).limit(100).toArray()) {
      if (request.dueAt > now.toISOString()) {
        for await (const pending of this.pendingReaders(request)) {
          await notify(this.deps, {
            recipientIds: pending,
            type: 'acknowledgement-reminder',
            target: this.target(request),
            actorId: null,
            audience: request.audience,
            ownerId: request.authorId,
            dueAt: request.dueAt,
            ...(request.title ? { excerpt: request.title } : {}),
            sourceEventId: derivedId(request._id, 'reminder'),
            occurredAt: now.toISOString(),
          });
        }
      }
      await c.acknowledgements.updateOne({ _id: request._id }, { $set: { remindedAt: now.toISOString() } });
    }
    for (const request of await c.acknowledgements.find({ escalatedAt: { $exists: false }, dueAt: { $lte: now.toISOString() } }).limit(100).toArray()) {
      for await (const pending of this.pendingReaders(request)) {
        const managers = await c.people.find({ _id: { $in: pending }, managerId: { $ne: null } }, { projection: { managerId: 1 } }).toArray();
        for (const { _id: readerId, managerId } of managers) {
          await notify(this.deps, {
            recipientIds: [managerId!],
            type: 'acknowledgement-escalation',
            target: this.target(request),
            actorId: readerId,
            audience: request.audience,
            ownerId: request.authorId,
            dueAt: request.dueAt,
            ...(request.title ? { excerpt: request.title } : {}),
            sourceEventId: derivedId(request._id, 'escalation', readerId),
            occurredAt: now.toISOString(),
          });
        }
      }
      await c.acknowledgements.updateOne({ _id: request._id }, { $set: { escalatedAt: now.toISOString() } });
    }
  }

  private target(request: AcknowledgementDocument) {
    return { kind: 'post' as const, id: request._id, postId: request._id, ...(request.audience.kind === 'group' ? { groupId: request.audience.groupId } : {}) };
  }

  /** The audience's readers, in chunks, without those who acknowledged and without the author. */
  private async *pendingReaders(request: AcknowledgementDocument): AsyncIterable<string[]> {
    const audience = request.audience;
    const everyone = audience.kind === 'organisation' ? this.deps.people.allActive(FAN_OUT_CHUNK) : audience.kind === 'group' ? this.deps.memberships.members(audience.groupId, FAN_OUT_CHUNK) : null;
    if (!everyone) return;
    for await (const chunk of everyone) {
      const acked = new Set((await this.context.acks.find({ _id: { $in: chunk.map((id) => `${request._id}:${id}`) } }, { projection: { userId: 1 } }).toArray()).map((a) => a.userId));
      const pending = chunk.filter((id) => !acked.has(id) && id !== request.authorId);
      if (pending.length > 0) yield pending;
    }
  }
}
