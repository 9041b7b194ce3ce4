/** The feed's agenda and idea-jam answers (apps/feed/src/http/routes.ts), only the fields this area reads. */
export type ScopedAudience = { readonly kind: 'organisation' } | { readonly kind: 'group'; readonly groupId: string };

export const RSVP_ANSWERS = ['yes', 'maybe', 'no'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];

export type AgendaDetails =
  | {
      readonly kind: 'event';
      readonly title: string;
      readonly description: string;
      readonly startsAt: string;
      readonly endsAt: string;
      readonly location?: string;
      readonly onlineUrl?: string;
      readonly capacity?: number;
    }
  | { readonly kind: 'static'; readonly title: string; readonly description: string; readonly visibleUntil?: string };

export interface AgendaItem {
  readonly agendaItemId: string;
  readonly organiserId: string;
  readonly audience: ScopedAudience;
  readonly details: AgendaDetails;
  readonly status: 'scheduled' | 'cancelled';
  readonly rsvps: Record<RsvpAnswer, number>;
  /** Free places for `yes`; null: no limit (or not an event). */
  readonly placesLeft: number | null;
  readonly you: { readonly rsvp: RsvpAnswer | null };
}

export type JamPhase = 'upcoming' | 'open' | 'closed' | 'concluded' | 'cancelled';

export interface JamSummary {
  readonly jamId: string;
  readonly managerId: string;
  readonly audience: ScopedAudience;
  readonly title: string;
  readonly question: string;
  readonly opensAt: string;
  readonly closesAt: string;
  readonly votesPerPerson: number;
  readonly status: 'scheduled' | 'cancelled';
  readonly closed: boolean;
  readonly outcomes?: { readonly summary: string; readonly selectedIdeaIds: readonly string[] };
  readonly phase: JamPhase;
}

export interface JamIdea {
  readonly postId: string;
  readonly authorId: string;
  readonly title: string | null;
  readonly votes: number;
}

export interface Jam extends JamSummary {
  /** Visible ideas, most voted first. */
  readonly ideas: readonly JamIdea[];
  readonly you: { readonly votedIdeaIds: readonly string[]; readonly votesLeft: number };
}

/** The feed's limits the forms keep to (routes.ts). */
export const AGENDA_TITLE_MAX = 200;
export const JAM_TITLE_MAX = 200;
export const JAM_QUESTION_MAX = 2_000;
