import type { OnApplicationShutdown } from '@nestjs/common';
import { Client } from '@elastic/elasticsearch';
import type { ElasticsearchConfig } from '@plein/shared/config';
import type { DependencyProbe } from './dependency-probe';

/** Owns the Elasticsearch client; the client connects per request, so there is nothing to open. */
export class ElasticsearchDependency implements DependencyProbe, OnApplicationShutdown {
  readonly name = 'elasticsearch';
  readonly client: Client;

  constructor(config: ElasticsearchConfig) {
    this.client = new Client({ node: config.url, requestTimeout: 10_000, maxRetries: 2 });
  }

  async check(): Promise<void> {
    // No retries and a short timeout: the probe must answer within the /ready budget.
    const ok = await this.client.ping(undefined, { requestTimeout: 1_200, maxRetries: 0 });
    if (!ok) throw new Error('ping answered not-ok');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close().catch(() => undefined);
  }
}
