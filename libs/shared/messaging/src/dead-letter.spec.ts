import { DLQ_HEADER, deadLetterMessage, deadLetterTopic } from './dead-letter';

describe('dead letters', () => {
  it('names the DLQ after the consumer group', () => {
    expect(deadLetterTopic('feed.home-timeline')).toBe('feed.home-timeline.dlq');
  });

  it('keeps key, value and original headers and adds the failure', () => {
    const value = Buffer.from('{not json');
    const message = deadLetterMessage({
      group: 'feed.search-indexer',
      topic: 'feed.post.events.v1',
      partition: 2,
      offset: '41',
      key: Buffer.from('p-1'),
      value,
      headers: { ce_type: Buffer.from('feed.post.published'), [DLQ_HEADER.stage]: 'handle' },
      stage: 'decode',
      code: 'MESSAGING.MALFORMED_MESSAGE',
      message: 'value is not JSON\nat line 1',
      attempts: 0,
      failedAt: new Date('2026-01-01T00:00:00.000Z'),
    });
    expect(message.value).toBe(value);
    expect(message.key?.toString()).toBe('p-1');
    expect(message.headers).toMatchObject({
      ce_type: Buffer.from('feed.post.published'),
      'x-error-stage': 'decode',
      'x-error-code': 'MESSAGING.MALFORMED_MESSAGE',
      'x-error-message': 'value is not JSON at line 1',
      'x-original-topic': 'feed.post.events.v1',
      'x-original-partition': '2',
      'x-original-offset': '41',
      'x-attempts': '0',
      'x-failed-at': '2026-01-01T00:00:00.000Z',
      'x-consumer-group': 'feed.search-indexer',
    });
  });

  it('bounds the error message', () => {
    const message = deadLetterMessage({
      group: 'g', topic: 't', partition: 0, offset: '0', key: null, value: null, headers: undefined,
      stage: 'handle', code: 'C', message: 'x'.repeat(10_000), attempts: 3, failedAt: new Date(0),
    });
    expect(String(message.headers?.['x-error-message']).length).toBe(2_000);
  });
});
