import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fuzzOperation, operationsOf, ResponseValidator, type FuzzTarget } from './openapi-fuzz';

/**
 * The fuzzer end to end against a small HTTP server with planted bugs: a 500 on a repeated query
 * parameter, a text/html 404 for a malformed id, a 2xx body that breaks its documented schema, and
 * a 401 without a token. Each must come back as a finding (so a green service run means something).
 */
const doc = {
  openapi: '3.1.0',
  security: [{ bearer: [] }],
  paths: {
    '/v1/things/{thingId}': {
      get: {
        parameters: [
          { name: 'thingId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 10 } },
        ],
        responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } } } } },
      },
    },
  },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe('the fuzzer against planted bugs (local HTTP server)', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      const id = decodeURIComponent(u.pathname.split('/')[3] ?? '');
      const problem = (status: number) => {
        res.writeHead(status, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ type: 'about:blank', title: 'x', status }));
      };
      if (!req.headers.authorization?.startsWith('Bearer good')) return problem(401);
      if (new Set(u.searchParams.keys()).size !== [...u.searchParams.keys()].length) {
        res.writeHead(500, { 'content-type': 'application/problem+json' });
        return res.end(JSON.stringify({ type: 'about:blank', title: 'Internal', status: 500 }));
      }
      if (!UUID.test(id)) {
        res.writeHead(404, { 'content-type': 'text/html' });
        return res.end('<h1>Not found</h1>');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(id.startsWith('0') ? { id: 42 } : { id }));
    }).on('clientError', (_, socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('reports each planted bug with the request that found it', async () => {
    const target: FuzzTarget = {
      name: 'planted',
      url,
      doc,
      hints: { thingId: ['01a24c21-a34f-73b5-8469-de89c66727b5', '0190a5b4-2c3d-7e8f-9a0b-1c2d3e4f5a6b'] },
      principals: ['employee'],
      auth: (principal): Record<string, string> => (principal === 'employee' ? { authorization: 'Bearer good' } : principal === 'forged' ? { authorization: 'Bearer bad' } : {}),
    };
    const [op] = operationsOf(doc);
    const { findings, statuses } = await fuzzOperation(target, op!, new ResponseValidator(doc), { seed: 42, valid: 30, hostile: 60 });
    const kinds = new Set(findings.flatMap((f) => f.problems.map((p) => p.split(':')[0]!.replace(/ \d+$/, ''))));
    expect([...kinds].sort()).toEqual(['error with content-type \'text/html\'', 'response schema', 'status'].sort());
    expect(findings.find((f) => f.problems.includes('status 500'))?.request).toMatch(/repeated query/);
    expect(Object.keys(statuses)).toEqual(expect.arrayContaining(['valid 200', 'hostile 401']));
    expect(findings.every((f) => f.seed === 42)).toBe(true);
  });
});
