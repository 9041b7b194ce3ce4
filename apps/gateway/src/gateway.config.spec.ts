import { ConfigError } from '@plein/shared/config';
import { loadGatewayConfig } from './gateway.config';

describe('gateway configuration', () => {
  it('defaults to the local services on 3001-3006 and an http origin without Secure cookies', () => {
    const { service, gateway } = loadGatewayConfig({});
    expect(service.http.port).toBe(3000);
    expect(gateway.upstreams).toEqual({
      identity: 'http://127.0.0.1:3001',
      feed: 'http://127.0.0.1:3002',
      profiles: 'http://127.0.0.1:3003',
      moderation: 'http://127.0.0.1:3004',
      notifications: 'http://127.0.0.1:3005',
      insights: 'http://127.0.0.1:3006',
    });
    expect(gateway).toMatchObject({ secure: false, publicOrigin: undefined, maxBodyBytes: 1_048_576, rateLimitPerMinute: 600, anonymousRateLimitPerMinute: 120, visits: true });
  });

  it('takes the public origin (https: Secure cookies and HSTS) and service URLs without trailing slashes', () => {
    const { gateway } = loadGatewayConfig({ GATEWAY_PUBLIC_URL: 'https://plein.example.org/', GATEWAY_FEED_URL: 'http://feed:3002/', GATEWAY_VISITS: 'false' });
    expect(gateway).toMatchObject({ publicOrigin: 'https://plein.example.org', secure: true, visits: false });
    expect(gateway.upstreams.feed).toBe('http://feed:3002');
  });

  it('refuses bad settings naming each variable', () => {
    let error: unknown;
    try {
      loadGatewayConfig({ GATEWAY_PUBLIC_URL: 'ftp://x', GATEWAY_NOTIFICATIONS_URL: 'not a url', GATEWAY_MAX_BODY_BYTES: '10', GATEWAY_RATE_LIMIT_PER_MINUTE: 'lots', GATEWAY_VISITS: 'yes' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).settings).toEqual(expect.arrayContaining(['GATEWAY_PUBLIC_URL', 'GATEWAY_NOTIFICATIONS_URL', 'GATEWAY_MAX_BODY_BYTES', 'GATEWAY_RATE_LIMIT_PER_MINUTE', 'GATEWAY_VISITS']));
  });
});
