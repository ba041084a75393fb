import { sql } from 'drizzle-orm';
import type { Actor } from '../events/types.js';
import { SYSTEM_ACTOR } from '../events/types.js';
import { queryRows } from '../db/rows.js';
import { withSystem, withTenant } from '../db/tenant-context.js';
import type { NotifyInput } from '../modules/communications/index.js';
import { createStaff, type StaffRole } from '../modules/identity/index.js';
import { createTenant, type Tenant } from '../modules/tenancy/index.js';
import type { Platform } from '../server/platform.js';

export const DEMO_TENANT = {
  slug: 'esperanza',
  name: { en: 'City of Esperanza, TX', es: 'Ciudad de Esperanza, TX' },
  hosts: ['localhost', '127.0.0.1', 'esperanza.localhost'],
  contactEmail: 'cityhall@esperanza-tx.example',
  contactPhone: '(956) 555-0100',
};

export const DEMO_STAFF: { email: string; displayName: string; role: StaffRole }[] = [
  { email: 'admin@demo.civq.test', displayName: 'Alma Garza', role: 'admin' },
  { email: 'clerk@demo.civq.test', displayName: 'Carlos Treviño', role: 'clerk' },
  { email: 'viewer@demo.civq.test', displayName: 'Verónica Salinas', role: 'viewer' },
];

export async function isEmpty(platform: Platform): Promise<boolean> {
  const [row] = await withSystem(platform.db, (tx) =>
    queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM tenants`),
  );
  return row!.n === 0;
}

/** A few resident notices so the communications log has real messages on first start. */
const DEMO_NOTICES: NotifyInput[] = [
  {
    to: { email: 'maria.lopez@example.com', name: 'María López' },
    language: 'es',
    kind: 'payment.receipt',
    data: {
      name: 'María López',
      receiptNumber: 'R-2026-000101',
      amount: 8432,
      paidOn: '2026-11-18',
      method: 'check',
      description: {
        en: 'Water and sewer, account 10-2043-01',
        es: 'Agua y alcantarillado, cuenta 10-2043-01',
      },
    },
    idempotencyKey: 'demo:receipt:R-2026-000101',
  },
  {
    to: { email: 'james.carter@example.com', name: 'James Carter' },
    language: 'en',
    kind: 'utility.statement_issued',
    data: {
      name: 'James Carter',
      accountNumber: '10-3310-02',
      amountDue: 6215,
      dueDate: '2026-12-15',
      portalUrl: 'http://localhost:3000/portal',
    },
    idempotencyKey: 'demo:statement:10-3310-02:2026-11',
  },
  {
    to: { email: 'rosa.hernandez@example.com', name: 'Rosa Hernández' },
    language: 'es',
    kind: 'utility.shutoff_warning',
    data: {
      name: 'Rosa Hernández',
      accountNumber: '10-1187-04',
      amountDue: 18760,
      shutoffDate: '2026-12-08',
    },
    idempotencyKey: 'demo:shutoff:10-1187-04:2026-12',
  },
];

/** Seeds the bilingual demo entity and its staff logins. Idempotent only on an empty database. */
export async function seedDemo(platform: Platform, password: string): Promise<Tenant> {
  const tenant = await withSystem(platform.db, (tx) => createTenant(tx, DEMO_TENANT));
  await withTenant(platform.db, tenant.id, async (tx) => {
    const actor: Actor = SYSTEM_ACTOR;
    for (const s of DEMO_STAFF) await createStaff(tx, platform.events, actor, { ...s, password });
    for (const n of DEMO_NOTICES) await platform.communications.notify(tx, n);
  });
  platform.tenants.invalidate();
  return tenant;
}
