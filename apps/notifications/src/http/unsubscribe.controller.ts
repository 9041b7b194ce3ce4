import { Controller, Res } from '@nestjs/common';
import { DeliveryService } from '@plein/notifications/application';
import { escapeHtml } from '@plein/notifications/domain';
import { Endpoint, RequestInput, type InputOf } from '@plein/shared/platform';
import type { Response } from 'express';
import { UNSUBSCRIBE_ONE_CLICK, UNSUBSCRIBE_PAGE } from './unsubscribe.routes';

/**
 * One-click unsubscribe (RFC 8058) without login: the signed token in the mail's List-Unsubscribe
 * URL names the person and what to turn off. Only POST changes anything; GET (a person opening the
 * link, or a scanner fetching it) shows a page whose button POSTs.
 */
@Controller()
export class UnsubscribeController {
  constructor(private readonly delivery: DeliveryService) {}

  @Endpoint(UNSUBSCRIBE_ONE_CLICK)
  async oneClick(@RequestInput() { query }: InputOf<typeof UNSUBSCRIBE_ONE_CLICK>) {
    const scope = await this.delivery.unsubscribe(query.token);
    return { unsubscribed: scope.channel, ...(scope.type ? { type: scope.type } : {}) };
  }

  @Endpoint(UNSUBSCRIBE_PAGE)
  page(@RequestInput() { query }: InputOf<typeof UNSUBSCRIBE_PAGE>, @Res() res: Response): void {
    const valid = this.delivery.unsubscribeScopeOf(query.token) !== null;
    const action = `?token=${encodeURIComponent(query.token)}`;
    const body = valid
      ? `<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><p>Stop these e-mails? / Deze e-mails niet meer ontvangen?</p><button type="submit">Unsubscribe / Afmelden</button></form>`
      : '<p>This link is not valid. / Deze link is niet geldig.</p>';
    res
      .status(200)
      .type('html')
      .set('Cache-Control', 'no-store')
      .set('Content-Security-Policy', "default-src 'none'; form-action 'self'; style-src 'unsafe-inline'")
      .send(`<!doctype html><html><head><meta charset="utf-8"><title>Plein</title></head><body style="font-family:sans-serif">${body}</body></html>`);
  }
}
