import NodeModule from 'node:module';
import { join } from 'node:path';

/**
 * Compiled code keeps its `@plein/<scope>/<name>` imports (tsc does not rewrite paths), so at
 * runtime they are mapped onto the build output: `<dist>/libs/<scope>/<name>/src/index.js`.
 * Only the exact two-segment form is an alias, mirroring tsconfig `paths` and the Jest mapper.
 */
const ALIAS = /^@plein\/([a-z0-9-]+)\/([a-z0-9-]+)$/;

export function pleinAliasTarget(request: string, distRoot: string): string | undefined {
  const match = ALIAS.exec(request);
  return match ? join(distRoot, 'libs', match[1]!, match[2]!, 'src', 'index.js') : undefined;
}

type ResolveFilename = (this: unknown, request: string, parent: unknown, isMain: boolean, options?: unknown) => string;
interface ResolvableModule {
  _resolveFilename: ResolveFilename & { pleinDistRoot?: string };
}

/** Idempotent: a second install (e.g. both -r and an import) keeps the first hook. */
export function installPleinAliases(distRoot: string): void {
  // _resolveFilename is internal but stable for a decade; it is what tsconfig-paths and module-alias patch.
  const mod = NodeModule as unknown as ResolvableModule;
  const original = mod._resolveFilename;
  if (original.pleinDistRoot !== undefined) return;
  const patched: ResolvableModule['_resolveFilename'] = function (this: unknown, request, parent, isMain, options) {
    return original.call(this, pleinAliasTarget(request, distRoot) ?? request, parent, isMain, options);
  };
  patched.pleinDistRoot = distRoot;
  mod._resolveFilename = patched;
}
