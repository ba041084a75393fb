import { sql } from 'drizzle-orm';
import type { Database, Tx } from './client.js';

/**
 * Runs `fn` in a transaction that can see and write only `tenantId`'s rows.
 *
 * The transaction switches to the non-superuser role civq_app and records the tenant in a
 * transaction-local setting that the row-level security policies read. Both are LOCAL, so a
 * pooled connection carries nothing over to its next user.
 */
export async function withTenant<T>(db: Database, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.orm.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL ROLE civq_app`);
    await tx.execute(sql`SELECT set_config('civq.tenant_id', ${tenantId}, true)`);
    return fn(tx);
  });
}

/**
 * Runs `fn` as civq_system: across tenants, for platform plumbing only (host lookup, event
 * dispatch, CLI, demo seeding). Module code for a request never uses this.
 */
export async function withSystem<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.orm.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL ROLE civq_system`);
    return fn(tx);
  });
}
