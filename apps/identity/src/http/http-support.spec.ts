import type { Request } from 'express';
import { requestMetadata } from './http-support';

const request = (headers: Record<string, string>): Request => ({ headers, header: (name: string) => headers[name.toLowerCase()] }) as unknown as Request;

describe('requestMetadata', () => {
  it('scopes the Idempotency-Key to the caller: two admins sending the same key on one user are two commands', () => {
    const req = request({ 'idempotency-key': 'grant-2026' });
    const first = requestMetadata(req, 'admin-1');
    const second = requestMetadata(req, 'admin-2');
    expect(first.causationId).not.toBe(second.causationId);
    // The same caller retrying is the same command.
    expect(requestMetadata(req, 'admin-1').causationId).toBe(first.causationId);
  });

  it('gives a fresh causation id without a key', () => {
    expect(requestMetadata(request({}), 'admin-1').causationId).not.toBe(requestMetadata(request({}), 'admin-1').causationId);
  });

  it('refuses a malformed key (400 naming header.Idempotency-Key) instead of ignoring it', () => {
    expect(() => requestMetadata(request({ 'idempotency-key': 'has space' }), 'admin-1')).toThrow(
      expect.objectContaining({ kind: 'validation', violations: [expect.objectContaining({ field: 'header.Idempotency-Key' })] }),
    );
  });
});
