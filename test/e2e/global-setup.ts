// Runs once before the suite: builds the demo app for the browser tests (a no-op when dist/web
// was built from the current sources), or says plainly why the browser tests will be skipped.
import { buildWeb } from '../../scripts/build-web';
import { hasChromium, SKIP_MESSAGE } from './chromium';

export default async function buildAppForBrowserTests(): Promise<void> {
  if (!hasChromium) {
    console.warn(`\n[gatepost] ${SKIP_MESSAGE}.\n`);
    return;
  }
  await buildWeb();
}
