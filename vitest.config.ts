import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (index.js) and ESM (index.mjs). Node resolves `import 'graphql'` to the CJS
    // build, as yoga's require does; Vite would pick the ESM one, giving two graphql instances
    // ("Cannot use GraphQLSchema from another module or realm"). Resolve as Node does.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    // The browser suite (test/e2e) needs the demo app built; built once here, before any worker starts.
    globalSetup: ['test/helpers/global-setup.ts', 'test/e2e/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores on CI: cap parallel files.
    maxWorkers: 2,
  },
});
