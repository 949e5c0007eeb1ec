import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config';

describe('TRUST_PROXY', () => {
  it('trusts no proxy unless told to', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
  });

  it('reads true and false', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('reads a list of proxy addresses, CIDR ranges and range names', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,fd00::/8, loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuses an entry that is no address, naming it', () => {
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/8,proxy.internal' })).toThrow(/TRUST_PROXY: .*proxy\.internal/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
  });

  it('refuses a hop count, which Fastify 5 would silently ignore', () => {
    expect(() => loadConfig({ TRUST_PROXY: '2' })).toThrow(/TRUST_PROXY/);
  });
});

describe('connection settings', () => {
  it('caps open connections at 1000 and idle keep-alive at 5 s by default', () => {
    expect(loadConfig({})).toMatchObject({ maxConnections: 1000, keepAliveTimeoutMs: 5000 });
  });

  it('reads MAX_CONNECTIONS=0 as no cap', () => {
    expect(loadConfig({ MAX_CONNECTIONS: '0' }).maxConnections).toBe(0);
  });
});
