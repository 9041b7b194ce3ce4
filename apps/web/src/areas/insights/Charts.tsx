import { useId, type ReactNode } from 'react';
import type { CompletenessRow, Figure } from './api';
import { useI18n } from '../../i18n';
import { barLength, completenessSegments, formatFigure, niceMax } from './logic';

/** A figure as text: the number, or "fewer than k people" when insights hid it (never 0). */
export function Fig({ value, k, percent = false }: { value: Figure | undefined; k: number; percent?: boolean }) {
  const { t, lang } = useI18n();
  const text = formatFigure(value, lang, percent);
  return text === null ? <span className="ins-suppressed">{t('insSuppressed', { k })}</span> : <span>{text}</span>;
}

export interface BarRow {
  readonly key: string;
  readonly label: string;
  readonly value: Figure;
}

/** A second column of figures beside a chart's own (reach beside active people, ...). */
interface ExtraColumn {
  readonly header: string;
  readonly values: readonly (Figure | undefined)[];
  readonly percent?: boolean;
}

/** A column of a DataTable: its header and each row's cell. */
export interface DataColumn<R> {
  readonly id: string;
  readonly header: ReactNode;
  cell(row: R, index: number): ReactNode;
}

/**
 * Figures as a table behind a disclosure (what screen readers and a keyboard get beside a chart):
 * one row per item, headed by its label, one cell per column.
 */
