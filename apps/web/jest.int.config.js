// Browser specs boot the whole platform in process (e2e/platform.ts); a service's background
// retry that outlives close() must not keep the run from ending once every test has reported.
module.exports = { ...require('../../jest.preset.js').int(__dirname, 'web'), forceExit: true };
