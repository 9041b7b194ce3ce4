/**
 * Preload for every service: `node -r ./dist/tools/runtime/register.js dist/apps/<svc>/src/main.js`.
 * Order matters: the alias hook first (the next import is an alias), then OpenTelemetry, which
 * must patch http and express before Nest requires them. Nothing here may import Nest.
 */
import './install-aliases';
import { startTelemetry } from '@plein/shared/observability';
import { serviceNameFor } from './service-name';

startTelemetry({ serviceName: serviceNameFor(process.env, process.argv[1]) });
