import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/db/client.js';
import { migrate } from '../../../src/db/migrate.js';
import { queryRows } from '../../../src/db/rows.js';
import { withSystem, withTenant } from '../../../src/db/tenant-context.js';
import { EventBus } from '../../../src/events/bus.js';
import { EventDispatcher } from '../../../src/events/dispatcher.js';
import type { Consumer } from '../../../src/events/types.js';
import { createTenant } from '../../../src/modules/tenancy/index.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../../support/database.js';
import { runNode } from '../../support/process.js';

/**
 * A consumer whose process dies (SIGKILL) in the middle of handling an event: nothing it did
 * survives, the delivery stays pending, and the next dispatcher applies the event once.
 * On the embedded database the data lives in a folder so a second process can open it.
 */
describe('a consumer whose process is killed mid-delivery', () => {
  let server: TestDatabase | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civq-crash-'));
  afterAll(() => server?.drop());

  const open = async (): Promise<Database> => {
    if (!serverUrl) return openDatabase({ dataDir });
    server ??= await createTestDatabase({ migrated: false });
    return openDatabase({ databaseUrl: server.url });
  };

  it('is retried by the next process and applies exactly once', async () => {
    let db = await open();
    await migrate(db);
    await db.execScript(`
      CREATE TABLE test_effects (tenant_id uuid NOT NULL, consumer text NOT NULL, event_id bigint NOT NULL);
      SELECT civq_protect_tenant_table('test_effects');
      GRANT SELECT, INSERT ON test_effects TO civq_app;`);
    const bus = new EventBus();
    const effects: Consumer = {
      name: 'effects',
      accepts: () => true,
      async handle(tx, event) {
        await tx.execute(
          sql`INSERT INTO test_effects (tenant_id, consumer, event_id) VALUES (civq_current_tenant(), 'effects', ${event.id})`,
        );
      },
    };
    bus.register(effects);
    const tenant = await withSystem(db, (tx) =>
      createTenant(tx, { slug: 'crash', name: { en: 'Crash', es: 'Crash' }, hosts: [] }),
    );
    const eventId = await withTenant(db, tenant.id, (tx) =>
      bus.record(tx, {
        type: 'test.crash',
        subjectType: 'thing',
        subjectId: '1',
        actor: { type: 'system', id: null },
      }),
    );
    if (db.kind === 'pglite') await db.close(); // the folder has one owner at a time

    const child = runNode(['test/support/crash-consumer.ts'], {
      DATA_DIR: dataDir,
      DATABASE_URL: server?.url,
    });
    const code = await child.exited;
    expect(child.output()).toContain('effect written; crashing');
    expect(code).toBeNull(); // killed by a signal, not a normal exit

    if (db.kind === 'pglite') db = await open();
    const count = async () =>
      (
        await withTenant(db, tenant.id, (tx) =>
          queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM test_effects`),
        )
      )[0]!.n;
    expect(await count()).toBe(0);

    await new EventDispatcher(db, bus, { pollMs: 50, log: { warn() {}, error() {} } }).drain();
    expect(await count()).toBe(1);
    const [delivery] = await withSystem(db, (tx) =>
      queryRows<{ status: string; event_id: string }>(
        tx,
        sql`SELECT status, event_id::text FROM event_deliveries WHERE consumer = 'effects'`,
      ),
    );
    expect(delivery).toEqual({ status: 'done', event_id: eventId });
    await db.close();
  });
});
