import { ValidationError } from '@plein/shared/kernel';
import { runWithRequestContext } from '@plein/shared/observability';
import type { Principal } from '../principal';
import { platformRequestContext, principalOf } from './request-context';

const principal: Principal = { userId: 'u-1', sessionId: 's-1', roles: ['employee', 'admin'], issuedAt: 1, expiresAt: 2 };

describe('platformRequestContext', () => {
  it('carries the caller and roles of the token, the correlation id, the Idempotency-Key and the traceparent', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const ctx = runWithRequestContext({ correlationId: 'corr-1' }, () =>
      platformRequestContext({ principal, headers: { 'idempotency-key': 'key-1', traceparent } }),
    );
    expect(ctx).toEqual({ caller: { userId: 'u-1', roles: ['employee', 'admin'] }, correlationId: 'corr-1', idempotencyKey: 'key-1', traceparent });
  });

  it('leaves out what the request does not carry', () => {
    expect(platformRequestContext({ principal, headers: {} })).toEqual({ caller: { userId: 'u-1', roles: ['employee', 'admin'] }, correlationId: 'unknown' });
  });

  it('answers an Idempotency-Key outside the shared rule with a validation error naming the header', () => {
    let error: unknown;
    try {
      platformRequestContext({ principal, headers: { 'idempotency-key': 'x'.repeat(201) } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).violations).toEqual([expect.objectContaining({ field: 'header.Idempotency-Key' })]);
  });

  it('refuses a request the platform guard has not let through', () => {
    expect(() => platformRequestContext({ headers: {} })).toThrow(/PlatformAuthGuard/);
    expect(() => principalOf({})).toThrow(/PlatformAuthGuard/);
    expect(principalOf({ principal })).toBe(principal);
  });
});
