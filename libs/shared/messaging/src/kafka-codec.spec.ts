import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { decodeEnvelope, encodeEnvelope, headersToStrings, MalformedMessageError } from './kafka-codec';

const envelope: EventEnvelope<{ title: string }> = {
  id: uuidv7(),
  type: 'feed.post.published',
  version: 1,
  source: 'plein/feed',
  aggregateType: 'post',
  aggregateId: 'p-1',
  sequence: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  correlationId: 'c-1',
  causationId: 'k-1',
  actorId: 'u-1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  data: { title: 'Hallo' },
};

describe('kafka codec', () => {
  it('keys by aggregate id and copies CloudEvents attributes into headers', () => {
    const record = encodeEnvelope(envelope);
    expect(record.key).toBe('p-1');
    expect(record.headers).toMatchObject({
      ce_id: envelope.id,
      ce_type: 'feed.post.published',
      ce_source: 'plein/feed',
      ce_time: envelope.occurredAt,
      ce_specversion: '1.0',
      'content-type': 'application/json',
      traceparent: envelope.traceparent,
      plein_version: '1',
    });
  });

  it('round-trips the envelope', () => {
    const record = encodeEnvelope(envelope);
    expect(decodeEnvelope(Buffer.from(record.value))).toEqual(envelope);
  });

  it.each([
    ['no value', null, /no value/],
    ['not JSON', 'nope{', /not JSON/],
    ['an array', '[]', /not a JSON object/],
    ['missing fields', JSON.stringify({ id: 'x', type: 't' }), /lacks version, source/],
    ['a bad sequence', JSON.stringify({ ...envelope, sequence: 0 }), /sequence/],
  ])('rejects %s', (_label, value, message) => {
    expect(() => decodeEnvelope(value)).toThrow(MalformedMessageError);
    expect(() => decodeEnvelope(value)).toThrow(message);
  });

  it('normalises kafkajs header values', () => {
    expect(headersToStrings({ a: Buffer.from('x'), b: 'y', c: [Buffer.from('z')], d: undefined })).toEqual({ a: 'x', b: 'y', c: 'z' });
  });
});
