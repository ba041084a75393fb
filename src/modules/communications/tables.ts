import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const MESSAGE_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'suppressed',
] as const;
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
  segments: integer('segments'),
  requestedChannel: text('requested_channel').$type<ChannelName>(),
  channelReason: text('channel_reason'),
  urgent: boolean('urgent').notNull().default(false),
  providerStatus: text('provider_status'),
  providerStatusAt: timestamp('provider_status_at', { withTimezone: true }),
  data: jsonb('data').$type<Record<string, unknown>>(),
  contact: jsonb('contact').$type<MessageContact>(),
  /** Push: the portal page the notification opens (the notice's own link when it has one). */
  linkUrl: text('link_url'),
});

/** Who a message was for, on every channel we know of (for a resend on another channel). */
export type MessageContact = {
  email?: string | null;
  phone?: string | null;
  name?: string | null;
  residentId?: string | null;
};

export const communicationSettings = pgTable('communication_settings', {
  tenantId: uuid('tenant_id').primaryKey(),
  timeZone: text('time_zone').notNull(),
  quietStartMinute: integer('quiet_start_minute').notNull(),
  quietEndMinute: integer('quiet_end_minute').notNull(),
  smsFrom: text('sms_from'),
  smsMessagingServiceSid: text('sms_messaging_service_sid'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const smsOptOuts = pgTable('sms_opt_outs', {
  tenantId: uuid('tenant_id').notNull(),
  phone: text('phone').notNull(),
  keyword: text('keyword').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const unsubscribes = pgTable('unsubscribes', {
  tenantId: uuid('tenant_id').notNull(),
  channel: text('channel').notNull(),
  address: text('address').notNull(),
  kind: text('kind').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
