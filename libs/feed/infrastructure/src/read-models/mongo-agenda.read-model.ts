import type { RsvpAnswer } from '@plein/feed/contracts';
import type { AgendaItemView, AgendaReadModel, IdeaJamView, JamReadModel, PostView } from '@plein/feed/application';
import { jamScheduledFields, type AgendaItemDocument, type IdeaJamDocument, type PostDocument } from '../projections/documents';
import type { FeedCollections } from './collections';
import { toPostView } from './mongo-posts.read-model';

/** Idea jams (with their ideas and vote tallies) and agenda items (with RSVP counts). */
export class MongoAgendaReadModel implements JamReadModel, AgendaReadModel {
  constructor(private readonly c: FeedCollections) {}

  async jam(jamId: string): Promise<IdeaJamView | null> {
    const d = await (await this.c.of<IdeaJamDocument>('idea-jams')).findOne({ _id: jamId });
    if (!d) return null;
    return {
      jamId,
      ...jamScheduledFields(d),
      status: d.status,
      closed: d.closed,
      ...(d.outcomes ? { outcomes: d.outcomes } : {}),
    };
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

  async item(agendaItemId: string): Promise<AgendaItemView | null> {
    const d = await (await this.c.of<AgendaItemDocument>('agenda-items')).findOne({ _id: agendaItemId });
    return d ? toAgendaItemView(d) : null;
  }

  async upcoming(from: string, limit: number): Promise<AgendaItemView[]> {
    const docs = await (await this.c.of<AgendaItemDocument>('agenda-items')).find({ status: 'scheduled' }).sort({ _id: -1 }).limit(limit * 4).toArray();
    const items: AgendaItemView[] = [];
    for (const d of docs) {
      const end = d.details.kind === 'event' ? d.details.endsAt : (d.details.visibleUntil ?? '9999');
      if (end >= from) items.push(toAgendaItemView(d));
    }
    const start = (i: AgendaItemView) => (i.details.kind === 'event' ? i.details.startsAt : '');
    return items.sort((a, b) => start(a).localeCompare(start(b))).slice(0, limit);
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

function toAgendaItemView(d: AgendaItemDocument): AgendaItemView {
  return { agendaItemId: d._id, organiserId: d.organiserId, audience: d.audience, details: d.details, status: d.status };
}
