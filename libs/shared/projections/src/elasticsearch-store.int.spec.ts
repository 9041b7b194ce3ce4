import { Client } from '@elastic/elasticsearch';
import { randomBytes } from 'node:crypto';
import { indexWithExternalVersion } from './guards/elasticsearch-version';
import { defineProjection } from './projection';
import { createProjectionStore } from './projection-store';

describe('Elasticsearch projection store (real Elasticsearch)', () => {
  const client = new Client({ node: process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200' });
  const alias = `plein-test-people-${randomBytes(4).toString('hex')}`;
  const projection = (version: number) =>
    defineProjection({
      name: 'people', version, topics: ['t'], aggregateTypes: ['person'], storage: 'elasticsearch', indexBase: alias,
      async setup(ctx) {
        await ctx.elasticsearch.indices.create({ index: ctx.index, mappings: { properties: { name: { type: 'keyword' } } } });
      },
      apply: async () => undefined,
    });
  const aliasTargets = async () => Object.keys(await client.indices.getAlias({ name: alias })).sort();

  afterAll(async () => {
    for (const index of [`${alias}-v1`, `${alias}-v2`]) await client.indices.delete({ index }, { ignore: [404] });
    await client.close();
  });

  it('serves reads through an alias that moves atomically between versions', async () => {
    const v1 = createProjectionStore(projection(1), { service: 'test', elasticsearch: client });
    await v1.ensure(1);
    expect(await aliasTargets()).toEqual([`${alias}-v1`]);
    await v1.ensure(1); // idempotent: a second replica starting
    const mapping = await client.indices.getMapping({ index: `${alias}-v1` });
    expect(mapping[`${alias}-v1`]!.mappings.properties).toEqual({ name: { type: 'keyword' } });

    const v2 = createProjectionStore(projection(2), { service: 'test', elasticsearch: client });
    await v2.prepare(2);
    for (const [store, version] of [[v1, 1], [v2, 2]] as const) {
      await indexWithExternalVersion(client, { index: store.target(version), id: 'p-1', version: 3, document: { name: 'Ada' } });
      await indexWithExternalVersion(client, { index: store.target(version), id: 'p-2', version: 1, document: { name: 'Grace' } });
    }
    await expect(v2.count(2)).resolves.toBe(2);
    await expect(v2.checksum(2)).resolves.toBe(await v1.checksum(1));
    await indexWithExternalVersion(client, { index: v2.target(2), id: 'p-2', version: 2, document: { name: 'Grace H.' } });
    await expect(v2.checksum(2)).resolves.not.toBe(await v1.checksum(1));

    await v2.switchReads(2);
    expect(await aliasTargets()).toEqual([`${alias}-v2`]);
    const found = await client.search<{ name: string }>({ index: alias, query: { term: { name: 'Grace H.' } } });
    expect(found.hits.hits.map((h) => h._id)).toEqual(['p-2']);
    await v1.drop(1);
    await expect(client.indices.exists({ index: `${alias}-v1` })).resolves.toBe(false);
  });
});
