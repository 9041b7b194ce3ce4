import { metrics, type BatchObservableResult, type Meter } from '@opentelemetry/api';
import type { ConsumerLag } from './consumer-lag';
import type { ProcessorStats } from './processor-types';

/** What the metrics read from a processor (EventProcessor fits). */
export interface ObservableProcessor {
  readonly group: string;
  stats(): ProcessorStats;
  lag(): Promise<ConsumerLag>;
}

/**
 * Publishes consumer lag and message outcomes as OpenTelemetry metrics, read at each collection:
 * `messaging.kafka.consumer.lag` (gauge per group/topic/partition) and
 * `plein.messaging.messages` (monotonic count per group and outcome). A no-op until the app
 * registers a MeterProvider. `processors` is a function so hosts whose processors change
 * (ProjectionHost) are followed. Returns a function that unregisters the callback.
 */
export function observeProcessors(processors: () => readonly ObservableProcessor[], meter: Meter = metrics.getMeter('@plein/shared/messaging')): () => void {
  const lag = meter.createObservableGauge('messaging.kafka.consumer.lag', { description: 'Messages not yet processed by the consumer group', unit: '{message}' });
  const messages = meter.createObservableCounter('plein.messaging.messages', { description: 'Messages finished by a processor, by outcome', unit: '{message}' });
  const callback = async (result: BatchObservableResult) => {
    await Promise.all(
      processors().map(async (processor) => {
        const group = { 'messaging.consumer.group.name': processor.group };
        for (const [outcome, count] of Object.entries(processor.stats())) result.observe(messages, count, { ...group, outcome });
        try {
          for (const p of (await processor.lag()).partitions) {
            result.observe(lag, p.lag, { ...group, 'messaging.destination.name': p.topic, 'messaging.destination.partition.id': String(p.partition) });
          }
        } catch {
          // Broker unreachable: no lag sample this round rather than a wrong one.
        }
      }),
    );
  };
  meter.addBatchObservableCallback(callback, [lag, messages]);
  return () => meter.removeBatchObservableCallback(callback, [lag, messages]);
}
