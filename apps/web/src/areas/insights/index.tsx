import type { Area } from '../types';

export const area: Area = {
  name: 'insights',
  view: () => null,
};
