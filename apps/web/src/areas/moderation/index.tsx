import type { Area } from '../types';

export const area: Area = {
  name: 'moderation',
  view: () => null,
};
