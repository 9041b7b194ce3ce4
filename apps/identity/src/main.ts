// Run with `node -r ./dist/tools/runtime/register.js dist/apps/identity/src/main.js`: the register hook
// resolves @plein/* in dist and starts OpenTelemetry before Nest and its HTTP stack load.
import { runMain } from '@plein/shared/platform';
import { bootstrapIdentity } from './bootstrap';

runMain('identity', () => bootstrapIdentity());
