// oidc-provider, openid-client and their jose/oauth4webapi dependencies are ESM-only. Jest's CommonJS
// runtime can only require ESM with --experimental-vm-modules, so instead these few packages are
// compiled to CommonJS by the same swc transform as our sources (at runtime Node 24 loads them
// natively through require(esm)).
const ESM_ONLY = ['oidc-provider', 'openid-client', 'oauth4webapi', 'jose'];
const config = require('../../jest.preset.js').int(__dirname, 'dev-idp');
module.exports = { ...config, transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`] };
