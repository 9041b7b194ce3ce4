module.exports = require('../../jest.preset.js').int(__dirname, 'bench-kit');
