/**
 * Counter names of a cell (`m.<name>` in the cell document). Three kinds:
 * - people: distinct people, incremented once per person per period (the fact's unique key);
 * - events: things counted once per event id (posts, comments, ...);
 * - sums and histogram buckets of durations in seconds (answer times, time in state), so
 *   averages and percentiles are computable from the cell alone, without person-level data.
 * Every figure has a guard: the people metric that counts the people behind it. A suppression
 * engine shows a figure only when its guard is at least k (METRIC_GUARDS).
 */

/** Activity kinds of a person-period fact, each a distinct-people counter `active_<kind>`. */
export const ACTIVITY_KINDS = ['posted', 'commented', 'reacted', 'responded', 'visited', 'answered', 'acknowledged', 'asked'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
/** The kinds that make a person "active" (`active`): posted, commented, reacted, responded or visited. */
export const ADOPTION_KINDS: readonly ActivityKind[] = ['posted', 'commented', 'reacted', 'responded', 'visited'];
/** A role model: a leader (manager, director, board) who posted AND answered a question AND reacted in the period. */
export const ROLE_MODEL_KINDS: readonly ActivityKind[] = ['posted', 'answered', 'reacted'];

/** Upper bounds (seconds, inclusive) of the duration histogram buckets; the last bucket is open (`inf`). */
export const DURATION_BUCKETS = [
  ['1h', 3_600],
  ['4h', 4 * 3_600],
  ['1d', 86_400],
  ['3d', 3 * 86_400],
  ['7d', 7 * 86_400],
  ['30d', 30 * 86_400],
] as const;
export type DurationBucket = (typeof DURATION_BUCKETS)[number][0] | 'inf';
export const DURATION_BUCKET_NAMES: readonly DurationBucket[] = [...DURATION_BUCKETS.map(([n]) => n), 'inf'];

export function durationBucket(seconds: number): DurationBucket {
  for (const [name, bound] of DURATION_BUCKETS) if (seconds <= bound) return name;
  return 'inf';
}

/** A duration family: `<family>_count`, `<family>_seconds` (sum), `<family>_le_<bucket>`. */
export const DURATION_FAMILIES = ['mgr_answer', 'accepted_answer', 'idea_time_proposed', 'idea_time_under-review', 'idea_time_planned'] as const;
export type DurationFamily = (typeof DURATION_FAMILIES)[number];

export const durationMetrics = (family: DurationFamily, seconds: number): string[] => [
  `${family}_count`,
  `${family}_le_${durationBucket(seconds)}`,
];
export const durationSumMetric = (family: DurationFamily): string => `${family}_seconds`;

/**
 * Names of every counter, for documentation and the read port. Share of voice (leaders vs
 * employees) is posts and comments of the `level` cells.
 */
export const METRICS = {
  /** Distinct people active in the period (any adoption kind). */
  active: 'active',
  activeKind: (kind: ActivityKind) => `active_${kind}`,
  /** Distinct leaders active in the period (management-level activity). */
  activeLeaders: 'active_leaders',
  /** Distinct role models (leaders who posted, answered and reacted). */
  roleModels: 'role_models',
  /** Counts of events. */
  posts: 'posts',
  comments: 'comments',
  reactions: 'reactions',
  responses: 'responses',
  /** Acknowledgements given (person × post, counted in the acknowledger's cells) and distinct acknowledgers. */
  acknowledgements: 'acknowledgements',
  /** Organisation-wide posts asking for an acknowledgement (completion: acknowledgements / (ack_posts × headcount)). */
  ackPosts: 'ack_posts',
  /** Questions asked (in the asker's cells), of those: answered (first comment by someone else), with an accepted answer. */
  questions: 'questions',
  questionsAnswered: 'questions_answered',
  questionsAccepted: 'questions_accepted',
  /** Distinct leaders who answered a question of their own org unit first among leaders (guard of mgr_answer_*). */
  mgrAnswerPeople: 'mgr_answer_people',
  /** Distinct question askers whose question got an accepted answer (guard of accepted_answer_*). */
  acceptedAnswerPeople: 'accepted_answer_people',
  /** Idea funnel: `idea_<from>_to_<to>` transitions, in the idea author's cells; `idea_authors`: their guard. */
  ideaTransition: (from: string, to: string) => `idea_${from}_to_${to}`,
  ideaAuthors: 'idea_authors',
  /** Distinct groups with a post, comment or reaction in the period (all-dimension cell only; groups, not people). */
  activeGroups: 'active_groups',
} as const;

/**
 * The idea moves the feed allows (its post decider): forward along proposed, under review,
 * planned, done (steps may be skipped), declined from any open status, a declined idea
 * reconsidered (back to under review). Each is counted as METRICS.ideaTransition(from, to).
 */
export const IDEA_TRANSITIONS = [
  ['proposed', 'under-review'],
  ['proposed', 'planned'],
  ['proposed', 'done'],
  ['under-review', 'planned'],
  ['under-review', 'done'],
  ['planned', 'done'],
  ['proposed', 'declined'],
  ['under-review', 'declined'],
  ['planned', 'declined'],
  ['declined', 'under-review'],
] as const;

/**
 * The counters of the post-dimension cells (postKind, callToAction: dimensions.ts), counted at the
 * time of the activity in the cells of the post it is on: posts, comments, reactions and
 * responses to posts, each guarded by the distinct people who did it on such posts in the period
 * (`active_<kind>` of that cell, a per-cell people fact). A per-post figure is a count over
 * `posts` of the same cell.
 */
export const POST_ENGAGEMENT_KINDS = ['posted', 'commented', 'reacted', 'responded'] as const satisfies readonly ActivityKind[];
export type PostEngagementKind = (typeof POST_ENGAGEMENT_KINDS)[number];
export const POST_METRICS: readonly string[] = [METRICS.posts, METRICS.comments, METRICS.reactions, METRICS.responses, ...POST_ENGAGEMENT_KINDS.map((k) => METRICS.activeKind(k))];

/**
 * Profile completeness bands (percent): shares are band counts over `profiles` in the `current`
 * cells. A band is a count of people, so it guards itself; the bands of a cell are the parts of
 * `profiles` (every counted person is in exactly one band).
 */
export const COMPLETENESS_BANDS = [
  ['0-24', 24],
  ['25-49', 49],
  ['50-74', 74],
  ['75-99', 99],
  ['100', 100],
] as const;
export type CompletenessBand = (typeof COMPLETENESS_BANDS)[number][0];
export function completenessBand(percent: number): CompletenessBand {
  for (const [name, bound] of COMPLETENESS_BANDS) if (percent <= bound) return name;
  return '100';
}
export const completenessMetric = (band: CompletenessBand): string => `profiles_${band}`;
/** Gauges of the `current` period: active people in identity (headcount) and people with a profile. */
export const GAUGES = { headcount: 'headcount', profiles: 'profiles' } as const;

/**
 * The people metric guarding each figure (a figure is shown only if its guard ≥ k). A metric
 * missing here is itself a people count and guards itself. Prefix rules for families.
 */
export function guardOf(metric: string): string {
  if (metric === METRICS.posts || metric === METRICS.ackPosts) return METRICS.activeKind('posted');
  if (metric === METRICS.comments) return METRICS.activeKind('commented');
  if (metric === METRICS.reactions) return METRICS.activeKind('reacted');
  if (metric === METRICS.responses) return METRICS.activeKind('responded');
  if (metric === METRICS.acknowledgements) return METRICS.activeKind('acknowledged');
  if (metric.startsWith('questions')) return METRICS.activeKind('asked');
  if (metric.startsWith('mgr_answer_')) return METRICS.mgrAnswerPeople;
  if (metric.startsWith('accepted_answer_')) return METRICS.acceptedAnswerPeople;
  if (metric.startsWith('idea_') && metric !== METRICS.ideaAuthors) return METRICS.ideaAuthors;
  return metric;
}
