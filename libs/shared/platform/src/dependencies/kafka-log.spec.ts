import { logLevel } from 'kafkajs';
import { JsonLogger } from '@plein/shared/observability';
import { kafkaLogCreator } from './kafka-log';

describe('kafkaLogCreator', () => {
  it('writes kafkajs entries as JSON lines and repeats an identical message at most every 30 s', () => {
    const lines: Record<string, unknown>[] = [];
    let now = 0;
    const logger = new JsonLogger({ service: 'feed', write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) });
    const log = kafkaLogCreator(logger, () => now)(logLevel.INFO);
    const entry = (message: string) => ({ namespace: 'Connection', level: logLevel.ERROR, label: 'ERROR', log: { timestamp: '', logger: 'kafkajs', message, error: 'ECONNREFUSED' } });
    for (let i = 0; i < 100; i++, now += 100) log(entry('Connection error'));
    log(entry('Crash'));
    now += 30_000;
    log(entry('Connection error'));
    expect(lines.map((l) => l['msg'])).toEqual(['Connection error', 'Crash', 'Connection error']);
    expect(lines[0]).toMatchObject({ level: 'error', context: 'kafkajs', reason: 'ECONNREFUSED' });
  });
});
