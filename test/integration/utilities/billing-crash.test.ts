import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { openDatabase, type Database } from '../../../src/db/client.js';
import { migrate } from '../../../src/db/migrate.js';
import { queryRows } from '../../../src/db/rows.js';
import { withTenant } from '../../../src/db/tenant-context.js';
import { EventDispatcher } from '../../../src/events/dispatcher.js';
import { SYSTEM_ACTOR } from '../../../src/events/types.js';
import { issueCycle } from '../../../src/modules/utilities/index.js';
import { createPlatform, type Platform } from '../../../src/server/platform.js';
import { billingOffice } from '../../support/billing-fixture.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../../support/database.js';
import { runNode } from '../../support/process.js';

/**
 * Two tenants with the same customers and the same calculated October cycle. One is issued in
 * one go; the other by a process killed with SIGKILL in the middle of the run (a chunk's
 * transaction in flight), then issued again. Both must end with the same statements to the
 * cent, gap-free numbers, one ledger charge per statement, one event and one notice each.
 */
const ACCOUNTS = 120;
const CHUNK = 6;

type Outcome = {
  customer_name: string;
  number: string;
  current_charges_cents: number;
  total_due_cents: number;
  charge_cents: number | null;
  position: number;
};

type Counts = {
  issued: number;
  drafts: number;
  charges: number;
  ledger_cents: number;
  events: number;
  statements_with_event: number;
  notices: number;
  distinct_notices: number;
};

describe('a billing run killed mid-issue', () => {
  let server: TestDatabase | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civq-issue-crash-'));
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    await server?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const open = async (): Promise<{ db: Database; platform: Platform }> => {
    const db = serverUrl
      ? await openDatabase({
          databaseUrl: (server ??= await createTestDatabase({ migrated: false })).url,
          poolSize: 4,
        })
      : await openDatabase({ dataDir });
    return { db, platform: createPlatform(config, db) };
  };

  const outcome = (db: Database, tenantId: string) =>
    withTenant(db, tenantId, (tx) =>
      queryRows<Outcome>(
        tx,
        sql`
        SELECT s.customer_name, s.number, s.current_charges_cents::int, s.total_due_cents::int,
          (SELECT c.amount_cents::int FROM charges c WHERE c.id = s.charge_id) AS charge_cents,
          (row_number() OVER (ORDER BY s.account_number))::int AS position
        FROM utility_statements s WHERE s.state = 'issued' ORDER BY s.customer_name`,
      ),
    );
  const counts = (db: Database, tenantId: string) =>
    withTenant(db, tenantId, async (tx) => {
      const [row] = await queryRows<Counts>(
        tx,
        sql`SELECT
          (SELECT count(*)::int FROM utility_statements WHERE state = 'issued') AS issued,
          (SELECT count(*)::int FROM utility_statements WHERE state = 'draft') AS drafts,
          (SELECT count(*)::int FROM charges) AS charges,
          (SELECT coalesce(sum(amount_cents), 0)::int FROM charges) AS ledger_cents,
          (SELECT count(*)::int FROM domain_events WHERE type = 'utilities.statement.issued') AS events,
          (SELECT count(DISTINCT subject_id)::int FROM domain_events WHERE type = 'utilities.statement.issued') AS statements_with_event,
          (SELECT count(*)::int FROM messages WHERE kind = 'utility.statement_issued') AS notices,
          (SELECT count(DISTINCT idempotency_key)::int FROM messages WHERE kind = 'utility.statement_issued') AS distinct_notices`,
      );
      return row!;
    });

  it('ends exactly like an uninterrupted run', async () => {
    let { db, platform } = await open();
    await migrate(db);
    const calm = await billingOffice(platform, 'calm', ACCOUNTS);
    const crash = await billingOffice(platform, 'crash', ACCOUNTS);
    await issueCycle(platform, calm.tenant.id, SYSTEM_ACTOR, calm.cycleId, { chunkSize: CHUNK });
    if (db.kind === 'pglite') await db.close(); // the folder has one owner at a time

    const child = runNode(['test/support/issue-cycle-child.ts'], {
      DATA_DIR: dataDir,
      DATABASE_URL: server?.url,
      TENANT_ID: crash.tenant.id,
      CYCLE_ID: crash.cycleId,
      CHUNK_SIZE: String(CHUNK),
    });
    cleanups.push(async () => {
      if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
    });
    // Killed the moment the second chunk has committed: the third is in its transaction.
    child.child.stdout!.on('data', () => {
      if (child.output().includes(`issued ${2 * CHUNK}\n`) && child.child.signalCode === null) {
        child.child.kill('SIGKILL');
      }
    });
    expect(await child.exited).toBeNull(); // ended by the signal, not by finishing
    expect(child.output()).not.toContain('done');

    if (db.kind === 'pglite') ({ db, platform } = await open());
    cleanups.push(() => db.close());
    const partial = await counts(db, crash.tenant.id);
    expect(partial.issued).toBeGreaterThanOrEqual(2 * CHUNK);
    expect(partial.issued).toBeLessThan(ACCOUNTS);
    expect(partial.issued % CHUNK).toBe(0); // a chunk is all or nothing
    expect(partial.charges).toBe(partial.issued);

    await issueCycle(platform, crash.tenant.id, SYSTEM_ACTOR, crash.cycleId, { chunkSize: CHUNK });
    // A second click after the run changes nothing.
    await issueCycle(platform, crash.tenant.id, SYSTEM_ACTOR, crash.cycleId, { chunkSize: CHUNK });
    const dispatcher = new EventDispatcher(db, platform.events, {
      pollMs: 50,
      log: { warn() {}, error() {} },
    });
    await dispatcher.drain(1000);

    const expected = await outcome(db, calm.tenant.id);
    const actual = await outcome(db, crash.tenant.id);
    expect(actual).toHaveLength(ACCOUNTS);
    expect(
      actual.map(({ customer_name, current_charges_cents, total_due_cents, charge_cents }) => ({
        customer_name,
        current_charges_cents,
        total_due_cents,
        charge_cents,
      })),
    ).toEqual(
      expected.map(({ customer_name, current_charges_cents, total_due_cents, charge_cents }) => ({
        customer_name,
        current_charges_cents,
        total_due_cents,
        charge_cents,
      })),
    );
    // Gap-free numbers in account-number order, as the uninterrupted run gives them.
    for (const o of [expected, actual]) {
      for (const s of o) expect(s.number).toBe(`S1-${String(s.position).padStart(6, '0')}`);
    }
    const after = await counts(db, crash.tenant.id);
    const calmCounts = await counts(db, calm.tenant.id);
    const withEmail = ACCOUNTS - Math.floor(ACCOUNTS / 4);
    expect(after).toEqual({
      issued: ACCOUNTS,
      drafts: 0,
      charges: ACCOUNTS,
      ledger_cents: calmCounts.ledger_cents,
      events: ACCOUNTS,
      statements_with_event: ACCOUNTS,
      notices: withEmail,
      distinct_notices: withEmail,
    });
    expect(calmCounts.ledger_cents).toBe(expected.reduce((s, x) => s + x.current_charges_cents, 0));
  }, 180_000);
});
