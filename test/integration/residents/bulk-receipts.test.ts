import { describe, expect, it } from 'vitest';
import { withTenant } from '../../../src/db/tenant-context.js';
import { SYSTEM_ACTOR } from '../../../src/events/types.js';
import { recordSourcePayments } from '../../../src/modules/payments/index.js';
import { residentSuite } from '../../support/resident-suite.js';
import { lastMessage } from '../../support/residents.js';

// Bulk payments (the demo's year, an ACH file) look up the followers of all their sources at
// once (communications.notifyMany); they must reach the same people as one payment at a time.
describe('receipts of payments recorded in bulk', () => {
  const suite = residentSuite();
  const { call, newResident, openAccount, bill, claim } = suite;

  it('reach the residents following each account, in their language, and the payer', async () => {
    const r = await newResident('bulk-follower@example.com', 'en');
    const followed = await openAccount(suite.clerk, { customerName: 'Ana Salinas', email: undefined });
    const other = await openAccount(suite.clerk, { customerName: 'Ana Salinas', email: 'payer@example.com' });
    await bill(followed.id, 5000);
    await bill(other.id, 5000);
    const link = await claim(r, { accountNumber: followed.accountNumber, zip: '78501', lastName: 'Salinas' });
    expect(link.statusCode, link.body).toBe(201);
    const saved = await call(r, 'PUT', '/api/v1/resident/preferences', { channel: 'email', language: 'es' });
    expect(saved.statusCode, saved.body).toBe(200);

    const { platform } = suite.t;
    await withTenant(platform.db, suite.tenant.id, (tx) =>
      recordSourcePayments(
        { tx, events: platform.events, communications: platform.communications, actor: SYSTEM_ACTOR },
        [
          { method: 'cash', amountCents: 1200, source: { module: 'utilities', id: followed.id } },
          {
            method: 'cash',
            amountCents: 3400,
            source: { module: 'utilities', id: other.id },
            payer: { name: 'Ana Salinas', email: 'payer@example.com', language: 'en' },
          },
        ],
      ),
    );
    const mine = (await lastMessage(platform, suite.tenant.id, r.email, 'payment.receipt'))!;
    expect(mine.language).toBe('es');
    expect(mine.body_text).toContain('$12.00');
    const payer = (await lastMessage(platform, suite.tenant.id, 'payer@example.com', 'payment.receipt'))!;
    expect(payer.body_text).toContain('$34.00');
  });
});
