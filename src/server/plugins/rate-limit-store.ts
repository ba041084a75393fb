import crypto from 'node:crypto';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Database } from '../../db/client.js';

const PURGE_EVERY_MS = 60_000;

// One statement, atomic on PostgreSQL and PGlite alike: two servers counting the same client
// at the same moment serialize on the row. A window that has ended starts again at 1.
const INCREMENT = `
  INSERT INTO rate_limit_hits AS h (key, window_start, expires_at, count)
  VALUES ($1, now(), now() + $2 * interval '1 millisecond', 1)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN h.expires_at <= now() THEN 1 ELSE h.count + 1 END,
    window_start = CASE WHEN h.expires_at <= now() THEN now() ELSE h.window_start END,
    expires_at = CASE WHEN h.expires_at <= now() THEN excluded.expires_at ELSE h.expires_at END
  RETURNING count, greatest(0, ceil(extract(epoch FROM expires_at - now()) * 1000))::int AS ttl_ms`;

/**
 * A store for @fastify/rate-limit that keeps its counts in the `rate_limit_hits` table
 * (migration 0013) instead of one process's memory, so a limit holds across every app server
 * of an install. Fixed windows per route and client, as the in-memory store counts them.
 */
export function databaseRateLimitStore(db: Database): FastifyRateLimitStoreCtor {
  let lastPurge = 0;
  const purge = () => {
    if (Date.now() - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = Date.now();
    db.rawQuery('DELETE FROM rate_limit_hits WHERE expires_at < now()').catch(() => {});
  };

  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    private readonly scope: string;

    constructor(_options?: unknown, scope = 'global') {
      this.scope = scope;
    }

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow?: number,
    ): void {
      const hashed = crypto.createHash('sha256').update(`${this.scope}\n${key}`).digest('hex');
      db.rawQuery<{ count: number; ttl_ms: number }>(INCREMENT, [hashed, timeWindow ?? 60_000]).then(
        ({ rows }) => {
          purge();
          callback(null, { current: Number(rows[0]!.count), ttl: Number(rows[0]!.ttl_ms) });
        },
        (err: Error) => callback(err),
      );
    }

    // The plugin passes the route's merged limit options, the route itself under `routeInfo`.
    child(options: object): FastifyRateLimitStore {
      const route = (options as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo ?? {};
      const method = Array.isArray(route.method) ? route.method.join(',') : route.method;
      return new DatabaseRateLimitStore(undefined, `${method ?? '*'} ${route.url ?? '*'}`);
    }
  }
  return DatabaseRateLimitStore;
}
