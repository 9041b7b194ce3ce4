import type { mongo } from 'mongoose';
import type { RsvpAnswer } from '@plein/feed/contracts';
import type { AgendaCursor, AgendaItemView, AgendaReadModel, IdeaJamView, JamReadModel, PostView } from '@plein/feed/application';
import { jamScheduledFields, type AgendaItemDocument, type GroupDocument, type IdeaJamDocument, type PostDocument } from '../projections/documents';
import type { FeedCollections } from './collections';
import { toPostView } from './mongo-posts.read-model';

/** Idea jams (with their ideas and vote tallies) and agenda items (with RSVP counts). */
export class MongoAgendaReadModel implements JamReadModel, AgendaReadModel {
  constructor(private readonly c: FeedCollections) {}

  async jam(jamId: string): Promise<IdeaJamView | null> {
    const d = await (await this.c.of<IdeaJamDocument>('idea-jams')).findOne({ _id: jamId });
    return d ? toJamView(d) : null;
  }

  async ideasOf(jamId: string): Promise<PostView[]> {
    const docs = await (await this.c.of<PostDocument>('posts')).find({ jamId, deleted: false }).sort({ _id: -1 }).limit(1_000).toArray();
    return docs.flatMap((d) => toPostView(d) ?? []);
  }

  /**
   * Votes per idea, counted by the server from one row per vote (`jam-votes`): one `$match` +
   * `$group` on flat fields, answering one row per idea voted for, never a ballot.
   */
  async tallies(jamId: string): Promise<Map<string, number>> {
    const rows = await (await this.c.of('jam-votes')).aggregate<{ _id: string; n: number }>([{ $match: { jamId, voted: true } }, { $group: { _id: '$ideaId', n: { $sum: 1 } } }]).toArray();
    return new Map(rows.map((r) => [r._id, r.n]));
  }

  async ballot(jamId: string, userId: string): Promise<string[]> {
    const d = await (await this.c.of<{ _id: string; ideaIds: string[] }>('jam-ballots')).findOne({ _id: `${jamId}:${userId}` });
    return d?.ideaIds ?? [];
  }

  async list(after: string | null, limit: number, memberOf: readonly string[]): Promise<IdeaJamView[]> {
    const jams = await this.c.of<IdeaJamDocument>('idea-jams');
    const visibleGroups = [...memberOf, ...(await this.openGroupsAmong(jams, {}, memberOf))];
    const visible = { $or: [{ 'audience.kind': 'organisation' }, ...(visibleGroups.length ? [{ 'audience.groupId': { $in: visibleGroups } }] : [])] };
    const docs = await jams
      .find({ status: 'scheduled', ...(after === null ? {} : { _id: { $lt: after } }), ...visible })
      .sort({ _id: -1 })
      .limit(limit)
      .toArray();
    return docs.map(toJamView);
  }

  async item(agendaItemId: string): Promise<AgendaItemView | null> {
    const d = await (await this.c.of<AgendaItemDocument>('agenda-items')).findOne({ _id: agendaItemId });
    return d ? toAgendaItemView(d) : null;
  }

  async upcoming(from: string, after: AgendaCursor | null, limit: number, memberOf: readonly string[]): Promise<AgendaItemView[]> {
    const items = await this.c.of<AgendaItemDocument>('agenda-items');
    // Not over yet: an event until it ends, a static item until its visibleUntil (if any).
    const current = { $or: [{ 'details.kind': 'event', 'details.endsAt': { $gte: from } }, { 'details.kind': 'static', 'details.visibleUntil': null }, { 'details.kind': 'static', 'details.visibleUntil': { $gte: from } }] };
    const visibleGroups = [...memberOf, ...(await this.openGroupsAmong(items, current, memberOf))];
    const visible = { $or: [{ 'audience.kind': 'organisation' }, ...(visibleGroups.length ? [{ 'audience.groupId': { $in: visibleGroups } }] : [])] };
    // (startsAt, _id) order; a static item has startsAt null, which sorts first.
    const position = after === null ? [] : [after.startsAt === null ? { $or: [{ startsAt: null, _id: { $gt: after.agendaItemId } }, { startsAt: { $ne: null } }] } : { $or: [{ startsAt: { $gt: after.startsAt } }, { startsAt: after.startsAt, _id: { $gt: after.agendaItemId } }] }];
    const docs = await items.find({ status: 'scheduled', $and: [current, visible, ...position] }).sort({ startsAt: 1, _id: 1 }).limit(limit).toArray();
    return docs.map(toAgendaItemView);
  }

  /**
   * The open groups among those with current items (agenda) or with jams, other than the viewer's own (whose items they
   * see anyway): their items are visible to everyone. A group unknown to the read model counts as
   * secret (fails closed). Bounded by the groups that have items not over yet.
   */
  private async openGroupsAmong(items: mongo.Collection<AgendaItemDocument> | mongo.Collection<IdeaJamDocument>, current: object, memberOf: readonly string[]): Promise<string[]> {
    const mine = new Set(memberOf);
    const candidates = ((await items.distinct('audience.groupId', { status: 'scheduled', 'audience.kind': 'group', ...current })) as string[]).filter((id) => !mine.has(id));
    if (candidates.length === 0) return [];
    const open = await (await this.c.of<GroupDocument>('groups')).find({ _id: { $in: candidates }, status: 'active', visibility: 'open' }, { projection: { _id: 1 } }).toArray();
    return open.map((g) => g._id);
  }

  async rsvpCounts(agendaItemId: string): Promise<Record<RsvpAnswer, number>> {
    const col = await this.c.of('rsvps');
    const [yes, maybe, no] = await Promise.all((['yes', 'maybe', 'no'] as const).map((answer) => col.countDocuments({ agendaItemId, answer })));
    return { yes: yes!, maybe: maybe!, no: no! };
  }

  async yesAnswers(agendaItemId: string, limit: number): Promise<string[]> {
    const docs = await (await this.c.of<{ _id: string; userId: string }>('rsvps')).find({ agendaItemId, answer: 'yes' }, { projection: { userId: 1 } }).limit(limit).toArray();
    return docs.map((d) => d.userId);
  }

  async rsvp(agendaItemId: string, userId: string): Promise<RsvpAnswer | null> {
    const d = await (await this.c.of<{ _id: string; answer: RsvpAnswer | null }>('rsvps')).findOne({ _id: `${agendaItemId}:${userId}` });
    return d?.answer ?? null;
  }
}

function toJamView(d: IdeaJamDocument): IdeaJamView {
  return { jamId: d._id, ...jamScheduledFields(d), status: d.status, closed: d.closed, ...(d.outcomes ? { outcomes: d.outcomes } : {}) };
}

function toAgendaItemView(d: AgendaItemDocument): AgendaItemView {
  return { agendaItemId: d._id, organiserId: d.organiserId, audience: d.audience, details: d.details, status: d.status };
}
