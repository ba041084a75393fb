import { withTenant } from '../db/tenant-context.js';
import type { Actor } from '../events/types.js';
import {
  createCharge,
  recordPayment,
  refundPayment,
  reversePayment,
  voidCharge,
  type LedgerContext,
} from '../modules/payments/index.js';
import type { Tenant } from '../modules/tenancy/index.js';
import type { Platform } from '../kernel/platform.js';

/**
 * A realistic few weeks at the Esperanza city hall counter besides utility bills (those come
 * from the billing run, demo-billing.ts), written through the payments module's own API so
 * every receipt number, allocation, event and receipt notice is real: permit and records
 * fees, check and cash payments by two clerks, a refund, a returned check with its fee and a
 * voided charge. Dates are relative to today so the KPI cards always show this month.
 */
type Party = { name: string; email: string | null; language: 'en' | 'es' };

const RESIDENTS: Party[] = [
  { name: 'María López', email: 'maria.lopez@example.com', language: 'es' },
  { name: 'James Carter', email: 'james.carter@example.com', language: 'en' },
  { name: 'Rosa Hernández', email: 'rosa.hernandez@example.com', language: 'es' },
  { name: 'Tom Nguyen', email: 'tom.nguyen@example.com', language: 'en' },
  { name: 'Guadalupe Peña', email: null, language: 'es' },
  { name: 'Esperanza Hardware LLC', email: 'office@esperanzahardware.example', language: 'en' },
];

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

export async function seedDemoLedger(
  platform: Platform,
  tenant: Tenant,
  staff: { adminId: string; clerkId: string },
): Promise<void> {
  const as = (id: string): Actor => ({ type: 'staff', id });
  const step = <T>(actorId: string, fn: (ctx: LedgerContext) => Promise<T>) =>
    withTenant(platform.db, tenant.id, (tx) =>
      fn({ tx, events: platform.events, communications: platform.communications, actor: as(actorId) }),
    );
  const clerk = staff.clerkId;
  const admin = staff.adminId;

  const fee = (
    party: Party,
    kind: 'permit_fee' | 'records_fee' | 'other',
    en: string,
    es: string,
    cents: number,
  ) =>
    step(clerk, (ctx) =>
      createCharge(ctx, { kind, description: { en, es }, amountCents: cents, party, dueDate: daysAgo(-30) }),
    );
  const fence = await fee(
    RESIDENTS[4]!,
    'permit_fee',
    'Fence permit, 412 Calle Sol',
    'Permiso de cerca, 412 Calle Sol',
    7_500,
  );
  const remodel = await fee(
    RESIDENTS[5]!,
    'permit_fee',
    'Commercial remodel permit',
    'Permiso de remodelación comercial',
    42_000,
  );
  const copies = await fee(
    RESIDENTS[1]!,
    'records_fee',
    'Copies of council minutes (48 pages)',
    'Copias de actas del concejo (48 páginas)',
    480,
  );
  const pavilion = await fee(
    RESIDENTS[2]!,
    'other',
    'Pavilion rental, Parque Central',
    'Alquiler del pabellón, Parque Central',
    5_000,
  );
  await fee(
    RESIDENTS[3]!,
    'records_fee',
    'Certified copy of a permit',
    'Copia certificada de un permiso',
    1_000,
  );
  const typo = await fee(
    RESIDENTS[0]!,
    'other',
    'Pavilion rental (entered twice)',
    'Alquiler del pabellón (ingresado dos veces)',
    5_000,
  );

  const pay = (actor: string, body: Parameters<typeof recordPayment>[1]) =>
    step(actor, (ctx) => recordPayment(ctx, body));
  // This month at the counter.
  await pay(clerk, {
    method: 'cash',
    amountCents: 7_500,
    referenceCode: fence.reference_code,
    receivedOn: daysAgo(3),
  });
  const remodelPaid = await pay(admin, {
    method: 'check',
    checkNumber: '10552',
    amountCents: 42_000,
    referenceCode: remodel.reference_code,
    receivedOn: daysAgo(2),
  });
  await pay(clerk, {
    method: 'cash',
    amountCents: 480,
    referenceCode: copies.reference_code,
    receivedOn: daysAgo(1),
  });
  const bounced = await pay(clerk, {
    method: 'check',
    checkNumber: '512',
    amountCents: 5_000,
    referenceCode: pavilion.reference_code,
    receivedOn: daysAgo(1),
  });

  // The remodel was scaled back: part of the permit fee goes back. The pavilion check bounced.
  await step(admin, (ctx) =>
    refundPayment(ctx, remodelPaid.id, {
      amountCents: 12_000,
      reason: 'Scope reduced; fee recalculated',
      chargeId: remodelPaid.allocations[0]!.chargeId,
    }),
  );
  await step(admin, (ctx) =>
    reversePayment(ctx, bounced.id, { reason: 'NSF — returned by the bank', returnedCheckFeeCents: 3_000 }),
  );
  await step(admin, (ctx) => voidCharge(ctx, typo.id, { reason: 'Entered twice' }));
}
