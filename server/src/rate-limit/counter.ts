import type { Redis } from 'ioredis';

export interface Hit {
  readonly allowed: boolean;
  /** Seconds until the window resets (sent as Retry-After when refused). */
  readonly retryAfterSeconds: number;
}

/** Fixed-window counters: in memory for one process, in Redis when several processes share the limit. */
export interface RateCounter {
  hit(key: string, limit: number, windowMs: number): Promise<Hit>;
  /** Whether `key` may still count once more this window, without counting (refused: `limit` hits spent). */
  peek(key: string, limit: number): Promise<Hit>;
}

export function memoryCounter(): RateCounter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  // Forget finished windows now and then, so old keys do not pile up.
  setInterval(function sweepWindows() {
    const now = Date.now();
    for (const [key, window] of windows) if (window.resetAt <= now) windows.delete(key);
  }, 60_000).unref();
  return {
    async hit(key, limit, windowMs) {
      const now = Date.now();
      let window = windows.get(key);
      if (!window || window.resetAt <= now) {
        window = { count: 0, resetAt: now + windowMs };
        windows.set(key, window);
      }
      window.count += 1;
      return { allowed: window.count <= limit, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)) };
    },
    async peek(key, limit) {
      const now = Date.now();
      const window = windows.get(key);
      if (!window || window.resetAt <= now) return { allowed: true, retryAfterSeconds: 0 };
      return { allowed: window.count < limit, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)) };
    },
  };
}

/** INCR, then start the window's expiry on its first hit (PEXPIRE NX), atomically in one MULTI. */
export function redisCounter(redis: Redis, prefix: string): RateCounter {
  return {
    async hit(key, limit, windowMs) {
      const fullKey = `${prefix}${key}`;
      const results = await redis.multi().incr(fullKey).pexpire(fullKey, windowMs, 'NX').pttl(fullKey).exec();
      const count = Number(results?.[0]?.[1] ?? 0);
      const ttl = Number(results?.[2]?.[1] ?? windowMs);
      return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil((ttl > 0 ? ttl : windowMs) / 1000)) };
    },
    async peek(key, limit) {
      const fullKey = `${prefix}${key}`;
      const results = await redis.multi().get(fullKey).pttl(fullKey).exec();
      const count = Number(results?.[0]?.[1] ?? 0);
      const ttl = Number(results?.[1]?.[1] ?? 0);
      return { allowed: count < limit, retryAfterSeconds: ttl > 0 ? Math.max(1, Math.ceil(ttl / 1000)) : 0 };
    },
  };
}
