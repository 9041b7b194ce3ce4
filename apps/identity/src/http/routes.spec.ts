import { exampleRequests, validateRequest, type RouteSpec } from '@plein/shared/platform';
import * as routes from './routes';

const declared = Object.values(routes as Record<string, unknown>).filter((v): v is RouteSpec => typeof v === 'object' && v !== null && 'method' in v && 'path' in v);
const all = [...declared, ...routes.SCIM_ROUTES];

/** What identity's OpenAPI document allows, the declarations accept (SCIM's own rules aside). */
describe('identity route declarations', () => {
  it('declares every route once', () => {
    const keys = all.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(all.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('accepts the requests the document allows at its limits: %s', (_name, spec) => {
    for (const request of exampleRequests(spec)) expect(() => validateRequest(spec, request)).not.toThrow();
  });

  describe('SCIM as RFC 7643/7644 and the SCIM layer have it', () => {
    const route = (method: string, path: string) => routes.SCIM_ROUTES.find((r) => r.method === method && r.path === path)!;
    const fields = (spec: RouteSpec, request: Parameters<typeof validateRequest>[1]): string[] => {
      try {
        validateRequest(spec, request);
        return [];
      } catch (error) {
        return [...new Set((error as { violations: { field: string }[] }).violations.map((v) => v.field))];
      }
    };
    const patch = (op: Record<string, unknown>) => fields(route('patch', '/scim/v2/Users/{id}'), { params: { id: 'x' }, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [op] } });

    it('PATCH: add and replace carry a value, remove a path, op in any case (§3.5.2)', () => {
      expect(patch({ op: 'aDd', value: { active: false } })).toEqual([]);
      expect(patch({ op: 'REMOVE', path: 'manager' })).toEqual([]);
      expect(patch({ op: 'add', path: 'active' })).not.toEqual([]);
      expect(patch({ op: 'remove' })).not.toEqual([]);
      expect(patch({ op: 'move', value: 1 })).not.toEqual([]);
    });

    it('POST and PUT need the one attribute the resource requires, not blank: userName for a User, displayName for a Group', () => {
      const schemas = ['urn:ietf:params:scim:schemas:core:2.0:User'];
      expect(fields(route('post', '/scim/v2/Users'), { body: { schemas, userName: 'ada' } })).toEqual([]);
      expect(fields(route('post', '/scim/v2/Users'), { body: { schemas } })).toEqual(['body.userName']);
      expect(fields(route('put', '/scim/v2/Users/{id}'), { params: { id: 'x' }, body: { schemas, userName: ' ' } })).toEqual(['body.userName']);
      expect(fields(route('post', '/scim/v2/Groups'), { body: { schemas, displayName: '' } })).toEqual(['body.displayName']);
    });

    it('reads a startIndex below 1 as 1 and a negative count as 0 instead of refusing them (§3.4.2.4)', () => {
      expect(fields(route('get', '/scim/v2/Users'), { query: { startIndex: '0', count: '-1' } })).toEqual([]);
      expect(fields(route('get', '/scim/v2/Users'), { query: { startIndex: 'one' } })).toEqual(['query.startIndex']);
    });

    it('documents 409 on deprovisioning a User (the last active admin stays)', () => {
      expect(route('delete', '/scim/v2/Users/{id}').errors).toContain(409);
    });
  });

  it('names a role outside the enum and a malformed user id', () => {
    expect(() => validateRequest(routes.GRANT_ROLE, { params: { id: 'x', role: 'root' } })).toThrow(expect.objectContaining({ violations: [expect.objectContaining({ field: 'path.id' }), expect.objectContaining({ field: 'path.role' })] }));
  });
});
