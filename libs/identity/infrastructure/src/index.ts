// Identity infrastructure: MongoDB, Kafka and OpenID Connect adapters for the application ports.
export * from './event-store/identity-event-store';
export * from './event-store/event-sourced-command-bus';
export * from './event-store/event-store-user-history';
export * from './event-store/lease-section';
export * from './read-models/user-document';
export * from './read-models/users.projection';
export * from './read-models/groups.projection';
export * from './read-models/read-models';
export * from './read-models/mongo-directories';
export * from './auth/mongo-auth-stores';
export * from './auth/mongo-user-names';
export * from './auth/session-revocation-events';
export * from './tokens/signing-keys';
export * from './tokens/jose-access-token-signer';
export * from './oidc/openid-connect-provider';
