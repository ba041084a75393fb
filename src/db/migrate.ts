import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './client.js';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

const ALREADY_APPLIED = 'civq_migration_already_applied';

/**
 * Migrations renamed after they were applied somewhere: new name → the name an existing database
 * recorded. Two files were numbered 0009 by parallel work; the delinquency one became 0012 (it
 * depends on nothing after 0009, and nothing after it depends on it). The recorded name is
 * updated in place before the run, so an existing database never applies it a second time.
 */
export const RENAMED_MIGRATIONS: Readonly<Record<string, string>> = {
  '0012_delinquency.sql': '0009_delinquency.sql',
};

export type MigrationResult = { applied: string[]; alreadyApplied: number };

/**
 * Applies the committed SQL migrations (src/db/migrations/NNNN_name.sql) in name order, each in
 * its own transaction, once. An advisory lock keeps two starting servers from racing, and a
 * checksum refuses to run on a database whose applied migration was edited afterwards.
 */
export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  await db.execScript(`
    SELECT pg_advisory_xact_lock(7358211);
    CREATE TABLE IF NOT EXISTS civq_schema_migrations (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    );`);
  for (const [name, formerName] of Object.entries(RENAMED_MIGRATIONS)) {
    await db.rawQuery('UPDATE civq_schema_migrations SET name = $1 WHERE name = $2', [name, formerName]);
  }
  const applied: string[] = [];
  let alreadyApplied = 0;
  for (const file of files) {
    const sqlText = fs.readFileSync(path.join(dir, file), 'utf8');
    const checksum = crypto.createHash('sha256').update(sqlText).digest('hex');
    const { rows } = await db.rawQuery<{ checksum: string }>(
      'SELECT checksum FROM civq_schema_migrations WHERE name = $1',
      [file],
    );
    if (rows[0]) {
      if (rows[0].checksum !== checksum) {
        throw new Error(`Migration ${file} was changed after it was applied; add a new migration instead.`);
      }
      alreadyApplied++;
      continue;
    }
    // The name and checksum are ours (file names are validated above), so quoting is safe here.
    // Another process may have applied the migration since we looked: re-check under the lock.
    try {
      await db.execScript(
        `SELECT pg_advisory_xact_lock(7358211);
DO $civq$ BEGIN
  IF EXISTS (SELECT 1 FROM civq_schema_migrations WHERE name = '${file}') THEN RAISE EXCEPTION '${ALREADY_APPLIED}'; END IF;
END $civq$;
${sqlText}
;INSERT INTO civq_schema_migrations (name, checksum) VALUES ('${file}', '${checksum}');`,
      );
    } catch (err) {
      if (err instanceof Error && err.message.includes(ALREADY_APPLIED)) {
        alreadyApplied++;
        continue;
      }
      throw new Error(`Migration ${file} failed: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
    applied.push(file);
  }
  return { applied, alreadyApplied };
}
