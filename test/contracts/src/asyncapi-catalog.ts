import { feedContracts, feedUpcasters } from '@plein/feed/contracts';
import { identityContracts, identityUpcasters } from '@plein/identity/contracts';
import { moderationContracts, moderationUpcasters } from '@plein/moderation/contracts';
import { notificationsContracts, notificationsUpcasters } from '@plein/notifications/contracts';
import { insightsContracts, insightsUpcasters } from '@plein/insights/contracts';
import { profilesContracts, profilesUpcasters } from '@plein/profiles/contracts';
import { buildAsyncApiDocument, ContractRegistry, type EventContract, type Upcaster } from '@plein/shared/contracts';
import { stringify } from 'yaml';

/**
 * The platform's event catalog: every public contracts lib. Adding a service's contracts lib means
 * adding it here, then running `npm run contracts:asyncapi`.
 */
export const allContracts: readonly EventContract[] = [...identityContracts, ...feedContracts, ...moderationContracts, ...profilesContracts, ...insightsContracts, ...notificationsContracts];
export const allUpcasters: readonly Upcaster[] = [...identityUpcasters, ...feedUpcasters, ...moderationUpcasters, ...profilesUpcasters, ...insightsUpcasters, ...notificationsUpcasters];

export const ASYNCAPI_PATH = 'docs/asyncapi.yaml';
export const REGENERATE_COMMAND = 'npm run contracts:asyncapi';

export const catalogRegistry = (): ContractRegistry => new ContractRegistry(allContracts, allUpcasters);

export function asyncApiDocument(registry: ContractRegistry = catalogRegistry()): Record<string, unknown> {
  return buildAsyncApiDocument(registry, {
    title: 'Plein events',
    version: '1.0.0',
    description:
      'Public integration events of Plein services on Kafka. The message value is the whole event envelope as JSON; ' +
      'the key is the aggregate id; CloudEvents attributes are copied into ce_* headers. Versioning and naming rules: docs/contracts.md.',
  });
}

/** The exact text of docs/asyncapi.yaml. */
export function renderAsyncApiYaml(document: Record<string, unknown> = asyncApiDocument()): string {
  const header = `# GENERATED from libs/*/contracts by \`${REGENERATE_COMMAND}\`. Do not edit by hand.\n`;
  // aliasDuplicateObjects: false, since schema fragments are shared objects and anchors would obscure the catalog.
  return header + stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
}
