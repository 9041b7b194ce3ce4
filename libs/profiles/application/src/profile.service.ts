import type { ProfileFields } from '@plein/profiles/contracts';
import { profileCompleteness, profileDecider } from '@plein/profiles/domain';
import { commandMetadata, executeCommand, type RequestContext } from '@plein/shared/event-sourcing';
import { ForbiddenError, NotFoundError, streamId } from '@plein/shared/kernel';
import type { Caller, ProfilesDependencies, ProfileView, ProfileViewWithCompleteness, TaxonomyTerm } from './ports';

export type ProfilesContext = RequestContext<Caller>;

export class ProfileNotFoundError extends NotFoundError {
  constructor() {
    super('PROFILES.PROFILE_NOT_FOUND', 'no such profile');
  }
}

export const isAdmin = (caller: Caller): boolean => caller.roles.includes('admin');

/**
 * Who sees a profile: everyone signed in sees active people; a deactivated person is seen only by
 * admins (others get 404, as for someone unknown); a deleted person by nobody (the read model no
 * longer holds them).
 */
export const canSeeProfile = (caller: Caller, view: ProfileView): boolean => view.active || isAdmin(caller);

/** Who edits a profile: the person themself, and admins (for anyone they can see). */
export const canEditProfile = (caller: Caller, view: ProfileView): boolean => isAdmin(caller) || (caller.userId === view.userId && view.active);

export const withCompleteness = (view: ProfileView): ProfileViewWithCompleteness => ({
  ...view,
  completeness: profileCompleteness({ ...view, topOfOrganisation: view.managementLevel === 'board' }),
});

/** A skill as typed, or the id of the active taxonomy term it names (id, label or synonym, any case). */
export function skillResolver(terms: readonly TaxonomyTerm[]): (skill: string) => string {
  const byName = new Map<string, string>();
  for (const term of terms) {
    for (const name of [term.termId, term.labels.en, term.labels.nl, ...term.synonyms]) {
      const key = name.trim().toLowerCase();
      if (!byName.has(key)) byName.set(key, term.termId);
    }
  }
  return (skill) => byName.get(skill.trim().toLowerCase()) ?? skill;
}

export interface EditedProfile {
  readonly profile: ProfileViewWithCompleteness;
  readonly version: number;
  readonly replayed: boolean;
}

/** Reading and editing profiles (the person's own fields); identity's data is read-only here. */
export class ProfileService {
  constructor(private readonly deps: ProfilesDependencies) {}

  /** The profile as `ctx.caller` may see it, or 404 (unknown, deleted, or deactivated for a non-admin). */
  async view(ctx: ProfilesContext, userId: string): Promise<ProfileViewWithCompleteness> {
    return withCompleteness(await this.visible(ctx.caller, userId));
  }

  /**
   * Edits the person's own fields (the person, or an admin). Skills naming a taxonomy term are
   * stored as its id; the bio is sanitised Markdown. A retry with the same Idempotency-Key answers
   * the first result and stores nothing again.
   */
  async edit(ctx: ProfilesContext, userId: string, changes: Partial<ProfileFields>): Promise<EditedProfile> {
    const view = await this.visible(ctx.caller, userId);
    if (!canEditProfile(ctx.caller, view)) throw new ForbiddenError('PROFILES.NOT_YOUR_PROFILE', 'only the person themself or an admin edits a profile');
    const normalised: Partial<ProfileFields> = { ...changes };
    if (changes.skills) {
      const resolve = skillResolver(await this.deps.taxonomy.all());
      normalised.skills = changes.skills.map(resolve);
    }
    if (typeof changes.bio === 'string') normalised.bio = this.deps.sanitizeBio(changes.bio);
    const result = await executeCommand({
      store: this.deps.store,
      ...(this.deps.readYourWrites ? { readYourWrites: this.deps.readYourWrites } : {}),
      streamId: streamId('profile', userId),
      decider: profileDecider,
      command: { type: 'EditProfile', userId, changes: normalised },
      metadata: commandMetadata(ctx),
    });
    const after = await this.deps.views.get(userId);
    if (!after) throw new ProfileNotFoundError();
    return { profile: withCompleteness(after), version: result.version, replayed: result.replayed };
  }

  private async visible(caller: Caller, userId: string): Promise<ProfileView> {
    const view = await this.deps.views.get(userId);
    if (!view || !canSeeProfile(caller, view)) throw new ProfileNotFoundError();
    return view;
  }
}
