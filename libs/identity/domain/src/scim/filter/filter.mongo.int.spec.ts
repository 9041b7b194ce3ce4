import { randomUUID } from 'node:crypto';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { SCIM_SCHEMAS, USER_RESOURCE } from '../scim.schema';
import { matchesScimFilter } from './filter.evaluator';
import { scimFilterToMongo, USER_READ_MODEL_FIELDS } from './filter.mongo';
import { compileScimFilter } from './filter.resolve';

/**
 * The translator must select exactly what the in-memory evaluator selects, on the real server
 * (FerretDB locally: checks that $nor, $regex with options, $nin and date comparisons behave).
 */
const ENT = SCIM_SCHEMAS.enterpriseUser;
interface Person {
  id: string;
  userName: string;
  displayName: string;
  email: string;
  title?: string;
  active: boolean;
  department?: string;
  employeeNumber?: string;
  managerId?: string;
  updatedAt: string;
}
const people: Person[] = [
  { id: 'u1', userName: 'Sanne.deVries@demo.plein.dev', displayName: 'Sanne de Vries', email: 'sanne.devries@demo.plein.dev', title: 'Teamleider (KS)', active: true, department: 'Klantenservice', employeeNumber: '1004', managerId: 'u3', updatedAt: '2026-02-01T12:30:00Z' },
  { id: 'u2', userName: 'ruben.bakker@demo.plein.dev', displayName: 'Ruben Bakker', email: 'Ruben.Bakker@demo.plein.dev', active: false, department: 'IT', employeeNumber: '1010', updatedAt: '2026-01-10T08:00:00Z' },
  { id: 'u3', userName: 'daan.jansen@demo.plein.dev', displayName: 'Daan Jansen', email: 'daan.jansen@demo.plein.dev', title: 'Directeur Operations', active: true, department: 'Directie', employeeNumber: '1001', updatedAt: '2026-03-01T00:00:00Z' },
  { id: 'u4', userName: 'fleur.o@demo.plein.dev', displayName: 'Fleur O*Brien', email: 'fleur@demo.plein.dev', title: '', active: true, updatedAt: '2026-02-01T12:30:00.001Z' },
];

const document = (p: Person): Document => ({
  _id: p.id,
  userNameLower: p.userName.toLowerCase(),
  emailLower: p.email.toLowerCase(),
  displayName: p.displayName,
  active: p.active,
  updatedAt: new Date(p.updatedAt),
  ...(p.title !== undefined ? { title: p.title } : {}),
  ...(p.department ? { department: p.department } : {}),
  ...(p.employeeNumber ? { employeeNumber: p.employeeNumber } : {}),
  ...(p.managerId ? { managerId: p.managerId } : {}),
});
const resource = (p: Person): Record<string, unknown> => ({
  schemas: [SCIM_SCHEMAS.user, ENT],
  id: p.id,
  userName: p.userName,
  displayName: p.displayName,
  active: p.active,
  emails: [{ value: p.email, type: 'work', primary: true }],
  meta: { lastModified: p.updatedAt },
  ...(p.title !== undefined ? { title: p.title } : {}),
  [ENT]: { department: p.department, employeeNumber: p.employeeNumber, ...(p.managerId ? { manager: { value: p.managerId } } : {}) },
});

const FILTERS = [
  'userName eq "SANNE.DEVRIES@demo.plein.dev"',
  'userName sw "r" or userName ew ".dev"',
  'emails[type eq "work"].value eq "ruben.bakker@DEMO.plein.dev"',
  'emails[type eq "home"] or userName sw "fleur"',
  'emails[type ne "home" and value ew "@demo.plein.dev"]',
  'displayName eq "sanne de vries"',
  'displayName co "o*b"',
  'title co "(ks)"',
  'title pr',
  'title eq null',
  'title ne "Teamleider (KS)"',
  'not (active eq true) or department eq "directie"',
  `${ENT}:employeeNumber gt "1003" and active eq true`,
  `${ENT}:manager eq "u3"`,
  'meta.lastModified gt "2026-02-01T12:30:00Z"',
  'meta.lastModified le "2026-02-01T13:30:00+01:00"',
  'id eq "u2" or (active eq true and not (userName sw "d"))',
];

describe('scimFilterToMongo on the real server', () => {
  const client = new MongoClient(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017');
  const database = `plein_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  let users: Collection;

  beforeAll(async () => {
    await client.connect();
    users = client.db(database).collection('users');
    await users.insertMany(people.map(document));
  });
  afterAll(async () => {
    await client.db(database).dropDatabase();
    await client.close();
  });

  it.each(FILTERS)('%s selects what the evaluator selects', async (text) => {
    const filter = compileScimFilter(text, USER_RESOURCE);
    const expected = people.filter((p) => matchesScimFilter(filter, resource(p))).map((p) => p.id);
    const found = await users.find(scimFilterToMongo(filter, USER_READ_MODEL_FIELDS)).sort({ _id: 1 }).toArray();
    expect(found.map((d) => d['_id'])).toEqual(expected);
  });

  it('the fixtures are not trivial: filters select different, non-empty subsets', async () => {
    const results = new Set(people.length > 0 ? FILTERS.map((t) => people.filter((p) => matchesScimFilter(compileScimFilter(t, USER_RESOURCE), resource(p))).map((p) => p.id).join()) : []);
    expect(results.size).toBeGreaterThan(8);
  });
});
