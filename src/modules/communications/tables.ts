import { boolean, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'failed', 'suppressed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export const CHANNELS = ['email', 'sms', 'push'] as const;
export type ChannelName = (typeof CHANNELS)[number];

export const messages = pgTable('messages', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  kind: text('kind').notNull(),
  channel: text('channel').$type<ChannelName>().notNull(),
  language: text('language').$type<'en' | 'es'>().notNull(),
  recipient: text('recipient').notNull(),
  recipientName: text('recipient_name'),
  optional: boolean('optional').notNull(),
  subject: text('subject').notNull(),
  bodyText: text('body_text').notNull(),
  bodyHtml: text('body_html'),
  unsubscribeUrl: text('unsubscribe_url'),
  idempotencyKey: text('idempotency_key').notNull(),
  status: text('status').$type<MessageStatus>().notNull().default('queued'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  lastError: text('last_error'),
  providerMessageId: text('provider_message_id'),
  deliveredVia: text('delivered_via'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const unsubscribes = pgTable('unsubscribes', {
  tenantId: uuid('tenant_id').notNull(),
  channel: text('channel').notNull(),
  address: text('address').notNull(),
  kind: text('kind').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
