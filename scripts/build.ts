// `npm run build` (and `prestart`): bundles the server into dist/server.mjs, run with plain node,
// and builds the demo app into dist/web, which the server serves at `/`.
import { bundle } from './bundle';
import { buildWeb } from './build-web';

await bundle('server/src/main.ts', 'dist/server.mjs');
const web = await buildWeb({ force: process.argv.includes('--force') });
if (web === 'built') process.stdout.write('built the demo app into dist/web\n');
