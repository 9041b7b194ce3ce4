import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { AuthenticationError, MissingRoleError } from '../errors';
import type { Principal } from '../principal';
import { PlatformTokenVerifier } from '../token-verifier';
import { ROLES_KEY } from './roles.decorator';

const BEARER = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/i;

/**
 * `@UseGuards(PlatformAuthGuard)`: a platform access token in the Authorization header (never in
 * the URL), verified offline; `@Roles(...)` narrows further. Failures are problem+json 401/403
 * (with RFC 6750 `WWW-Authenticate`), or 503 while the revocation list is still loading.
 */
@Injectable()
export class PlatformAuthGuard implements CanActivate {
  constructor(
    private readonly verifier: PlatformTokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<{ headers: IncomingHttpHeaders; principal?: Principal }>();
    const response = http.getResponse<ServerResponse>();
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="plein"');
      throw new AuthenticationError('AUTH.MISSING_TOKEN', 'A bearer access token is required');
    }
    try {
      request.principal = await this.verifier.verify(match[1]!);
    } catch (error) {
      if (error instanceof AuthenticationError) response.setHeader('WWW-Authenticate', 'Bearer realm="plein", error="invalid_token"');
      throw error;
    }
    const roles = this.reflector.getAllAndOverride<string[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (roles && roles.length > 0 && !roles.some((role) => request.principal!.roles.includes(role))) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="plein", error="insufficient_scope"');
      throw new MissingRoleError(roles);
    }
    return true;
  }
}
