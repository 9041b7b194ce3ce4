import type { ManagementLevel, UserAttributesChangedV1, UserProvisionedV1 } from '@plein/identity/contracts';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { callJson, deleteTestIndices, dropTestDatabase, perSuite, platformTokens, TestEventPublisher, testIsolation, untilAuthReady, waitFor, type JsonAnswer } from '@plein/shared/testing';
import { bootstrapProfiles, type RunningProfiles } from '../bootstrap';

/**
 * The profiles service under test: booted in-process against the real servers with its own
 * database (`plein_test_profiles_<hex>`), collection/consumer-group namespace (SERVICE_NAME),
 * Kafka topic prefix and Elasticsearch index prefix; platform tokens signed with a test key that
 * the platform guard verifies exactly as it verifies identity's; identity's user events published
 * to the prefixed identity topic as identity would.
 *
 *   const suite = profilesPerSuite();
 *   const alice = await suite.profiles.identity.provision({ displayName: 'Alice' });
 *   await waitFor('alice', async () => (await suite.profiles.call(alice, 'GET', `/v1/profiles/${alice}`)).status === 200);
 */
export interface ProfilesUnderTest {
  readonly service: RunningProfiles;
  readonly url: string;
  readonly database: string;
  /** SERVICE_NAME: the namespace of its collections and consumer groups. */
  readonly serviceName: string;
  /** KAFKA_TOPIC_PREFIX, e.g. `t1a2b3c4d.` (identity's topic is `<prefix>identity.user.events.v1`). */
  readonly prefix: string;
  /** ELASTICSEARCH_INDEX_PREFIX of this instance. */
  readonly indexPrefix: string;
  readonly identity: IdentityPublisher;
  /** A platform access token for the user (roles default to `employee`, or as `withRoles` set them). */
  token(userId: string, roles?: readonly string[]): Promise<string>;
  /** Gives a user these roles in their tokens from now on (e.g. `['employee', 'admin']`). */
  withRoles(userId: string, roles: readonly string[]): void;
  call(userId: string | null, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<JsonAnswer>;
  close(): Promise<void>;
}

/** Attributes of a provisioned person; everything has a default. */
export type PersonInput = Partial<Omit<UserProvisionedV1, 'roles' | 'badges'>> & { readonly userId?: string; readonly roles?: UserProvisionedV1['roles'] };

/**
 * Publishes identity.user.* events for people, as identity's relay would: keyed by user id, each
 * person's stream numbered from 1. `published` keeps every envelope so a test can redeliver one.
 */
export class IdentityPublisher extends TestEventPublisher {
  constructor(readonly topic: string) {
    super('profiles-test');
  }

  /** identity.user.provisioned; answers the user id. */
  async provision(input: PersonInput = {}): Promise<string> {
    const userId = input.userId ?? uuidv7();
    const { userId: _ignored, roles, ...attributes } = input;
    const data: UserProvisionedV1 = {
      externalId: `ext-${userId}`,
      userName: `user.${userId.slice(-12)}`,
      displayName: `Person ${userId.slice(-4)}`,
      managementLevel: 'employee' as ManagementLevel,
      badges: [],
      managerId: null,
      ...attributes,
      roles: roles ?? ['employee'],
    };
    await this.event(userId, 'identity.user.provisioned', data);
    return userId;
  }
  attributesChanged(userId: string, changes: UserAttributesChangedV1['changes']): Promise<EventEnvelope> {
    return this.event(userId, 'identity.user.attributes-changed', { changes });
  }
  managerChanged(userId: string, managerId: string | null, previousManagerId: string | null = null): Promise<EventEnvelope> {
    return this.event(userId, 'identity.user.manager-changed', { managerId, previousManagerId });
  }
  deactivated(userId: string): Promise<EventEnvelope> {
    return this.event(userId, 'identity.user.deactivated', { reason: 'deprovisioned' });
  }
  reactivated(userId: string): Promise<EventEnvelope> {
    return this.event(userId, 'identity.user.reactivated', {});
  }
  /** identity.user.deleted, preceded by deactivated as identity always does. */
  async deleted(userId: string): Promise<EventEnvelope> {
    await this.deactivated(userId);
    return this.event(userId, 'identity.user.deleted', {});
  }

