module.exports = require('../../jest.preset.js').int(__dirname, 'workspace-tools');
