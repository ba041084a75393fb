import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { withTenant } from '../../../src/db/tenant-context.js';
import { SYSTEM_ACTOR } from '../../../src/events/types.js';
import { issueCycle } from '../../../src/modules/utilities/index.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { billingOffice } from '../../support/billing-fixture.js';

/**
 * Bills loaded from a previous system are issued without notices and their charges dated on
 * the bill date; a normal run sends notices and posts charges today.
 */
describe('issuing past bills without notices', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const figures = (tenantId: string) =>
    withTenant(t.platform.db, tenantId, async (tx) => {
      const [row] = await queryRows<{
        statements: number;
        charges: number;
        notices: number;
        billedOn: string;
      }>(
        tx,
        sql`SELECT (SELECT count(*)::int FROM utility_statements WHERE state = 'issued') AS statements,
                   (SELECT count(*)::int FROM charges) AS charges,
                   (SELECT string_agg(DISTINCT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), ',') FROM charges) AS "billedOn",
                   (SELECT count(*)::int FROM messages WHERE kind = 'utility.statement_issued') AS notices`,
      );
      return row!;
    });

  it('posts every charge either way, and emails only when asked to', async () => {
    const history = await billingOffice(t.platform, 'history', 8);
    const live = await billingOffice(t.platform, 'live', 8);
    await issueCycle(t.platform, history.tenant.id, SYSTEM_ACTOR, history.cycleId, { imported: true });
    await issueCycle(t.platform, live.tenant.id, SYSTEM_ACTOR, live.cycleId);
    await t.dispatcher.drain();
    // The fixture's October cycle has its bill date on 2026-10-31.
    expect(await figures(history.tenant.id)).toEqual({
      statements: 8,
      charges: 8,
      notices: 0,
      billedOn: '2026-10-31',
    });
    // Every fourth customer of the fixture has no email.
    expect(await figures(live.tenant.id)).toEqual({
      statements: 8,
      charges: 8,
      notices: 6,
      billedOn: new Date().toISOString().slice(0, 10),
    });
  });
});
