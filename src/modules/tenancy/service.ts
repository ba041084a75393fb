import { eq, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.js';
import { withSystem } from '../../db/tenant-context.js';
import { tenantHosts, tenants, type LocalizedText } from './tables.js';
import type { Tenant, TenantDirectory as TenantDirectoryContract } from '../../kernel/tenant.js';

// The shape every request carries is the kernel's, so modules need not import tenancy for it.
export type { Tenant } from '../../kernel/tenant.js';

/** Lower-cases a Host header and drops the port: "City.Example.gov:3000" -> "city.example.gov". */
export function normalizeHost(host: string | undefined): string {
  if (!host) return '';
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1); // IPv6 literal
  return h.replace(/:\d+$/, '');
}

export type NewTenant = {
  slug: string;
  name: LocalizedText;
  hosts: string[];
  logoUrl?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
};

/** Creates a tenant with its hostnames. Runs as the platform (civq_system). */
export async function createTenant(tx: Tx, input: NewTenant): Promise<Tenant> {
  const [row] = await tx
    .insert(tenants)
    .values({
      slug: input.slug,
      name: input.name,
      logoUrl: input.logoUrl ?? null,
      contactEmail: input.contactEmail ?? null,
      contactPhone: input.contactPhone ?? null,
    })
    .returning();
  const tenant = toTenant(row!);
  await addHosts(tx, tenant.id, input.hosts);
  return tenant;
}

export async function addHosts(tx: Tx, tenantId: string, hosts: string[]): Promise<void> {
  const values = [...new Set(hosts.map(normalizeHost).filter(Boolean))].map((hostname) => ({
    hostname,
    tenantId,
  }));
  if (values.length) await tx.insert(tenantHosts).values(values);
}

/** Every tenant of the install, oldest first: for jobs that visit each one (call inside withSystem). */
export async function listTenantIds(tx: Tx): Promise<string[]> {
  const rows = await tx.select({ id: tenants.id }).from(tenants).orderBy(tenants.createdAt);
  return rows.map((r) => r.id);
}

export async function findTenantBySlug(tx: Tx, slug: string): Promise<Tenant | null> {
  const [row] = await tx.select().from(tenants).where(eq(tenants.slug, slug));
  return row ? toTenant(row) : null;
}

/**
 * The current transaction's tenant with the hostname its links should use (the first one
 * registered). Runs in a tenant context; RLS shows only this tenant's rows.
 */
export async function currentTenantProfile(tx: Tx): Promise<Tenant & { primaryHost: string | null }> {
  const [row] = await tx
    .select()
    .from(tenants)
    .where(sql`${tenants.id} = civq_current_tenant()`);
  if (!row) throw new Error('currentTenantProfile called outside a tenant context');
  const [host] = await tx
    .select({ hostname: tenantHosts.hostname })
    .from(tenantHosts)
    .orderBy(tenantHosts.addedAt, tenantHosts.hostname)
    .limit(1);
  return { ...toTenant(row), primaryHost: host?.hostname ?? null };
}

function toTenant(row: typeof tenants.$inferSelect): Tenant {
  const { id, slug, name, logoUrl, contactEmail, contactPhone } = row;
  return { id, slug, name, logoUrl, contactEmail, contactPhone };
}

/**
 * Finds the tenant a request is for, from its Host. A single-tenant install serves its only
 * tenant on any host; otherwise an unknown host has no tenant. Answers are cached briefly so a
 * request costs no extra query; a new tenant or host is visible within `ttlMs`.
 */
export class TenantDirectory implements TenantDirectoryContract {
  private cache = new Map<string, { tenant: Tenant | null; at: number }>();

  constructor(
    private readonly db: Database,
    private readonly ttlMs = 30_000,
  ) {}

  async resolve(hostHeader: string | undefined): Promise<Tenant | null> {
    const host = normalizeHost(hostHeader);
    const hit = this.cache.get(host);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.tenant;
    const tenant = await withSystem(this.db, async (tx) => {
      const byHost = await tx
        .select({ t: tenants })
        .from(tenantHosts)
        .innerJoin(tenants, eq(tenants.id, tenantHosts.tenantId))
        .where(eq(tenantHosts.hostname, host));
      if (byHost[0]) return toTenant(byHost[0].t);
      const only = await tx
        .select()
        .from(tenants)
        .where(sql`(SELECT count(*) FROM tenants) = 1`);
      return only[0] ? toTenant(only[0]) : null;
    });
    if (this.cache.size > 10_000) this.cache.clear(); // unbounded Host values must not grow memory
    this.cache.set(host, { tenant, at: Date.now() });
    return tenant;
  }

  invalidate(): void {
    this.cache.clear();
  }
}
