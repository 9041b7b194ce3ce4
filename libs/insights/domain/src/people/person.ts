import { createHmac } from 'node:crypto';
import type { PersonDimensions } from '../cells/dimensions';

/**
 * Pseudonymous key of a person: HMAC-SHA-256 of the Plein user id under a secret from the
 * configuration (base64url, 43 characters). Without the secret the key cannot be linked back to
 * a user id, not even by hashing every known id; rotating the secret unlinks all stored facts.
 * Insights stores no user id, name or other attribute beyond the cell dimensions.
 */
export function pseudonymise(userId: string, secret: string): string {
  if (secret.length < 32) throw new Error('the pseudonymisation secret must have at least 32 characters');
  return createHmac('sha256', secret).update(userId).digest('base64url');
}

/** What insights keeps of a person, under their pseudonymous key: the cell dimensions and whether they are active. */
export interface PseudonymousPerson extends PersonDimensions {
  readonly person: string;
  readonly active: boolean;
  /** Their profile completeness band, once profiles sent one (for the completeness gauges). */
  readonly completeness: string | null;
}
