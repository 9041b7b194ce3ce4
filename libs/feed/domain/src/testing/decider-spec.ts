import { ContractRegistry, exampleEnvelope } from '@plein/shared/contracts';
import { feedContracts, feedUpcasters } from '@plein/feed/contracts';
import type { Actor } from '../actor';

/**
 * Given/when/then for pure deciders (after emmett's DeciderSpecification): given past events,
 * when a command is decided, then expect these events, no events, or an error. Every produced
 * event is validated against its public contract, as the event store does before writing.
 */
export interface Decider<C, E, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

const registry = new ContractRegistry(feedContracts, feedUpcasters);
export const conformsToContract = (event: { type: string; version: number; data: unknown }): void => {
  registry.validate(exampleEnvelope(registry.contract(event.type, event.version), { data: event.data }));
};

export function deciderSpec<C, E extends { type: string; version: number; data: unknown }, S>(decider: Decider<C, E, S>) {
  return {
    given(...events: E[]) {
      return {
        when(command: C) {
          const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
          return {
            then(expected: E[]): void {
              const produced = run();
              expect(produced).toEqual(expected);
              produced.forEach(conformsToContract);
            },
            thenNothing(): void {
              expect(run()).toEqual([]);
            },
            thenThrows(expected: Record<string, unknown>): void {
              expect(run).toThrow(expect.objectContaining(expected));
            },
            /** For events whose content is computed (sanitised bodies): inspect, then validate. */
            produced(): E[] {
              const produced = run();
              produced.forEach(conformsToContract);
              return produced;
            },
          };
        },
      };
    },
  };
}

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
