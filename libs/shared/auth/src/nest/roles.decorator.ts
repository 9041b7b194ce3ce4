import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '../principal';

export const ROLES_KEY = 'plein:auth:roles';

/** The caller needs at least one of these roles (checked by PlatformAuthGuard; 403 otherwise). */
export const Roles = (...roles: string[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** The verified caller of a route guarded by PlatformAuthGuard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without PlatformAuthGuard');
  return principal;
});
