import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../../src/db/client.js';
import { queryRows } from '../../../src/db/rows.js';
import { withSystem, withTenant } from '../../../src/db/tenant-context.js';
import { EventDispatcher } from '../../../src/events/dispatcher.js';
import type { Consumer, DomainEvent, NewEvent } from '../../../src/events/types.js';
import { auditConsumer } from '../../../src/modules/audit/index.js';
import type { Tenant } from '../../../src/modules/tenancy/index.js';
import { addTenant, createTestApp, type TestApp } from '../../support/app.js';

const quietLog = { warn() {}, error() {} };
const testEvent = (subjectId: string): NewEvent => ({
  type: 'test.thing.happened',
  subjectType: 'thing',
  subjectId,
  actor: { type: 'system', id: null },
  payload: { subjectId },
});

/**
 * A consumer whose effect is a row in test_effects, written in the delivery's transaction.
 * It can be told to fail after writing, as a crash halfway through would.
 */
function effectConsumer(name: string, failFirst: number) {
  const seen: string[] = [];
  let failuresLeft = failFirst;
  const consumer: Consumer = {
    name,
    accepts: (e) => e.type.startsWith('test.'),
    async handle(tx: Tx, event: DomainEvent) {
      seen.push(event.id);
      await tx.execute(
        sql`INSERT INTO test_effects (tenant_id, consumer, event_id) VALUES (civq_current_tenant(), ${name}, ${event.id})`,
      );
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new Error('consumer crashed');
      }
    },
  };
  return { consumer, seen };
}

async function effects(t: TestApp, tenant: Tenant, consumer: string) {
  return withTenant(t.platform.db, tenant.id, (tx) =>
    queryRows<{ event_id: string }>(
      tx,
      sql`SELECT event_id::text FROM test_effects WHERE consumer = ${consumer}`,
    ),
  );
}

async function delivery(t: TestApp, consumer: string) {
  const [row] = await withSystem(t.platform.db, (tx) =>
    queryRows<{ status: string; attempts: number; last_error: string | null }>(
      tx,
      sql`SELECT status, attempts, last_error FROM event_deliveries WHERE consumer = ${consumer}`,
    ),
  );
  return row;
}

/** Makes every pending delivery due now, as if the backoff delay had passed. */
const timePasses = (t: TestApp) =>
  withSystem(t.platform.db, (tx) =>
    tx.execute(sql`UPDATE event_deliveries SET next_attempt_at = now() WHERE status = 'pending'`),
  );

describe('domain events', () => {
  let t: TestApp;
  let tenant: Tenant;

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await addTenant(t.platform, 'events', ['events.city.test']);
    await t.platform.db.execScript(`
      CREATE TABLE test_effects (tenant_id uuid NOT NULL, consumer text NOT NULL, event_id bigint NOT NULL);
      SELECT civq_protect_tenant_table('test_effects');
      GRANT SELECT, INSERT ON test_effects TO civq_app;`);
  });
  afterAll(() => t.close());

  it('never delivers an event written in a rolled-back transaction', async () => {
    const { consumer, seen } = effectConsumer('rollback-probe', 0);
    t.platform.events.register(consumer);
    await expect(
      withTenant(t.platform.db, tenant.id, async (tx) => {
        await t.platform.events.record(tx, testEvent('rolled-back'));
        throw new Error('the change failed after recording its event');
      }),
    ).rejects.toThrow('the change failed');
    await t.dispatcher.drain();
    expect(seen).toEqual([]);
    const stored = await withSystem(t.platform.db, (tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`SELECT count(*)::int AS n FROM domain_events WHERE subject_id = 'rolled-back'`,
      ),
    );
    expect(stored[0]!.n).toBe(0);
    expect(await delivery(t, 'rollback-probe')).toBeUndefined();

    // The same event committed is delivered: the probe is live, not merely silent.
    await withTenant(t.platform.db, tenant.id, (tx) => t.platform.events.record(tx, testEvent('committed')));
    await t.dispatcher.drain();
    expect(seen).toHaveLength(1);
    expect(await effects(t, tenant, 'rollback-probe')).toHaveLength(1);
  });

  it('retries a consumer that crashes, and its effect applies exactly once', async () => {
    const { consumer, seen } = effectConsumer('crashy', 2);
    t.platform.events.register(consumer);
    const eventId = await withTenant(t.platform.db, tenant.id, (tx) =>
      t.platform.events.record(tx, testEvent('crash-me')),
    );

    await t.dispatcher.drain();
    expect(seen).toEqual([eventId]);
    expect(await delivery(t, 'crashy')).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'consumer crashed',
    });
    expect(await effects(t, tenant, 'crashy')).toEqual([]); // the crashed attempt left nothing behind

    await t.dispatcher.drain(); // backoff: not due yet, so not retried
    expect(seen).toHaveLength(1);

    await timePasses(t);
    await t.dispatcher.drain();
    await timePasses(t);
    await t.dispatcher.drain();
    expect(seen).toEqual([eventId, eventId, eventId]);
    expect(await delivery(t, 'crashy')).toMatchObject({ status: 'done', attempts: 3, last_error: null });
    expect(await effects(t, tenant, 'crashy')).toEqual([{ event_id: eventId }]);

    await timePasses(t);
    await t.dispatcher.drain();
    expect(seen).toHaveLength(3); // done deliveries are never repeated
  });

  it('two dispatchers side by side deliver each event once', async () => {
    const { consumer, seen } = effectConsumer('parallel', 0);
    t.platform.events.register(consumer);
    await withTenant(t.platform.db, tenant.id, async (tx) => {
      for (let i = 0; i < 20; i++) await t.platform.events.record(tx, testEvent(`p-${i}`));
    });
    const second = new EventDispatcher(t.platform.db, t.platform.events, { pollMs: 50, log: quietLog });
    await Promise.all([t.dispatcher.drain(), second.drain()]);
    expect(new Set(seen).size).toBe(20);
    expect(await effects(t, tenant, 'parallel')).toHaveLength(20);
  });

  it('marks a delivery dead after the last attempt and stops retrying it', async () => {
    const { consumer, seen } = effectConsumer('hopeless', 1000);
    t.platform.events.register(consumer);
    await withTenant(t.platform.db, tenant.id, (tx) => t.platform.events.record(tx, testEvent('hopeless')));
    const dispatcher = new EventDispatcher(t.platform.db, t.platform.events, {
      pollMs: 50,
      maxAttempts: 3,
      log: quietLog,
    });
    for (let i = 0; i < 5; i++) {
      await dispatcher.drain();
      await timePasses(t);
    }
    expect(seen).toHaveLength(3);
    expect(await delivery(t, 'hopeless')).toMatchObject({ status: 'dead', attempts: 3 });
  });

  it('the audit consumer is idempotent when handed the same event twice', async () => {
    const event: DomainEvent = {
      id: '999999',
      tenantId: tenant.id,
      type: 'identity.staff.updated',
      subjectType: 'staff_user',
      subjectId: 'someone',
      actor: { type: 'system', id: null },
      payload: { changes: {} },
      occurredAt: new Date(),
    };
    await withTenant(t.platform.db, tenant.id, (tx) => auditConsumer.handle(tx, event));
    await withTenant(t.platform.db, tenant.id, (tx) => auditConsumer.handle(tx, event));
    const rows = await withTenant(t.platform.db, tenant.id, (tx) =>
      queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM audit_log WHERE event_id = 999999`),
    );
    expect(rows[0]!.n).toBe(1);
  });
});