  /** The next event of the person's stream, on identity's topic. */
  event(userId: string, type: string, data: unknown): Promise<EventEnvelope> {
    return this.publish(this.topic, 'user', userId, type, data);
  }

  /** Sends envelopes as they are (a redelivery sends one again, not kept in `published`), to identity's topic or another one. */
  override async send(envelopes: readonly EventEnvelope[], topic: string = this.topic): Promise<void> {
    await this.resend(envelopes, topic);
  }
}

export async function startProfiles(env: Record<string, string> = {}): Promise<ProfilesUnderTest> {
  const { database, serviceName, prefix, indexPrefix, env: isolated } = testIsolation('profiles', { elasticsearch: true });
  const tokens = await platformTokens();
  const service = await bootstrapProfiles({ env: { ...process.env, ...isolated, ...env }, handleSignals: false, authKeys: tokens.keys });
  const call: ProfilesUnderTest['call'] = async (userId, method, path, body, headers = {}) =>
    callJson(service.url, method, path, { token: userId ? await tokens.token(userId) : null, body, headers });
  const identity = new IdentityPublisher(`${prefix}identity.user.events.v1`);
  const profiles: ProfilesUnderTest = {
    service,
    url: service.url,
    database,
    serviceName,
    prefix,
    indexPrefix,
    identity,
    token: tokens.token,
    withRoles: tokens.withRoles,
    call,
    close: async () => {
      await identity.close();
      await service.close();
      // The private index versions and aliases (the search part) go with the database.
      await deleteTestIndices(indexPrefix);
      await dropTestDatabase(database);
    },
  };
  await untilAuthReady('profiles', async () => (await call(uuidv7(), 'GET', '/v1/profiles/taxonomy?limit=1')).status !== 503, profiles.close);
  return profiles;
}

export interface ProfilesSuite {
  /** The profiles service of the enclosing describe; started before its first test. */
  readonly profiles: ProfilesUnderTest;
}

/** One profiles service for the enclosing describe: started in beforeAll with `env` (within 120 s), closed in afterAll. */
export function profilesPerSuite(env: Record<string, string> = {}): ProfilesSuite {
  const suite = perSuite(() => startProfiles(env), 'profiles', 120_000);
  return {
    get profiles(): ProfilesUnderTest {
      return suite.current;
    },
  };
}

/** Polls `check` until it holds (projections and consumers are eventually consistent). */
export { waitFor } from '@plein/shared/testing';

/**
 * Waits until the profile core's projections have consumed everything published so far (consumer
 * lag 0 on every topic they read): after it, a redelivered event has been applied or skipped.
 */
export async function projectionsCaughtUp(profiles: ProfilesUnderTest): Promise<void> {
  await waitFor('projections caught up', async () => (await profiles.service.infrastructure.host.lag()).every((lag) => lag.total === 0));
}

/**
 * Sends the stored events of one profiles stream (e.g. `profile-<userId>`) to its topic again, as a
 * redelivery would: all of them, or those up to `upToSequence` (an old event arriving late).
 */
export async function redeliverStream(profiles: ProfilesUnderTest, streamId: string, upToSequence = Number.MAX_SAFE_INTEGER): Promise<number> {
  const stream = await profiles.service.infrastructure.store.readStream(streamId);
  const events = (stream?.events ?? []).filter((e) => e.sequence <= upToSequence);
  if (events.length > 0) await profiles.identity.send(events, profiles.service.infrastructure.topics.topicFor(events[0]!));
  return events.length;
}

/** Waits until the person's profile answers 200 to them (identity's provisioned event projected). */
export async function waitForProfile(profiles: ProfilesUnderTest, userId: string, viewer: string = userId): Promise<void> {
  await waitFor(`profile ${userId}`, async () => (await profiles.call(viewer, 'GET', `/v1/profiles/${userId}`)).status === 200);
}
