import { Problem, problemOf } from './api';

const problem = (status: number, body: unknown, type = 'application/problem+json') => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': type } });

describe('problem+json answers', () => {
  it('keeps status, title, detail, code and the field violations', async () => {
    const p = await problemOf(
      problem(400, {
        type: 'https://plein.dev/problems/feed.blocked-by-rule',
        title: 'Blocked by a rule',
        status: 400,
        detail: 'body.body: Klantnummers horen in het CRM.',
        code: 'FEED.BLOCKED_BY_RULE',
        errors: [
          { field: 'body.body', message: 'Klantnummers horen in het CRM.' },
          { field: 'body.title', message: 'Geen namen.' },
        ],
      }),
    );
    expect(p).toBeInstanceOf(Problem);
    expect([p.status, p.title, p.detail, p.code]).toEqual([400, 'Blocked by a rule', 'body.body: Klantnummers horen in het CRM.', 'FEED.BLOCKED_BY_RULE']);
    expect(p.messagesFor(['body.body', 'body'])).toEqual(['Klantnummers horen in het CRM.']);
    expect(p.messagesFor(['body.title', 'title'])).toEqual(['Geen namen.']);
    expect(p.messagesFor(['audience'])).toEqual([]);
  });

  it("reads the domain's field names (without the body. prefix) as well", async () => {
    const p = await problemOf(problem(400, { title: 'Invalid content', status: 400, code: 'FEED.INVALID_CONTENT', errors: [{ field: 'body', message: 'a post needs a body or an attachment' }] }));
    expect(p.messagesFor(['body.body', 'body'])).toEqual(['a post needs a body or an attachment']);
  });

  it('drops malformed violations and survives an answer that is not JSON', async () => {
    const mixed = await problemOf(problem(422, { title: 'x', errors: [{ field: 1, message: 'no' }, 'text', { field: 'a', message: 'ok' }] }));
    expect(mixed.errors).toEqual([{ field: 'a', message: 'ok' }]);
    const html = await problemOf(problem(502, '<html>Bad gateway</html>', 'text/html'));
    expect([html.status, html.errors, html.code]).toEqual([502, [], undefined]);
    expect(html.title).toBe('HTTP 502');
  });
});
