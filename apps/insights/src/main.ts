// Run with `node -r ./dist/tools/runtime/register.js dist/apps/insights/src/main.js`: the register hook
// resolves @plein/* in dist and starts OpenTelemetry before Nest and its HTTP stack load.
import { runMain } from '@plein/shared/platform';
import { bootstrapInsights } from './bootstrap';

runMain('insights', () => bootstrapInsights());
