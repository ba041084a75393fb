import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/rows.js';
import { withTenant } from '../../src/db/tenant-context.js';
import { SYSTEM_ACTOR } from '../../src/events/types.js';
import { issueCycle } from '../../src/modules/utilities/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { billingOffice } from '../support/billing-fixture.js';

/** Bills loaded from a previous system are issued without notices; a normal run sends them. */
describe('issuing past bills without notices', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const figures = (tenantId: string) =>
    withTenant(t.platform.db, tenantId, async (tx) => {
      const [row] = await queryRows<{ statements: number; charges: number; notices: number }>(
        tx,
        sql`SELECT (SELECT count(*)::int FROM utility_statements WHERE state = 'issued') AS statements,
                   (SELECT count(*)::int FROM charges) AS charges,
                   (SELECT count(*)::int FROM messages WHERE kind = 'utility.statement_issued') AS notices`,
      );
      return row!;
    });

  it('posts every charge either way, and emails only when asked to', async () => {
    const history = await billingOffice(t.platform, 'history', 8);
    const live = await billingOffice(t.platform, 'live', 8);
    await issueCycle(t.platform, history.tenant.id, SYSTEM_ACTOR, history.cycleId, { notify: false });
    await issueCycle(t.platform, live.tenant.id, SYSTEM_ACTOR, live.cycleId);
    await t.dispatcher.drain();
    expect(await figures(history.tenant.id)).toEqual({ statements: 8, charges: 8, notices: 0 });
    // Every fourth customer of the fixture has no email.
    expect(await figures(live.tenant.id)).toEqual({ statements: 8, charges: 8, notices: 6 });
  });
});
