import { Client } from '@elastic/elasticsearch';
import { randomBytes } from 'node:crypto';
import { deleteWithExternalVersion, indexWithExternalVersion } from './elasticsearch-version';

describe('Elasticsearch external versioning (real Elasticsearch)', () => {
  const client = new Client({ node: process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200' });
  const index = `plein-test-${randomBytes(4).toString('hex')}`;

  afterAll(async () => {
    await client.indices.delete({ index }, { ignore: [404] });
    await client.close();
  });

  it('keeps the highest sequence when an older event arrives late', async () => {
    await expect(indexWithExternalVersion(client, { index, id: 'u-1', version: 2, document: { name: 'second' } })).resolves.toBe('applied');
    await expect(indexWithExternalVersion(client, { index, id: 'u-1', version: 1, document: { name: 'first' } })).resolves.toBe('duplicate');
    await expect(indexWithExternalVersion(client, { index, id: 'u-1', version: 2, document: { name: 'again' } })).resolves.toBe('duplicate');
    const doc = await client.get<{ name: string }>({ index, id: 'u-1' });
    expect(doc._source).toEqual({ name: 'second' });
    expect(doc._version).toBe(2);
  });

  it('deletes with a version and ignores older deletes', async () => {
    await indexWithExternalVersion(client, { index, id: 'u-2', version: 3, document: { name: 'x' } });
    await expect(deleteWithExternalVersion(client, { index, id: 'u-2', version: 2 })).resolves.toBe('duplicate');
    await expect(deleteWithExternalVersion(client, { index, id: 'u-2', version: 4 })).resolves.toBe('applied');
    await expect(client.exists({ index, id: 'u-2' })).resolves.toBe(false);
  });
});
