import type { ManagementLevel } from '@plein/identity/contracts';
import { completenessBand, completenessMetric, CURRENT, departmentKey, dimensionsOf, GAUGES, locationKey, pseudonymise, type Cell, type CompletenessBand, type PersonDimensions } from '@plein/insights/domain';
import { profileCompleteness } from '@plein/profiles/contracts';
import type { EventEnvelope } from '@plein/shared/kernel';

/**
 * Profile completeness as it stands now, counted per band (docs/insights/ingestion.md).
 *
 * A person's band depends on two streams that are not ordered with each other: identity's
 * (title, manager, department, and the person's dimensions and whether they are active) and
 * profiles' (the person's own fields). Each stream only sets its own fields of the person's
 * record, sequence-guarded per stream, and the bands are counted from the records when read:
 * no band is ever derived from a half-updated record, so the order the streams arrive in, a
 * redelivery or a rebuild cannot move a person into a wrong band. Only flags and counts are
 * kept (has a title, how many skills), never a value.
 */

/** Identity's part: the person's dimensions, whether they are active, and which directory items completeness counts are present. */
export interface DirectoryPart {
  readonly active: boolean;
  readonly level: ManagementLevel;
  readonly orgUnit: string | null;
  readonly location: string | null;
  readonly title: boolean;
  readonly manager: boolean;
  readonly department: boolean;
}

/** The person's own part (profiles): how many of each list, and whether bio and photo are there. */
export interface ProfilePart {
  readonly skills: number;
  readonly languages: number;
  readonly interests: number;
  readonly askMeAbout: number;
  readonly experience: number;
  readonly bio: boolean;
  readonly photo: boolean;
}

/** A person's record under their pseudonymous key: what each stream set so far. */
export interface CompletenessRecord {
  readonly directory: Partial<DirectoryPart>;
  readonly profile: Partial<ProfilePart>;
}

/** Storage of the records (Mongo adapter in @plein/insights/infrastructure, in-memory fake in unit tests). */
export interface CompletenessStore {
  /** Sets identity's fields if `sequence` is the next of the person's identity stream (older: nothing; a gap: retriable error). */
  putDirectory(person: string, sequence: number, fields: Partial<DirectoryPart>): Promise<void>;
  /** The same for the profile stream. */
  putProfile(person: string, sequence: number, fields: Partial<ProfilePart>): Promise<void>;
  /** Identity deleted the person: sequence-guarded like putDirectory, keeps nothing but that they are not active. */
  forget(person: string, sequence: number): Promise<void>;
  /** Every record. */
  records(): Promise<readonly CompletenessRecord[]>;
}

const present = (value: unknown): boolean => typeof value === 'string' && value.trim().length > 0;
const count = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

/** What an identity event sets of the directory part ({} when nothing completeness counts changed). */
export function directoryChange(type: string, data: Record<string, unknown>): Partial<DirectoryPart> {
  if (type === 'identity.user.provisioned') {
    return {
      active: true,
      level: data['managementLevel'] as ManagementLevel,
      orgUnit: departmentKey(data['department'] as string | undefined),
      location: locationKey(data['location'] as string | undefined),
      title: present(data['title']),
      manager: data['managerId'] != null,
      department: present(data['department']),
    };
  }
  if (type === 'identity.user.attributes-changed') {
    const changes = (data['changes'] ?? {}) as Record<string, unknown>;
    return {
      ...('managementLevel' in changes && changes['managementLevel'] ? { level: changes['managementLevel'] as ManagementLevel } : {}),
      ...('department' in changes ? { orgUnit: departmentKey(changes['department'] as string | null), department: present(changes['department']) } : {}),
      ...('location' in changes ? { location: locationKey(changes['location'] as string | null) } : {}),
      ...('title' in changes ? { title: present(changes['title']) } : {}),
    };
  }
  if (type === 'identity.user.manager-changed') return { manager: data['managerId'] != null };
  if (type === 'identity.user.deactivated') return { active: false };
  if (type === 'identity.user.reactivated') return { active: true };
  return {};
}

/** What a profile edit sets of the profile part (only the fields it changed). */
export function profileChange(changes: Record<string, unknown>): Partial<ProfilePart> {
  const part: Record<string, number | boolean> = {};
  for (const list of ['skills', 'languages', 'interests', 'askMeAbout', 'experience'] as const) if (list in changes) part[list] = count(changes[list]);
  if ('bio' in changes) part['bio'] = present(changes['bio']);
  if ('photoUrl' in changes) part['photo'] = present(changes['photoUrl']);
  return part as Partial<ProfilePart>;
}

/** The band of a record, or null for someone identity has not provisioned or who is not active (not counted). */
export function bandOf(record: CompletenessRecord): { band: CompletenessBand; dims: PersonDimensions } | null {
  const d = record.directory;
  if (d.active !== true || !d.level) return null;
  const p = record.profile;
  const list = (n: number | undefined) => Array.from({ length: n ?? 0 }, () => '');
  const { score } = profileCompleteness({
    photoUrl: p.photo ? 'photo' : null,
    title: d.title ? 'title' : null,
    department: d.department ? 'department' : null,
    managerId: d.manager ? 'manager' : null,
    topOfOrganisation: d.level === 'board',
    skills: list(p.skills),
    languages: list(p.languages),
    interests: list(p.interests),
    askMeAbout: list(p.askMeAbout),
    experience: list(p.experience),
    bio: p.bio ? 'bio' : null,
  });
  return { band: completenessBand(score), dims: { level: d.level, orgUnit: d.orgUnit ?? null, location: d.location ?? null } };
}

/**
 * The `current` gauge cells of the records: per dimension value `profiles` (active people counted)
 * and `profiles_<band>` (of them, in that band).
 */
export function completenessCells(records: readonly CompletenessRecord[]): Cell[] {
  const cells = new Map<string, { dimension: Cell['dimension']; value: string; metrics: Record<string, number> }>();
  for (const record of records) {
    const counted = bandOf(record);
    if (!counted) continue;
    for (const d of dimensionsOf(counted.dims)) {
      const id = `${d.kind}|${d.value}`;
      const cell = cells.get(id) ?? { dimension: d.kind, value: d.value, metrics: {} };
      for (const metric of [GAUGES.profiles, completenessMetric(counted.band)]) cell.metrics[metric] = (cell.metrics[metric] ?? 0) + 1;
      cells.set(id, cell);
    }
  }
  return [...cells.values()].map((c) => ({ granularity: CURRENT.granularity, period: CURRENT.key, ...c }));
}

/** Feeds the records from identity's user events and profiles' profile events (each sequence-guarded per stream). */
export class CompletenessIngest {
  constructor(
    private readonly store: CompletenessStore,
    private readonly secret: string,
  ) {}

  async handle(event: EventEnvelope): Promise<void> {
    const data = event.data as Record<string, unknown>;
    if (event.aggregateType === 'user') {
      const person = pseudonymise(event.aggregateId, this.secret);
      if (event.type === 'identity.user.deleted') return this.store.forget(person, event.sequence);
      return this.store.putDirectory(person, event.sequence, directoryChange(event.type, data));
    }
    if (event.aggregateType === 'profile') {
      const change = event.type === 'profiles.profile.edited' ? profileChange((data['changes'] ?? {}) as Record<string, unknown>) : {};
      return this.store.putProfile(pseudonymise(event.aggregateId, this.secret), event.sequence, change);
    }
  }
}
