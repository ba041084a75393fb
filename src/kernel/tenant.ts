/** A name in both languages, as entities show it. */
export type LocalizedText = { en: string; es: string };

/** The entity a request is for (request.tenant), as every module sees it. */
export type Tenant = {
  id: string;
  slug: string;
  name: LocalizedText;
  logoUrl: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
};

/**
 * Finds the tenant of a Host header. The tenancy module implements it; the kernel names only
 * what the server and modules call, so the kernel need not import tenancy.
 */
export interface TenantDirectory {
  resolve(hostHeader: string | undefined): Promise<Tenant | null>;
  /** Forget cached answers (after a tenant or host is added). */
  invalidate(): void;
}
