import { getRequestContext } from '@plein/shared/observability';
import { smallRequest } from '../edge/http-client';
import { IdentityUnavailableError, SessionEndedError, type RefreshedTokens } from './token-broker';

const correlation = (): Record<string, string> => {
  const id = getRequestContext()?.correlationId;
  return id ? { 'x-correlation-id': id, 'x-request-id': id } : {};
};

/** Renews a session's tokens at identity (`POST /auth/token`, refresh token in the body: the rotated one comes back in the body, no cookie involved). */
export function identityRefresher(identityUrl: string) {
  return async (refreshToken: string, clientAddress?: string): Promise<RefreshedTokens> => {
    let answer;
    try {
      answer = await smallRequest(new URL('/auth/token', identityUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(clientAddress ? { 'x-forwarded-for': clientAddress } : {}), ...correlation() },
        body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: refreshToken }),
      });
    } catch {
      throw new IdentityUnavailableError();
    }
    if (answer.status === 400 || answer.status === 401) throw new SessionEndedError(`identity refused the refresh token (${answer.status})`);
    if (answer.status !== 200) throw new IdentityUnavailableError();
    const body = JSON.parse(answer.body) as { access_token?: unknown; expires_in?: unknown; refresh_token?: unknown; refresh_token_expires_in?: unknown };
    if (typeof body.access_token !== 'string' || typeof body.refresh_token !== 'string' || typeof body.expires_in !== 'number' || typeof body.refresh_token_expires_in !== 'number') throw new IdentityUnavailableError();
    return { accessToken: body.access_token, expiresInSeconds: body.expires_in, refreshToken: body.refresh_token, refreshExpiresInSeconds: body.refresh_token_expires_in };
  };
}

/** Posts the person's visit to insights with their token. */
export function insightsVisitPoster(insightsUrl: string) {
  return async (accessToken: string): Promise<void> => {
    const answer = await smallRequest(new URL('/v1/insights/visits', insightsUrl), { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, ...correlation() } });
    if (answer.status !== 204 && answer.status !== 200) throw new Error(`insights answered ${answer.status}`);
  };
}
