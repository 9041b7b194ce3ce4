import type { Area } from '../types';

export const area: Area = {
  name: 'events',
  view: () => null,
};
