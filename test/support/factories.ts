import { withTenant } from '../../src/db/tenant-context.js';
import { SYSTEM_ACTOR, type Actor } from '../../src/events/types.js';
import type { Platform } from '../../src/kernel/platform.js';
import { createCharge, recordPayment } from '../../src/modules/payments/index.js';
import type { Tenant } from '../../src/modules/tenancy/index.js';
import { openAccount, saveAccountType } from '../../src/modules/utilities/index.js';

/**
 * Test data written through the modules' own services, inside a tenant transaction, with
 * defaults a test overrides only where it matters. The services validate the input, emit their
 * events and keep the ledger's rules, so a factory can never make a row the app could not.
 */
export type Where = { platform: Platform; tenant: Tenant; actor?: Actor };

const ctx = <T>(w: Where, fn: (c: Parameters<typeof createCharge>[0]) => Promise<T>) =>
  withTenant(w.platform.db, w.tenant.id, (tx) =>
    fn({
      tx,
      events: w.platform.events,
      communications: w.platform.communications,
      actor: w.actor ?? SYSTEM_ACTOR,
    }),
  );

type Input<F extends (...a: never[]) => unknown> = Partial<Parameters<F>[1]>;

/** A utility account type (residential unless told). */
export const accountTypeFactory = (w: Where, code = 'residential', name?: { en: string; es: string }) =>
  ctx(w, (c) =>
    saveAccountType(c, {
      code,
      name: name ?? { en: code[0]!.toUpperCase() + code.slice(1), es: code },
    }),
  );

/** An open utility account (its account type must exist: see accountTypeFactory). */
export const utilityAccountFactory = (w: Where, over: Input<typeof openAccount> = {}) =>
  ctx(w, (c) =>
    openAccount(c, {
      customerName: 'María Peña Garza',
      email: 'maria.account@example.com',
      phone: '(956) 555-0142',
      address: { street: '412 Calle Sol', city: 'Esperanza', state: 'TX', zip: '78501' },
      language: 'es',
      accountType: 'residential',
      ...over,
    }),
  );

/** A charge in the ledger: a $25.00 permit fee unless told (pass `source` to bill an account). */
export const chargeFactory = (w: Where, over: Input<typeof createCharge> = {}) =>
  ctx(w, (c) =>
    createCharge(c, {
      kind: 'permit_fee',
      description: { en: 'Fence permit', es: 'Permiso de cerca' },
      amountCents: 2500,
      party: { name: 'María Peña', email: 'maria@example.com', language: 'es' },
      ...over,
    }),
  );

/** A payment by check; pass `referenceCode`, `source` or what recordPayment takes to say what it pays. */
export const paymentFactory = (w: Where, over: Input<typeof recordPayment>) =>
  ctx(w, (c) =>
    recordPayment(c, {
      method: 'check',
      checkNumber: '1001',
      amountCents: 2500,
      ...over,
    } as Parameters<typeof recordPayment>[1]),
  );
