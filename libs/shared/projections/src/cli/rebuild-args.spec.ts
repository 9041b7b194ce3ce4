import { parseRebuildArgs, UsageError } from './rebuild-args';

describe('projection:rebuild arguments', () => {
  it('parses a rebuild', () => {
    expect(parseRebuildArgs(['--catalogue', 'apps/feed/src/projections.catalogue.ts', '--projection', 'home-timeline', '--to', '2', '--verify', 'checksum', '--drop-delay-ms', '0'])).toEqual({
      kind: 'rebuild', catalogue: 'apps/feed/src/projections.catalogue.ts', projection: 'home-timeline', toVersion: 2, verify: 'checksum', dropDelayMs: 0, catchUpTimeoutMs: undefined, breakLock: false,
    });
  });

  it('parses a listing', () => {
    expect(parseRebuildArgs(['--catalogue', 'x.ts', '--list'])).toEqual({ kind: 'list', catalogue: 'x.ts' });
  });

  it.each([
    [['--projection', 'p', '--to', '2'], /--catalogue/],
    [['--catalogue', 'x', '--to', '2'], /--projection/],
    [['--catalogue', 'x', '--projection', 'p'], /--to is required/],
    [['--catalogue', 'x', '--projection', 'p', '--to', '0'], /--to must be/],
    [['--catalogue', 'x', '--projection', 'p', '--to', '2', '--verify', 'maybe'], /--verify/],
    [['--catalogue', 'x', '--bogus'], /bogus/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseRebuildArgs(argv)).toThrow(UsageError);
    expect(() => parseRebuildArgs(argv)).toThrow(message);
  });
});
