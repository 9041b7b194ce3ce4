import { Controller, Inject, Res, UseGuards } from '@nestjs/common';
import { InsightsQuery, InsightsViews, tableCsv, viewCsv, type PersonBreakdown, type Table, type TableRequest } from '@plein/insights/application';
import { shareOf } from '@plein/insights/domain';
import { PlatformAuthGuard, Roles } from '@plein/shared/auth';
import { Endpoint, RequestInput, type InputOf } from '@plein/shared/platform';
import type { Response } from 'express';
import { ADOPTION, ADOPTION_CSV, BREAKDOWN, ENGAGEMENT, ENGAGEMENT_CSV, EXPORT_CSV, INSIGHTS_VIEWER, LEADERSHIP, LEADERSHIP_CSV, SERIES } from './insights.routes';

type SeriesInput = InputOf<typeof SERIES>['query'];
const tableRequest = (q: SeriesInput): TableRequest => ({ metric: q.metric, granularity: q.granularity, from: q.from, to: q.to, by: q.by as TableRequest['by'], parent: q.parent });
/** The public shape of a table: figures only (the cells' other counters stay inside). */
const publicTable = (table: Table, k: number) => ({
  metric: table.metric,
  granularity: table.granularity,
  by: table.by,
  parent: table.parent,
  k,
  rows: table.rows.map((r) => ({ period: r.period, total: r.total.value, parts: r.parts.map((p) => ({ key: p.key, value: p.figure.value })) })),
});

const sendCsv = (res: Response, filename: string, csv: string): void => {
  res.status(200).type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${filename}"`).send(csv);
};

/** The aggregate routes: only for holders of insights-viewer (administrators too need the role). */
@Controller()
@UseGuards(PlatformAuthGuard)
@Roles(INSIGHTS_VIEWER)
export class InsightsController {
  constructor(
    @Inject(InsightsQuery) private readonly query: InsightsQuery,
    @Inject(InsightsViews) private readonly views: InsightsViews,
  ) {}

  @Endpoint(SERIES)
  async series(@RequestInput() { query }: InputOf<typeof SERIES>) {
    return publicTable(await this.query.table(tableRequest(query)), this.query.k);
  }

  @Endpoint(BREAKDOWN)
  async breakdown(@RequestInput() { query }: InputOf<typeof BREAKDOWN>) {
    const table = await this.query.table({ metric: query.metric, granularity: query.granularity, from: query.period, to: query.period, by: query.by as TableRequest['by'], parent: query.parent });
    const row = table.rows[0]!;
    return {
      metric: table.metric,
      granularity: table.granularity,
      period: row.period,
      by: table.by,
      parent: table.parent,
      k: this.query.k,
      total: row.total.value,
      parts: row.parts.map((p) => ({ key: p.key, value: p.figure.value, sharePercent: shareOf(p.figure.value, row.total.value) })),
    };
  }

  @Endpoint(ADOPTION)
  async adoption(@RequestInput() { query }: InputOf<typeof ADOPTION>) {
    const { by, parent, ...range } = query;
    return { k: this.query.k, ...(await this.views.adoption(range, by as PersonBreakdown | undefined, parent)) };
  }

  @Endpoint(LEADERSHIP)
  async leadership(@RequestInput() { query }: InputOf<typeof LEADERSHIP>) {
    const { orgUnit, ...range } = query;
    return { k: this.query.k, ...(await this.views.leadership(range, orgUnit)) };
  }

  @Endpoint(ENGAGEMENT)
  async engagement(@RequestInput() { query }: InputOf<typeof ENGAGEMENT>) {
    return { k: this.query.k, ...(await this.views.engagement(query)) };
  }

  @Endpoint(ADOPTION_CSV)
  async adoptionCsv(@RequestInput() { query }: InputOf<typeof ADOPTION>, @Res() res: Response): Promise<void> {
    sendCsv(res, `insights-adoption-${query.granularity}.csv`, viewCsv(await this.adoption({ query } as InputOf<typeof ADOPTION>)));
  }

  @Endpoint(LEADERSHIP_CSV)
  async leadershipCsv(@RequestInput() { query }: InputOf<typeof LEADERSHIP>, @Res() res: Response): Promise<void> {
    sendCsv(res, `insights-leadership-${query.granularity}.csv`, viewCsv(await this.leadership({ query } as InputOf<typeof LEADERSHIP>)));
  }

  @Endpoint(ENGAGEMENT_CSV)
  async engagementCsv(@RequestInput() { query }: InputOf<typeof ENGAGEMENT>, @Res() res: Response): Promise<void> {
    sendCsv(res, `insights-engagement-${query.granularity}.csv`, viewCsv(await this.engagement({ query } as InputOf<typeof ENGAGEMENT>)));
  }

  @Endpoint(EXPORT_CSV)
  async export(@RequestInput() { query }: InputOf<typeof EXPORT_CSV>, @Res() res: Response): Promise<void> {
    sendCsv(res, `insights-${query.metric}-${query.granularity}.csv`, tableCsv(await this.query.table(tableRequest(query))));
  }
}
