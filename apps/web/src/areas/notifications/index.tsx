import type { Area } from '../types';

export const area: Area = {
  name: 'notifications',
  view: () => null,
};
