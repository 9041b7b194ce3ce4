/**
 * Single use, decided atomically by the store (a unique insert): login transactions, refresh
 * tokens and back-channel logout tokens are each accepted once; a second use is a replay.
 */
export interface OneTimeMarks {
  /** True the first time `key` is claimed, false ever after (until `expiresAt` lets the store forget it). */
  claim(key: string, expiresAt: Date): Promise<boolean>;
}
