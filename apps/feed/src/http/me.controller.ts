import { Controller, UseGuards } from '@nestjs/common';
import { CurrentPrincipal, PlatformAuthGuard, type Principal } from '@plein/shared/auth';
import { Endpoint } from '@plein/shared/platform';
import { ME } from './routes';

/** Who the caller is, as the platform token says (verified offline; revoked tokens are refused). */
@Controller()
@UseGuards(PlatformAuthGuard)
export class MeController {
  @Endpoint(ME)
  me(@CurrentPrincipal() principal: Principal): { userId: string; roles: readonly string[] } {
    return { userId: principal.userId, roles: principal.roles };
  }
}
