/**
 * A projection catalogue for the rebuild command's end-to-end test, configured through the
 * environment because the command loads it by path (PLEIN_TEST_SERVICE, PLEIN_TEST_TOPIC). The
 * event source is the real MongoEventStore of that service, as in a service's own catalogue.
 */
import { MongoEventStore } from '@plein/shared/event-store';
import { UNCHECKED_CONTRACTS } from '@plein/shared/messaging';
import { defineCatalogue } from '../catalogue';
import { notesProjection } from './notes.projections';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

export const projectionCatalogue = defineCatalogue({
  service: env('PLEIN_TEST_SERVICE'),
  projections: [notesProjection(env('PLEIN_TEST_TOPIC'), 1), notesProjection(env('PLEIN_TEST_TOPIC'), 2)],
  contracts: UNCHECKED_CONTRACTS,
  eventSource: ({ connection }) => new MongoEventStore({ connection, service: env('PLEIN_TEST_SERVICE') }),
});
