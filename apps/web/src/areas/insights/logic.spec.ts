import { barLength, checkRange, completenessSegments, defaultRange, formatFigure, insightsPath, latestPeriod, mayViewInsights, niceMax, unitLabel } from './logic';

const TODAY = new Date('2026-12-07T01:30:00Z');

describe('insights ranges', () => {
  it('defaults end today: 14 days, 12 weeks, a year of months', () => {
    expect(defaultRange('day', TODAY)).toEqual({ granularity: 'day', from: '2026-11-24', to: '2026-12-07' });
    expect(defaultRange('week', TODAY)).toEqual({ granularity: 'week', from: '2026-09-15', to: '2026-12-07' });
    expect(defaultRange('month', TODAY)).toEqual({ granularity: 'month', from: '2025-12-07', to: '2026-12-07' });
    for (const g of ['day', 'week', 'month'] as const) expect(checkRange(defaultRange(g, TODAY), TODAY)).toBeNull();
  });

  it('names the field of a range the API would refuse', () => {
    expect(checkRange({ granularity: 'day', from: '2026-02-30', to: '2026-03-01' }, TODAY)).toEqual({ field: 'from', problem: 'invalid' });
    expect(checkRange({ granularity: 'day', from: '2026-12-01', to: '12/07/2026' }, TODAY)).toEqual({ field: 'to', problem: 'invalid' });
    expect(checkRange({ granularity: 'day', from: '2026-12-01', to: '2026-12-08' }, TODAY)).toEqual({ field: 'to', problem: 'future' });
    expect(checkRange({ granularity: 'day', from: '2026-12-05', to: '2026-12-04' }, TODAY)).toEqual({ field: 'from', problem: 'order' });
    expect(checkRange({ granularity: 'week', from: '2025-10-01', to: '2026-11-06' }, TODAY)).toEqual({ field: 'to', problem: 'tooLong' });
    expect(checkRange({ granularity: 'week', from: '2025-10-02', to: '2026-11-06' }, TODAY)).toBeNull();
  });

  it('builds the API paths through the gateway with the range', () => {
    const range = { granularity: 'week' as const, from: '2026-11-01', to: '2026-12-01' };
    expect(insightsPath.adoption(range, 'orgUnit')).toBe('/api/insights/v1/insights/adoption?granularity=week&from=2026-11-01&to=2026-12-01&by=orgUnit');
    expect(insightsPath.adoption(range)).toBe('/api/insights/v1/insights/adoption?granularity=week&from=2026-11-01&to=2026-12-01');
    expect(insightsPath.seriesCsv('active', range)).toBe('/api/insights/v1/insights/export.csv?metric=active&granularity=week&from=2026-11-01&to=2026-12-01');
    expect(insightsPath.viewCsv('engagement', range)).toBe('/api/insights/v1/insights/engagement.csv?granularity=week&from=2026-11-01&to=2026-12-01');
  });
});

describe('figures', () => {
  it('a hidden figure is null, never a zero', () => {
    expect(formatFigure(null, 'nl')).toBeNull();
    expect(formatFigure(undefined, 'en')).toBeNull();
    expect(formatFigure(0, 'en')).toBe('0');
    expect(formatFigure(12.5, 'nl', true)).toBe('12,5%');
    expect(formatFigure(1234, 'en')).toBe('1,234');
  });

  it('scales round the largest shown value up and ignore hidden ones', () => {
    expect(niceMax([null, null])).toBe(1);
    expect(niceMax([3, null, 7])).toBe(10);
    expect(niceMax([12])).toBe(20);
    expect(niceMax([230])).toBe(250);
    expect(niceMax([4100])).toBe(5000);
  });

  it('bars: hidden gets none, values are proportional and clamped', () => {
    expect(barLength(null, 10, 200)).toBeNull();
    expect(barLength(0, 10, 200)).toBe(0);
    expect(barLength(5, 10, 200)).toBe(100);
    expect(barLength(15, 10, 200)).toBe(200);
  });

  it('the detail period is the latest with a figure shown', () => {
    const periods = [
      { period: 'W1', v: 5 },
      { period: 'W2', v: 8 },
      { period: 'W3', v: null },
    ];
    expect(latestPeriod(periods, (p) => p.v !== null)).toBe('W2');
    expect(latestPeriod(periods, () => false)).toBe('W3');
    expect(latestPeriod([], () => true)).toBeNull();
  });

  it('only insights viewers get the dashboard', () => {
    expect(mayViewInsights({ roles: ['employee', 'insights-viewer'] })).toBe(true);
    expect(mayViewInsights({ roles: ['employee', 'admin'] })).toBe(false);
  });

  it('org unit labels are the last part of the path', () => {
    expect(unitLabel('engineering/platform')).toBe('platform');
    expect(unitLabel('sales')).toBe('sales');
  });

  it('stacks the shown completeness bands of a part at their share and the hidden ones together, and draws nothing for a hidden part', () => {
    const band = (count: number | null) => ({ band: 'x', count, sharePercent: null });
    expect(completenessSegments({ profiles: 40, bands: [band(10), band(null), band(20), band(null), band(0)] }, 200)).toEqual([
      { band: 0, x: 0, width: 50 },
      { band: 2, x: 50, width: 100 },
      { band: null, x: 150, width: 50 },
    ]);
    expect(completenessSegments({ profiles: 12, bands: [band(5), band(7)] }, 120)).toEqual([
      { band: 0, x: 0, width: 50 },
      { band: 1, x: 50, width: 70 },
    ]);
    expect(completenessSegments({ profiles: null, bands: [band(null)] }, 120)).toEqual([]);
  });
});
