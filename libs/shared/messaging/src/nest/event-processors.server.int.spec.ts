import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Admin, Kafka } from 'kafkajs';
import { EventProcessor } from '../event-processor';
import { UNCHECKED_CONTRACTS } from '../processor-types';
import { cleanupKafka, createTopics, publish, testEnvelope, testKafka, uniqueName, waitFor } from '../testing/int-kit';
import { EventProcessorsServer } from './event-processors.server';

@Module({})
class EmptyModule {}

describe('EventProcessorsServer in a Nest app (real Kafka)', () => {
  let kafka: Kafka;
  let admin: Admin;
  const topic = uniqueName('test.note.events.v1');
  let processor: EventProcessor;

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [topic]);
  });
  afterAll(async () => {
    await cleanupKafka(admin, [topic, processor.deadLetterTopic], [processor.group]);
    await admin.disconnect();
  });

  it('starts the processors with the app and stops them when the app closes', async () => {
    const handled: string[] = [];
    processor = new EventProcessor({
      kafka, service: 'test', processor: uniqueName('nest'), topics: [topic], registry: UNCHECKED_CONTRACTS, fromBeginning: true,
      handlers: { 'test.note.written': async (e) => void handled.push(e.id) },
    });
    const app = await NestFactory.createMicroservice(EmptyModule, { strategy: new EventProcessorsServer([processor]), logger: false });
    await app.listen();
    expect(processor.running).toBe(true);
    const event = testEnvelope({ aggregateId: 'n-1', sequence: 1, data: { text: 'via nest' } });
    await publish(kafka, topic, [event]);
    await waitFor(() => handled.length === 1, 20_000, 'the handled event');
    expect(handled).toEqual([event.id]);
    await app.close();
    expect(processor.running).toBe(false);
  });

  it('fails the app start when a processor cannot start, stopping the ones already started', async () => {
    const first = { start: jest.fn(async () => undefined), stop: jest.fn(async () => undefined) };
    const broken = { start: jest.fn(async () => Promise.reject(new Error('no brokers'))), stop: jest.fn(async () => undefined) };
    const app = await NestFactory.createMicroservice(EmptyModule, { strategy: new EventProcessorsServer([first, broken]), logger: false });
    await expect(app.listen()).rejects.toThrow('no brokers');
    expect(first.stop).toHaveBeenCalledTimes(1);
    expect(broken.stop).not.toHaveBeenCalled();
    await app.close();
  });
});
