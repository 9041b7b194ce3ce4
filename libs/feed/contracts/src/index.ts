import type { EventContract, Upcaster } from '@plein/shared/contracts';
import { agendaItemContracts, agendaUpcasters, rsvpContracts } from './agenda.events';
import { commentContracts, commentUpcasters } from './comment.events';
import { followContracts } from './follow.events';
import { groupContracts, groupUpcasters } from './group.events';
import { ideaJamContracts, ideaJamUpcasters, jamBallotContracts } from './idea-jam.events';
import { memberContracts, memberUpcasters } from './member.events';
import { postContracts, postUpcasters } from './post.events';
import { reactionContracts, reactionUpcasters } from './reaction.events';
import { responseContracts, responseUpcasters } from './response.events';
import { rosterContracts, rosterUpcasters } from './roster.events';
import { screeningContracts } from './screening.events';

export * from './topics';
export * from './audience';
export * from './content';
export * from './post.events';
export * from './comment.events';
export * from './reaction.events';
export * from './group.events';
export * from './member.events';
export * from './response.events';
export * from './follow.events';
export * from './idea-jam.events';
export * from './agenda.events';
export * from './roster.events';
export * from './screening.events';

/** Every public feed event contract, all versions. */
export const feedContracts: readonly EventContract[] = [
  ...postContracts,
  ...commentContracts,
  ...reactionContracts,
  ...groupContracts,
  ...memberContracts,
  ...responseContracts,
  ...followContracts,
  ...ideaJamContracts,
  ...jamBallotContracts,
  ...agendaItemContracts,
  ...rsvpContracts,
  ...rosterContracts,
  ...screeningContracts,
];
/** Upcasters of superseded feed event versions. */
export const feedUpcasters: readonly Upcaster[] = [
  ...postUpcasters,
  ...commentUpcasters,
  ...reactionUpcasters,
  ...responseUpcasters,
  ...groupUpcasters,
  ...memberUpcasters,
  ...ideaJamUpcasters,
  ...agendaUpcasters,
  ...rosterUpcasters,
];
