import type { NotificationType } from '@plein/notifications/domain';
import type { InboxStore, NewNotification } from './inbox';
import { FAN_OUT_CHUNK, notify, type Candidate, type GroupVisibility, type InAppFilter, type MembershipDirectory, type PeopleDirectory, type SourceDeps } from './sources';

/** An in-app filter that can read everything it needs for many candidates at once (one read per batch). */
export interface InAppSnapshots {
  /** The in-app rules of these people for these types, read once; its `excluded` answers without reading again. */
  snapshot(recipientIds: readonly string[], types: readonly NotificationType[]): Promise<InAppFilter>;
}

const snapshots = (filter: InAppFilter | undefined): filter is InAppFilter & InAppSnapshots => typeof (filter as Partial<InAppSnapshots> | undefined)?.snapshot === 'function';

/**
 * notify() for all candidates of a partition batch at once: the context the never rules need is read
 * once for all of them (the people active among every recipient, each group's visibility and, for
 * closed groups, the members among its recipients; the in-app preferences and the organisation's
 * defaults), then every candidate goes through the same notify() and recipientsOf() as one event at a
 * time, answered from what was read (anything not read before, such as followers, is read as usual),
 * and all their items are written with one `inbox.add` per FAN_OUT_CHUNK items: one reservation of
 * write-order numbers and one bulk write. Answers how many contributions were new.
 */
export async function notifyBatch(deps: Omit<SourceDeps, 'content'>, candidates: readonly Candidate[]): Promise<number> {
  if (candidates.length === 0) return 0;
  const ids = [...new Set(candidates.flatMap((c) => c.recipientIds))];
  const loaded = new Set(ids);
  const byGroup = new Map<string, Set<string>>();
  for (const c of candidates) {
    if (c.audience?.kind !== 'group') continue;
    const set = byGroup.get(c.audience.groupId) ?? new Set<string>();
    for (const id of c.recipientIds) set.add(id);
    if (c.ownerId) set.add(c.ownerId);
    byGroup.set(c.audience.groupId, set);
  }
  const types = [...new Set(candidates.map((c) => c.type))];
  const [active, visibilities, inApp] = await Promise.all([
    ids.length > 0 ? deps.people.activeAmong(ids) : Promise.resolve(new Set<string>()),
    Promise.all([...byGroup.keys()].map(async (groupId) => [groupId, await deps.memberships.visibility(groupId)] as const)),
    snapshots(deps.inApp) && ids.length > 0 ? deps.inApp.snapshot(ids, types) : Promise.resolve(deps.inApp),
  ]);
  const visibility = new Map<string, GroupVisibility | null>(visibilities);
  const members = new Map<string, { asked: Set<string>; members: Set<string> }>();
  await Promise.all(
    [...byGroup].filter(([groupId]) => visibility.get(groupId) !== 'open').map(async ([groupId, asked]) => {
      members.set(groupId, { asked, members: await deps.memberships.membersAmong(groupId, [...asked]) });
    }),
  );

  const people: PeopleDirectory = {
    activeAmong: (some) => (some.every((id) => loaded.has(id)) ? Promise.resolve(new Set(some.filter((id) => active.has(id)))) : deps.people.activeAmong(some)),
    allActive: (chunk) => deps.people.allActive(chunk),
    managerOf: (userId) => deps.people.managerOf(userId),
  };
  const memberships: MembershipDirectory = {
    visibility: (groupId) => (visibility.has(groupId) ? Promise.resolve(visibility.get(groupId) ?? null) : deps.memberships.visibility(groupId)),
    membersAmong: (groupId, some) => {
      const known = members.get(groupId);
      return known && some.every((id) => known.asked.has(id)) ? Promise.resolve(new Set(some.filter((id) => known.members.has(id)))) : deps.memberships.membersAmong(groupId, some);
    },
    members: (groupId, chunk) => deps.memberships.members(groupId, chunk),
    managers: (groupId) => deps.memberships.managers(groupId),
  };
  // notify() writes only through `add`: here it collects, and the batch is written below at once.
  const collected: NewNotification[] = [];
  const collector: Pick<InboxStore, 'add'> = {
    add: (items) => {
      collected.push(...items);
      return Promise.resolve(items.length);
    },
  };
  // Everything else (the followers of followers-only content) as the sources have it.
  const batchDeps = { ...deps, inbox: collector as InboxStore, people, memberships, ...(inApp ? { inApp } : {}) };
  for (const candidate of candidates) await notify(batchDeps, candidate);
  let written = 0;
  for (let i = 0; i < collected.length; i += FAN_OUT_CHUNK) written += await deps.inbox.add(collected.slice(i, i + FAN_OUT_CHUNK));
  return written;
}
