import type { ReactNode } from 'react';
import type { Me } from '../api';

/** What every area's view gets: the signed-in person and where the browser is. */
export interface AreaContext {
  readonly me: Me;
  /** `location.pathname`. */
  readonly path: string;
  /** `location.search`, parsed. */
  readonly query: URLSearchParams;
}

/** A link in the main navigation; `label` is already translated. */
export interface NavItem {
  readonly href: string;
  readonly label: string;
  /** True when the current path belongs to this link (`aria-current="page"`). */
  readonly current: boolean;
}

/**
 * One part of the client (groups, people, notifications, ...): the paths it answers, its links in
 * the main navigation and anything it puts in the header. The app asks the areas in order and shows
 * the first view that is not null; paths no area claims fall to the core routes (routes.ts).
 */
export interface Area {
  readonly name: string;
  /** The view for a path this area owns, or null when the path is not its own. */
  view(ctx: AreaContext): ReactNode | null;
  /** Links for the main navigation (signed in only). A hook is allowed: it is called on every render. */
  useNav?(ctx: AreaContext): readonly NavItem[];
  /** Something at the end of the header, before the language switch (the notifications bell). */
  HeaderItem?: (props: { readonly ctx: AreaContext }) => ReactNode;
}
