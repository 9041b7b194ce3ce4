// Run with `node -r ./dist/tools/runtime/register.js dist/apps/gateway/src/main.js`: the register hook
// resolves @plein/* in dist and starts OpenTelemetry before Nest and its HTTP stack load.
import { runMain } from '@plein/shared/platform';
import { bootstrapGateway } from './bootstrap';

runMain('gateway', () => bootstrapGateway());
