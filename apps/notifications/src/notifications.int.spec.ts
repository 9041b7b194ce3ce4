import { NO_CHOICES, preferencesDecider } from '@plein/notifications/domain';
import { NotificationsInfrastructure, type PreferencesDocument } from '@plein/notifications/infrastructure';
import { commandMetadata, executeCommand } from '@plein/shared/event-sourcing';
import { streamId, uuidv7 } from '@plein/shared/kernel';
import { KAFKA, MONGODB_CONNECTION } from '@plein/shared/platform';
import { describeServiceBasics, firstMessageKeyed, isolatedBoot, waitFor } from '@plein/shared/testing';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { bootstrapNotifications } from './bootstrap';

/** The real notifications service in-process against the local servers, on its own database, topic prefix and namespace (dropped on close). */
const bootNotifications = isolatedBoot('notifications', bootstrapNotifications);

// /ready reports the dependencies, the revocation list and each processor up.
describeServiceBasics('notifications', bootNotifications, ['kafka', 'mongodb'], { checks: ['revocation-list'], processors: ['outbox-relay', 'projections', 'sources', 'acknowledgements', 'jams', 'inbox-purge', 'inbox-stream', 'delivery-addresses', 'delivery'] });

describe('notifications HTTP and events', () => {
  let service: Awaited<ReturnType<typeof bootNotifications>>;
  beforeAll(async () => {
    service = await bootNotifications();
    await service.processors.started;
  });
  afterAll(async () => {
    await service?.close();
  });

  it('answers the example route and lists it in its OpenAPI document', async () => {
    const res = await fetch(`${service.url}/v1/notifications/about?lang=nl`);
    expect([res.status, await res.json()]).toEqual([200, { service: 'notifications', lang: 'nl' }]);
    const doc = (await (await fetch(`${service.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/v1/notifications/about');
  });

  it('refuses bad input with a problem naming the field', async () => {
    const res = await fetch(`${service.url}/v1/notifications/about?lang=fr`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['query.lang']);
  });

  it('publishes preferences to Kafka, and the projection consumer writes them into the versioned read model', async () => {
    const { store } = service.app.get(NotificationsInfrastructure);
    const userId = uuidv7();
    const choices = { ...NO_CHOICES, timeZone: 'Europe/Amsterdam' };
    // The command path without read-your-writes: only the projection consumer writes the read model here.
    await executeCommand({ store, streamId: streamId('preferences', userId), decider: preferencesDecider, command: { type: 'SetPreferences', userId, choices }, metadata: commandMetadata({ caller: { userId }, correlationId: 'int-prefs-1' }) });

    // On the service's topic, keyed by the person, published by the outbox relay.
    const message = await firstMessageKeyed(service.app.get<Kafka>(KAFKA), `${service.topicPrefix}notifications.preferences.events.v1`, userId);
    expect(JSON.parse(message.value!.toString())).toMatchObject({ type: 'notifications.preferences.changed', aggregateId: userId, sequence: 1, data: { userId, timeZone: 'Europe/Amsterdam' } });

    // In <service>_preferences_v1, written by the consumer group <service>.preferences.v1.
    const preferences = service.app.get<Connection>(MONGODB_CONNECTION).db!.collection<PreferencesDocument>(`${service.namespace}_preferences_v1`);
    await waitFor('the preferences in the read model', async () => (await preferences.findOne({ _id: userId })) !== null);
    expect(await preferences.findOne({ _id: userId })).toEqual({ _id: userId, ...choices, lastSequence: 1 });
  });
});
