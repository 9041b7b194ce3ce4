import { timelineEntry, type TimelineEntry } from '@plein/feed/domain';
import type { TimelineSource, TimelineSources } from '@plein/feed/application';
import type { FeedCollections } from '../read-models/collections';

/**
 * Shared newest-first lists, read straight from the posts projection (post ids are UUIDv7, so
 * `_id` descending is newest first): organisation announcements, a group's posts, an author's
 * posts, a hashtag's posts, every organisation-wide post (explore), and several groups', authors' or
 * hashtags' posts in one query (a home timeline's shared sources). Deleted posts are left out; visibility is applied by the reader.
 */
export class MongoTimelineSources implements TimelineSources {
  constructor(private readonly c: FeedCollections) {}

  async read(source: TimelineSource, before: string | null, limit: number): Promise<TimelineEntry[]> {
    const filter: Record<string, unknown> = { deleted: false, ...(before ? { _id: { $lt: before } } : {}) };
    switch (source.kind) {
      case 'announcements':
        filter['announcement'] = true;
        break;
      case 'group':
        filter['groupId'] = source.groupId;
        break;
      case 'author':
        filter['authorId'] = source.authorId;
        if (!source.includeGroups) filter['audienceKind'] = { $in: ['organisation', 'followers'] };
        break;
      case 'hashtag':
        filter['hashtags'] = source.tag;
        break;
      case 'organisation':
        filter['audienceKind'] = 'organisation';
        break;
      case 'groups':
        filter['groupId'] = { $in: [...source.groupIds] };
        break;
      case 'authors':
        filter['authorId'] = { $in: [...source.authorIds] };
        filter['audienceKind'] = { $in: ['organisation', 'followers'] };
        break;
      case 'hashtags':
        filter['hashtags'] = { $in: [...source.tags] };
        break;
    }
    const docs = await (await this.c.of<{ _id: string }>('posts')).find(filter, { projection: { _id: 1 } }).sort({ _id: -1 }).limit(limit).toArray();
    return docs.map((d) => timelineEntry(d._id));
  }
}
