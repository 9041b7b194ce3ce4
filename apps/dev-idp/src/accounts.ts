import { createHash, timingSafeEqual } from 'node:crypto';
import type { Employee, Organisation } from './organisation';

/** One sign-in account of the demo organisation, with the claims the provider may release. */
export interface DevAccount {
  /** The OIDC `sub`: the employee number, stable for the demo data. */
  readonly sub: string;
  readonly employee: Employee;
}

/**
 * Claims by scope (the provider releases only those of granted scopes): standard `email` and
 * `profile`, plus `organisation` for what Plein's claim mapping (preset `generic`) reads.
 */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: ['name', 'given_name', 'family_name', 'preferred_username'],
  organisation: ['department', 'title', 'employee_number', 'location', 'management_level'],
} as const;

export function accountClaims(account: DevAccount): { sub: string } & Record<string, string | boolean> {
  const e = account.employee;
  return {
    sub: account.sub,
    email: e.email,
    email_verified: true,
    name: `${e.givenName} ${e.familyName}`,
    given_name: e.givenName,
    family_name: e.familyName,
    preferred_username: e.userName,
    department: e.department,
    title: e.title,
    employee_number: e.employeeNumber,
    location: e.location,
    management_level: e.managementLevel,
  };
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The demo employees as accounts. Everyone shares the organisation file's development password. */
export class AccountDirectory {
  private readonly byLogin = new Map<string, DevAccount>();
  private readonly bySub = new Map<string, DevAccount>();
  private readonly password: Buffer;

  constructor(organisation: Organisation) {
    this.password = digest(organisation.devIdp.password);
    for (const employee of organisation.employees) {
      const account: DevAccount = { sub: employee.employeeNumber, employee };
      this.bySub.set(account.sub, account);
      // Sign in with the userName, the e-mail address or just its local part ("sanne.devries").
      for (const login of [employee.userName, employee.email, employee.userName.split('@')[0]!]) this.byLogin.set(login.toLowerCase(), account);
    }
  }

  get size(): number {
    return this.bySub.size;
  }

  find(sub: string): DevAccount | undefined {
    return this.bySub.get(sub);
  }

  /** The account when login and password match, else null. Compares digests in constant time. */
  authenticate(login: string, password: string): DevAccount | null {
    const account = this.byLogin.get(login.trim().toLowerCase());
    const matches = timingSafeEqual(digest(password), this.password);
    return account && matches ? account : null;
  }
}
