import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ConfigError, ENVIRONMENT_VARIABLES, loadConfig } from '../../server/src/config';

describe('configuration from the environment', () => {
  it('serves on the embedded database with safe defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: '.gatepost/pg',
      embeddedPostgresPort: 0,
      bodyLimitBytes: 1_048_576,
      maxBatchCalls: 100,
    });
    expect(config.requestTimeoutMs).toBeGreaterThan(0);
  });

  it("hashes passwords at OWASP's minimum scrypt cost (N=2^15) unless told otherwise", () => {
    expect(loadConfig({}).passwordHashCost).toBe(15);
    expect(loadConfig({ PASSWORD_HASH_COST: '17' }).passwordHashCost).toBe(17);
    expect(() => loadConfig({ PASSWORD_HASH_COST: '9' })).toThrow(/PASSWORD_HASH_COST/);
  });

  it('reads numbers and the database URL from strings', () => {
    const config = loadConfig({ PORT: '8080', BODY_LIMIT_BYTES: '2048', DATABASE_URL: 'postgres://u@db:5432/app' });
    expect(config).toMatchObject({ port: 8080, bodyLimitBytes: 2048, databaseUrl: 'postgres://u@db:5432/app' });
  });

  it('refuses to start with every bad variable named', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (error) {
      expect(String(error)).toMatch(/PORT/);
      expect(String(error)).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
      expect(String(error)).toMatch(/LOG_LEVEL/);
    }
  });

  it('documents every environment variable in the README configuration table', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(ENVIRONMENT_VARIABLES.filter((name) => !readme.includes(`| \`${name}\` |`))).toEqual([]);
  });
});
