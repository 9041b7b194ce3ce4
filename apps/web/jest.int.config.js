// Browser specs boot the whole platform in process (e2e/platform.ts). No forceExit: every service
// stops what it started (also a boot that failed and was retried), so the run ends by itself.
module.exports = require('../../jest.preset.js').int(__dirname, 'web');
