import { bigint, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const residents = pgTable('residents', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  email: text('email').notNull(),
  passwordHash: text('password_hash').notNull(),
  locale: text('locale').$type<'en' | 'es'>().notNull().default('en'),
  emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
  noticeChannel: text('notice_channel').$type<NoticeChannel>().notNull().default('email'),
  noticeLanguage: text('notice_language').$type<'en' | 'es'>().notNull().default('en'),
  preferencesSavedAt: timestamp('preferences_saved_at', { withTimezone: true }),
  phone: text('phone'),
  phoneVerifiedAt: timestamp('phone_verified_at', { withTimezone: true }),
  smsConsentAt: timestamp('sms_consent_at', { withTimezone: true }),
  smsConsentVersion: text('sms_consent_version'),
  smsConsentLanguage: text('sms_consent_language').$type<'en' | 'es'>(),
  failedLoginCount: integer('failed_login_count').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  failedClaimCount: integer('failed_claim_count').notNull().default(0),
  claimsLockedUntil: timestamp('claims_locked_until', { withTimezone: true }),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const residentSessions = pgTable('resident_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  residentId: uuid('resident_id').notNull(),
  csrfToken: text('csrf_token').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

export const residentTokens = pgTable('resident_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  residentId: uuid('resident_id').notNull(),
  purpose: text('purpose').$type<TokenPurpose>().notNull(),
  secretHash: text('secret_hash').notNull(),
  target: text('target'),
  attempts: integer('attempts').notNull().default(0),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const residentPasskeys = pgTable('resident_passkeys', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  residentId: uuid('resident_id').notNull(),
  credentialId: text('credential_id').notNull(),
  publicKey: text('public_key').notNull(),
  counter: bigint('counter', { mode: 'number' }).notNull().default(0),
  transports: text('transports').array().notNull(),
  label: text('label').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
});

export const residentWebauthnChallenges = pgTable('resident_webauthn_challenges', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  residentId: uuid('resident_id'),
  purpose: text('purpose').$type<'register' | 'login'>().notNull(),
  challenge: text('challenge').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

export const residentLinks = pgTable('resident_links', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  residentId: uuid('resident_id').notNull(),
  module: text('module').notNull(),
  refId: text('ref_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const NOTICE_CHANNELS = ['email', 'sms', 'push'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];
export type TokenPurpose = 'verify_email' | 'reset_password' | 'verify_phone';
export type Resident = typeof residents.$inferSelect;
