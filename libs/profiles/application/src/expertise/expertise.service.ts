import { NO_SYNONYMS, normaliseTopic, scoreExpertise, type Evidence, type TopicStanding, type TopicSynonyms } from '@plein/profiles/domain';
import type { TaxonomyReader } from '../ports';
import { systemClock, type Clock } from '@plein/shared/kernel';

/**
 * Where a person's evidence comes from (the evidence read model). Only evidence every colleague
 * may see is returned: organisation-wide and open-group content, not hidden or deleted, plus
 * endorsements and the person's declared skills (docs/adr, evidence visibility). Bounded.
 */
export interface EvidenceSource {
  /** With `topics`: only evidence on these topics (as stored: hashtags, skills), for a cheaper read. */
  evidenceOf(userId: string, topics?: readonly string[]): Promise<Evidence[]>;
  /** `evidenceOf` for many people in a fixed number of reads (each person's evidence as `evidenceOf` gives it). */
  evidenceOfMany?(userIds: readonly string[], topics?: readonly string[]): Promise<Map<string, Evidence[]>>;
}

/** Whether people are known and active (identity's users as profiles consumed them). */
export interface PeopleStatus {
  /** The ids among `userIds` of people who are known to profiles and active. */
  active(userIds: readonly string[]): Promise<Set<string>>;
  /** Known to profiles (active or deactivated, not deleted). */
  known(userId: string): Promise<boolean>;
}

/** A person's expertise: standing per topic, highest first, each with its explanation. */
export interface PersonExpertise {
  readonly userId: string;
  readonly topics: readonly TopicStanding[];
  /** The time the decay was computed for. */
  readonly computedAt: string;
}

/**
 * What search (ranking) and the profile view read. Scores do not depend on who asks (only
 * evidence visible to everyone counts), so the search index can store them per person.
 */
export interface ExpertiseReader {
  forPerson(userId: string): Promise<PersonExpertise>;
}

/** A person's standing on given (canonical) topics only, none left out (ask an expert ranks with it). */
export interface TopicExpertise {
  standingOn(userId: string, topics: readonly string[]): Promise<TopicStanding[]>;
  /** `standingOn` for many people at once (one evidence read for all of them where the source can). */
  standingOnMany?(userIds: readonly string[], topics: readonly string[]): Promise<Map<string, TopicStanding[]>>;
}

/**
 * Told whenever a person's evidence changed (new, withdrawn or removed content, endorsements,
 * declared skills, visibility of a group): the search indexer re-indexes those people. In-process:
 * each replica hears the changes of the partitions it consumes.
 */
export interface ExpertiseChanges {
  subscribe(listener: (userIds: readonly string[]) => void): () => void;
}

/** A simple in-process ExpertiseChanges; a listener's error never reaches the notifier. */
export class ExpertiseChangeNotifier implements ExpertiseChanges {
  private readonly listeners = new Set<(userIds: readonly string[]) => void>();
  subscribe(listener: (userIds: readonly string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  notify(userIds: readonly string[]): void {
    if (userIds.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(userIds);
      } catch {
        // A failing listener must not fail the projection that notifies.
      }
    }
  }
}

export interface ExpertiseSettingsInput {
  readonly halfLifeDays: number;
  readonly windowDays?: number;
  /** At most this many topics per person (default 20). */
  readonly maxTopics?: number;
}

/** A person's topics are cut at this score: decayed to almost nothing. */
const MIN_SCORE = 0.001;

/** Scores a person's evidence at read time (decay with the injected clock). */
export class ExpertiseService implements ExpertiseReader, TopicExpertise {
  constructor(
    private readonly source: EvidenceSource,
    private readonly settings: ExpertiseSettingsInput,
    private readonly synonyms: () => Promise<TopicSynonyms> = async () => NO_SYNONYMS,
    private readonly clock: Clock = systemClock,
  ) {}

  async forPerson(userId: string): Promise<PersonExpertise> {
    const now = this.clock.now();
    const [evidence, synonyms] = await Promise.all([this.source.evidenceOf(userId), this.synonyms()]);
    const topics = scoreExpertise(evidence, now, { halfLifeDays: this.settings.halfLifeDays, windowDays: this.settings.windowDays ?? 90, synonyms })
      .filter((t) => t.score >= MIN_SCORE)
      .slice(0, this.settings.maxTopics ?? 20);
    return { userId, topics, computedAt: now.toISOString() };
  }

  async standingOn(userId: string, topics: readonly string[]): Promise<TopicStanding[]> {
    const now = this.clock.now();
    const synonyms = await this.synonyms();
    const wanted = new Set(topics.map((t) => synonyms.canonical(t)));
    const stored = [...new Set([...wanted].flatMap((t) => synonyms.aliases(t)))];
    const evidence = await this.source.evidenceOf(userId, stored);
    return scoreExpertise(evidence, now, { halfLifeDays: this.settings.halfLifeDays, windowDays: this.settings.windowDays ?? 90, synonyms }).filter((t) => wanted.has(t.topic) && t.score >= MIN_SCORE);
  }

  async standingOnMany(userIds: readonly string[], topics: readonly string[]): Promise<Map<string, TopicStanding[]>> {
    const standings = new Map<string, TopicStanding[]>();
    if (!this.source.evidenceOfMany) {
      for (const userId of userIds) standings.set(userId, await this.standingOn(userId, topics));
      return standings;
    }
    const now = this.clock.now();
    const synonyms = await this.synonyms();
    const wanted = new Set(topics.map((t) => synonyms.canonical(t)));
    const stored = [...new Set([...wanted].flatMap((t) => synonyms.aliases(t)))];
    const evidence = await this.source.evidenceOfMany(userIds, stored);
    for (const userId of userIds) {
      standings.set(userId, scoreExpertise(evidence.get(userId) ?? [], now, { halfLifeDays: this.settings.halfLifeDays, windowDays: this.settings.windowDays ?? 90, synonyms }).filter((t) => wanted.has(t.topic) && t.score >= MIN_SCORE));
    }
    return standings;
  }
}

/**
 * The taxonomy's synonyms as topics: a term's id, labels and synonyms (normalised like hashtags)
 * all stand for the term's id. Read through `taxonomy` at most every `ttlMs`.
 */
export function taxonomySynonyms(taxonomy: Pick<TaxonomyReader, 'all'>, ttlMs = 30_000, clock: Clock = systemClock): () => Promise<TopicSynonyms> {
  let cached: { at: number; synonyms: TopicSynonyms } | null = null;
  return async () => {
    const now = clock.now().getTime();
    if (cached && now - cached.at < ttlMs) return cached.synonyms;
    const canonical = new Map<string, string>();
    const aliases = new Map<string, string[]>();
    for (const term of await taxonomy.all()) {
      const id = normaliseTopic(term.termId);
      if (!id) continue;
      for (const name of [term.termId, term.labels.en, term.labels.nl, ...term.synonyms]) {
        const topic = normaliseTopic(name);
        if (topic && !canonical.has(topic)) {
          canonical.set(topic, id);
          aliases.set(id, [...(aliases.get(id) ?? []), topic]);
        }
      }
    }
    const synonyms: TopicSynonyms = { canonical: (topic) => canonical.get(topic) ?? topic, aliases: (topic) => [...new Set([topic, ...(aliases.get(topic) ?? [])])] };
    cached = { at: now, synonyms };
    return synonyms;
  };
}
