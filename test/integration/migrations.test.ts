import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS_DIR } from '../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * Two migrations were numbered 0009 in parallel work and have been applied under those names
 * (migrate.ts records each file's name with its checksum). Renaming one would make every
 * existing database apply it a second time, so that pair stays; every other number is unique.
 * Changing an applied migration's name needs migrate.ts to map the old name first.
 */
const APPLIED_UNDER_A_SHARED_NUMBER = ['0009_activity.sql', '0009_delinquency.sql'];

describe('migration files', () => {
  it('have unique numbers (the one pair applied before this rule excepted)', () => {
    const byNumber = new Map<string, string[]>();
    for (const f of fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'))) {
      expect(f, 'NNNN_name.sql, lower case').toMatch(/^\d{4}_[a-z0-9_]+\.sql$/);
      byNumber.set(f.slice(0, 4), [...(byNumber.get(f.slice(0, 4)) ?? []), f]);
    }
    const shared = [...byNumber.values()].filter((files) => files.length > 1);
    expect(shared.map((files) => files.sort())).toEqual([APPLIED_UNDER_A_SHARED_NUMBER]);
  });
});

describe('migrations', () => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
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
