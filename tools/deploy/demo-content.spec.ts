import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GROUP_VISIBILITIES, POST_KINDS, REACTION_KINDS } from '@plein/feed/contracts';
import { MODERATION_REASONS } from '@plein/moderation/contracts';
import { LANGUAGE_LEVELS, PROFILE_LIMITS } from '@plein/profiles/contracts';
/**
 * deploy/demo/content.json, the demo content `npm start` loads (tools/dev/seed-demo.mjs): it names
 * only people of deploy/demo/organisation.json and items it defines itself, covers what a living
 * first screen and the services need, and uses only values the services accept.
 */

const ROOT = path.resolve(__dirname, '../..');
type Employee = { userName: string; department: string; skills: string[]; languages: { code: string; level: string }[]; managementLevel: string; manager: string | null };
type Audience = 'organisation' | { group: string };
type Content = {
  taxonomyAdmin: string;
  taxonomy: { termId: string; labels: { en: string; nl: string }; synonyms: string[] }[];
  languageLevels: Record<string, string>;
  profiles: Record<string, { extraSkills?: string[]; askMeAbout?: string[]; bio?: string }>;
  groups: { key: string; owner: string; visibility: string; members: string[] }[];
  jams: { key: string; manager: string }[];
  posts: { key: string; author: string; kind: string; audience: Audience; callToAction: { kind: string }; title?: string; body: string; jam?: string }[];
  comments: { key: string; post: string; author: string }[];
  reactions: { post: string; by: string[]; kind: string }[];
  signUps: { post: string; by: string[] }[];
  acknowledgements: { post: string; by: string[] }[];
  agenda: { key: string; organiser: string; audience: Audience; rsvps?: Record<string, string[]> }[];
  endorsements: { by: string; of: string; skill: string }[];
  reports: { by: string; post: string; reason: string }[];
};
const org = JSON.parse(readFileSync(path.join(ROOT, 'deploy/demo/organisation.json'), 'utf8')) as { employees: (Employee & { roles: string[] })[] };
const content = JSON.parse(readFileSync(path.join(ROOT, 'deploy/demo/content.json'), 'utf8')) as Content;
const short = (userName: string) => userName.split('@')[0]!;
const people = new Map(org.employees.map((e) => [short(e.userName), e]));
const posts = new Map(content.posts.map((p) => [p.key, p]));
const groups = new Map(content.groups.map((g) => [g.key, g]));
const memberOf = (person: string, group: string) => groups.get(group)?.owner === person || (groups.get(group)?.members ?? []).includes(person);

