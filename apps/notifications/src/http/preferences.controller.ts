import { Controller, Req, UseGuards } from '@nestjs/common';
import { PreferencesService, type PreferencesContext } from '@plein/notifications/application';
import type { PreferenceChoices } from '@plein/notifications/domain';
import { PlatformAuthGuard, type Principal } from '@plein/shared/auth';
import { parseIdempotencyKey } from '@plein/shared/event-sourcing';
import { getRequestContext } from '@plein/shared/observability';
import { Endpoint, RequestInput, type InputOf } from '@plein/shared/platform';
import type { Request } from 'express';
import { GET_DEFAULTS, GET_PREFERENCES, GROUP_POSTS, MUTE_GROUP, MUTE_POST, PUT_DEFAULTS, PUT_PREFERENCES, UNMUTE_GROUP, UNMUTE_POST } from './preferences.routes';

type Authed = Request & { principal?: Principal };

function contextOf(req: Authed): PreferencesContext {
  if (!req.principal) throw new Error('no principal on the request: is PlatformAuthGuard applied?');
  const idempotencyKey = parseIdempotencyKey(req.headers['idempotency-key']);
  const traceparent = req.headers['traceparent'];
  return {
    caller: { userId: req.principal.userId, roles: req.principal.roles },
    correlationId: getRequestContext()?.correlationId ?? 'unknown',
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(typeof traceparent === 'string' ? { traceparent } : {}),
  };
}

/** A person's own notification preferences and the organisation defaults. Registered before the inbox's `{notificationId}` routes. */
@Controller()
@UseGuards(PlatformAuthGuard)
export class PreferencesController {
  constructor(private readonly preferences: PreferencesService) {}

  private async answer(userId: string, choices?: PreferenceChoices) {
    const [own, effective] = await Promise.all([choices ?? this.preferences.choices(userId), this.preferences.forRecipient(userId)]);
    const { userId: _userId, ...rest } = effective;
    return { choices: own, effective: rest };
  }

  @Endpoint(GET_PREFERENCES)
  async get(@Req() req: Authed) {
    return this.answer(contextOf(req).caller.userId);
  }

  @Endpoint(PUT_PREFERENCES)
  async put(@Req() req: Authed, @RequestInput() { body }: InputOf<typeof PUT_PREFERENCES>) {
    const ctx = contextOf(req);
    return this.answer(ctx.caller.userId, await this.preferences.set(ctx, body as PreferenceChoices));
  }

  @Endpoint(MUTE_POST)
  async mutePost(@Req() req: Authed, @RequestInput() { params }: InputOf<typeof MUTE_POST>) {
    const ctx = contextOf(req);
    return this.answer(ctx.caller.userId, await this.preferences.mute(ctx, 'post', params.postId, true));
  }

  @Endpoint(UNMUTE_POST)
  async unmutePost(@Req() req: Authed, @RequestInput() { params }: InputOf<typeof UNMUTE_POST>) {
    const ctx = contextOf(req);
    return this.answer(ctx.caller.userId, await this.preferences.mute(ctx, 'post', params.postId, false));
  }

  @Endpoint(MUTE_GROUP)
  async muteGroup(@Req() req: Authed, @RequestInput() { params }: InputOf<typeof MUTE_GROUP>) {
    const ctx = contextOf(req);
    return this.answer(ctx.caller.userId, await this.preferences.mute(ctx, 'group', params.groupId, true));
  }

  @Endpoint(UNMUTE_GROUP)
  async unmuteGroup(@Req() req: Authed, @RequestInput() { params }: InputOf<typeof UNMUTE_GROUP>) {
    const ctx = contextOf(req);
    return this.answer(ctx.caller.userId, await this.preferences.mute(ctx, 'group', params.groupId, false));
  }

  @Endpoint(GROUP_POSTS)
  async groupPosts(@Req() req: Authed, @RequestInput() { params, body }: InputOf<typeof GROUP_POSTS>) {
    const ctx = contextOf(req);
    return this.answer(ctx.caller.userId, await this.preferences.groupPosts(ctx, params.groupId, body.setting));
  }

  @Endpoint(GET_DEFAULTS)
  async getDefaults() {
    return { channels: await this.preferences.defaults() };
  }

  @Endpoint(PUT_DEFAULTS)
  async putDefaults(@Req() req: Authed, @RequestInput() { body }: InputOf<typeof PUT_DEFAULTS>) {
    return { channels: await this.preferences.setDefaults(contextOf(req), body.channels) };
  }
}
