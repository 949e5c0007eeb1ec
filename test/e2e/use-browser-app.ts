// A describe block's gatepost serving the built demo app (embedded PostgreSQL, port 0), and a fresh
// Chromium per test pointed at it. Each test fails if its page threw or the CSP refused something.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { WEB_OUT_DIR } from '../../scripts/build-web';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';
import { startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';
import { hasChromium, launchChromium, screenshot, SKIP_MESSAGE, type BrowserUnderTest, type LaunchOptions } from './chromium';

export interface BrowserApp {
  /** The server: its URL, a client acting as the operator, its database. */
  readonly gp: GatepostUnderTest;
  /** This test's page, in a browser of its own. */
  readonly page: Page;
  screenshot(name: string): Promise<void>;
}

/** Browser tests take seconds each: a browser starts per test, and the first page load compiles the bundle. */
const BROWSER_TEST_TIMEOUT_MS = 90_000;

/**
 * `describe` for browser tests: skipped, saying why, when there is no Chromium. The server is
 * started once for the block; the browser once per test.
 */
export function describeInBrowser(title: string, suite: (app: BrowserApp) => void, options: LaunchOptions = {}): void {
  let database: TestDatabase | undefined;
  let gp: GatepostUnderTest | undefined;
  let browser: BrowserUnderTest | undefined;
  const app: BrowserApp = {
    get gp() {
      if (!gp) throw new Error('the server is not started yet');
      return gp;
    },
    get page() {
      if (!browser) throw new Error('the browser is not open yet (use it inside a test)');
      return browser.page;
    },
    screenshot: (name) => {
      if (!browser) throw new Error('the browser is not open');
      return screenshot(browser.page, name);
    },
  };
  if (!hasChromium) {
    describe.skip(`${title} (${SKIP_MESSAGE})`, () => suite(app));
    return;
  }
  describe(title, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
    beforeAll(async () => {
      database = await createTestDatabase('embedded');
      gp = await startGatepost({ database, config: { webDir: WEB_OUT_DIR } });
    });
    afterAll(async () => {
      await gp?.close();
      await database?.close();
    });
    beforeEach(async () => {
      browser = await launchChromium(options);
    });
    afterEach(async ({ task }) => {
      // A failed test leaves a picture of where it stopped, beside the ones tests take on purpose.
      if (browser && task.result?.state === 'fail') await screenshot(browser.page, `failed-${slug(task.name)}`).catch(() => {});
      const problems = browser?.pageProblems ?? [];
      await browser?.close();
      browser = undefined;
      expect(problems, 'the page threw or its CSP refused something').toEqual([]);
    });
    suite(app);
  });
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}
