import { join } from 'node:path';
import { pleinAliasTarget } from './plein-aliases';
import { serviceNameFor } from './service-name';

describe('pleinAliasTarget', () => {
  it('maps @plein/<scope>/<name> to the built index in dist', () => {
    expect(pleinAliasTarget('@plein/shared/observability', '/app/dist')).toBe(join('/app/dist', 'libs', 'shared', 'observability', 'src', 'index.js'));
  });

  it('leaves everything else to Node', () => {
    expect(pleinAliasTarget('@plein/shared', '/d')).toBeUndefined();
    expect(pleinAliasTarget('@plein/shared/kernel/src/ids', '/d')).toBeUndefined();
    expect(pleinAliasTarget('@nestjs/core', '/d')).toBeUndefined();
    expect(pleinAliasTarget('./local', '/d')).toBeUndefined();
  });
});

describe('serviceNameFor', () => {
  it('prefers SERVICE_NAME', () => {
    expect(serviceNameFor({ SERVICE_NAME: 'feed-canary' }, '/x/dist/apps/feed/src/main.js')).toBe('feed-canary');
  });
  it('falls back to the app folder of the main script', () => {
    expect(serviceNameFor({}, '/x/dist/apps/profiles/src/main.js')).toBe('profiles');
    expect(serviceNameFor({}, undefined)).toBe('plein');
  });
});
