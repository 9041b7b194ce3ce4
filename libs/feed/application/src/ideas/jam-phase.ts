import type { JamPhase, VisibilityFacts } from '@plein/feed/domain';
import type { GroupView, IdeaJamView } from '../ports';

/** jamPhase of the domain, from the jam read model (same rules: cancelled, concluded, closed, open, upcoming). */
export function jamPhaseOf(jam: IdeaJamView, now: Date): JamPhase {
  if (jam.status === 'cancelled') return 'cancelled';
  if (jam.outcomes) return 'concluded';
  if (jam.closed || now.getTime() >= Date.parse(jam.closesAt)) return 'closed';
  return now.getTime() >= Date.parse(jam.opensAt) ? 'open' : 'upcoming';
}

/** Jams and agenda items have post audiences: the policy runs on these facts. */
export function scopedFacts(audience: IdeaJamView['audience'], ownerId: string, group: GroupView | null): VisibilityFacts {
  return { audience, authorId: ownerId, moderationState: 'visible', deleted: false, ...(group ? { groupVisibility: group.visibility } : {}) };
}
