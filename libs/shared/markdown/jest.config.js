module.exports = require('../../../jest.preset.js').unit(__dirname, 'shared-markdown');
