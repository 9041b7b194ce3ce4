import type { Area } from '../types';

export const area: Area = {
  name: 'groups',
  view: () => null,
};
