import { deadLetterTopic } from '@plein/shared/messaging';
import { projectionGroupId, type ProjectionDefinition } from './projection';
import type { ProjectionRegistry } from './projection-registry';
import { createProjectionStore, type StoreDependencies } from './projection-store';

/**
 * A service's start-up step for its read models: registers each projection that has no registry
 * entry yet (at its defined version) and, where that version is the active one, makes sure its
 * collection or index and their indexes exist (ProjectionStore.ensure). Idempotent; a version being
 * rebuilt or retired is left to the rebuild and the host. After it, read models can be written and
 * read (HTTP read-your-writes writes into them before any consumer runs).
 */
export async function ensureProjectionStores(registry: ProjectionRegistry, projections: readonly ProjectionDefinition[], deps: StoreDependencies): Promise<void> {
  for (const projection of projections) {
    const state = (await registry.get(projection.name)) ?? (await registry.bootstrap(projection.name, projection.version));
    if (state.activeVersion === projection.version) await createProjectionStore(projection, deps).ensure(projection.version);
  }
}

/** The dead-letter topic of a projection version's processor: `<svc>.<name>.v<N>.dlq`. */
export const projectionDeadLetterTopic = (service: string, projection: Pick<ProjectionDefinition, 'name' | 'version'>): string =>
  deadLetterTopic(projectionGroupId(service, projection, projection.version));

/** The dead-letter topics of the projections' processors, for ensureServiceTopics. */
export const projectionDeadLetterTopics = (service: string, projections: readonly Pick<ProjectionDefinition, 'name' | 'version'>[]): string[] =>
  projections.map((projection) => projectionDeadLetterTopic(service, projection));
