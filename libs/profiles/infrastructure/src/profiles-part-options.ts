import type { MessagingLogger } from '@plein/shared/messaging';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';

/** What a part of profiles beside the core (org chart, expertise) is built from. */
export interface ProfilesPartOptions {
  readonly connection: Connection;
  readonly kafka: Kafka;
  /** Namespace of collections and consumer groups (`profiles` in production). */
  readonly service: string;
  readonly topicPrefix?: string;
  readonly logger?: MessagingLogger;
  /** Run the Kafka side (the part's consumers and timers). Default true. */
  readonly consumers?: boolean;
}
