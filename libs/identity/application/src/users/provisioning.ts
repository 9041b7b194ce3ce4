import type { CommandMetadata } from '@plein/shared/kernel';
import type { UserBadge, UserRole } from '@plein/identity/contracts';
import { ScimError, type UserAttributesInput } from '@plein/identity/domain';
import type { UserCommandBus } from '../ports/commands.port';
import type { UserDirectory } from '../ports/directory.port';
import { stepMetadata } from '../ports/metadata';
import type { OneTimeMarks } from '../ports/one-time-marks.port';
import type { UserNameRegistry } from '../ports/user-names.port';

/** Longest reports-to chain followed; deeper organisations are not checked beyond it. */
export const MAX_CHAIN_DEPTH = 64;

export interface ProvisionRequest {
  readonly userId: string;
  readonly attributes: UserAttributesInput & { readonly userName: string };
  readonly managerId?: string | null;
  readonly active?: boolean;
  readonly roles?: readonly UserRole[];
  readonly badges?: readonly UserBadge[];
}

export interface ProvisioningOptions {
  readonly commands: UserCommandBus;
  readonly users: UserDirectory;
  readonly userNames: UserNameRegistry;
  /**
   * userNames (case-insensitive) granted `admin` the first time they are provisioned: the first
   * admins of a new installation. Each name is granted once, ever (a persisted one-time mark): when
   * a delete or rename frees the name, its next holder is an ordinary user.
   */
  readonly bootstrapAdmins?: readonly string[];
  /** Records which bootstrap names have had their grant. */
  readonly marks: OneTimeMarks;
}

/** The one-time grant of a bootstrap name is never forgotten. */
const FOREVER = new Date('9999-12-31T00:00:00.000Z');
export const bootstrapAdminMark = (userName: string): string => `bootstrap-admin:${userName.trim().toLowerCase()}`;

/**
 * Creates users (SCIM POST, just-in-time at first login) and checks what the aggregate cannot:
 * the userName is free (claimed before the append, released again if it fails) and the manager
 * exists. Bootstrap admins get `admin` right after, as `system:bootstrap-admin`, once per name.
 */
export class UserProvisioning {
  private readonly bootstrapAdmins: ReadonlySet<string>;

  constructor(private readonly options: ProvisioningOptions) {
    this.bootstrapAdmins = new Set((options.bootstrapAdmins ?? []).map((n) => n.trim().toLowerCase()).filter(Boolean));
  }

  async provision(request: ProvisionRequest, metadata: CommandMetadata): Promise<void> {
    if (request.managerId) await this.requireManager(request.managerId);
    await this.claimFor(request.attributes.userName, request.userId, () =>
      this.options.commands.execute(
        {
          type: 'ProvisionUser',
          userId: request.userId,
          attributes: request.attributes,
          managerId: request.managerId ?? null,
          ...(request.active !== undefined ? { active: request.active } : {}),
          ...(request.roles ? { roles: request.roles } : {}),
          ...(request.badges ? { badges: request.badges } : {}),
        },
        metadata,
      ),
    );
    if (request.active !== false) await this.grantBootstrapAdmin(request.userId, request.attributes.userName, metadata);
  }

  async provisionFromLogin(userId: string, subject: string, attributes: ProvisionRequest['attributes'], metadata: CommandMetadata): Promise<void> {
    await this.claimFor(attributes.userName, userId, () => this.options.commands.execute({ type: 'ProvisionUserFromLogin', userId, subject, attributes }, metadata));
    await this.grantBootstrapAdmin(userId, attributes.userName, metadata);
  }

  /** Claims `userName` for `userId` around `write`; gives it back when the write fails. */
  async claimFor<T>(userName: string, userId: string, write: () => Promise<T>): Promise<T> {
    await this.options.userNames.claim(userName, userId);
    try {
      return await write();
    } catch (error) {
      await this.options.userNames.release(userName, userId).catch(() => undefined);
      throw error;
    }
  }

  /** The manager must be a user Plein knows (Entra and Okta send the manager's SCIM id). */
  async requireManager(managerId: string): Promise<void> {
    if (!(await this.options.users.get(managerId))) throw new ScimError('invalidValue', `manager "${managerId}" is not a known user`);
  }

  /** The reports-to chain above `managerId` (its manager, that one's manager, ...), cycle-safe. */
  async managerChain(managerId: string): Promise<string[]> {
    const chain: string[] = [];
    let current = await this.options.users.get(managerId);
    while (current?.managerId && chain.length < MAX_CHAIN_DEPTH && !chain.includes(current.managerId)) {
      chain.push(current.managerId);
      current = await this.options.users.get(current.managerId);
    }
    return chain;
  }

  private async grantBootstrapAdmin(userId: string, userName: string, metadata: CommandMetadata): Promise<void> {
    if (!this.bootstrapAdmins.has(userName.trim().toLowerCase())) return;
    // Marked before the grant: should the grant fail, the name is not retried (fail safe); an
    // admin grants the role by hand then.
    if (!(await this.options.marks.claim(bootstrapAdminMark(userName), FOREVER))) return;
    await this.options.commands.execute(
      { type: 'GrantRole', userId, role: 'admin' },
      { ...stepMetadata(metadata, 'bootstrap-admin'), actorId: 'system:bootstrap-admin' },
    );
  }
}
