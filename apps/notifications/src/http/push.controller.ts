import { Controller, Req, UseGuards } from '@nestjs/common';
import { PushSubscriptionService, type StoredPushSubscription } from '@plein/notifications/application';
import { PlatformAuthGuard, type Principal } from '@plein/shared/auth';
import { Endpoint, RequestInput, type InputOf } from '@plein/shared/platform';
import type { Request } from 'express';
import { ChannelsRuntime } from '../channels.runtime';
import { LIST_PUSH, PUSH_PUBLIC_KEY, SUBSCRIBE_PUSH, UNSUBSCRIBE_PUSH } from './push.routes';

type Authed = Request & { principal?: Principal };
const me = (req: Authed): string => {
  if (!req.principal) throw new Error('no principal on the request: is PlatformAuthGuard applied?');
  return req.principal.userId;
};
const view = (s: StoredPushSubscription) => ({ id: s.id, endpoint: s.endpoint, createdAt: s.createdAt });

/** Web push subscriptions: each person manages their own devices; someone else's answers 404. */
@Controller()
@UseGuards(PlatformAuthGuard)
export class PushController {
  constructor(
    private readonly subscriptions: PushSubscriptionService,
    private readonly runtime: ChannelsRuntime,
  ) {}

  @Endpoint(PUSH_PUBLIC_KEY)
  publicKey() {
    return { publicKey: this.runtime.vapid.publicKey };
  }

  @Endpoint(SUBSCRIBE_PUSH)
  async subscribe(@Req() req: Authed, @RequestInput() { body }: InputOf<typeof SUBSCRIBE_PUSH>) {
    return view(await this.subscriptions.subscribe(me(req), { endpoint: body.endpoint, keys: body.keys }));
  }

  @Endpoint(LIST_PUSH)
  async list(@Req() req: Authed) {
    return { items: (await this.subscriptions.list(me(req))).map(view) };
  }

  @Endpoint(UNSUBSCRIBE_PUSH)
  async unsubscribe(@Req() req: Authed, @RequestInput() { params }: InputOf<typeof UNSUBSCRIBE_PUSH>): Promise<void> {
    await this.subscriptions.unsubscribe(me(req), params.subscriptionId);
  }
}
