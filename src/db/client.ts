import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';

/** The Drizzle handle both drivers share: modules write queries against this type only. */
export type Orm = PgDatabase<PgQueryResultHKT, Record<string, never>>;
/** A transaction handle; every module query runs on one of these (see tenant-context.ts). */
export type Tx = PgTransaction<
  PgQueryResultHKT,
  Record<string, never>,
  ExtractTablesWithRelations<Record<string, never>>
>;

/**
 * One database, embedded (PGlite, a real Postgres compiled to WASM, data in a folder) or a
 * PostgreSQL server. Both run the same SQL, migrations and row-level security.
 */
export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly orm: Orm;
  /** Runs parameterless, possibly multi-statement SQL inside one transaction (migrations). */
  execScript(sql: string): Promise<void>;
  /** Runs one statement outside any tenant context; for platform plumbing only (pg-boss, health). */
  rawQuery<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
  close(): Promise<void>;
  /** The underlying PGlite instance, when embedded (pg-boss uses it for multi-statement SQL). */
  readonly pglite?: PGlite;
}

export type DatabaseOptions = { databaseUrl?: string | undefined; dataDir?: string; poolSize?: number };

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts.dataDir);
}

/** dataDir undefined = in memory (tests). */
export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<Database> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir, loadDataDir ? { loadDataDir } : {});
  const orm = drizzlePglite(client) as unknown as Orm;
  return {
    kind: 'pglite',
    orm,
    pglite: client,
    async execScript(sql) {
      await client.transaction(async (tx) => {
        await tx.exec(sql);
      });
    },
    async rawQuery<R>(text: string, values?: unknown[]) {
      const res = await client.query<R>(text, values);
      return { rows: res.rows };
    },
    async close() {
      await client.close();
    },
  };
}

export async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its connection must not crash the process; the next checkout reconnects.
  pool.on('error', () => {});
  const orm = drizzlePg(pool) as unknown as Orm;
  return {
    kind: 'postgres',
    orm,
    async execScript(sql) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        await c.query(sql);
        await c.query('COMMIT');
      } catch (err) {
        await c.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        c.release();
      }
    },
    async rawQuery<R>(text: string, values?: unknown[]) {
      const res = await pool.query(text, values);
      return { rows: res.rows as R[] };
    },
    async close() {
      await pool.end();
    },
  };
}
