/** Something a suite starts once and must close: a service under test, a harness. */
export interface Closable {
  close(): Promise<void>;
}

export interface PerSuite<T> {
  /** What `start` answered; read it inside a test (it is started in beforeAll). */
  readonly current: T;
}

/**
 * One `T` for the enclosing describe: `start` runs in beforeAll (within `startWithinMs`, jest's
 * default when not given), and what it answered is closed in afterAll. `what` names it in the
 * error for a read outside a test.
 */
export function perSuite<T extends Closable>(start: () => Promise<T>, what: string, startWithinMs?: number): PerSuite<T> {
  let current: T | undefined;
  beforeAll(async () => {
    current = await start();
  }, startWithinMs);
  afterAll(async () => {
    await current?.close();
  });
  return {
    get current(): T {
      if (!current) throw new Error(`the ${what} is started in beforeAll; read it inside a test`);
      return current;
    },
  };
}

/**
 * perSuite under a name: `const suite = perSuiteAs('notifications', () => startNotifications())`,
 * then `suite.notifications` inside a test.
 */
export function perSuiteAs<K extends string, T extends Closable>(name: K, start: () => Promise<T>, startWithinMs?: number): { readonly [P in K]: T } {
  const suite = perSuite(start, name, startWithinMs);
  return Object.defineProperty({}, name, { get: () => suite.current, enumerable: true }) as { readonly [P in K]: T };
}
