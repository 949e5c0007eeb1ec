// `npm run build` (and `prestart`): bundles the server into dist/server.mjs, run with plain node.
import { bundle } from './bundle';

await bundle('server/src/main.ts', 'dist/server.mjs');
