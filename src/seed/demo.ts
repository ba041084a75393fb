import { sql } from 'drizzle-orm';
import type { Actor } from '../events/types.js';
import { SYSTEM_ACTOR } from '../events/types.js';
import { queryRows } from '../db/rows.js';
import { withSystem, withTenant } from '../db/tenant-context.js';
import type { NotifyInput } from '../modules/communications/index.js';
import { createStaff, type StaffRole } from '../modules/identity/index.js';
import { createTenant, type Tenant } from '../modules/tenancy/index.js';
import type { Platform } from '../kernel/platform.js';
import { EventDispatcher } from '../events/dispatcher.js';
import { MODULES } from '../modules/index.js';
import { deliverInBatches } from './deliver.js';

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

/**
 * A few notices of modules not built yet, so the communications log has them on first start: queued through
 * notify() like any module's, and delivered by the running server's worker (to the local log
 * when no SMTP_URL is set). Staff invitations need nothing here: creating the demo staff
 * records identity.staff.created, and the communications consumer invites each of them.
 * The idempotency keys make a second run queue nothing new.
 */
function demoNotices(baseUrl: string): NotifyInput[] {
  return [
    {
      to: { email: 'james.carter@example.com', name: 'James Carter' },
      language: 'en',
      kind: 'utility.statement_issued',
      data: {
        name: 'James Carter',
        accountNumber: '10-3310-02',
        amountDue: 6215,
        dueDate: '2026-12-15',
        portalUrl: `${baseUrl}/portal`,
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
}

/** Seeds the bilingual demo entity and its staff logins. Idempotent only on an empty database. */
export async function seedDemo(
  platform: Platform,
  password: string,
  report: (step: string, ms: number) => void = () => {},
): Promise<Tenant> {
  let mark = performance.now();
  const done = (step: string) => {
    const now = performance.now();
    report(step, now - mark);
    mark = now;
  };
  const tenant = await withSystem(platform.db, (tx) => createTenant(tx, DEMO_TENANT));
  const staff = await withTenant(platform.db, tenant.id, async (tx) => {
    const actor: Actor = SYSTEM_ACTOR;
    const ids = new Map<StaffRole, string>();
    for (const s of DEMO_STAFF)
      ids.set(s.role, (await createStaff(tx, platform.events, actor, { ...s, password })).id);
    return { adminId: ids.get('admin')!, clerkId: ids.get('clerk')! };
  });
  // After the staff exist, in a transaction of its own, as any module would.
  const baseUrl = platform.config.publicUrl?.replace(/\/$/, '') ?? `http://localhost:${platform.config.port}`;
  await withTenant(platform.db, tenant.id, async (tx) => {
    for (const n of demoNotices(baseUrl)) await platform.communications.notify(tx, n);
  });
  // Receipts and the refund notice of the demo ledger are real: they come from its payments.
  done('entity, staff and notices');
  // Then each module's steps, in MODULES order: utility accounts, bank drafts and the year of
  // billing, then the counter payments (whose receipts and refund notice are real).
  for (const m of MODULES) {
    for (const step of m.demoSeed ?? []) {
      try {
        await step.run({ platform, tenant, staff });
      } catch (err) {
        throw new Error(`demo seed step "${step.name}" (${m.name}) failed`, { cause: err });
      }
      done(step.name);
    }
  }
  // Deliver the year's events now (audit log, My Activity, notices), so a fresh server opens
  // with its projections complete instead of working through thousands of them while in use:
  // in large batches, then whatever a failed batch left, one by one with the dispatcher's retries.
  await deliverInBatches(platform, tenant.id);
  await new EventDispatcher(platform.db, platform.events, {
    pollMs: 50,
    batchSize: 500,
    log: { warn() {}, error() {} },
  }).drain(100_000);
  done('event delivery');
  platform.tenants.invalidate();
  return tenant;
}
