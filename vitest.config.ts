import { defineConfig } from 'vitest/config';

/**
 * Suites that start processes, browsers or the compiler: each takes seconds to tens of seconds
 * and a core while it does. They run in their own project ("slow"), which `npm test` and CI run
 * after the fast one; `npm run test:fast` leaves them out for the edit–test loop.
 */
const SLOW_SUITES = [
  'test/e2e/**/*.test.ts',
  'test/bench/**/*.test.ts',
  'test/types/**/*.test.ts',
  'test/embedded-postgres/**/*.test.ts',
  'test/integration/http/fresh-machine.test.ts',
  'test/payments/crash-recovery.test.ts',
];

/**
 * Fault injection (test/faults): gatepost as a child process while a proxy takes its database
 * away, kill -9 under load, a patched driver under cut connections. Minutes, not seconds, so it is
 * its own project ("faults"), left out of `npm test`: `npm run test:faults`, and a step of CI.
 */
const FAULT_SUITES = ['test/faults/**/*.test.ts'];

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (index.js) and ESM (index.mjs). Node resolves `import 'graphql'` to the CJS
    // build, as yoga's require does; Vite would pick the ESM one, giving two graphql instances
    // ("Cannot use GraphQLSchema from another module or realm"). Resolve as Node does.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores on CI: cap parallel files.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          sequence: { groupOrder: 0 },
          include: ['test/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...SLOW_SUITES, ...FAULT_SUITES],
          // One embedded PostgreSQL for the run, with a migrated template every file copies.
          globalSetup: ['test/helpers/global-setup.ts'],
          // Files share each worker's module graph (the server, zod schemas, graphql) instead of
          // importing it anew: safe because every file builds its own app, database and client,
          // and the server keeps no module-level state about requests.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          sequence: { groupOrder: 1 },
          include: SLOW_SUITES,
          exclude: ['**/node_modules/**'],
          // The browser suite (test/e2e) needs the demo app built; built once here, before any worker starts.
          globalSetup: ['test/helpers/global-setup.ts', 'test/e2e/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'faults',
          include: FAULT_SUITES,
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/helpers/global-setup.ts'],
          // Each file starts processes and a load of its own; one file at a time keeps a core free
          // for the gatepost under test, so what it measures is the fault, not the machine.
          maxWorkers: 1,
          testTimeout: 120_000,
        },
      },
    ],
  },
});
