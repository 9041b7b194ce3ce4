// jose, openid-client and oauth4webapi are ESM-only: compiled to CommonJS by the same swc transform
// as our sources (see apps/dev-idp/jest.int.config.js); Node 24 loads them natively at run time.
const ESM_ONLY = ['oidc-provider', 'openid-client', 'oauth4webapi', 'jose'];
const config = require('../../../jest.preset.js').unit(__dirname, 'identity-infrastructure');
module.exports = { ...config, transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`] };
