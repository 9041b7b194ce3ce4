import mongoose from 'mongoose';
import { MongodbDependency } from '@plein/shared/platform';
import { captureQueryShapes, explainShapes, shapeReport, type QueryShape } from '@plein/shared/testing';
import { signIn, startHarness, type Harness } from './testing/identity-harness';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * Every query shape identity sends is answered by an index on the local server: the real service
 * runs login, the users API and SCIM with the driver's command monitoring on, and each distinct
 * filter is explained on the same collections (@plein/shared/testing, query-shapes.ts; the feed's
 * counterpart is apps/feed/src/feed.query-shapes.int.spec.ts). Shapes the patched server cannot
 * serve from an index are listed with the reason, as in docs/performance.md ("Query shapes").
 */
const NOT_INDEXED: Record<string, string> = {
  'aggregate <svc>_users_v1 {"deleted":{"$ne":"boolean"}}': 'the total of an unfiltered SCIM /Users listing: it counts every live user, an index cannot narrow it',
  'find <svc>_users_v1 {"deleted":{"$ne":"boolean"}} sort {"_id":1}':
    'an unfiltered SCIM /Users page (skip/limit in _id order): every live user qualifies and the server evaluates $ne after reading; MongoDB walks the _id index',
};

describe('query shapes of identity (real servers, captured with command monitoring)', () => {
  let h: Harness;
  let seen: Map<string, QueryShape>;

  beforeAll(async () => {
    const uri = process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017';
    h = await startHarness({ env: { MONGODB_URI: `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`, IDENTITY_BOOTSTRAP_ADMINS: 'wouter.schouten@demo.plein.dev' } });
    seen = captureQueryShapes(h.identity.app.get(MongodbDependency).connection.getClient(), 'identity');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('runs login, the users API and SCIM, then finds an index scan for every filter they sent', async () => {
    const { accessToken } = await signIn(h, 'wouter.schouten');
    const call = async (method: string, path: string) => {
      const res = await fetch(`${h.url}${path}`, { method, headers: { authorization: `Bearer ${accessToken}` } });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json().catch(() => ({}))) as Record<string, unknown>;
    };
    const scim = async (method: string, path: string, body?: unknown) => {
      const res = await h.scim(method, path, body);
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const me = await call('GET', '/v1/me');
    const camille = (await scim('POST', '/Users', { schemas: [USER], userName: 'camille.shapes@scim.test', externalId: 'ext-camille-shapes', name: { givenName: 'C', familyName: 'L' } }))['id'] as string;
    await scim('PATCH', `/Users/${camille}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { title: 'Analist' } }] });
    await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "camille.shapes@scim.test"')}`);
    await scim('GET', `/Users?filter=${encodeURIComponent('externalId eq "ext-camille-shapes"')}`);
    await scim('GET', '/Users?startIndex=1&count=5');
    const group = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Shapes', externalId: 'ext-shapes', members: [{ value: camille }] }))['id'] as string;
    await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Shapes"')}`);
    await scim('GET', `/Groups/${group}`);
    await call('GET', `/v1/users/${camille}`);
    await call('PUT', `/v1/users/${camille}/roles/community-manager`);
    await call('DELETE', `/v1/users/${camille}/roles/community-manager`);
    await call('GET', `/v1/users/${me['id'] as string}/reports`);
    await call('GET', `/v1/users/${camille}/history`);
    await call('POST', `/v1/users/${camille}/deactivate`);
    await scim('DELETE', `/Groups/${group}`);
    await scim('DELETE', `/Users/${camille}`);
    await h.identity.close();

    const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: h.database }).asPromise();
    try {
      const results = await explainShapes(connection.db!, seen);
      process.stdout.write(`${shapeReport(results)}\n`);
      expect(results.length).toBeGreaterThan(10);
      expect(results.filter((r) => !r.indexed && !(r.shape in NOT_INDEXED)).map((r) => r.shape)).toEqual([]);
    } finally {
      await connection.close();
    }
  }, 120_000);
});
