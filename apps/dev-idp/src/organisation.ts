import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * deploy/demo/organisation.json: the demo company the dev IdP signs people in as (and the identity
 * seed provisions). Parsed strictly, and checked for the invariants demos rely on: unique
 * userNames/e-mails/employee numbers, an existing manager for everyone but one top person, a
 * reports-to tree without cycles, managers at least as senior as their reports, known group members.
 */
const LEVELS = ['employee', 'manager', 'director', 'board'] as const;

const employee = z.strictObject({
  userName: z.string().min(3).max(256),
  email: z.email(),
  givenName: z.string().min(1).max(100),
  familyName: z.string().min(1).max(100),
  employeeNumber: z.string().min(1).max(64),
  department: z.string().min(1).max(200),
  title: z.string().min(1).max(200),
  location: z.string().min(1).max(200),
  manager: z.string().nullable(),
  managementLevel: z.enum(LEVELS),
  roles: z.array(z.enum(['moderator', 'community-manager', 'admin'])),
  badges: z.array(z.enum(['ambassador'])),
  skills: z.array(z.string().min(1)),
  languages: z.array(z.strictObject({ code: z.string().regex(/^[a-z]{2,3}$/), level: z.enum(['native', 'fluent', 'professional', 'basic']) })),
});

const organisationSchema = z.strictObject({
  $comment: z.string().optional(),
  organisation: z.strictObject({ name: z.string(), domain: z.string(), country: z.string(), locations: z.array(z.string()) }),
  devIdp: z.strictObject({ password: z.string().min(8) }),
  employees: z.array(employee).min(1),
  groups: z.array(z.strictObject({ externalId: z.string().min(1), displayName: z.string().min(1).max(200), kind: z.enum(['department', 'workgroup']), members: z.array(z.string()) })),
});

export type Organisation = z.output<typeof organisationSchema>;
export type Employee = Organisation['employees'][number];

export class OrganisationFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file} is not a valid demo organisation:\n- ${problems.join('\n- ')}`);
  }
}

export function loadOrganisation(file: string): Organisation {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new OrganisationFileError(file, [(error as Error).message]);
  }
  return parseOrganisation(raw, file);
}

export function parseOrganisation(raw: unknown, file = 'organisation'): Organisation {
  const parsed = organisationSchema.safeParse(raw);
  if (!parsed.success) throw new OrganisationFileError(file, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const problems = checkInvariants(parsed.data);
  if (problems.length > 0) throw new OrganisationFileError(file, problems);
  return parsed.data;
}

function checkInvariants(org: Organisation): string[] {
  const problems: string[] = [];
  const byUserName = new Map<string, Employee>();
  for (const field of ['userName', 'email', 'employeeNumber'] as const) {
    const seen = new Set<string>();
    for (const e of org.employees) {
      const value = e[field].toLowerCase();
      if (seen.has(value)) problems.push(`duplicate ${field} ${e[field]}`);
      seen.add(value);
    }
  }
  for (const e of org.employees) byUserName.set(e.userName.toLowerCase(), e);
  const tops = org.employees.filter((e) => e.manager === null);
  if (tops.length !== 1) problems.push(`exactly one employee must have no manager, found ${tops.length}`);
  for (const e of org.employees) {
    if (e.manager === null) continue;
    const manager = byUserName.get(e.manager.toLowerCase());
    if (!manager) {
      problems.push(`${e.userName}: manager ${e.manager} is not an employee`);
      continue;
    }
    if (LEVELS.indexOf(manager.managementLevel) < LEVELS.indexOf(e.managementLevel)) problems.push(`${e.userName} (${e.managementLevel}) reports to a ${manager.managementLevel}`);
    if (manager.managementLevel === 'employee') problems.push(`${e.userName} reports to ${manager.userName}, who has management level employee`);
    const chain = new Set([e.userName.toLowerCase()]);
    for (let m: Employee | undefined = manager; m; m = m.manager ? byUserName.get(m.manager.toLowerCase()) : undefined) {
      if (chain.has(m.userName.toLowerCase())) {
        problems.push(`${e.userName}: reports-to cycle through ${m.userName}`);
        break;
      }
      chain.add(m.userName.toLowerCase());
    }
  }
  for (const g of org.groups) for (const m of g.members) if (!byUserName.has(m.toLowerCase())) problems.push(`group ${g.displayName}: ${m} is not an employee`);
  return problems;
}
