import { DeliveryService, type DeliverySettings, type Mailer, type PushSender } from '@plein/notifications/application';
import { builtInTypeChannels, NOTIFICATION_TYPES, overlayChannels, type Notification, type PreferencesReader, type RecipientPreferences } from '@plein/notifications/domain';
import {
  ClaimsOnceGuard,
  DeliveryCollections,
  generateVapidKeys,
  MongoDeferredDeliveries,
  MongoInbox,
  MongoMailDirectory,
  MongoMailOptOuts,
  MongoPushSubscriptions,
  SmtpMailer,
  WebPushSender,
  type VapidKeys,
} from '@plein/notifications/infrastructure';
import { FixedClock } from '@plein/shared/kernel';
import { dropTestDatabase, testIsolation } from '@plein/shared/testing';
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose, { type Connection } from 'mongoose';

/** A private database on the local MongoDB-compatible server (testIsolation's name), dropped on close. */
export async function privateDatabase(): Promise<{ connection: Connection; close(): Promise<void> }> {
  const { database } = testIsolation('delivery');
  const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: database }).asPromise();
  return {
    connection,
    close: async () => {
      await connection.close();
      await dropTestDatabase(database);
    },
  };
}

/** A browser's side of a push subscription: the P-256 key pair and the auth secret (RFC 8291). */
export function browserKeys(): { ecdh: ReturnType<typeof createECDH>; p256dh: string; auth: Buffer } {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { ecdh, p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16) };
}

/** Decrypts an RFC 8291 aes128gcm push body with the subscription's private key and auth secret (one record). */
export function decryptPush(body: Buffer, keys: ReturnType<typeof browserKeys>): string {
  const salt = body.subarray(0, 16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const secret = keys.ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), keys.ecdh.getPublicKey(), asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', secret, keys.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('no last-record delimiter');
  return padded.subarray(0, end).toString('utf8');
}

/**
 * Verifies the VAPID header (RFC 8292): `vapid t=<JWT>, k=<public key>`, the JWT signed ES256 with
 * the key k names, its audience the endpoint's origin, not expired, at most 24 h ahead. Returns its claims.
 */
export function verifyVapid(authorization: string | undefined, endpointOrigin: string, now = Date.now()): { aud: string; exp: number; sub: string; k: string } {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization ?? '');
  if (!match) throw new Error(`not a vapid authorization: ${authorization}`);
  const [header, payload, signature] = match[1]!.split('.') as [string, string, string];
  const k = Buffer.from(match[2]!, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: k.subarray(1, 33).toString('base64url'), y: k.subarray(33, 65).toString('base64url') }, format: 'jwk' });
  const ok = verify('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  if (!ok) throw new Error('VAPID signature does not verify');
  if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'ES256') throw new Error('not ES256');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { aud: string; exp: number; sub: string };
  if (claims.aud !== endpointOrigin) throw new Error(`aud ${claims.aud} is not ${endpointOrigin}`);
  if (claims.exp * 1000 < now || claims.exp * 1000 > now + 24 * 3600_000 + 60_000) throw new Error(`exp ${claims.exp} out of range`);
  return { ...claims, k: match[2]! };
}

export interface ReceivedPush {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A push service on 127.0.0.1: records every request and answers the next scripted status (201 when none is left). */
export async function fakePushService(): Promise<{ url: string; received: ReceivedPush[]; script: { status: number; retryAfter?: string }[]; close(): Promise<void> }> {
  const received: ReceivedPush[] = [];
  const script: { status: number; retryAfter?: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      const next = script.shift() ?? { status: 201 };
      res.writeHead(next.status, next.retryAfter ? { 'retry-after': next.retryAfter } : {});
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, script, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export const MAILPIT_API = process.env['MAILPIT_API'] ?? 'http://127.0.0.1:8025';
export const SMTP_URL = process.env['SMTP_URL'] ?? 'smtp://127.0.0.1:1025';

export interface MailpitMessage {
  ID: string;
  Subject: string;
  Text: string;
  HTML: string;
  To: { Address: string }[];
}

/** Messages Mailpit holds for an address, newest first, read through its HTTP API. */
export async function mailsTo(address: string): Promise<MailpitMessage[]> {
  const search = (await (await fetch(`${MAILPIT_API}/api/v1/search?query=${encodeURIComponent(`to:"${address}"`)}`)).json()) as { messages: { ID: string }[] };
  return Promise.all(search.messages.map(async (m) => (await (await fetch(`${MAILPIT_API}/api/v1/message/${m.ID}`)).json()) as MailpitMessage));
}

export async function mailHeaders(id: string): Promise<Record<string, string[]>> {
  return (await (await fetch(`${MAILPIT_API}/api/v1/message/${id}/headers`)).json()) as Record<string, string[]>;
}

/** Preferences: built-in defaults with immediate mail on, overridable per person. */
export class TestPreferences implements PreferencesReader {
  readonly overrides = new Map<string, Partial<RecipientPreferences>>();
  async forRecipient(userId: string): Promise<RecipientPreferences> {
    const channels = overlayChannels(builtInTypeChannels(), Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, { 'email-immediate': true }])));
    return { userId, timeZone: 'Europe/Amsterdam', channels, quietHours: null, mutedPosts: [], mutedGroups: [], groupPosts: {}, locale: 'en', ...this.overrides.get(userId) };
  }
}

