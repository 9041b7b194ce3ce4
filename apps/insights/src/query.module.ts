import { Module, type DynamicModule } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InsightsQuery, InsightsViews, type CellQuery, type InsightsCells } from '@plein/insights/application';
import type { CellGranularity, DimensionKind } from '@plein/insights/domain';
import { MIN_K } from '@plein/insights/domain';
import type { Clock } from '@plein/shared/kernel';
import { z } from 'zod';
import { InsightsController } from './http/insights.controller';
import { TRANSPARENCY_SETTINGS, TransparencyController, type TransparencySettings } from './http/transparency.controller';

const integer = (name: string, fallback: number, min: number, max: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((raw) => /^\d{1,6}$/.test(raw.trim()) && Number(raw) >= min && Number(raw) <= max, `${name} must be an integer from ${min} to ${max}`)
    .transform(Number);

/**
 * The `query` section of the insights config (docs/insights/privacy.md): INSIGHTS_K, the smallest
 * group a figure may describe (never below 5: a lower value stops the service at boot), and
 * INSIGHTS_VOICE_WARNING_PERCENT, the leaders' share of posts and comments above which the
 * leadership view warns.
 */
export const querySettings = () =>
  z
    .object({
      INSIGHTS_K: integer('INSIGHTS_K', 10, MIN_K, 1_000),
      INSIGHTS_VOICE_WARNING_PERCENT: integer('INSIGHTS_VOICE_WARNING_PERCENT', 50, 1, 100),
    })
    .transform((e) => ({ k: e.INSIGHTS_K, voiceWarningPercent: e.INSIGHTS_VOICE_WARNING_PERCENT }));
export type QuerySettings = z.output<ReturnType<typeof querySettings>>;

/** Where the query side reads the counter cells from (the ingest's InsightsCells). */
export const INSIGHTS_CELLS = 'plein:insights:cells';

export interface QueryModuleOptions {
  readonly settings: QuerySettings;
  /** Days the ingest keeps pseudonymous person-period facts (said on the transparency page). */
  readonly retentionDays: number;
  /**
   * The cells to read, found when the first request needs them (the ingest's infrastructure is
   * a provider of the app module, created after this module's providers), e.g.
   * `(ref) => ref.get(InsightsInfrastructure, { strict: false }).cells`.
   */
  readonly cells: (ref: ModuleRef) => InsightsCells;
  /** Today, for refusing ranges in the future (default the system clock). */
  readonly clock?: Clock;
}

/** InsightsCells resolved on first use. */
function lazyCells(resolve: () => InsightsCells): InsightsCells {
  let cells: InsightsCells | undefined;
  const get = () => (cells ??= resolve());
  return {
    read: (query: CellQuery) => get().read(query),
    values: (granularity: CellGranularity, dimension: DimensionKind) => get().values(granularity, dimension),
  };
}

/**
 * The query side (docs/insights/api.md, docs/insights/privacy.md): suppressed tables over the
 * counter cells, the composite views, the CSV export and the transparency statement. Needs
 * PlatformAuthModule (the app module imports it once for every route of the service).
 */
@Module({})
export class QueryModule {
  static forRoot(options: QueryModuleOptions): DynamicModule {
    const { settings } = options;
    return {
      module: QueryModule,
      controllers: [InsightsController, TransparencyController],
      providers: [
        { provide: INSIGHTS_CELLS, useFactory: (ref: ModuleRef) => lazyCells(() => options.cells(ref)), inject: [ModuleRef] },
        { provide: InsightsQuery, useFactory: (cells: InsightsCells) => new InsightsQuery(cells, { k: settings.k, ...(options.clock ? { clock: options.clock } : {}) }), inject: [INSIGHTS_CELLS] },
        { provide: InsightsViews, useFactory: (query: InsightsQuery) => new InsightsViews(query, { voiceWarningPercent: settings.voiceWarningPercent }), inject: [InsightsQuery] },
        { provide: TRANSPARENCY_SETTINGS, useValue: { k: settings.k, retentionDays: options.retentionDays } satisfies TransparencySettings },
      ],
      exports: [InsightsQuery],
    };
  }
}
