import type { EventEnvelope } from '@plein/shared/kernel';

/**
 * One document per stream; it is also the outbox (docs/event-store.md, "Document layout").
 * Invariants, each kept by single-document conditional updates:
 * - `version` = events.length = sequence of the last event; only ever grows.
 * - `outbox.publishedVersion` <= version; every event with sequence <= it has been acked by Kafka.
 * - `pending` is true whenever version > publishedVersion (it is set by the append itself and
 *   cleared only by an update that checks version === the newly published version).
 * - `pendingSince` is no later than the oldest unpublished event (for the outbox-age metric).
 * - `lease` names the relay currently publishing the stream; it is free when null or expired.
 */
export interface StreamDocument {
  _id: string;
  aggregateType: string;
  aggregateId: string;
  version: number;
  /** Approximate stored size of `events` in bytes, kept by `$inc` for the size guard. */
  bytes: number;
  events: EventEnvelope[];
  outbox: { publishedVersion: number };
  pending: boolean;
  pendingSince?: Date;
  lease: StreamLease | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface StreamLease {
  /** The relay instance, for operators. */
  owner: string;
  /** Unique per claim, so a relay can tell its current claim from an earlier, expired one. */
  token: string;
  until: Date;
}

export const streamsCollectionName = (service: string): string => `${service}_streams`;
