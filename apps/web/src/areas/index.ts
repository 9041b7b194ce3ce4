import { area as events } from './events';
import { area as groups } from './groups';
import { area as insights } from './insights';
import { area as moderation } from './moderation';
import { area as notifications } from './notifications';
import { area as people } from './people';
import type { Area } from './types';

/** Every area of the client, in the order of the main navigation. */
export const AREAS: readonly Area[] = [groups, events, people, notifications, moderation, insights];
export type { Area, AreaContext, NavItem } from './types';