export function DataTable<R>({ summary, caption, rowHeader, columns, rows, rowKey, rowLabel }: { summary: ReactNode; caption: string; rowHeader: string; columns: readonly DataColumn<R>[]; rows: readonly R[]; rowKey(row: R): string; rowLabel(row: R): ReactNode }) {
  return (
    <details className="ins-details">
      <summary>{summary}</summary>
      <table className="ins-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{rowHeader}</th>
            {columns.map((c) => (
              <th key={c.id} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKey(row)}>
              <th scope="row">{rowLabel(row)}</th>
              {columns.map((c) => (
                <td key={c.id}>{c.cell(row, i)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** The chart's figures as a table: its value and, if given, a second column. */
function FigureTable({ title, rowHeader, valueHeader, rows, k, percent, extra }: { title: string; rowHeader: string; valueHeader: string; rows: readonly BarRow[]; k: number; percent: boolean; extra: ExtraColumn | undefined }) {
  const { t } = useI18n();
  const columns: DataColumn<BarRow>[] = [{ id: 'value', header: valueHeader, cell: (row) => <Fig value={row.value} k={k} percent={percent} /> }];
  if (extra) columns.push({ id: 'extra', header: extra.header, cell: (_row, i) => <Fig value={extra.values[i]} k={k} percent={extra.percent ?? false} /> });
  return <DataTable summary={t('insTable')} caption={title} rowHeader={rowHeader} columns={columns} rows={rows} rowKey={(r) => r.key} rowLabel={(r) => r.label} />;
}

/**
 * The frame of every chart: a figure named by its caption, and the chart with its table, or a
 * line saying there is nothing to show.
 */
function ChartFigure({ title, empty, children }: { title: string; empty: boolean; children: () => ReactNode }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <figure className="ins-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="ins-chart-title">
        {title}
      </figcaption>
      {empty ? <p className="meta">{t('insNoData')}</p> : children()}
    </figure>
  );
}

const WIDTH = 320;
const ROW = 44;

/**
 * A horizontal bar chart drawn as SVG, one row per value: the label above its bar and the figure
 * at the bar's end; a hidden figure gets no bar but the words "fewer than k people". The SVG is
 * one image to screen readers, named after the table that follows it (the same rows as text).
 */
export function BarChart({ title, rows, k, percent = false, labelHeader, valueHeader, extra }: { title: string; rows: readonly BarRow[]; k: number; percent?: boolean; labelHeader?: string; valueHeader?: string; extra?: ExtraColumn }) {
  const { t, lang } = useI18n();
  const max = percent ? 100 : niceMax(rows.map((r) => r.value));
  const height = rows.length * ROW + 4;
  return (
    <ChartFigure title={title} empty={rows.length === 0}>
      {() => (
        <>
          <svg viewBox={`0 0 ${WIDTH} ${height}`} className="ins-svg" role="img" aria-label={t('insChartOf', { title })}>
            {rows.map((row, i) => {
              const y = i * ROW;
              const length = barLength(row.value, max, WIDTH - 90);
              const text = formatFigure(row.value, lang, percent);
              return (
                <g key={row.key}>
                  <text x={0} y={y + 14} className="ins-label">
                    {row.label}
                  </text>
                  {length === null ? (
                    <text x={0} y={y + 34} className="ins-suppressed-text">
                      {t('insSuppressed', { k })}
                    </text>
                  ) : (
                    <>
                      <rect x={0} y={y + 20} width={Math.max(length, 1)} height={18} rx={2} className="ins-bar" />
                      <text x={length + 6} y={y + 34} className="ins-value">
                        {text}
                      </text>
                    </>
                  )}
                </g>
              );
            })}
          </svg>
          <FigureTable title={title} rowHeader={labelHeader ?? t('insKind')} valueHeader={valueHeader ?? t('insValue')} rows={rows.map((r) => ({ key: r.key, label: r.label, value: r.value }))} k={k} percent={percent} extra={extra} />
        </>
      )}
    </ChartFigure>
  );
}

const COL_HEIGHT = 140;

/**
 * A column chart of one figure per period (a time series) as SVG: hidden figures have no column but
 * a marked gap on the axis, counted below the chart in words. The table repeats every period.
 */
export function ColumnChart({ title, points, k, percent = false, extra }: { title: string; points: readonly { period: string; value: Figure }[]; k: number; percent?: boolean; extra?: ExtraColumn }) {
  const { t, lang } = useI18n();
  const max = percent ? 100 : niceMax(points.map((p) => p.value));
  const top = 16;
  const bottom = top + COL_HEIGHT;
  const left = 36;
  const step = points.length > 0 ? (WIDTH - left) / points.length : 0;
  const hidden = points.filter((p) => p.value === null).length;
  return (
    <ChartFigure title={title} empty={points.length === 0}>
      {() => (
        <>
          <svg viewBox={`0 0 ${WIDTH} ${bottom + 20}`} className="ins-svg" role="img" aria-label={t('insChartOf', { title })}>
            <text x={0} y={top + 4} className="ins-axis">
              {formatFigure(max, lang, percent)}
            </text>
            <text x={0} y={bottom} className="ins-axis">
              0
            </text>
            <line x1={left} y1={bottom} x2={WIDTH} y2={bottom} className="ins-baseline" />
            {points.map((p, i) => {
              const length = barLength(p.value, max, COL_HEIGHT);
              const x = left + i * step + step * 0.15;
              const w = Math.max(step * 0.7, 1);
              return length === null ? (
                <rect key={p.period} x={x} y={bottom - 4} width={w} height={4} className="ins-gap" />
              ) : (
                <rect key={p.period} x={x} y={bottom - length} width={w} height={Math.max(length, 0.5)} className="ins-bar" />
              );
            })}
            <text x={left} y={bottom + 16} className="ins-axis">
              {points[0]!.period}
            </text>
            <text x={WIDTH} y={bottom + 16} textAnchor="end" className="ins-axis">
              {points.at(-1)!.period}
            </text>
          </svg>
          {hidden > 0 && (
            <p className="meta">
              <span className="ins-gap-key" aria-hidden="true" /> {hidden}× {t('insSuppressed', { k })}
            </p>
          )}
          <FigureTable title={title} rowHeader={t('insPeriod')} valueHeader={title} rows={points.map((p) => ({ key: p.period, label: p.period, value: p.value }))} k={k} percent={percent} extra={extra} />
        </>
      )}
    </ChartFigure>
  );
}

/**
 * Profile completeness per part: one stacked bar per part (each shown band at its share of the
 * part's counted people, the hidden bands together in grey; no bar for a hidden part) and the
 * table of every figure, where hidden ones read "fewer than k people".
 */
export function CompletenessChart({ title, rows, label, rowHeader, k }: { title: string; rows: readonly CompletenessRow[]; label(key: string): string; rowHeader: string; k: number }) {
  const { t } = useI18n();
  const bands = rows[0]?.bands.map((b) => b.band) ?? [];
  const height = rows.length * ROW + 4;
  return (
    <ChartFigure title={title} empty={rows.length === 0}>
      {() => (
        <>
          <svg viewBox={`0 0 ${WIDTH} ${height}`} className="ins-svg" role="img" aria-label={t('insStackedChartOf', { title })}>
            {rows.map((row, i) => {
              const y = i * ROW;
              const segments = completenessSegments(row, WIDTH);
              return (
                <g key={row.key}>
                  <text x={0} y={y + 14} className="ins-label">
                    {label(row.key)}
                  </text>
                  {segments.length === 0 ? (
                    <text x={0} y={y + 34} className="ins-suppressed-text">
                      {t('insSuppressed', { k })}
                    </text>
                  ) : (
                    segments.map((s) => <rect key={s.band ?? 'hidden'} x={s.x} y={y + 20} width={s.width} height={18} className={s.band === null ? 'ins-gap' : `ins-band ins-band-${s.band}`} />)
                  )}
                </g>
              );
            })}
          </svg>
          <ul className="ins-legend" aria-hidden="true">
            {bands.map((band, i) => (
              <li key={band}>
                <span className={`ins-key ins-band ins-band-${i}`} /> {band}%
              </li>
            ))}
            <li>
              <span className="ins-key ins-gap-swatch" /> {t('insCompletenessHidden')}
            </li>
          </ul>
          <DataTable
            summary={t('insTable')}
            caption={title}
            rowHeader={rowHeader}
            columns={[
              { id: 'counted', header: t('insCompletenessCounted'), cell: (row: CompletenessRow) => <Fig value={row.profiles} k={k} /> },
              ...bands.map((band, b) => ({
                id: band,
                header: `${band}%`,
                cell: (row: CompletenessRow) => {
                  const figure = row.bands[b]!;
                  return (
                    <>
                      <Fig value={figure.count} k={k} />
                      {figure.sharePercent !== null && (
                        <>
                          {' '}
                          (<Fig value={figure.sharePercent} k={k} percent />)
                        </>
                      )}
                    </>
                  );
                },
              })),
            ]}
            rows={rows}
            rowKey={(row) => row.key}
            rowLabel={(row) => label(row.key)}
          />
        </>
      )}
    </ChartFigure>
  );
}
