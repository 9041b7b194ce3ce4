// Loads the demo organisation into the running services through their public APIs only.
// Identity, the way an organisation's IdP would: SCIM 2.0 for people, managers and groups; then,
// signed in through the dev IdP as the demo's admin (a bootstrap admin), Plein's own API for roles
// and the ambassador badge. Then deploy/demo/content.json, each part signed in as the person who
// would do it: the skill taxonomy and everyone's profile (profiles), groups, posts of every kind,
// comments, reactions, a jam, agenda items (feed), endorsements (profiles) and a report (moderation).
// Idempotent: existing users and groups are found by userName / displayName and brought in line;
// every create carries a fixed Idempotency-Key (the services derive the new id from it, so a second
// load finds the same item and appends nothing), and the other calls set a state (PUT, PATCH with
// the same values).
// Env: IDENTITY_URL (http://127.0.0.1:3001), FEED_URL (…:3002), PROFILES_URL (…:3003),
// MODERATION_URL (…:3004), SCIM_BEARER_TOKEN (required), ORGANISATION_FILE, CONTENT_FILE,
// SEED_CONTENT=off to load the organisation only. GATEWAY_URL: sign in and call the services through
// the gateway (its session cookie, /api/<service>/…) instead of identity's own callback and the
// services' URLs; SCIM still goes to IDENTITY_URL (the browser-test platform, apps/web/e2e/platform.ts).
import { readFileSync } from 'node:fs';

const IDENTITY = (process.env.IDENTITY_URL ?? 'http://127.0.0.1:3001').replace(/(?<!\/)\/+$/, '');
const SCIM = `${IDENTITY}/scim/v2`;
const TOKEN = process.env.SCIM_BEARER_TOKEN;
const FILE = process.env.ORGANISATION_FILE ?? 'deploy/demo/organisation.json';
const CONTENT_FILE = process.env.CONTENT_FILE ?? 'deploy/demo/content.json';
const base = (name, port) => (process.env[name] ?? `http://127.0.0.1:${port}`).replace(/(?<!\/)\/+$/, '');
const GATEWAY = process.env.GATEWAY_URL ? base('GATEWAY_URL', 3000) : undefined;
const api = (name, variable, port) => (GATEWAY ? `${GATEWAY}/api/${name}` : base(variable, port));
const IDENTITY_API = api('identity', 'IDENTITY_URL', 3001);
const FEED = api('feed', 'FEED_URL', 3002);
const PROFILES = api('profiles', 'PROFILES_URL', 3003);
const MODERATION = api('moderation', 'MODERATION_URL', 3004);
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PLEIN = 'urn:ietf:params:scim:schemas:extension:plein:2.0:User';
if (!TOKEN) {
  console.error('seed-demo: SCIM_BEARER_TOKEN is not set');
  process.exit(2);
}
const org = JSON.parse(readFileSync(FILE, 'utf8'));
/** Access tokens by userName (tokenOf). */
const tokens = new Map();

