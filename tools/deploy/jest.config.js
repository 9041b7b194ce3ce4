// The chart spec runs tools/deploy/validate-chart.sh, which builds helm and kubeconform on the
// first run of a clone (a few minutes): hence the long timeout of that one test, set in the spec.
module.exports = require('../../jest.preset.js').unit(__dirname, 'deploy');
