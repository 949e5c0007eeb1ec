// How gatepost serves the built demo app, over plain HTTP (no browser needed): the page at `/`
// and at the app's own routes with the app's CSP, hashed assets cached for good, the API index
// for non-browser clients, and API paths never swallowed by the app.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@gatepost/server';
import { WEB_APP_CSP } from '../../server/src/http/web-app';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';
import { startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';

const PAGE = '<!doctype html><title>demo</title><script type="module" src="/assets/app-abc123.js"></script>';
const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

/** A folder shaped like Vite's output, so these cases need no build. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), PAGE);
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log("app")');
  return dir;
}

function serving(webDir: () => string | undefined): { readonly gp: GatepostUnderTest } {
  let database: TestDatabase;
  let gp: GatepostUnderTest;
  beforeAll(async () => {
    database = await createTestDatabase('embedded');
    gp = await startGatepost({ database, config: { webDir: webDir() } });
  });
  afterAll(async () => {
    await gp?.close();
    await database?.close();
  });
  return {
    get gp() {
      return gp;
    },
  };
}

describe('with a built app', () => {
  const dir = fakeBuild();
  const server = serving(() => dir);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("serves the page at / to a browser, with the app's CSP and revalidated on every load", async () => {
    const response = await server.gp.anonymousFetch('/', { headers: HTML });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe(WEB_APP_CSP);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe(PAGE);
  });

  it('allows the page only its own scripts and styles, none inline', () => {
    expect(WEB_APP_CSP).toContain("script-src 'self'");
    expect(WEB_APP_CSP).toContain("style-src 'self'");
    expect(WEB_APP_CSP).not.toContain('unsafe');
  });

  it.each(['/shop', '/account', '/admin', '/no-such-page'])('serves the page for the client-side route %s', async (path) => {
    const response = await server.gp.anonymousFetch(path, { headers: HTML });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(PAGE);
  });

  it('serves hashed assets cached for a year, as immutable', async () => {
    const response = await server.gp.anonymousFetch('/assets/app-abc123.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await response.text()).toBe('console.log("app")');
  });

  it('answers GET / with the API index to a client that does not ask for HTML, and GET /api to anyone', async () => {
    for (const response of [await server.gp.anonymousFetch('/'), await server.gp.anonymousFetch('/api', { headers: HTML })]) {
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ name: 'gatepost', app: '/', trpc: '/trpc', graphql: '/graphql' });
    }
  });

  it.each(['/trpc', '/trpc/', '/graphql/nothing', '/api/nothing', '/healthz/nothing', '/assets/missing.js', '/favicon.ico'])(
    'answers a browser asking for %s with the catalog 404, not the app',
    async (path) => {
      const response = await server.gp.anonymousFetch(path, { headers: HTML });
      expect(response.status).toBe(404);
      expect(JSON.stringify(await response.json())).toContain('NOT_FOUND');
    },
  );

  it('still serves GraphiQL to a browser on /graphql', async () => {
    const response = await server.gp.anonymousFetch('/graphql', { headers: HTML });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/graphiql/i);
  });

  it("keeps the API's strict CSP on API answers", async () => {
    const response = await server.gp.anonymousFetch('/healthz');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('without a built app', () => {
  const empty = mkdtempSync(join(tmpdir(), 'gatepost-no-web-'));
  const server = serving(() => empty);
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('starts and answers GET / with the API index, even to a browser', async () => {
    const response = await server.gp.anonymousFetch('/', { headers: HTML });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: 'gatepost', trpc: '/trpc' });
  });

  it('answers an app route with the catalog 404', async () => {
    const response = await server.gp.anonymousFetch('/shop', { headers: HTML });
    expect(response.status).toBe(404);
  });
});

describe('WEB_DIR', () => {
  const server = serving(() => undefined);

  it('defaults to dist/web, and an empty value means no app', () => {
    expect(loadConfig({}).webDir).toBe('dist/web');
    expect(loadConfig({ WEB_DIR: '' }).webDir).toBeUndefined();
  });

  it('serves the API only when empty', async () => {
    const response = await server.gp.anonymousFetch('/', { headers: HTML });
    expect(await response.json()).toMatchObject({ name: 'gatepost' });
  });
});
