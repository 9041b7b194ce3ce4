import { Controller, Get, UseGuards } from '@nestjs/common';
import { CurrentPrincipal, PlatformAuthGuard, type Principal } from '@plein/shared/auth';

/** Who the caller is, as the platform token says (verified offline; revoked tokens are refused). */
@Controller('v1')
@UseGuards(PlatformAuthGuard)
export class MeController {
  @Get('me')
  me(@CurrentPrincipal() principal: Principal): { userId: string; roles: readonly string[] } {
    return { userId: principal.userId, roles: principal.roles };
  }
}
