import type { IHeaders, Message } from 'kafkajs';
import type { FailureStage } from './retry-policy';

/** Headers added to a dead-lettered message; the original headers are kept as they were. */
export const DLQ_HEADER = {
  stage: 'x-error-stage',
  code: 'x-error-code',
  message: 'x-error-message',
  topic: 'x-original-topic',
  partition: 'x-original-partition',
  offset: 'x-original-offset',
  attempts: 'x-attempts',
  failedAt: 'x-failed-at',
  /** The consumer group that gave up, so a shared DLQ tool can route replays back. */
  group: 'x-consumer-group',
} as const;

/** Error messages can be long (schema violations, stacks); Kafka headers should stay small. */
const MAX_MESSAGE_LENGTH = 2_000;

export const deadLetterTopic = (group: string): string => `${group}.dlq`;

export interface DeadLetterInput {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | string | null;
  /** The original bytes, untouched, so the message can be replayed after a fix. */
  readonly value: Buffer | string | null;
  readonly headers: IHeaders | undefined;
  readonly stage: FailureStage;
  readonly code: string;
  readonly message: string;
  readonly attempts: number;
  readonly failedAt: Date;
}

export function deadLetterMessage(input: DeadLetterInput): Message {
  const errorHeaders: Record<string, string> = {
    [DLQ_HEADER.stage]: input.stage,
    [DLQ_HEADER.code]: input.code,
    [DLQ_HEADER.message]: truncate(input.message.replace(/[\r\n]+/g, ' '), MAX_MESSAGE_LENGTH),
    [DLQ_HEADER.topic]: input.topic,
    [DLQ_HEADER.partition]: String(input.partition),
    [DLQ_HEADER.offset]: input.offset,
    [DLQ_HEADER.attempts]: String(input.attempts),
    [DLQ_HEADER.failedAt]: input.failedAt.toISOString(),
    [DLQ_HEADER.group]: input.group,
  };
  // Error headers win over same-named originals: a replayed-then-failed-again message carries
  // the latest failure, not the first one.
  return { key: input.key, value: input.value, headers: { ...(input.headers ?? {}), ...errorHeaders } };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
