import crypto from 'node:crypto';
import fs from 'node:fs';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Database } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { adminQuery, databaseUrl, serverUrl } from './pg-admin.js';

/**
 * A fresh, migrated database for one test file.
 *
 * With TEST_DATABASE_URL or DATABASE_URL set (CI's PostgreSQL run), each call creates its own
 * database on that server and drops it afterwards; otherwise it is an in-memory PGlite. Either is
 * copied from the run's migrated template (test/support/global-setup.ts) rather than migrated
 * again; without a template (a script outside vitest) it is migrated from scratch.
 */
export type TestDatabase = { db: Database; url: string | undefined; drop(): Promise<void> };

export type TemplateInfo = { kind: 'postgres'; name: string } | { kind: 'pglite'; file: string };

declare module 'vitest' {
  export interface ProvidedContext {
    civqTemplate: TemplateInfo;
  }
}

export { adminQuery, databaseUrl, serverUrl };

function template(): TemplateInfo | undefined {
  try {
    return inject('civqTemplate');
  } catch {
    return undefined; // not inside a vitest worker
  }
}

let pgliteTemplate: Blob | undefined;

export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  const tpl = migrated ? template() : undefined;
  if (!serverUrl) {
    let db: Database;
    if (tpl?.kind === 'pglite') {
      pgliteTemplate ??= new Blob([fs.readFileSync(tpl.file)]);
      db = await openPglite(undefined, pgliteTemplate);
    } else {
      db = await openPglite();
      if (migrated) await migrate(db);
    }
    return { db, url: undefined, drop: () => db.close().catch(() => {}) };
  }
  const name = `civq_t_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(
    tpl?.kind === 'postgres' ? `CREATE DATABASE ${name} TEMPLATE ${tpl.name}` : `CREATE DATABASE ${name}`,
  );
  const url = databaseUrl(name);
  const db = await openPostgres(url, 5);
  if (migrated && tpl?.kind !== 'postgres') await migrate(db);
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
