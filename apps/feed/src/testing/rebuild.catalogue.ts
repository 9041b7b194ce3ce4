/**
 * The feed's catalogue plus a version 3 of `posts` with the same logic, for the rebuild test: a
 * rebuild to it replays the event store into `…_posts_v3`, which must equal the live v2
 * document for document.
 */
import { defineCatalogue, defineProjection } from '@plein/shared/projections';
import { projectionCatalogue as feed } from '../projections.catalogue';

export const projectionCatalogue = defineCatalogue({
  ...feed,
  projections: [...feed.projections, ...feed.projections.filter((p) => p.name === 'posts').map((p) => defineProjection({ ...p, version: 3 }))],
});
