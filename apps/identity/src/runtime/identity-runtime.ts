import type { Connection, mongo } from 'mongoose';
import { systemClock, type Clock } from '@plein/shared/kernel';
import type { ContractRegistry } from '@plein/shared/contracts';
import type { MongoEventStore } from '@plein/shared/event-store';
import {
  LastAdminGuard,
  LoginService,
  OrganisationService,
  RedirectAllowList,
  ScimGroupsService,
  ScimUsersService,
  SessionService,
  UserAdminService,
  UserProvisioning,
} from '@plein/identity/application';
import {
  AUTH_COLLECTIONS,
  createIdentityEventStore,
  EventSourcedGroupCommandBus,
  EventSourcedUserCommandBus,
  EventStoreSessionRevocations,
  EventStoreUserHistory,
  IdentityReadModels,
  JoseAccessTokenSigner,
  LeaseExclusiveSection,
  MongoGroupDirectory,
  MongoLoginLinks,
  MongoLoginTransactionStore,
  MongoOneTimeMarks,
  MongoRefreshTokenStore,
  MongoSessionStore,
  MongoUserDirectory,
  MongoUserNameRegistry,
  OpenIdConnectProvider,
  SigningKeyRing,
} from '@plein/identity/infrastructure';
import type { IdentityConfig } from '../identity.config';

export const PLATFORM_AUDIENCE = 'plein';

export interface IdentityServices {
  readonly db: mongo.Db;
  readonly store: MongoEventStore;
  readonly readModels: IdentityReadModels;
  readonly keyRing: SigningKeyRing;
  readonly scimUsers: ScimUsersService;
  readonly scimGroups: ScimGroupsService;
  readonly login: LoginService;
  readonly sessions: SessionService;
  readonly admin: UserAdminService;
  readonly organisation: OrganisationService;
  readonly provisioning: UserProvisioning;
}

/**
 * The identity service's composition root. Built right after the app listens by the
 * `identity-services` processor (identity-processors.ts), retried there until MongoDB answers:
 * a service whose database is briefly unreachable at start still boots and reports that
 * processor down on /ready. A request that comes before the build ends waits for the same build
 * (one promise; a failed build is tried again by the next caller).
 */
export class IdentityRuntime {
  private built: Promise<IdentityServices> | null = null;

  constructor(
    private readonly config: IdentityConfig,
    private readonly connection: Connection,
    private readonly registry: ContractRegistry,
    private readonly clock: Clock = systemClock,
  ) {}

  services(): Promise<IdentityServices> {
    this.built ??= this.build().catch((error: unknown) => {
      this.built = null;
      throw error;
    });
    return this.built;
  }

  private async build(): Promise<IdentityServices> {
    const { config, clock } = this;
    const settings = config.identity;
    await this.connection.asPromise();
    const db = this.connection.db!;
    const store = createIdentityEventStore(this.connection, this.registry, clock);
    await store.init();
    const readModels = new IdentityReadModels(db);
    await readModels.init();

    const keyRing = new SigningKeyRing(
      db.collection('identity_signing_keys'),
      {
        rotateAfterMs: settings.tokens.rotateAfterSeconds * 1000,
        publishLeadMs: settings.tokens.publishLeadSeconds * 1000,
        // The longest a token signed with a retiring key can still be valid, plus margin.
        retainAfterRetirementMs: (settings.tokens.accessTokenTtlSeconds + 300) * 1000,
        ...(settings.tokens.keyEncryptionSecret ? { encryptionSecret: settings.tokens.keyEncryptionSecret } : {}),
      },
      clock,
    );
    await keyRing.maintain();

    const sessionStore = new MongoSessionStore(db.collection(AUTH_COLLECTIONS.sessions));
    const refreshTokens = new MongoRefreshTokenStore(db.collection(AUTH_COLLECTIONS.refreshTokens));
    await Promise.all([sessionStore.init(), refreshTokens.init()]);
    const marks = new MongoOneTimeMarks(db.collection(AUTH_COLLECTIONS.marks));

    const users = new MongoUserDirectory(readModels);
    // Every path (users API, SCIM, login) goes through the guard: Plein keeps an active admin.
    const userCommands = new LastAdminGuard({ commands: new EventSourcedUserCommandBus({ store, readModels }), users, section: new LeaseExclusiveSection(store) });
    const groupCommands = new EventSourcedGroupCommandBus({ store, readModels });
    const groups = new MongoGroupDirectory(readModels);
    const userNames = new MongoUserNameRegistry(db.collection('identity_user_names'), store, () => clock.now());

    const sessions = new SessionService({
      sessions: sessionStore,
      refreshTokens,
      marks,
      events: new EventStoreSessionRevocations(store),
      signer: new JoseAccessTokenSigner(keyRing, { issuer: settings.publicUrl, audience: PLATFORM_AUDIENCE }, clock),
      users,
      settings: settings.tokens,
      clock,
    });
    const provisioning = new UserProvisioning({ commands: userCommands, users, userNames, marks, bootstrapAdmins: settings.bootstrapAdmins });
    const login = new LoginService({
      idp: new OpenIdConnectProvider(settings.oidc),
      transactions: new MongoLoginTransactionStore(db.collection(AUTH_COLLECTIONS.loginTransactions)),
      marks,
      links: new MongoLoginLinks(db.collection(AUTH_COLLECTIONS.loginLinks)),
      users,
      commands: userCommands,
      provisioning,
      sessions,
      redirects: new RedirectAllowList(settings.login.redirectAllowList),
      settings: { claimMapping: settings.oidc.claimMapping, jitProvisioning: settings.login.jitProvisioning, updateAttributesOnLogin: settings.login.updateAttributesOnLogin, linkExistingBy: settings.login.linkExistingBy },
      clock,
    });
    return {
      db,
      store,
      readModels,
      keyRing,
      scimUsers: new ScimUsersService({ commands: userCommands, users, groups, userNames, provisioning, sessions, groupCommands }),
      scimGroups: new ScimGroupsService({ commands: groupCommands, groups, users }),
      login,
      sessions,
      admin: new UserAdminService({ commands: userCommands, users, history: new EventStoreUserHistory(store), sessions }),
      organisation: new OrganisationService(users),
      provisioning,
    };
  }
}
