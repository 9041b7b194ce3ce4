import { route } from '@plein/shared/platform';
import { z } from 'zod';

const token = z.string().min(10).max(2100);

export const UNSUBSCRIBE_ONE_CLICK = route({
  method: 'post',
  path: '/v1/notifications/mail/unsubscribe',
  summary: 'One-click unsubscribe from a mail (RFC 8058): no login, the signed token says what to turn off.',
  description: 'Mail clients POST `List-Unsubscribe=One-Click` here (the List-Unsubscribe URL of the mail). Repeating it changes nothing. A bad token answers 400 naming `query.token`.',
  tags: ['mail'],
  auth: 'none',
  query: z.object({ token }),
  response: { schema: z.object({ unsubscribed: z.enum(['email-immediate', 'email-digest']), type: z.string().optional() }) },
});

export const UNSUBSCRIBE_PAGE = route({
  method: 'get',
  path: '/v1/notifications/mail/unsubscribe',
  summary: 'The page behind the unsubscribe link: a button that POSTs the one-click request (opening the link changes nothing).',
  tags: ['mail'],
  auth: 'none',
  query: z.object({ token }),
  response: { contentType: 'text/html', schema: { type: 'string' } },
});
