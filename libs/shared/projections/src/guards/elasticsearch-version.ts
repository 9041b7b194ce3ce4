import { errors, type Client } from '@elastic/elasticsearch';
import type { GuardResult } from './sequence-guard';

export interface VersionedIndexRequest<TDocument> {
  readonly index: string;
  readonly id: string;
  /** The event's stream sequence: Elasticsearch keeps the highest version it has seen. */
  readonly version: number;
  readonly document: TDocument;
  readonly refresh?: boolean | 'wait_for';
}

const isVersionConflict = (error: unknown): boolean => error instanceof errors.ResponseError && error.statusCode === 409;

/**
 * Indexes with external versioning (`version: sequence, version_type: 'external'`): Elasticsearch
 * rejects a version that is not higher than the stored one with 409, which here means "already
 * applied (or superseded)". Out-of-order and duplicate deliveries therefore never overwrite newer
 * state, and no read-before-write is needed.
 */
export async function indexWithExternalVersion<TDocument>(client: Client, request: VersionedIndexRequest<TDocument>): Promise<GuardResult> {
  try {
    await client.index({
      index: request.index,
      id: request.id,
      version: request.version,
      version_type: 'external',
      document: request.document,
      refresh: request.refresh,
    });
    return 'applied';
  } catch (error) {
    if (isVersionConflict(error)) return 'duplicate';
    throw error;
  }
}

/**
 * Deletes with external versioning. Elasticsearch remembers a deleted document's version only for
 * `index.gc_deletes` (60 s by default); a delayed older event arriving later would recreate the
 * document, so search projections with deletions should prefer a tombstone (`deleted: true`).
 */
export async function deleteWithExternalVersion(client: Client, request: Omit<VersionedIndexRequest<never>, 'document'>): Promise<GuardResult> {
  try {
    await client.delete({ index: request.index, id: request.id, version: request.version, version_type: 'external', refresh: request.refresh });
    return 'applied';
  } catch (error) {
    if (isVersionConflict(error)) return 'duplicate';
    // Not there: Elasticsearch still records the delete's version, and the end state is reached.
    if (error instanceof errors.ResponseError && error.statusCode === 404) return 'applied';
    throw error;
  }
}
