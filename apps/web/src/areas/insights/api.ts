/**
 * Insights' answers as the client reads them (apps/insights/src/http/insights.routes.ts), only the
 * fields it uses. A figure is a number or null: null means fewer than k people stand behind it (or
 * showing it would reveal such a group), never zero.
 */
export type Figure = number | null;
export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export interface Median {
  readonly bucket: string;
  readonly atMostSeconds: number | null;
}

export interface CompletenessBand {
  readonly band: string;
  readonly count: Figure;
  /** Of the row's counted people. */
  readonly sharePercent: Figure;
}

/** A part's profile completeness now: its counted people and their bands (all null for a part of fewer than k people). */
export interface CompletenessRow {
  readonly key: string;
  readonly profiles: Figure;
  readonly bands: readonly CompletenessBand[];
}

export const BREAKDOWNS = ['orgUnit', 'location', 'level'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export interface AdoptionView {
  readonly k: number;
  readonly headcount: Figure;
  readonly profileCompleteness: readonly CompletenessBand[];
  /** With a breakdown: each part's completeness (the same parts as `periods[].parts`). */
  readonly profileCompletenessByPart?: readonly CompletenessRow[];
  readonly periods: readonly {
    readonly period: string;
    readonly activePeople: Figure;
    readonly reachPercent: Figure;
    readonly activeGroups: Figure;
    readonly posts?: Figure;
    readonly comments?: Figure;
    readonly reactions?: Figure;
    readonly parts?: readonly { readonly key: string; readonly activePeople: Figure; readonly reachPercent: Figure }[];
  }[];
}

export interface LeadershipView {
  readonly k: number;
  readonly voiceWarningPercent: number;
  readonly periods: readonly {
    readonly period: string;
    readonly activeShareByLevel: readonly { readonly level: string; readonly activePeople: Figure; readonly activePercent: Figure }[];
    readonly roleModels: Figure;
    readonly managerAnswerTime: Median | null;
    readonly shareOfVoice?: { readonly leadersPercent: Figure; readonly warning: boolean };
  }[];
}

export interface PostEngagement {
  readonly key: string;
  readonly posts: Figure;
  readonly comments: Figure;
  readonly reactions: Figure;
  readonly responses: Figure;
  readonly perPost: { readonly comments: Figure; readonly reactions: Figure; readonly responses: Figure };
}

export interface EngagementView {
  readonly k: number;
  readonly periods: readonly {
    readonly period: string;
    readonly byPostKind?: readonly PostEngagement[];
    readonly byCallToAction?: readonly PostEngagement[];
    readonly questions?: Figure;
    readonly answeredPercent?: Figure;
    readonly acceptedPercent?: Figure;
    readonly timeToAcceptedAnswer: Median | null;
    readonly ideas: { readonly authorCount: Figure; readonly funnel: { readonly proposed: Figure; readonly pickedUp: Figure; readonly done: Figure } };
  }[];
}
