import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A resident's browser that accepted notifications (see migration 0017_push.sql). */
export const pushSubscriptions = pgTable('push_subscriptions', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  residentId: uuid('resident_id').notNull(),
  endpoint: text('endpoint').notNull(),
  p256dh: text('p256dh').notNull(),
  auth: text('auth').notNull(),
  device: text('device').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSentAt: timestamp('last_sent_at', { withTimezone: true }),
});

export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;
