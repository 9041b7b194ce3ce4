import { ContractRegistry, exampleEnvelope } from '@plein/shared/contracts';
import { feedContracts, feedUpcasters } from '@plein/feed/contracts';
import type { Actor } from '../actor';

import type { Decider } from '@plein/shared/event-sourcing';
import { deciderSpec as sharedDeciderSpec } from '@plein/shared/testing';

const registry = new ContractRegistry(feedContracts, feedUpcasters);
export const conformsToContract = (event: { type: string; version: number; data: unknown }): void => {
  registry.validate(exampleEnvelope(registry.contract(event.type, event.version), { data: event.data }));
};

/** Given/when/then (libs/shared/testing) with every produced event checked against its feed contract. */
export const deciderSpec = <C, E extends { type: string; version: number; data: unknown }, S>(decider: Decider<C, E, S>) =>
  sharedDeciderSpec(decider, conformsToContract);

export const ids = {
  ada: '01964b1e-0000-7000-8000-000000000101',
  bram: '01964b1e-0000-7000-8000-000000000102',
  chris: '01964b1e-0000-7000-8000-000000000103',
  dana: '01964b1e-0000-7000-8000-000000000104',
  post: '01964b1e-0000-7000-8000-000000000401',
  comment: '01964b1e-0000-7000-8000-000000000411',
  reply: '01964b1e-0000-7000-8000-000000000412',
  group: '01964b1e-0000-7000-8000-000000000421',
  jam: '01964b1e-0000-7000-8000-000000000431',
  agenda: '01964b1e-0000-7000-8000-000000000441',
  decision: '01964b1e-0000-7000-8000-000000000501',
  attachment: '01964b1e-0000-7000-8000-000000000601',
} as const;

export const actor = (userId: string, extra: Partial<Actor> = {}): Actor => ({ userId, active: true, roles: ['employee'], ...extra });
export const NOW = new Date('2026-03-01T09:00:00.000Z');
export const at = (iso: string): Date => new Date(iso);
