import { call, Problem } from '../../api';
import { notificationsPath, type PushSubscriptionView } from './api';

/** The VAPID public key (base64url, what /push/public-key answers) as the bytes PushManager.subscribe wants. */
export function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** What this device can do about push, and what went wrong when it could not. */
export type PushState = 'unsupported' | 'off' | 'on' | 'denied' | 'no-service';

/** Why turning push on failed: the person said no, or the browser could not reach a push service (headless browsers, some privacy setups). */
export function pushFailureOf(error: unknown, permission: string): PushState {
  if (permission === 'denied') return 'denied';
  const name = typeof error === 'object' && error !== null ? String((error as { name?: unknown }).name) : '';
  return name === 'NotAllowedError' ? 'denied' : 'no-service';
}

/** The subscription the service should store: PushSubscription.toJSON() with only the fields its route accepts. */
export function subscriptionBody(json: PushSubscriptionJSON): { endpoint: string; keys: { p256dh: string; auth: string }; expirationTime?: number | null } {
  return {
    endpoint: json.endpoint ?? '',
    keys: { p256dh: json.keys?.['p256dh'] ?? '', auth: json.keys?.['auth'] ?? '' },
    ...(json.expirationTime !== undefined ? { expirationTime: json.expirationTime } : {}),
  };
}

export const SERVICE_WORKER = '/sw.js';

export const pushSupported = (): boolean => typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

async function registration(): Promise<ServiceWorkerRegistration> {
  await navigator.serviceWorker.register(SERVICE_WORKER, { scope: '/' });
  return navigator.serviceWorker.ready;
}

/** Push is on for this device when the browser holds a subscription the service knows. */
export async function currentPushState(): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  const reg = await navigator.serviceWorker.getRegistration('/');
  const sub = await reg?.pushManager.getSubscription();
  if (!sub) return 'off';
  const known = await call<{ items: PushSubscriptionView[] }>('GET', notificationsPath.pushSubscriptions);
  return known.items.some((s) => s.endpoint === sub.endpoint) ? 'on' : 'off';
}

/** Asks permission, registers the service worker, subscribes with the service's VAPID key and hands the subscription to the service. */
export async function enablePush(): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return 'denied';
  try {
    const reg = await registration();
    const { publicKey } = await call<{ publicKey: string }>('GET', notificationsPath.pushKey);
    const sub = (await reg.pushManager.getSubscription()) ?? (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(publicKey) }));
    await call('POST', notificationsPath.pushSubscriptions, { body: subscriptionBody(sub.toJSON()) });
    return 'on';
  } catch (error) {
    // The service's own answer (a problem+json) is shown as such; anything else is the browser's push machinery.
    if (error instanceof Problem) throw error;
    return pushFailureOf(error, Notification.permission);
  }
}

/** Tells the service to forget this device, then drops the browser's subscription. */
export async function disablePush(): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  const reg = await navigator.serviceWorker.getRegistration('/');
  const sub = await reg?.pushManager.getSubscription();
  if (!sub) return 'off';
  const known = await call<{ items: PushSubscriptionView[] }>('GET', notificationsPath.pushSubscriptions);
  const mine = known.items.find((s) => s.endpoint === sub.endpoint);
  if (mine) await call('DELETE', notificationsPath.pushSubscription(mine.id));
  await sub.unsubscribe();
  return 'off';
}
