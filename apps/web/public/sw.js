/* global self, clients, URL */
/**
 * Plein's service worker, for web push only (no caching, no offline pages). The notifications
 * service sends `{ id, type, title, body?, url, tag }` (encrypted end to end, RFC 8291); a message
 * becomes a system notification, and a click on it opens the linked page of Plein: an open tab of
 * Plein is focused and sent there, otherwise a new one opens. Only same-origin paths are opened.
 */
'use strict';

const FALLBACK = { title: 'Plein', url: '/notifications' };

/** A relative path of this origin, or the inbox for anything else. */
function safePath(url) {
  if (typeof url !== 'string' || !url.startsWith('/') || url.startsWith('//')) return FALLBACK.url;
  return url;
}

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('push', (event) => {
  let payload = {};
  try {
    payload = event.data ? event.data.json() : {};
  } catch {
    payload = {};
  }
  const title = typeof payload.title === 'string' && payload.title ? payload.title : FALLBACK.title;
  const options = {
    body: typeof payload.body === 'string' ? payload.body : undefined,
    tag: typeof payload.tag === 'string' ? payload.tag : undefined,
    data: { url: safePath(payload.url) },
  };
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(safePath(event.notification.data && event.notification.data.url), self.location.origin).href;
  event.waitUntil(
    clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      // navigate() works on tabs this worker controls; any other tab: a new window instead.
      if (open) return open.focus().then((w) => w.navigate(target)).catch(() => clients.openWindow(target));
      return clients.openWindow(target);
    }),
  );
});
