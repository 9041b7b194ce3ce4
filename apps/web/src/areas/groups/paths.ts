/** The groups area's paths: `/groups` (browse and create) and `/groups/<id>` (one group). */
export type GroupsRoute = { readonly name: 'groups' } | { readonly name: 'group'; readonly groupId: string } | { readonly name: 'not-found' };

const GROUP = /^\/groups\/([^/]+)$/;
/** The feed's group ids are UUIDs; anything else cannot be a group (linear: fixed-width parts). */
const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

/** The route for a path of this area, or null when the path is not the area's own. */
export function parseGroupsPath(pathname: string): GroupsRoute | null {
  if (pathname === '/groups' || pathname === '/groups/') return { name: 'groups' };
  if (!pathname.startsWith('/groups/')) return null;
  const match = GROUP.exec(pathname);
  // A bad id is not-found, exactly as a group the reader may not see.
  if (!match || !UUID.test(match[1]!)) return { name: 'not-found' };
  return { name: 'group', groupId: match[1]!.toLowerCase() };
}

export const groupsHref = {
  list: '/groups',
  group: (groupId: string) => `/groups/${encodeURIComponent(groupId)}`,
};
