import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { withTenant } from '../../../src/db/tenant-context.js';
import { SYSTEM_ACTOR, type NewEvent } from '../../../src/events/types.js';
import { feedPage, follow, type Scope } from '../../../src/modules/activity/index.js';
import type { Tenant } from '../../../src/modules/tenancy/index.js';
import { addTenant, createTestApp, type TestApp } from '../../support/app.js';

/**
 * The My Activity projection, driven by synthetic domain events of the shapes the utilities
 * module emits for statements (issue 7), through the real event bus and dispatcher.
 */
describe('activity projection', () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;
  const account = crypto.randomUUID();
  const scope: Scope = { module: 'utilities', id: account };
  const residentA = crypto.randomUUID();
  const residentB = crypto.randomUUID();

  const emit = (e: NewEvent, tenantId = tenant.id) =>
    withTenant(t.platform.db, tenantId, (tx) => t.platform.events.record(tx, e));
  const issued = (statementId: string, number: string, totalDueCents: number, accountId = account) =>
    emit({
      type: 'utilities.statement.issued',
      subjectType: 'utility_statement',
      subjectId: statementId,
      actor: SYSTEM_ACTOR,
      payload: {
        accountId,
        statementNumber: number,
        cycleId: crypto.randomUUID(),
        totalDueCents,
        currentChargesCents: totalDueCents,
        dueDate: '2026-12-20',
        issuedOn: '2026-12-01',
      },
    });
  const page = (
    residentId: string,
    opts: Parameters<typeof feedPage>[2] = { limit: 50 },
    tenantId = tenant.id,
  ) => withTenant(t.platform.db, tenantId, (tx) => feedPage(tx, residentId, opts));

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await addTenant(t.platform, 'proj', ['proj.city.test']);
    other = await addTenant(t.platform, 'projother', ['projother.city.test']);
    await withTenant(t.platform.db, tenant.id, (tx) => follow(tx, residentA, scope));
  });
  afterAll(() => t.close());

  it('projects an issued statement into the feed of a resident following the account', async () => {
    const id = crypto.randomUUID();
    await issued(id, 'S-2026-0001', 8432);
    await t.dispatcher.drain();
    const { items } = await page(residentA);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'statement',
      action: 'utilities.statement.issued',
      scope,
      item: { type: 'utility_statement', id, status: 'issued' },
      data: { statementNumber: 'S-2026-0001', totalDueCents: 8432, dueDate: '2026-12-20' },
    });
    expect(await page(residentB)).toEqual({ items: [], next: null });
  });

  it('keeps the current status on every entry of a statement as it changes, and adds the change', async () => {
    const id = crypto.randomUUID();
    await issued(id, 'S-2026-0002', 5000);
    await emit({
      type: 'utilities.statement.status_changed',
      subjectType: 'utility_statement',
      subjectId: id,
      actor: SYSTEM_ACTOR,
      payload: { accountId: account, statementNumber: 'S-2026-0002', status: 'past_due' },
    });
    await t.dispatcher.drain();
    const mine = (await page(residentA)).items.filter((i) => i.item.id === id);
    expect(mine.map((i) => i.action)).toEqual([
      'utilities.statement.status_changed',
      'utilities.statement.issued',
    ]);
    expect(mine.every((i) => i.item.status === 'past_due')).toBe(true);
    await emit({
      type: 'utilities.statement.voided',
      subjectType: 'utility_statement',
      subjectId: id,
      actor: SYSTEM_ACTOR,
      payload: { accountId: account, statementNumber: 'S-2026-0002', status: 'void' },
    });
    await t.dispatcher.drain();
    const after = (await page(residentA)).items.filter((i) => i.item.id === id);
    expect(after).toHaveLength(3);
    expect(after.every((i) => i.item.status === 'void')).toBe(true);
  });

  it('backfills a new follower with the history and never doubles it', async () => {
    await withTenant(t.platform.db, tenant.id, (tx) => follow(tx, residentB, scope));
    await withTenant(t.platform.db, tenant.id, (tx) => follow(tx, residentB, scope));
    const a = (await page(residentA)).items.map((i) => i.id);
    const b = (await page(residentB)).items.map((i) => i.id);
    expect(b).toEqual(a);
  });

  it('projects a redelivered event once', async () => {
    const id = crypto.randomUUID();
    await issued(id, 'S-2026-0003', 100);
    await t.dispatcher.drain();
    // Force the delivery to run again, as after a crash between the effect and the commit.
    await withTenant(t.platform.db, tenant.id, (tx) =>
      tx.execute(sql`UPDATE event_deliveries SET status = 'pending' WHERE consumer = 'activity'`),
    );
    await t.dispatcher.drain();
    const entries = await withTenant(t.platform.db, tenant.id, (tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`SELECT count(*)::int AS n FROM activity_entries WHERE item_id = ${id}`,
      ),
    );
    expect(entries[0]!.n).toBe(1);
    expect((await page(residentA)).items.filter((i) => i.item.id === id)).toHaveLength(1);
  });

  it('ignores statements of accounts nobody follows, and keeps tenants apart', async () => {
    await issued(crypto.randomUUID(), 'S-2026-0004', 100, crypto.randomUUID());
    await withTenant(t.platform.db, other.id, (tx) => follow(tx, residentA, scope));
    await emit(
      {
        type: 'utilities.statement.issued',
        subjectType: 'utility_statement',
        subjectId: crypto.randomUUID(),
        actor: SYSTEM_ACTOR,
        payload: {
          accountId: account,
          statementNumber: 'S-OTHER-2',
          totalDueCents: 1,
          dueDate: '2026-12-20',
        },
      },
      other.id,
    );
    await t.dispatcher.drain();
    const here = (await page(residentA)).items.map((i) => i.data.statementNumber);
    const there = (await page(residentA, { limit: 50 }, other.id)).items.map((i) => i.data.statementNumber);
    expect(here).not.toContain('S-OTHER-2');
    expect(here).not.toContain('S-2026-0004');
    expect(there).toEqual(['S-OTHER-2']);
  });

  it('pages newest first by keyset, with a kind filter, the same whatever the page size', async () => {
    const all = (await page(residentA, { limit: 100 })).items;
    const seen: string[] = [];
    let after: { at: string; id: string } | undefined;
    for (;;) {
      const p = await page(residentA, { limit: 2, ...(after && { after }) });
      seen.push(...p.items.map((i) => i.id));
      if (!p.next) break;
      const [at, id] = JSON.parse(Buffer.from(p.next, 'base64url').toString()) as [string, string];
      after = { at, id };
    }
    expect(seen).toEqual(all.map((i) => i.id));
    const times = all.map((i) => i.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await page(residentA, { limit: 100, kind: 'payment' })).items).toEqual([]);
    expect((await page(residentA, { limit: 100, kind: 'statement' })).items).toHaveLength(all.length);
  });
});