export function notification(over: Partial<Notification> = {}): Notification {
  const sourceEventId = over.sourceEventId ?? `evt-${randomBytes(6).toString('hex')}`;
  return {
    id: `n-${sourceEventId}`,
    recipientId: 'u-1',
    type: 'comment',
    target: { kind: 'post', id: 'post-1', postId: 'post-1' },
    actorIds: ['u-2'],
    actorCount: 1,
    groupKey: `comment:${sourceEventId}`,
    urgency: 'normal',
    confidential: false,
    excerpt: 'Who joins the <b>Friday</b> lunch?',
    createdAt: '2026-12-07T09:00:00.000Z',
    updatedAt: '2026-12-07T09:00:00.000Z',
    sourceEventId,
    read: false,
    seq: 1,
    ...over,
  };
}

export interface DeliveryRig {
  readonly collections: DeliveryCollections;
  readonly subscriptions: MongoPushSubscriptions;
  readonly preferences: TestPreferences;
  readonly clock: FixedClock;
  readonly vapid: VapidKeys;
  readonly settings: DeliverySettings;
  readonly mailer: SmtpMailer;
  /** The inbox the replicas read held pushes back from (items a test writes with `add`). */
  readonly inbox: MongoInbox;
  /** A DeliveryService as one replica would build it (each call: a new replica sharing the database). */
  replica(options?: { push?: PushSender; mailer?: Mailer }): DeliveryService;
}

export async function deliveryRig(connection: Connection, options: { pushAttempts?: number } = {}): Promise<DeliveryRig> {
  const namespace = `notifications-t${randomBytes(3).toString('hex')}`;
  const collections = new DeliveryCollections(connection.db!, namespace);
  await collections.ensure();
  const clock = new FixedClock(new Date('2026-12-07T10:00:00.000Z'));
  const inbox = new MongoInbox(connection.db!, { namespace, clock });
  await inbox.ensure();
  const vapid = { subject: 'mailto:ops@plein.example', ...generateVapidKeys() };
  const preferences = new TestPreferences();
  const settings: DeliverySettings = {
    appUrl: 'https://intranet.plein.example',
    publicUrl: 'https://intranet.plein.example/api/notifications',
    unsubscribeSecret: randomBytes(32).toString('base64url'),
    push: { confidentialContent: false, ttlSeconds: 3600 },
    maxDevices: 10,
    digestFrequency: 'daily',
  };
  const mailer = new SmtpMailer({ url: SMTP_URL, from: 'Plein <no-reply@plein.example>' });
  const subscriptions = new MongoPushSubscriptions(collections);
  return {
    collections,
    subscriptions,
    preferences,
    clock,
    vapid,
    settings,
    mailer,
    inbox,
    replica: (o = {}) =>
      new DeliveryService({
        preferences,
        subscriptions,
        push: o.push ?? new WebPushSender({ vapid, attempts: options.pushAttempts ?? 3, backoffBaseMs: 20, backoffMaxMs: 200 }),
        mailer: o.mailer ?? mailer,
        once: new ClaimsOnceGuard(collections, clock),
        directory: new MongoMailDirectory(collections),
        optOuts: new MongoMailOptOuts(collections, clock),
        deferred: new MongoDeferredDeliveries(collections),
        inbox,
        clock,
        settings,
      }),
  };
}
