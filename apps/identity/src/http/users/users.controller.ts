import { Controller, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { CurrentPrincipal, PlatformAuthGuard, Roles, type Principal } from '@plein/shared/auth';
import { ForbiddenActionError, toOrgProfile, type OrgProfile } from '@plein/identity/application';
import { Endpoint, RequestInput, type InputOf } from '@plein/shared/platform';
import { IdentityRuntime } from '../../runtime/identity-runtime';
import { requestMetadata } from '../http-support';
import * as R from '../routes';

/**
 * Plein's own user API (platform tokens): the caller's profile and sessions, organisation data
 * for org charts, and role/badge administration. Every change is an event with the caller as
 * actor; `GET /v1/users/:id/history` shows them (admins).
 */
@Controller()
@UseGuards(PlatformAuthGuard)
export class UsersController {
  constructor(private readonly runtime: IdentityRuntime) {}

  @Endpoint(R.ME)
  async me(@CurrentPrincipal() principal: Principal): Promise<OrgProfile & { sessionId: string }> {
    const { organisation } = await this.runtime.services();
    return { ...(await organisation.profile(principal.userId)), sessionId: principal.sessionId };
  }

  @Endpoint(R.MY_SESSIONS)
  async mySessions(@CurrentPrincipal() principal: Principal) {
    const { sessions } = await this.runtime.services();
    return { sessions: (await sessions.listActive(principal.userId)).map(({ id, createdAt, expiresAt }) => ({ id, createdAt, expiresAt, current: id === principal.sessionId })) };
  }

  /** Ends one of the caller's own sessions (another device), or anyone's for an admin. */
  @Endpoint(R.END_SESSION)
  async endSession(@RequestInput() { params: { sessionId } }: InputOf<typeof R.END_SESSION>, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<void> {
    const { sessions } = await this.runtime.services();
    const session = await sessions.get(sessionId);
    const isAdmin = principal.roles.includes('admin');
    if (!session || (session.userId !== principal.userId && !isAdmin)) throw new ForbiddenActionError('Not your session');
    await sessions.revokeById(sessionId, session.userId === principal.userId ? 'logout' : 'administrator', requestMetadata(req, principal.userId));
  }

  @Endpoint(R.USERS)
  async users(@RequestInput() { query: { ids } }: InputOf<typeof R.USERS>): Promise<{ items: OrgProfile[] }> {
    return { items: await (await this.runtime.services()).organisation.profiles(ids) };
  }

  @Endpoint(R.USER)
  async user(@RequestInput() { params: { id } }: InputOf<typeof R.USER>): Promise<OrgProfile> {
    return (await this.runtime.services()).organisation.profile(id);
  }

  @Endpoint(R.REPORTS)
  async reports(@RequestInput() { params: { id } }: InputOf<typeof R.REPORTS>) {
    return { reports: await (await this.runtime.services()).organisation.reports(id) };
  }

  @Endpoint(R.CHAIN)
  async chain(@RequestInput() { params: { id } }: InputOf<typeof R.CHAIN>) {
    return { chain: await (await this.runtime.services()).organisation.chain(id) };
  }

  @Endpoint(R.GRANT_ROLE)
  @Roles('admin')
  async grantRole(@RequestInput() { params: { id, role } }: InputOf<typeof R.GRANT_ROLE>, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<OrgProfile> {
    const { admin } = await this.runtime.services();
    return toOrgProfile(await admin.grantRole({ userId: principal.userId }, id, role, requestMetadata(req, principal.userId)));
  }

  @Endpoint(R.REVOKE_ROLE)
  @Roles('admin')
  async revokeRole(@RequestInput() { params: { id, role } }: InputOf<typeof R.REVOKE_ROLE>, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<OrgProfile> {
    const { admin } = await this.runtime.services();
    return toOrgProfile(await admin.revokeRole({ userId: principal.userId }, id, role, requestMetadata(req, principal.userId)));
  }

  @Endpoint(R.GRANT_BADGE)
  @Roles('admin', 'community-manager')
  async grantBadge(@RequestInput() { params: { id, badge } }: InputOf<typeof R.GRANT_BADGE>, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<OrgProfile> {
    const { admin } = await this.runtime.services();
    return toOrgProfile(await admin.setBadge({ userId: principal.userId }, id, badge, true, requestMetadata(req, principal.userId)));
  }

  @Endpoint(R.REVOKE_BADGE)
  @Roles('admin', 'community-manager')
  async revokeBadge(@RequestInput() { params: { id, badge } }: InputOf<typeof R.REVOKE_BADGE>, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<OrgProfile> {
    const { admin } = await this.runtime.services();
    return toOrgProfile(await admin.setBadge({ userId: principal.userId }, id, badge, false, requestMetadata(req, principal.userId)));
  }

  @Endpoint(R.DEACTIVATE)
  @Roles('admin')
  async deactivate(@RequestInput() { params: { id } }: InputOf<typeof R.DEACTIVATE>, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<OrgProfile> {
    const { admin } = await this.runtime.services();
    return toOrgProfile(await admin.deactivate({ userId: principal.userId }, id, requestMetadata(req, principal.userId)));
  }

  @Endpoint(R.REACTIVATE)
  @Roles('admin')
  async reactivate(@RequestInput() { params: { id } }: InputOf<typeof R.REACTIVATE>, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<OrgProfile> {
    const { admin } = await this.runtime.services();
    return toOrgProfile(await admin.reactivate({ userId: principal.userId }, id, requestMetadata(req, principal.userId)));
  }

  @Endpoint(R.HISTORY)
  @Roles('admin')
  async history(@RequestInput() { params: { id } }: InputOf<typeof R.HISTORY>, @CurrentPrincipal() principal: Principal) {
    const { admin } = await this.runtime.services();
    return { events: await admin.history({ userId: principal.userId }, id) };
  }
}