describe('deploy/demo/content.json', () => {
  it('names only people of the demo organisation, and posts, groups and jams it defines', () => {
    const named = [
      content.taxonomyAdmin,
      ...Object.keys(content.profiles),
      ...content.groups.flatMap((g) => [g.owner, ...g.members]),
      ...content.jams.map((j) => j.manager),
      ...content.posts.map((p) => p.author),
      ...content.comments.map((c) => c.author),
      ...content.reactions.flatMap((r) => r.by),
      ...content.signUps.flatMap((s) => s.by),
      ...content.acknowledgements.flatMap((a) => a.by),
      ...content.agenda.flatMap((a) => [a.organiser, ...Object.values(a.rsvps ?? {}).flat()]),
      ...content.endorsements.flatMap((e) => [e.by, e.of]),
      ...content.reports.map((r) => r.by),
    ];
    expect(named.filter((p) => !people.has(p))).toEqual([]);
    const postRefs = [...content.comments, ...content.reactions, ...content.signUps, ...content.acknowledgements, ...content.reports].map((x) => x.post);
    expect(postRefs.filter((k) => !posts.has(k))).toEqual([]);
    const groupRefs = [...content.posts, ...content.agenda].flatMap((x) => (typeof x.audience === 'object' ? [x.audience.group] : []));
    expect(groupRefs.filter((k) => !groups.has(k))).toEqual([]);
    expect(content.posts.filter((p) => p.jam && !content.jams.some((j) => j.key === p.jam))).toEqual([]);
    // Keys become Idempotency-Keys: one per item, or a second item would come back as the first.
    for (const keys of [content.posts, content.groups, content.comments, content.agenda, content.jams].map((list) => list.map((x) => x.key))) expect(new Set(keys).size).toBe(keys.length);
  });

  it('has posts of every kind, an open question with hashtags, an announcement to acknowledge, a secret group, a jam idea and a report', () => {
    expect(new Set(content.posts.map((p) => p.kind))).toEqual(new Set(POST_KINDS));
    const question = content.posts.find((p) => p.kind === 'question')!;
    expect(question.body).toMatch(/#\w+/);
    expect(content.comments.some((c) => c.post === question.key)).toBe(true);
    expect(content.posts.some((p) => p.kind === 'announcement' && p.callToAction.kind === 'acknowledge')).toBe(true);
    expect(content.groups.map((g) => g.visibility).sort()).toEqual([...GROUP_VISIBILITIES].sort());
    expect(content.posts.some((p) => typeof p.audience === 'object' && groups.get(p.audience.group)?.visibility === 'secret')).toBe(true);
    expect(content.posts.some((p) => p.kind === 'idea' && p.jam)).toBe(true);
    expect(content.agenda.length).toBeGreaterThan(0);
    expect(content.endorsements.length).toBeGreaterThan(0);
    expect(content.reports.length).toBeGreaterThan(0);
  });

  it('acts only where the feed lets each person act: group posts and RSVPs by members, no self-endorsement or own-post report', () => {
    for (const p of content.posts) if (typeof p.audience === 'object') expect({ post: p.key, member: memberOf(p.author, p.audience.group) }).toEqual({ post: p.key, member: true });
    for (const a of content.agenda) {
      if (typeof a.audience === 'object') {
        const group = a.audience.group;
        for (const who of [a.organiser, ...Object.values(a.rsvps ?? {}).flat()]) expect({ item: a.key, who, member: memberOf(who, group) }).toEqual({ item: a.key, who, member: true });
      }
    }
    expect(content.endorsements.filter((e) => e.by === e.of)).toEqual([]);
    expect(content.reports.filter((r) => posts.get(r.post)?.author === r.by)).toEqual([]);
    expect((MODERATION_REASONS as readonly string[]).includes(content.reports[0]!.reason)).toBe(true);
    for (const r of content.reactions) expect((REACTION_KINDS as readonly string[]).includes(r.kind)).toBe(true);
    expect(people.get(content.taxonomyAdmin)?.roles).toContain('admin');
    for (const j of content.jams) expect(['manager', 'director', 'board'].includes(people.get(j.manager)!.managementLevel) || people.get(j.manager)!.roles.includes('community-manager')).toBe(true);
  });

  it("gives profiles values they accept: every demo language level mapped to one of profiles' levels, within the limits", () => {
    const levels = new Set(org.employees.flatMap((e) => e.languages.map((l) => l.level)));
    for (const level of levels) expect({ level, mapped: (LANGUAGE_LEVELS as readonly string[]).includes(content.languageLevels[level] ?? '') }).toEqual({ level, mapped: true });
    for (const [person, extra] of Object.entries(content.profiles)) {
      expect((people.get(person)!.skills.length + (extra.extraSkills?.length ?? 0)) <= PROFILE_LIMITS.skills).toBe(true);
      expect((extra.askMeAbout ?? []).length <= PROFILE_LIMITS.askMeAbout).toBe(true);
    }
  });

  it('has a taxonomy with synonyms that the demo skills use (kubernetes as k8s, French as Frans), and department paths below the top level', () => {
    const term = (id: string) => content.taxonomy.find((t) => t.termId === id);
    expect(term('kubernetes')?.synonyms).toContain('k8s');
    expect(term('french')?.labels.nl).toBe('Frans');
    const names = content.taxonomy.flatMap((t) => [t.termId, t.labels.en, t.labels.nl, ...t.synonyms].map((n) => n.toLowerCase()));
    const skills = [...org.employees.flatMap((e) => e.skills), ...Object.values(content.profiles).flatMap((p) => p.extraSkills ?? [])].map((s) => s.toLowerCase());
    for (const id of ['kubernetes', 'french', 'typescript']) {
      const t = term(id)!;
      expect({ id, used: [t.termId, t.labels.en, t.labels.nl, ...t.synonyms].some((n) => skills.includes(n.toLowerCase())) }).toEqual({ id, used: true });
    }
    expect(skills).toContain('k8s');
    // A synonym belongs to one term only.
    expect(new Set(content.taxonomy.flatMap((t) => t.synonyms.map((s) => s.toLowerCase()))).size).toBe(content.taxonomy.flatMap((t) => t.synonyms).length);
    expect(names.length).toBeGreaterThan(content.taxonomy.length);
    expect(org.employees.filter((e) => e.department.includes('/')).length).toBeGreaterThan(org.employees.length / 2);
    expect(org.employees.some((e) => e.department === 'Finance' && e.languages.some((l) => l.code === 'fr' && l.level === 'native'))).toBe(true);
  });
});
