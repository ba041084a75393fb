import { describe, expect, it } from 'vitest';
import { sourceBalance } from '../../../src/modules/payments/index.js';
import { withTenant } from '../../../src/db/tenant-context.js';
import {
  accountTypeFactory,
  chargeFactory,
  paymentFactory,
  utilityAccountFactory,
} from '../../support/factories.js';
import { staffSuite } from '../../support/staff-suite.js';

describe('test factories', () => {
  const s = staffSuite({
    city: { slug: 'factory', host: 'factory.city.test' },
    other: { slug: 'otherfactory', host: 'other-factory.city.test' },
  });

  it('write through the services: an account billed and paid shows up in the staff API', async () => {
    const w = { platform: s.t.platform, tenant: s.tenant };
    await accountTypeFactory(w);
    const account = await utilityAccountFactory(w, { customerName: 'Ana Peña' });
    const source = { module: 'utilities', id: account.id };
    const charge = await chargeFactory(w, { kind: 'utility', amountCents: 4150, source });
    expect(charge.amount_cents).toBe(4150);
    await paymentFactory(w, { amountCents: 1000, source });
    const balance = await withTenant(s.t.platform.db, s.tenant.id, (tx) => sourceBalance(tx, source));
    expect(balance.balanceCents).toBe(3150);

    const seen = await s.ok(await s.call(s.viewer, 'GET', `/api/v1/utilities/accounts/${account.id}`));
    expect(seen.customerName).toBe('Ana Peña');
    const elsewhere = await s.call(
      s.otherAdmin,
      'GET',
      `/api/v1/utilities/accounts/${account.id}`,
      undefined,
      {
        host: s.otherHost,
      },
    );
    expect(elsewhere.statusCode).toBe(404);
  });
});