async function scim(method, path, body) {
  const res = await fetch(`${SCIM}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/scim+json', ...(body ? { 'content-type': 'application/scim+json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : {};
  if (res.status >= 400) throw new Error(`SCIM ${method} ${path}: ${res.status} ${json.scimType ?? ''} ${json.detail ?? text}`);
  return json;
}

const find = async (resource, attribute, value) =>
  (await scim('GET', `/${resource}?filter=${encodeURIComponent(`${attribute} eq ${JSON.stringify(value)}`)}&count=1`)).Resources?.[0];

/** Managers before their reports, so every manager reference points at an existing user. */
function managersFirst(employees) {
  const byName = new Map(employees.map((e) => [e.userName.toLowerCase(), e]));
  const done = new Set();
  const ordered = [];
  const visit = (e) => {
    if (done.has(e.userName)) return;
    done.add(e.userName);
    if (e.manager) visit(byName.get(e.manager.toLowerCase()));
    ordered.push(e);
  };
  employees.forEach(visit);
  return ordered;
}

const ids = new Map();
for (const e of managersFirst(org.employees)) {
  const user = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT, PLEIN],
    userName: e.userName,
    externalId: `demo-${e.employeeNumber}`,
    name: { givenName: e.givenName, familyName: e.familyName },
    displayName: `${e.givenName} ${e.familyName}`,
    title: e.title,
    active: true,
    emails: [{ value: e.email, type: 'work', primary: true }],
    addresses: [{ type: 'work', locality: e.location, primary: true }],
    [ENT]: { employeeNumber: e.employeeNumber, department: e.department, manager: { value: e.manager ? ids.get(e.manager.toLowerCase()) : '' } },
    [PLEIN]: { managementLevel: e.managementLevel },
  };
  const existing = await find('Users', 'userName', e.userName);
  const saved = existing ? await scim('PUT', `/Users/${existing.id}`, user) : await scim('POST', '/Users', user);
  ids.set(e.userName.toLowerCase(), saved.id);
}
console.log(`seed-demo: ${ids.size} employees provisioned through SCIM`);

for (const g of org.groups) {
  const group = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: g.displayName, externalId: g.externalId, members: g.members.map((m) => ({ value: ids.get(m.toLowerCase()) })) };
  const existing = await find('Groups', 'displayName', g.displayName);
  if (existing) await scim('PUT', `/Groups/${existing.id}`, group);
  else await scim('POST', '/Groups', group);
}
console.log(`seed-demo: ${org.groups.length} groups provisioned through SCIM`);

// Roles and badges are granted inside Plein, by an admin: sign in as one through the dev IdP.
const admin = org.employees.find((e) => e.roles.includes('admin'));
const grants = org.employees.flatMap((e) => [...e.roles.map((r) => ['roles', r, e]), ...e.badges.map((b) => ['badges', b, e])]);
if (admin && grants.length > 0) {
  const token = await tokenOf(admin.userName);
  for (const [kind, name, e] of grants) await call(token, 'PUT', `${IDENTITY_API}/v1/users/${ids.get(e.userName.toLowerCase())}/${kind}/${name}`);
  console.log(`seed-demo: ${grants.length} roles and badges granted by ${admin.userName}`);
}

if (process.env.SEED_CONTENT !== 'off') await seedContent(JSON.parse(readFileSync(CONTENT_FILE, 'utf8')));

/** The demo content (deploy/demo/content.json), each part by the person who would do it. */
async function seedContent(content) {
  const person = (short) => {
    const e = org.employees.find((x) => x.userName.split('@')[0] === short);
    if (!e) throw new Error(`seed-demo: ${CONTENT_FILE} names ${short}, who is not in ${FILE}`);
    return { ...e, id: ids.get(e.userName.toLowerCase()), token: () => tokenOf(e.userName) };
  };
  const day = 86_400_000;
  const inDays = (days, time) => {
    const at = new Date(Date.now() + days * day);
    if (time) at.setUTCHours(Number(time.slice(0, 2)), Number(time.slice(3, 5)), 0, 0);
    else at.setUTCSeconds(0, 0);
    return at.toISOString();
  };
  const key = (name) => `plein-demo-${name}`;

  // Profiles: the skill taxonomy (an admin), then everyone's own fields (an admin may edit anyone).
  const taxonomist = person(content.taxonomyAdmin);
  for (const t of content.taxonomy) {
    await call(await taxonomist.token(), 'PUT', `${PROFILES}/v1/profiles/taxonomy/terms/${t.termId}`, { labels: t.labels, synonyms: t.synonyms }, { key: key(`term-${t.termId}`) });
  }
  for (const e of org.employees) {
    const short = e.userName.split('@')[0];
    const extra = content.profiles[short] ?? {};
    const changes = {
      skills: [...new Set([...e.skills, ...(extra.extraSkills ?? [])])],
      languages: e.languages.map((l) => ({ code: l.code, level: content.languageLevels[l.level] })).filter((l) => /^[a-z]{2}$/.test(l.code)),
      askMeAbout: extra.askMeAbout ?? e.skills.slice(0, 2),
      bio: extra.bio ?? `${e.title} bij ${e.department.split('/')[0]} in ${e.location}.`,
    };
    // Profiles learns about people from identity's events: a just-provisioned person may take a moment.
    await call(await taxonomist.token(), 'PATCH', `${PROFILES}/v1/profiles/${ids.get(e.userName.toLowerCase())}`, changes, { key: key(`profile-${short}-v1`), waitFor: [404] });
  }
  console.log(`seed-demo: ${content.taxonomy.length} taxonomy terms and ${org.employees.length} profiles`);

  // Feed: groups with their members, a jam, posts of every kind, comments, reactions, agenda items.
  const groups = new Map();
  for (const g of content.groups) {
    const owner = person(g.owner);
    const created = await call(await owner.token(), 'POST', `${FEED}/v1/groups`, { name: g.name, description: g.description, visibility: g.visibility }, { key: key(`group-${g.key}`) });
    const groupId = idOf(created, 'groupId');
    groups.set(g.key, groupId);
    for (const m of g.members) {
      // 409: already a member (a second load).
      await call(await owner.token(), 'POST', `${FEED}/v1/groups/${groupId}/members/${person(m).id}/add`, { role: 'member' }, { ok: [409], waitFor: [404] });
    }
  }
  const audienceOf = (a) => (a === 'organisation' ? { kind: 'organisation' } : { kind: 'group', groupId: groups.get(a.group) });
  const jams = new Map();
  for (const j of content.jams) {
    const manager = person(j.manager);
    const body = { audience: { kind: 'organisation' }, title: j.title, question: j.question, closesAt: inDays(j.closesInDays), votesPerPerson: j.votesPerPerson };
    jams.set(j.key, idOf(await call(await manager.token(), 'POST', `${FEED}/v1/jams`, body, { key: key(`jam-${j.key}`) }), 'jamId'));
  }
  const posts = new Map();
  for (const p of content.posts) {
    const author = person(p.author);
    const { dueInDays, deadlineInDays, closesInDays, ...cta } = p.callToAction;
    const callToAction = { ...cta, ...(dueInDays ? { dueAt: inDays(dueInDays) } : {}), ...(deadlineInDays ? { deadline: inDays(deadlineInDays) } : {}), ...(closesInDays ? { closesAt: inDays(closesInDays) } : {}) };
    const body = { kind: p.kind, audience: audienceOf(p.audience), callToAction, body: p.body, ...(p.title ? { title: p.title } : {}), ...(p.jam ? { jamId: jams.get(p.jam) } : {}) };
    posts.set(p.key, idOf(await call(await author.token(), 'POST', `${FEED}/v1/posts`, body, { key: key(`post-${p.key}`), waitFor: [404] }), 'postId'));
  }
  for (const c of content.comments) {
    await call(await person(c.author).token(), 'POST', `${FEED}/v1/posts/${posts.get(c.post)}/comments`, { body: c.body }, { key: key(`comment-${c.key}`), waitFor: [404] });
  }
  for (const r of content.reactions) {
    for (const by of r.by) await call(await person(by).token(), 'PUT', `${FEED}/v1/posts/${posts.get(r.post)}/reaction`, { kind: r.kind }, { waitFor: [404] });
  }
  // 409: signed up or acknowledged already.
  for (const s of content.signUps) for (const by of s.by) await call(await person(by).token(), 'POST', `${FEED}/v1/posts/${posts.get(s.post)}/sign-up`, undefined, { ok: [409], waitFor: [404] });
  for (const a of content.acknowledgements) for (const by of a.by) await call(await person(by).token(), 'POST', `${FEED}/v1/posts/${posts.get(a.post)}/acknowledgement`, undefined, { ok: [409], waitFor: [404] });
  for (const item of content.agenda) {
    const { startsInDays, startsAtTime, hours, visibleForDays, ...details } = item.details;
    if (details.kind === 'event') {
      details.startsAt = inDays(startsInDays, startsAtTime);
      details.endsAt = new Date(Date.parse(details.startsAt) + hours * 3_600_000).toISOString();
    } else if (visibleForDays) details.visibleUntil = inDays(visibleForDays);
    const created = await call(await person(item.organiser).token(), 'POST', `${FEED}/v1/agenda`, { audience: audienceOf(item.audience), details }, { key: key(`agenda-${item.key}`) });
    const itemId = idOf(created, 'agendaItemId');
    for (const [answer, people] of Object.entries(item.rsvps ?? {})) {
      for (const by of people) await call(await person(by).token(), 'PUT', `${FEED}/v1/agenda/${itemId}/rsvp`, { answer }, { waitFor: [404] });
    }
  }
  console.log(`seed-demo: ${groups.size} groups, ${posts.size} posts, ${content.comments.length} comments, ${jams.size} jam, ${content.agenda.length} agenda items`);

  // Endorsements (profiles) and a report (moderation): both learn about people and posts from events.
  for (const e of content.endorsements) {
    await call(await person(e.by).token(), 'PUT', `${PROFILES}/v1/profiles/${person(e.of).id}/endorsements/${encodeURIComponent(e.skill)}`, undefined, { key: key(`endorse-${e.by}-${e.of}-${e.skill}`), waitFor: [404] });
  }
  for (const r of content.reports) {
    const body = { contentType: 'post', contentId: posts.get(r.post), reason: r.reason, ...(r.text ? { text: r.text } : {}) };
    await call(await person(r.by).token(), 'POST', `${MODERATION}/v1/moderation/reports`, body, { key: key(`report-${r.by}-${r.post}`), waitFor: [404] });
  }
  console.log(`seed-demo: ${content.endorsements.length} endorsements and ${content.reports.length} moderation report`);
}

/** The id a create answered, whatever the resource calls it. */
function idOf(body, name) {
  const id = body?.[name] ?? body?.id;
  if (typeof id !== 'string') throw new Error(`seed-demo: no ${name} in ${JSON.stringify(body).slice(0, 300)}`);
  return id;
}

/**
 * One API call as a client would make it: 503 (a just-started service still loading), 429 and the
 * statuses in `waitFor` (a service that has not yet seen the person or post through its events)
 * are retried for up to 90 s; `ok` lists statuses that mean "already so".
 */
async function call(token, method, url, body, { key, waitFor = [], ok = [] } = {}) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const res = await fetch(url, {
      method,
      headers: { ...token, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(key ? { 'idempotency-key': key } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (res.ok || ok.includes(res.status)) return text ? JSON.parse(text) : {};
    if ((res.status === 503 || res.status === 429 || waitFor.includes(res.status)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    throw new Error(`seed-demo: ${method} ${url}: ${res.status} ${text.slice(0, 500)}`);
  }
}

/** Request headers that sign in as a person (a bearer token, or the gateway's session cookie), signed in once per run through the dev IdP. */
function tokenOf(userName) {
  if (!tokens.has(userName)) tokens.set(userName, signIn(userName, org.devIdp.password));
  return tokens.get(userName);
}

/** The browser side of the authorization-code flow with a tiny cookie jar; returns the headers of the session. */
async function signIn(login, password) {
  const jar = new Map();
  const request = async (url, form) => {
    let res = await attempt(url, form);
    // Sign-ins are rate limited per client address: wait as told and try again.
    for (let tries = 0; res.status === 429 && tries < 30; tries++) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(Number(res.headers.get('retry-after')) || 2, 60) * 1000));
      res = await attempt(url, form);
    }
    return res;
  };
  const attempt = async (url, form) => {
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (value) jar.set(pair.slice(0, eq), value);
      else jar.delete(pair.slice(0, eq));
    }
    return res;
  };
  const follow = async (url, form) => {
    let res = await request(url, form);
    for (let hops = 0; hops < 10 && res.status >= 300 && res.status < 400; hops++) {
      url = new URL(res.headers.get('location'), url).href;
      res = await request(url);
    }
    return { res, url };
  };
  const page = await follow(`${GATEWAY ?? IDENTITY}/auth/login`);
  const action = /action="([^"]*\/login)"/.exec(await page.res.text())?.[1];
  if (!action) throw new Error('seed-demo: the dev IdP did not show its login form');
  // Ends at identity's default return page (which need not exist); what counts is the session cookie.
  const done = await follow(new URL(action, page.url).href, { login, password });
  if (GATEWAY) {
    // The gateway keeps the tokens; its session cookie stands for them, writes carry the CSRF header.
    if (!jar.has('plein_session')) throw new Error(`seed-demo: sign-in as ${login} at the gateway failed (${done.res.status} at ${done.url})`);
    return { cookie: `plein_session=${jar.get('plein_session')}`, origin: GATEWAY, 'x-plein-csrf': '1' };
  }
  if (!jar.has('plein_refresh')) throw new Error(`seed-demo: sign-in as ${login} failed (${done.res.status} at ${done.url})`);
  const tokens = await request(`${IDENTITY}/auth/token`, {});
  if (!tokens.ok) throw new Error(`seed-demo: no token (${tokens.status})`);
  return { authorization: `Bearer ${(await tokens.json()).access_token}` };
}
