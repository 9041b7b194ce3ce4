/** SERVICE_NAME if set, else the app folder of the main script (dist/apps/<svc>/src/main.js). */
export function serviceNameFor(env: Readonly<Record<string, string | undefined>>, mainPath: string | undefined): string {
  const fromEnv = env['SERVICE_NAME']?.trim();
  if (fromEnv) return fromEnv;
  const match = /[\\/]apps[\\/]([^\\/]+)[\\/]src[\\/]main\.js$/.exec(mainPath ?? '');
  return match?.[1] ?? 'plein';
}
