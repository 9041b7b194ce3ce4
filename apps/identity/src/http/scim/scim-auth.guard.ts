import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { PleinError } from '@plein/shared/kernel';
import { IDENTITY_CONFIG } from '../../identity.tokens';
import type { IdentityConfig } from '../../identity.config';
import { clientIp } from '../http-support';
import { RateLimiter } from '../rate-limiter';

export class ScimUnauthorizedError extends PleinError {
  readonly kind = 'unauthorized' as const;
  readonly code = 'SCIM.UNAUTHORIZED';
  constructor() {
    super('A valid SCIM bearer token is required');
  }
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * SCIM clients (the IdP's provisioning agent) authenticate with one long-lived bearer token
 * (SCIM_BEARER_TOKEN, or only its SHA-256 in SCIM_BEARER_TOKEN_SHA256). The presented token is
 * hashed and compared with timingSafeEqual, so neither content nor length leaks through timing.
 * Without a configured token SCIM is off and every request is refused. Requests are rate limited
 * per client address, before and after authentication (so guessing is limited too).
 */
@Injectable()
export class ScimAuthGuard implements CanActivate {
  private readonly expected: Buffer | null;
  private readonly limiter: RateLimiter;

  constructor(@Inject(IDENTITY_CONFIG) config: IdentityConfig) {
    const { scimToken, scimTokenSha256, rateLimits } = config.identity;
    this.expected = scimTokenSha256 ? Buffer.from(scimTokenSha256, 'hex') : scimToken ? digest(scimToken) : null;
    this.limiter = new RateLimiter(rateLimits.scimPerMinute);
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    this.limiter.take(clientIp(req));
    const match = /^Bearer\s+(\S{1,4096})$/i.exec(req.header('authorization') ?? '');
    const ok = this.expected !== null && match !== null && timingSafeEqual(digest(match[1]!), this.expected);
    if (!ok) {
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="plein-scim"');
      throw new ScimUnauthorizedError();
    }
    return true;
  }
}
