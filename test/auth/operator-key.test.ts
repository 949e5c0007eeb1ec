// The operator key (ADMIN_API_KEY) is a password for the whole API: a short one stops the server
// at start-up with the variable named, and a long one is taken as given.
import { ConfigError, loadConfig } from '@gatepost/server';
import { describe, expect, it } from 'vitest';

function configErrorOf(environment: Record<string, string>): ConfigError | undefined {
  try {
    loadConfig(environment);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

describe('ADMIN_API_KEY', () => {
  it('is refused with a ConfigError naming ADMIN_API_KEY when shorter than 32 characters', () => {
    const error = configErrorOf({ ADMIN_API_KEY: 'short' });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toContain('ADMIN_API_KEY');
  });

  it('is refused at 31 characters', () => {
    expect(configErrorOf({ ADMIN_API_KEY: 'k'.repeat(31) })?.message).toContain('ADMIN_API_KEY');
  });

  it('is accepted at 32 characters and kept as given', () => {
    const key = 'k'.repeat(32);
    expect(loadConfig({ ADMIN_API_KEY: key }).adminApiKey).toBe(key);
  });

  it('is optional: without it there is no operator key', () => {
    expect(loadConfig({}).adminApiKey).toBeUndefined();
  });
});
