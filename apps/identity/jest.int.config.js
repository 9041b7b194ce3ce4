// forceExit is a stop-gap, not the design: in about one run in three the identity suites finish
// and Jest stays alive on one leftover Timeout after identity.shutdown.int.spec.ts's broker-outage
// case (seen on 2026-12-06; not yet traced). A hang would take CI to its time limit; the leak
// itself stays an open defect, and the shutdown specs still assert that a service's close
// releases its handles.
module.exports = { ...require('../../jest.preset.js').int(__dirname, 'identity'), forceExit: true };
