import type { EventContract, Upcaster } from '@plein/shared/contracts';
import { commentContracts } from './comment.events';
import { groupContracts, memberContracts } from './group.events';
import { postContracts } from './post.events';
import { reactionContracts } from './reaction.events';

export * from './topics';
export * from './audience';
export * from './post.events';
export * from './comment.events';
export * from './reaction.events';
export * from './group.events';

/** Every public feed event contract, all versions. */
export const feedContracts: readonly EventContract[] = [...postContracts, ...commentContracts, ...reactionContracts, ...groupContracts, ...memberContracts];
/** Upcasters of superseded feed event versions (none yet). */
export const feedUpcasters: readonly Upcaster[] = [];
