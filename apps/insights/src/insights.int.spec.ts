import { VisitService } from '@plein/insights/application';
import { dayKey, pseudonymise } from '@plein/insights/domain';
import { InsightsInfrastructure } from '@plein/insights/infrastructure';
import { uuidv7 } from '@plein/shared/kernel';
import { KAFKA } from '@plein/shared/platform';
import { describeServiceBasics, firstMessageKeyed, isolatedBoot } from '@plein/shared/testing';
import type { Kafka } from 'kafkajs';
import { bootstrapInsights } from './bootstrap';

/** The real insights service in-process against the local servers, on its own database, topic prefix and namespace (dropped on close). */
const bootInsights = isolatedBoot('insights', bootstrapInsights);

// /ready reports the dependencies and each processor (the outbox relay, the projections, the fact purge) up.
describeServiceBasics('insights', bootInsights, ['kafka', 'mongodb'], { checks: ['revocation-list'], processors: ['outbox-relay', 'projections', 'fact-purge'] });

describe('insights HTTP and events', () => {
  let service: Awaited<ReturnType<typeof bootInsights>>;
  beforeAll(async () => {
    service = await bootInsights();
    await service.processors.started;
  });
  afterAll(async () => {
    await service?.close();
  });

  it('answers the example route and lists it in its OpenAPI document', async () => {
    const res = await fetch(`${service.url}/v1/insights/about?lang=nl`);
    expect([res.status, await res.json()]).toEqual([200, { service: 'insights', lang: 'nl' }]);
    const doc = (await (await fetch(`${service.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/v1/insights/about');
  });

  it('refuses bad input with a problem naming the field', async () => {
    const res = await fetch(`${service.url}/v1/insights/about?lang=fr`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['query.lang']);
  });

  it('publishes a recorded visit to Kafka, pseudonymous and keyed by person and day, once per day', async () => {
    const { store } = service.app.get(InsightsInfrastructure);
    const visits = service.app.get(VisitService);
    const userId = uuidv7();
    const ctx = { caller: { userId }, correlationId: 'int-visit-1' };
    const day = dayKey(new Date());
    expect(await visits.record(ctx)).toEqual({ day, recorded: true });
    expect(await visits.record({ ...ctx, idempotencyKey: 'retry-1' })).toEqual({ day, recorded: false });
    // The default secret of local runs (INSIGHTS_PSEUDONYM_SECRET not set).
    const person = pseudonymise(userId, 'plein-dev-insights-pseudonym-secret-not-for-production');

    // On the service's topic, keyed by `<person>.<day>`, published by the outbox relay; nothing in it names the user.
    const message = await firstMessageKeyed(service.app.get<Kafka>(KAFKA), `${service.topicPrefix}insights.visit.events.v1`, `${person}.${day}`);
    expect(JSON.parse(message.value!.toString())).toMatchObject({ type: 'insights.visit.recorded', aggregateId: `${person}.${day}`, sequence: 1, actorId: 'system:insights', data: { person, day } });
    expect(message.value!.toString()).not.toContain(userId);
    expect((await store.readStream(`visit-${person}.${day}`))?.events).toHaveLength(1);
  });
});
