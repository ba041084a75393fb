import crypto from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';

/**
 * A fresh, migrated database for one test file.
 *
 * With TEST_DATABASE_URL or DATABASE_URL set (CI's second run), each call creates its own database on that
 * PostgreSQL server and drops it afterwards; otherwise it is an in-memory PGlite.
 */
export type TestDatabase = { db: Database; url: string | undefined; drop(): Promise<void> };

export const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  if (!serverUrl) {
    const db = await openPglite();
    if (migrated) await migrate(db);
    return { db, url: undefined, drop: () => db.close().catch(() => {}) };
  }
  const name = `civq_t_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = databaseUrl(name);
  const db = await openPostgres(url, 5);
  if (migrated) await migrate(db);
  let dropped = false;
  return {
    db,
    url,
    async drop() {
      if (dropped) return;
      dropped = true;
      await db.close().catch(() => {}); // a test may have closed it already

      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** The server URL pointing at another database on the same server. */
export function databaseUrl(name: string): string {
  const u = new URL(serverUrl!);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The database's own error message; Drizzle wraps driver errors as `cause`. */
export async function dbError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    const e = err as { message?: string; cause?: { message?: string } };
    return e.cause?.message ?? e.message ?? String(err);
  }
  throw new Error('expected the database to refuse this');
}
