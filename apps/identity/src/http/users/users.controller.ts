import { Controller, Delete, Get, HttpCode, Param, Post, Put, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { CurrentPrincipal, PlatformAuthGuard, Roles, type Principal } from '@plein/shared/auth';
import { ForbiddenActionError, toOrgProfile, type OrgProfile } from '@plein/identity/application';
import type { UserBadge, UserRole } from '@plein/identity/contracts';
import { IdentityRuntime } from '../../runtime/identity-runtime';
import { requestMetadata } from '../http-support';

/**
 * Plein's own user API (platform tokens): the caller's profile and sessions, organisation data
 * for org charts, and role/badge administration. Every change is an event with the caller as
 * actor; `GET /v1/users/:id/history` shows them (admins).
 */
@Controller('v1')
@UseGuards(PlatformAuthGuard)
export class UsersController {
  constructor(private readonly runtime: IdentityRuntime) {}

  @Get('me')
  async me(@CurrentPrincipal() principal: Principal): Promise<OrgProfile & { sessionId: string }> {
    const { organisation } = await this.runtime.services();
    return { ...(await organisation.profile(principal.userId)), sessionId: principal.sessionId };
  }

  @Get('me/sessions')
  async mySessions(@CurrentPrincipal() principal: Principal) {
    const { sessions } = await this.runtime.services();
    return { sessions: (await sessions.listActive(principal.userId)).map(({ id, createdAt, expiresAt }) => ({ id, createdAt, expiresAt, current: id === principal.sessionId })) };
  }

  /** Ends one of the caller's own sessions (another device), or anyone's for an admin. */
  @Delete('sessions/:sessionId')
  @HttpCode(204)
  async endSession(@Param('sessionId') sessionId: string, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<void> {
    const { sessions } = await this.runtime.services();
    const session = await sessions.get(sessionId);
    const isAdmin = principal.roles.includes('admin');
    if (!session || (session.userId !== principal.userId && !isAdmin)) throw new ForbiddenActionError('Not your session');
    await sessions.revokeById(sessionId, session.userId === principal.userId ? 'logout' : 'administrator', requestMetadata(req, principal.userId));
  }

  @Get('users/:id')
  async user(@Param('id') id: string): Promise<OrgProfile> {
    return (await this.runtime.services()).organisation.profile(id);
  }

  @Get('users/:id/reports')
  async reports(@Param('id') id: string) {
    return { reports: await (await this.runtime.services()).organisation.reports(id) };
  }

  @Get('users/:id/chain')
  async chain(@Param('id') id: string) {
    return { chain: await (await this.runtime.services()).organisation.chain(id) };
  }

  @Put('users/:id/roles/:role')
  @Roles('admin')
  async grantRole(@Param('id') id: string, @Param('role') role: string, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<OrgProfile> {
    const { admin } = await this.runtime.services();
    return toOrgProfile(await admin.grantRole({ userId: principal.userId }, id, role as UserRole, requestMetadata(req, principal.userId)));
  }

  @Delete('users/:id/roles/:role')
  @Roles('admin')
  async revokeRole(@Param('id') id: string, @Param('role') role: string, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<OrgProfile> {
    const { admin } = await this.runtime.services();
    return toOrgProfile(await admin.revokeRole({ userId: principal.userId }, id, role as UserRole, requestMetadata(req, principal.userId)));
  }

  @Put('users/:id/badges/:badge')
  @Roles('admin', 'community-manager')
  async grantBadge(@Param('id') id: string, @Param('badge') badge: string, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<OrgProfile> {
    const { admin } = await this.runtime.services();
    return toOrgProfile(await admin.setBadge({ userId: principal.userId }, id, badge as UserBadge, true, requestMetadata(req, principal.userId)));
  }

  @Delete('users/:id/badges/:badge')
  @Roles('admin', 'community-manager')
  async revokeBadge(@Param('id') id: string, @Param('badge') badge: string, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<OrgProfile> {
    const { admin } = await this.runtime.services();
    return toOrgProfile(await admin.setBadge({ userId: principal.userId }, id, badge as UserBadge, false, requestMetadata(req, principal.userId)));
  }

  @Post('users/:id/deactivate')
  @HttpCode(200)
  @Roles('admin')
  async deactivate(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<OrgProfile> {
    const { admin } = await this.runtime.services();
    return toOrgProfile(await admin.deactivate({ userId: principal.userId }, id, requestMetadata(req, principal.userId)));
  }

  @Post('users/:id/reactivate')
  @HttpCode(200)
  @Roles('admin')
  async reactivate(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<OrgProfile> {
    const { admin } = await this.runtime.services();
    return toOrgProfile(await admin.reactivate({ userId: principal.userId }, id, requestMetadata(req, principal.userId)));
  }

  @Get('users/:id/history')
  @Roles('admin')
  async history(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const { admin } = await this.runtime.services();
    return { events: await admin.history({ userId: principal.userId }, id) };
  }
}
