import { buildAsyncApiDocument, cloudEventHeaders } from './asyncapi';
import { ContractRegistry } from './contract-registry';
import { exampleEnvelope } from './envelope.schema';
import { widgetContracts, widgetRenamedV1, widgetUpcasters } from './testing/widget.contracts';

const doc = buildAsyncApiDocument(new ContractRegistry(widgetContracts, widgetUpcasters), { title: 'T', version: '1', description: 'D' });
type Tree = Record<string, Record<string, Record<string, unknown>>>;

describe('buildAsyncApiDocument', () => {
  it('makes one channel per topic, documenting its key, with one message per (type, version)', () => {
    expect(doc['asyncapi']).toBe('3.0.0');
    const channel = (doc['channels'] as Tree)['test.widget.events.v1']!;
    expect(channel['address']).toBe('test.widget.events.v1');
    expect(channel['description']).toContain('Message key: Widget id (UUIDv7).');
    expect(Object.keys(channel['messages']!)).toEqual(['test.widget.created.v1', 'test.widget.renamed.v1', 'test.widget.renamed.v2', 'test.widget.renamed.v3']);
    const operation = (doc['operations'] as Tree)['publish.test.widget.events.v1']!;
    expect(operation['action']).toBe('send');
    expect(operation['channel']).toEqual({ $ref: '#/channels/test.widget.events.v1' });
  });

  it('embeds the envelope schema with the contract data schema, headers and an example', () => {
    const message = (doc['components'] as Tree)['messages']!['test.widget.renamed.v1'] as Record<string, Record<string, Record<string, unknown>>>;
    expect(message['title']).toBe('test.widget.renamed v1 (deprecated)');
    expect(message['payload']!['properties']!['data']).toBe(widgetRenamedV1.schema);
    expect(message['payload']!['properties']!['id']).toEqual({ $ref: '#/components/schemas/envelope.id' });
    expect(message['headers']!['properties']!['ce_type']).toMatchObject({ const: 'test.widget.renamed' });
    expect(message['examples']).toEqual([
      { name: 'test.widget.renamed.v1', headers: cloudEventHeaders(exampleEnvelope(widgetRenamedV1)), payload: exampleEnvelope(widgetRenamedV1) },
    ]);
  });
});
