import type { Cell } from '@plein/insights/domain';
import type { CellQuery, InsightsCells } from '../ingest/insights-cells.port';

/**
 * The counter cells with the profile completeness gauges added to their `current` cells
 * (`profiles`, `profiles_<band>`), which are counted from the completeness records when read
 * (`gauges`, see ingest/completeness.ts) rather than incremented by the ingest.
 */
export function withCompletenessGauges(cells: InsightsCells, gauges: () => Promise<readonly Cell[]>): InsightsCells {
  return {
    async read(query: CellQuery): Promise<readonly Cell[]> {
      if (query.granularity !== 'current') return cells.read(query);
      const [counted, extra] = await Promise.all([cells.read(query), gauges()]);
      const merged = new Map(counted.map((c) => [c.value, c]));
      for (const gauge of extra) {
        if (gauge.dimension !== query.dimension || (query.values && !query.values.includes(gauge.value))) continue;
        const cell = merged.get(gauge.value);
        merged.set(gauge.value, cell ? { ...cell, metrics: { ...cell.metrics, ...gauge.metrics } } : gauge);
      }
      return [...merged.values()].sort((a, b) => a.value.localeCompare(b.value));
    },
    async values(granularity, dimension) {
      const values = await cells.values(granularity, dimension);
      if (granularity !== 'current') return values;
      const extra = (await gauges()).filter((g) => g.dimension === dimension).map((g) => g.value);
      return [...new Set([...values, ...extra])].sort();
    },
  };
}
