import { EXPERTS_MAX, type ExpertSuggestedV1 } from '@plein/profiles/contracts';
import { expertSuggestionDecider, NO_SYNONYMS, questionTopics, type TopicStanding, type TopicSynonyms } from '@plein/profiles/domain';
import { executeCommand, type EventStore, type ReadYourWrites } from '@plein/shared/event-sourcing';
import { streamId, systemClock, uuidv7, type Clock } from '@plein/shared/kernel';
import type { PeopleStatus, TopicExpertise } from '../expertise/expertise.service';

/** A question waiting for an accepted answer, as the evidence read model knows it. */
export interface OpenQuestion {
  readonly postId: string;
  readonly authorId: string;
  readonly hashtags: readonly string[];
  /** Title and body text the question's words are taken from. */
  readonly text: string;
  readonly publishedAt: Date;
  /**
   * The closed or secret group whose members alone can see the question; null when every active
   * colleague can (organisation-wide, or an open group).
   */
  readonly membersOnly: string | null;
}

/**
 * Questions whose experts are due: organisation-wide and group questions (not followers-only ones),
 * published at or before `cutoff`, without an accepted answer, not hidden or deleted, and not
 * suggested for yet; oldest first, at most `limit`.
 */
export interface OpenQuestions {
  due(cutoff: Date, limit: number): Promise<OpenQuestion[]>;
}

/** People with evidence on any of these topics (bounded, strongest evidence first where the store can tell). */
export interface ExpertCandidates {
  candidatesFor(topics: readonly string[], limit: number): Promise<string[]>;
}

/** Members of the feed's groups (as profiles projected them). */
export interface GroupMembers {
  /** The ids among `userIds` of the group's current members. */
  membersAmong(groupId: string, userIds: readonly string[]): Promise<Set<string>>;
}

export interface AskExpertDeps {
  readonly store: EventStore;
  /** The evidence read model: marks the question as suggested for before the next tick. */
  readonly readYourWrites?: ReadYourWrites;
  readonly questions: OpenQuestions;
  readonly candidates: ExpertCandidates;
  readonly expertise: TopicExpertise;
  readonly people: PeopleStatus;
  readonly members: GroupMembers;
  readonly synonyms?: () => Promise<TopicSynonyms>;
  readonly clock?: Clock;
}

export interface AskExpertSettings {
  /** A question without an accepted answer this long gets expert suggestions. */
  readonly afterMinutes: number;
  /** Questions handled per tick (default 20). */
  readonly batch?: number;
  /** Candidates scored per question (default 25). */
  readonly candidates?: number;
}

const SERVICE_ACTOR = 'system:profiles-ask-expert';
const SCORING_CONCURRENCY = 5;

/**
 * Ask an expert: each tick takes the due questions and suggests up to five active colleagues who
 * can see the question (members of its group when that is closed or secret; never the author) and
 * stand highest on its hashtags and words, once per question.
 * The suggestion's causation id is derived from the question, and the decider emits only on an
 * empty stream: two replicas, a restart or a tick that repeats before the read model saw the
 * suggestion all end in one `profiles.expert.suggested`.
 */
export class AskExpert {
  private readonly clock: Clock;
  constructor(
    private readonly deps: AskExpertDeps,
    private readonly settings: AskExpertSettings,
  ) {
    this.clock = deps.clock ?? systemClock;
  }

  /** One round; answers the questions it suggested experts for (also those already suggested). */
  async tick(): Promise<ExpertSuggestedV1[]> {
    const cutoff = new Date(this.clock.now().getTime() - this.settings.afterMinutes * 60_000);
    const due = await this.deps.questions.due(cutoff, this.settings.batch ?? 20);
    const done: ExpertSuggestedV1[] = [];
    for (const question of due) done.push(await this.suggest(question));
    return done;
  }

  /** Every candidate's standing on the topics: one batched read when the expertise part has it, else a few people at a time. */
  private async standings(userIds: readonly string[], topics: readonly string[]): Promise<[string, TopicStanding[]][]> {
    if (userIds.length === 0) return [];
    const expertise = this.deps.expertise;
    if (expertise.standingOnMany) {
      const all = await expertise.standingOnMany(userIds, topics);
      return userIds.map((userId) => [userId, all.get(userId) ?? []]);
    }
    const standings: [string, TopicStanding[]][] = [];
    for (let i = 0; i < userIds.length; i += SCORING_CONCURRENCY) {
      standings.push(...(await Promise.all(userIds.slice(i, i + SCORING_CONCURRENCY).map(async (userId): Promise<[string, TopicStanding[]]> => [userId, await expertise.standingOn(userId, topics)]))));
    }
    return standings;
  }

  private async suggest(question: OpenQuestion): Promise<ExpertSuggestedV1> {
    const synonyms = await (this.deps.synonyms ?? (async () => NO_SYNONYMS))();
    const topics = [...new Set(questionTopics(question.hashtags, question.text).map((t) => synonyms.canonical(t)))];
    const aliases = [...new Set(topics.flatMap((t) => synonyms.aliases(t)))];
    const candidates = (await this.deps.candidates.candidatesFor(aliases, this.settings.candidates ?? 25)).filter((id) => id !== question.authorId);
    const [active, members] = await Promise.all([
      this.deps.people.active(candidates),
      question.membersOnly ? this.deps.members.membersAmong(question.membersOnly, candidates) : null,
    ]);
    const ranked: { userId: string; score: number; topics: string[] }[] = [];
    // Only people who can see the question: active, and members of its group when it is closed or secret.
    const eligible = candidates.filter((id) => active.has(id) && (!members || members.has(id)));
    for (const [userId, standing] of await this.standings(eligible, topics)) {
      const score = standing.reduce((sum, t) => sum + t.score, 0);
      if (score > 0) ranked.push({ userId, score, topics: standing.map((t) => t.topic) });
    }
    ranked.sort((a, b) => b.score - a.score || a.userId.localeCompare(b.userId));
    const suggestion: ExpertSuggestedV1 = {
      postId: question.postId,
      authorId: question.authorId,
      topics: topics.slice(0, 60),
      experts: ranked.slice(0, EXPERTS_MAX).map(({ userId, topics: t }) => ({ userId, topics: t.slice(0, 30) })),
    };
    const result = await executeCommand({
      store: this.deps.store,
      ...(this.deps.readYourWrites ? { readYourWrites: this.deps.readYourWrites } : {}),
      streamId: streamId('expert', question.postId),
      decider: expertSuggestionDecider,
      command: { type: 'SuggestExperts', suggestion },
      metadata: { correlationId: uuidv7(), causationId: `ask-expert:${question.postId}`, actorId: SERVICE_ACTOR },
    });
    const stored = result.events[0];
    return stored ? (stored.data as ExpertSuggestedV1) : suggestion;
  }
}
