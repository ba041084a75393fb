import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS_DIR, RENAMED_MIGRATIONS } from '../../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

describe('migration files', () => {
  it('have unique numbers', () => {
    const byNumber = new Map<string, string[]>();
    for (const f of fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'))) {
      expect(f, 'NNNN_name.sql, lower case').toMatch(/^\d{4}_[a-z0-9_]+\.sql$/);
      byNumber.set(f.slice(0, 4), [...(byNumber.get(f.slice(0, 4)) ?? []), f]);
    }
    expect([...byNumber.values()].filter((files) => files.length > 1)).toEqual([]);
  });
});

describe('migrations', () => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('treat a renamed migration applied under its former name as applied', async () => {
    database = await createTestDatabase({ migrated: false });
    await migrate(database.db);
    // A database migrated before the rename recorded the former name.
    const [name, formerName] = Object.entries(RENAMED_MIGRATIONS)[0]!;
    await database.db.rawQuery('UPDATE civq_schema_migrations SET name = $1 WHERE name = $2', [
      formerName,
      name,
    ]);
    const again = await migrate(database.db);
    expect(again.applied).toEqual([]);
    const { rows } = await database.db.rawQuery<{ name: string }>(
      'SELECT name FROM civq_schema_migrations WHERE name = ANY($1) ORDER BY name',
      [[name, formerName]],
    );
    expect(rows.map((r) => r.name)).toEqual([name]);
  });

  it('apply once, in order, and are a no-op the second time', async () => {
    database = await createTestDatabase({ migrated: false });
    const first = await migrate(database.db);
    const files = fs
      .readdirSync(MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(first.applied).toEqual(files);
    const second = await migrate(database.db);
    expect(second).toEqual({ applied: [], alreadyApplied: files.length });
  });

  it('apply once when two processes migrate the same database at the same moment', async () => {
    database = await createTestDatabase({ migrated: false });
    const [a, b] = await Promise.all([migrate(database.db), migrate(database.db)]);
    expect(a.applied.length + b.applied.length).toBe(
      fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).length,
    );
  });

  it('refuse a database whose applied migration was edited afterwards', async () => {
    database = await createTestDatabase({ migrated: false });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civq-mig-'));
    fs.writeFileSync(path.join(dir, '0001_first.sql'), 'CREATE TABLE mig_probe (id int);');
    await migrate(database.db, dir);
    fs.writeFileSync(path.join(dir, '0001_first.sql'), 'CREATE TABLE mig_probe (id bigint);');
    await expect(migrate(database.db, dir)).rejects.toThrow(/0001_first\.sql was changed/);
  });

  it('roll back a failing migration entirely and name it', async () => {
    database = await createTestDatabase({ migrated: false });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civq-mig-'));
    fs.writeFileSync(
      path.join(dir, '0001_broken.sql'),
      'CREATE TABLE half_done (id int);\nSELECT no_such_function();',
    );
    await expect(migrate(database.db, dir)).rejects.toThrow(/0001_broken\.sql failed/);
    const { rows } = await database.db.rawQuery<{ t: string | null }>(
      "SELECT to_regclass('half_done')::text AS t",
    );
    expect(rows[0]!.t).toBeNull();
  });
});
