// Loads deploy/demo/organisation.json into the identity service the way an organisation's IdP
// would: SCIM 2.0 for people, managers and groups; then, signed in through the dev IdP as the
// demo's admin (a bootstrap admin), Plein's own API for roles and the ambassador badge.
// Idempotent: existing users and groups are found by userName / displayName and brought in line.
// Env: IDENTITY_URL (http://127.0.0.1:3001), SCIM_BEARER_TOKEN (required), ORGANISATION_FILE.
import { readFileSync } from 'node:fs';

const IDENTITY = (process.env.IDENTITY_URL ?? 'http://127.0.0.1:3001').replace(/(?<!\/)\/+$/, '');
const SCIM = `${IDENTITY}/scim/v2`;
const TOKEN = process.env.SCIM_BEARER_TOKEN;
const FILE = process.env.ORGANISATION_FILE ?? 'deploy/demo/organisation.json';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PLEIN = 'urn:ietf:params:scim:schemas:extension:plein:2.0:User';
if (!TOKEN) {
  console.error('seed-demo: SCIM_BEARER_TOKEN is not set');
  process.exit(2);
}
const org = JSON.parse(readFileSync(FILE, 'utf8'));

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
if (!admin || grants.length === 0) process.exit(0);
const token = await signIn(admin.userName, org.devIdp.password);
for (const [kind, name, e] of grants) {
  const url = `${IDENTITY}/v1/users/${ids.get(e.userName.toLowerCase())}/${kind}/${name}`;
  let res = await fetch(url, { method: 'PUT', headers: { authorization: `Bearer ${token}` } });
  // 503 while a just-started service's revocation list is still loading: retry, as any client would.
  for (let attempt = 0; res.status === 503 && attempt < 60; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    res = await fetch(url, { method: 'PUT', headers: { authorization: `Bearer ${token}` } });
  }
  if (!res.ok) throw new Error(`granting ${name} to ${e.userName}: ${res.status} ${await res.text()}`);
}
console.log(`seed-demo: ${grants.length} roles and badges granted by ${admin.userName}`);

/** The browser side of the authorization-code flow with a tiny cookie jar; returns an access token. */
async function signIn(login, password) {
  const jar = new Map();
  const request = async (url, form) => {
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
  const page = await follow(`${IDENTITY}/auth/login`);
  const action = /action="([^"]*\/login)"/.exec(await page.res.text())?.[1];
  if (!action) throw new Error('seed-demo: the dev IdP did not show its login form');
  // Ends at identity's default return page (which need not exist); what counts is the session cookie.
  const done = await follow(new URL(action, page.url).href, { login, password });
  if (!jar.has('plein_refresh')) throw new Error(`seed-demo: sign-in as ${login} failed (${done.res.status} at ${done.url})`);
  const tokens = await request(`${IDENTITY}/auth/token`, {});
  if (!tokens.ok) throw new Error(`seed-demo: no token (${tokens.status})`);
  return (await tokens.json()).access_token;
}
