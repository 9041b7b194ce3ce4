/** DI tokens of the identity app. */
export const IDENTITY_CONFIG = 'plein:identity:config';
/** identity's ContractRegistry (all identity contracts). */
export const IDENTITY_CONTRACTS = 'plein:identity:contracts';
