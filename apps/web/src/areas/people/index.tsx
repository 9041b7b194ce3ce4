import type { Area } from '../types';

export const area: Area = {
  name: 'people',
  view: () => null,
};
