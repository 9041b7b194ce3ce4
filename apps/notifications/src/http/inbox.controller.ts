import { Controller, Inject, Req, Res, UseGuards } from '@nestjs/common';
import { InboxService, StreamUnavailableError } from '@plein/notifications/application';
import type { Notification } from '@plein/notifications/domain';
import { InboxStreamHub } from '@plein/notifications/infrastructure';
import { PlatformAuthGuard, type Principal } from '@plein/shared/auth';
import { ValidationError } from '@plein/shared/kernel';
import { Endpoint, RequestInput, type InputOf } from '@plein/shared/platform';
import type { Request, Response } from 'express';
import { GET_ONE, LIST, MARK_READ, MARK_UNREAD, READ_ALL, STREAM, UNREAD } from './inbox.routes';

export const STREAM_SETTINGS = 'plein:notifications:stream-settings';
export interface StreamSettings {
  readonly heartbeatMs: number;
}

type Authed = Request & { principal?: Principal };
const me = (req: Authed): string => {
  if (!req.principal) throw new Error('no principal on the request: is PlatformAuthGuard applied?');
  return req.principal.userId;
};

const LAST_EVENT_ID = /^\d{1,15}$/;

/** The inbox: a person's own notifications, their read state and the live stream. */
@Controller()
@UseGuards(PlatformAuthGuard)
export class InboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly hub: InboxStreamHub,
    @Inject(STREAM_SETTINGS) private readonly settings: StreamSettings,
  ) {}

  @Endpoint(LIST)
  async list(@Req() req: Authed, @RequestInput() { query }: InputOf<typeof LIST>) {
    return this.inbox.page(me(req), query.limit, query.cursor);
  }

  @Endpoint(UNREAD)
  async unread(@Req() req: Authed) {
    return { unread: (await this.inbox.page(me(req), 1)).unread };
  }

  @Endpoint(READ_ALL)
  async readAll(@Req() req: Authed) {
    return this.inbox.markAllRead(me(req));
  }

  @Endpoint(STREAM)
  async stream(@Req() req: Authed, @Res() res: Response): Promise<void> {
    const userId = me(req);
    const header = req.headers['last-event-id'];
    let lastSeq: number | undefined;
    if (header !== undefined) {
      const value = Array.isArray(header) ? header[0] : header;
      if (!value || !LAST_EVENT_ID.test(value)) throw new ValidationError('NOTIFICATIONS.BAD_LAST_EVENT_ID', [{ field: 'header.Last-Event-ID', message: 'an event id of this stream (digits)' }]);
      lastSeq = Number(value);
    }
    const buffered: string[] = [];
    let open = false;
    const write = (chunk: string): void => {
      if (open) res.write(chunk);
      else buffered.push(chunk);
    };
    const send = (item: Notification, unread: number): void => write(`id: ${item.seq}\nevent: notification\ndata: ${JSON.stringify({ item, unread })}\n\n`);
    // Subscribing may refuse (429; 503 while this replica's live tail has not started yet, with
    // Retry-After) before anything was written: the problem answer still goes out.
    let unsubscribe: () => void;
    try {
      unsubscribe = await this.hub.subscribe(userId, lastSeq, send);
    } catch (error) {
      if (error instanceof StreamUnavailableError) res.setHeader('retry-after', '5');
      throw error;
    }
    // Listened for before anything else is awaited: a client that leaves meanwhile (right after the
    // headers, while the unread count is read) still frees its slot.
    let heartbeat: NodeJS.Timeout | undefined = undefined;
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
    };
    req.on('close', close);
    res.on('close', close);
    if (req.destroyed || res.destroyed) close();
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    res.setHeader('connection', 'keep-alive');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    res.write(`retry: 3000\n\n`);
    if (lastSeq === undefined) res.write(`event: unread\ndata: ${JSON.stringify({ unread: (await this.inbox.page(userId, 1)).unread })}\n\n`);
    open = true;
    for (const chunk of buffered.splice(0)) res.write(chunk);
    if (closed) return;
    heartbeat = setInterval(() => res.write(`: heartbeat\n\n`), this.settings.heartbeatMs);
  }

  @Endpoint(GET_ONE)
  async get(@Req() req: Authed, @RequestInput() { params }: InputOf<typeof GET_ONE>) {
    return this.inbox.get(me(req), params.notificationId);
  }

  @Endpoint(MARK_READ)
  async markRead(@Req() req: Authed, @RequestInput() { params }: InputOf<typeof MARK_READ>) {
    return this.inbox.setRead(me(req), params.notificationId, true);
  }

  @Endpoint(MARK_UNREAD)
  async markUnread(@Req() req: Authed, @RequestInput() { params }: InputOf<typeof MARK_UNREAD>) {
    return this.inbox.setRead(me(req), params.notificationId, false);
  }
}
