// Debian's Chromium, driven by playwright-core: never a downloaded browser. Each test gets a
// browser of its own with a fresh profile folder, so no cookie or cache leaks between tests.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);
export const SKIP_MESSAGE = `browser suite skipped: no Chromium at ${CHROMIUM_PATH} (install it with \`apt-get install chromium\`)`;

/** Headless, and quiet: no GPU, no sandbox (CI runs as root), no calls home for updates or sync. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts/', import.meta.url));

export interface BrowserUnderTest {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Problems the page met that no test expects: uncaught exceptions and Content-Security-Policy refusals. */
  readonly pageProblems: string[];
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Whether pages may run scripts; the no-JavaScript forms are tested with it off. @default true */
  readonly javaScriptEnabled?: boolean;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<BrowserUnderTest> {
  const profile = mkdtempSync(join(tmpdir(), 'gatepost-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1100, height: 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageProblems: string[] = [];
  page.on('pageerror', (error) => pageProblems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content[ -]Security[ -]Policy/i.test(message.text())) pageProblems.push(`CSP: ${message.text()}`);
  });
  return {
    context,
    page,
    pageProblems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves what the page shows now as test/e2e/artifacts/<name>.png (the folder is git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}
