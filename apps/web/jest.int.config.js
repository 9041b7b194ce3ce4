module.exports = require('../../jest.preset.js').int(__dirname, 'web');
