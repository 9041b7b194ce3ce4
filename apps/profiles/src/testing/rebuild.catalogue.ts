/**
 * The profile core's catalogue plus a version 2 of `taxonomy` with the same logic, for the rebuild
 * test: a rebuild to it replays the event store into `…_taxonomy_v2`, which must equal the live v1
 * document for document.
 */
import { defineCatalogue, defineProjection } from '@plein/shared/projections';
import { projectionCatalogue as profiles } from '../projections.catalogue';

export const projectionCatalogue = defineCatalogue({
  ...profiles,
  projections: [...profiles.projections, ...profiles.projections.filter((p) => p.name === 'taxonomy').map((p) => defineProjection({ ...p, version: 2 }))],
});
