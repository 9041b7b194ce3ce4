import type { CommandMetadata } from '@plein/shared/kernel';

/**
 * Metadata for one step of a request that runs several commands on the same stream (a SCIM PUT
 * sets attributes, then the manager, then `active`). The event store treats a causationId it has
 * seen on a stream as a retry of that command, so each step needs its own: `<causationId>/<step>`.
 */
export const stepMetadata = (metadata: CommandMetadata, step: string): CommandMetadata => ({ ...metadata, causationId: `${metadata.causationId}/${step}` });
