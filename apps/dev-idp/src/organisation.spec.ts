import { join } from 'node:path';
import { buildUserAttributes, claimMapping, mapClaimsToUser } from '@plein/identity/domain';
import { accountClaims, AccountDirectory } from './accounts';
import { loadOrganisation, OrganisationFileError, parseOrganisation, type Organisation } from './organisation';

const FILE = join(__dirname, '../../../deploy/demo/organisation.json');
const org = loadOrganisation(FILE);
const clone = (): Organisation => structuredClone(org);
const problemsOf = (raw: unknown): readonly string[] => {
  try {
    parseOrganisation(raw);
  } catch (error) {
    if (error instanceof OrganisationFileError) return error.problems;
    throw error;
  }
  return [];
};

describe('deploy/demo/organisation.json', () => {
  it('describes Plein Demo BV: ~40 employees in a board → directors → managers → employees tree', () => {
    expect(org.organisation.name).toBe('Plein Demo BV');
    expect(org.employees.length).toBeGreaterThanOrEqual(35);
    const levels = org.employees.map((e) => e.managementLevel);
    for (const level of ['board', 'director', 'manager', 'employee'] as const) expect(levels).toContain(level);
    expect(new Set(org.employees.map((e) => e.location))).toEqual(new Set(['Utrecht', 'Amsterdam', 'Rotterdam', 'Eindhoven']));
  });

  it('has the roles and badges demos need', () => {
    const withRole = (role: string) => org.employees.filter((e) => (e.roles as string[]).includes(role));
    expect(withRole('moderator').length).toBeGreaterThanOrEqual(2);
    expect(withRole('community-manager')).toHaveLength(1);
    expect(withRole('admin').length).toBeGreaterThanOrEqual(1);
    expect(org.employees.filter((e) => e.badges.includes('ambassador')).length).toBeGreaterThanOrEqual(3);
  });

  it('has a native French speaker in Finance (the expertise-search story)', () => {
    expect(org.employees.filter((e) => e.department === 'Finance' && e.languages.some((l) => l.code === 'fr' && l.level === 'native'))).toHaveLength(1);
  });

  it('has department groups covering everyone and cross-department workgroups', () => {
    const departments = org.groups.filter((g) => g.kind === 'department');
    expect(departments.flatMap((g) => g.members).sort()).toEqual(org.employees.map((e) => e.userName).sort());
    for (const g of org.groups.filter((g) => g.kind === 'workgroup')) {
      const depts = new Set(g.members.map((m) => org.employees.find((e) => e.userName === m)!.department));
      expect(depts.size).toBeGreaterThan(1);
    }
  });

  it('provisions as valid domain attributes, and dev IdP claims map back to the same attributes', () => {
    const accounts = new AccountDirectory(org);
    for (const e of org.employees) {
      const attributes = buildUserAttributes({ ...e, externalId: e.employeeNumber }, e.badges);
      const { subject, attributes: fromClaims } = mapClaimsToUser(accountClaims(accounts.find(e.employeeNumber)!), claimMapping('generic'));
      expect(subject).toBe(e.employeeNumber);
      expect(buildUserAttributes({ ...fromClaims, externalId: subject }, e.badges)).toEqual(attributes);
    }
  });
});

describe('parseOrganisation invariants', () => {
  it('rejects duplicates, unknown managers, cycles, inverted seniority and unknown group members', () => {
    const dup = clone();
    dup.employees[1]!.employeeNumber = dup.employees[0]!.employeeNumber;
    expect(problemsOf(dup)).toEqual([`duplicate employeeNumber ${dup.employees[0]!.employeeNumber}`]);

    const unknown = clone();
    unknown.employees[2]!.manager = 'ghost@demo.plein.dev';
    expect(problemsOf(unknown)).toEqual([`${unknown.employees[2]!.userName}: manager ghost@demo.plein.dev is not an employee`]);

    const cycle = clone();
    const top = cycle.employees.find((e) => e.manager === null)!;
    top.manager = cycle.employees.find((e) => e.manager === top.userName && e.managementLevel === 'board')!.userName;
    expect(problemsOf(cycle)).toEqual(expect.arrayContaining(['exactly one employee must have no manager, found 0', expect.stringContaining('reports-to cycle')]));

    const inverted = clone();
    const director = inverted.employees.find((e) => e.managementLevel === 'director')!;
    director.manager = inverted.employees.find((e) => e.managementLevel === 'manager')!.userName;
    expect(problemsOf(inverted)).toEqual(expect.arrayContaining([expect.stringContaining('(director) reports to a manager')]));

    const group = clone();
    group.groups[0]!.members.push('nobody@demo.plein.dev');
    expect(problemsOf(group)).toEqual([`group ${group.groups[0]!.displayName}: nobody@demo.plein.dev is not an employee`]);
  });

  it('rejects unknown fields and bad values', () => {
    const bad = clone() as unknown as { employees: Record<string, unknown>[] };
    bad.employees[0]!['phone'] = '+31 6';
    bad.employees[1]!['managementLevel'] = 'ceo';
    expect(problemsOf(bad)).toHaveLength(2);
  });
});
