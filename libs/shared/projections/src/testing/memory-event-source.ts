import type { EventEnvelope } from '@plein/shared/kernel';
import type { EventSource } from '../projection';

/**
 * An in-memory event store for rebuild tests: `readAll` yields a snapshot of the stored events,
 * then runs `afterReplay` (to simulate events appended while the replay ran).
 */
export class MemoryEventSource implements EventSource {
  readonly events: EventEnvelope[] = [];
  afterReplay: (() => Promise<void>) | undefined;

  append(...events: EventEnvelope[]): void {
    this.events.push(...events);
  }

  async *readAll(options?: { aggregateTypes?: readonly string[] }): AsyncIterable<EventEnvelope> {
    const snapshot = this.events.filter((e) => !options?.aggregateTypes || options.aggregateTypes.includes(e.aggregateType));
    for (const event of snapshot) yield event;
    const hook = this.afterReplay;
    this.afterReplay = undefined;
    await hook?.();
  }
}
