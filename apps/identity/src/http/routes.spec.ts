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

  it('names a role outside the enum and a malformed user id', () => {
    expect(() => validateRequest(routes.GRANT_ROLE, { params: { id: 'x', role: 'root' } })).toThrow(expect.objectContaining({ violations: [expect.objectContaining({ field: 'path.id' }), expect.objectContaining({ field: 'path.role' })] }));
  });
});
