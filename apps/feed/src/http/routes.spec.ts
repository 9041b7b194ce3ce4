import { exampleRequests, validateRequest, type RouteSpec } from '@plein/shared/platform';
import * as routes from './routes';

const all = Object.values(routes as Record<string, unknown>).filter((v): v is RouteSpec => typeof v === 'object' && v !== null && 'method' in v && 'path' in v);

/** What the feed's OpenAPI document allows, its validation accepts: the document and the checks come from one declaration. */
describe('feed route declarations', () => {
  it('declares every route once', () => {
    const keys = all.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBeGreaterThan(50);
  });

  it.each(all.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('accepts the requests the document allows at its limits: %s', (_name, spec) => {
    const requests = exampleRequests(spec);
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) expect(() => validateRequest(spec, request)).not.toThrow();
  });

  it('says which schema-valid requests the domain still refuses (400): empty content, a cursor the service did not issue', () => {
    for (const spec of [routes.PUBLISH_POST, routes.EDIT_POST]) expect(spec.description).toMatch(/400 FEED\.INVALID_CONTENT.*a body or an attachment/);
    for (const spec of [routes.HOME_TIMELINE, routes.ORGANISATION_TIMELINE, routes.HASHTAG_TIMELINE, routes.GROUP_POSTS]) expect(spec.query!.shape.cursor.description).toMatch(/did not issue answers 400 FEED\.INVALID_CURSOR/);
  });

  it('keeps the call to action per post kind: a question asks for answers, and only a question does', () => {
    const base = { audience: { kind: 'organisation' }, body: 'x' };
    const fields = (body: unknown): string[] => {
      try {
        validateRequest(routes.PUBLISH_POST, { body });
        return [];
      } catch (error) {
        return (error as { violations: { field: string }[] }).violations.map((v) => v.field);
      }
    };
    expect(fields({ ...base, kind: 'question', callToAction: { kind: 'answer' } })).toEqual([]);
    expect(fields({ ...base, kind: 'question', callToAction: { kind: 'fyi' } })).toEqual(['body.callToAction.kind']);
    expect(fields({ ...base, kind: 'announcement', callToAction: { kind: 'answer' } })).toEqual(['body.callToAction.kind']);
    expect(fields({ ...base, kind: 'update', callToAction: { kind: 'vote', options: ['only one'] } })).toEqual(['body.callToAction.options']);
    expect(fields({ ...base, kind: 'update', callToAction: { kind: 'fyi' }, jamId: 'x' })).toEqual(['body.jamId']);
  });
});
