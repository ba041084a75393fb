import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type LocalizedText = { en: string; es: string };

export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull(),
  name: jsonb('name').$type<LocalizedText>().notNull(),
  logoUrl: text('logo_url'),
  contactEmail: text('contact_email'),
  contactPhone: text('contact_phone'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const tenantHosts = pgTable('tenant_hosts', {
  hostname: text('hostname').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
});
