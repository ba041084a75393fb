import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { adminQuery, databaseUrl, serverUrl } from './pg-admin.js';

/**
 * Migrates one template database per vitest run, which every test file's database is then copied
 * from (test/support/database.ts) instead of running the migrations again:
 * - PostgreSQL: a database civq_tpl_<run id>, copied with CREATE DATABASE … TEMPLATE, dropped at the end;
 * - PGlite: a migrated in-memory instance dumped to a tar file, loaded with `loadDataDir`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  if (serverUrl) {
    const name = `civq_tpl_${crypto.randomBytes(4).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const db = await openPostgres(databaseUrl(name), 2);
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    project.provide('civqTemplate', { kind: 'postgres', name });
    log(`PostgreSQL template ${name} migrated in ${Math.round(performance.now() - started)} ms`);
    return async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    };
  }
  const db = await openPglite();
  let file: string;
  try {
    await migrate(db);
    const dump = await db.pglite!.dumpDataDir('none');
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'civq-tpl-')), 'template.tar');
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.close();
  }
  project.provide('civqTemplate', { kind: 'pglite', file });
  log(`PGlite template migrated in ${Math.round(performance.now() - started)} ms`);
  return async () => {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  };
}

function log(line: string) {
  if (process.env.CIVQ_TEST_VERBOSE) process.stdout.write(`[tests] ${line}\n`);
}
