import {
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
  boolean,
} from 'drizzle-orm/pg-core';

/** Words in both languages, as the catalogue stores them. */
export type Bilingual = { en: string; es: string };

export const QUESTION_TYPES = [
  'text',
  'number',
  'yes_no',
  'single_choice',
  'multiple_choice',
  'date',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
/** One extra question a category asks; `key` is stable (answers and Open311 attribute codes use it). */
export type CategoryQuestion = {
  key: string;
  type: QuestionType;
  label: Bilingual;
  required: boolean;
  options?: { value: string; label: Bilingual }[];
};

export const REQUEST_STATUSES = ['submitted', 'acknowledged', 'in_progress', 'closed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const REQUEST_SOURCES = ['portal', 'open311', 'staff'] as const;
export type RequestSource = (typeof REQUEST_SOURCES)[number];
export const UPDATE_KINDS = [
  'submitted',
  'status',
  'public_note',
  'internal_note',
  'assignment',
  'duplicate',
  'reopened',
] as const;
export type UpdateKind = (typeof UPDATE_KINDS)[number];
/** Answers by question key: a string, a number, a boolean, or a list of option values. */
export type Answers = Record<string, string | number | boolean | string[]>;

export const requestDepartments = pgTable('request_departments', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  code: text('code').notNull(),
  name: jsonb('name').$type<Bilingual>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const requestCategories = pgTable('request_categories', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  code: text('code').notNull(),
  name: jsonb('name').$type<Bilingual>().notNull(),
  description: jsonb('description').$type<Bilingual>().notNull(),
  departmentId: uuid('department_id').notNull(),
  slaBusinessDays: integer('sla_business_days').notNull(),
  locationRequired: boolean('location_required').notNull().default(true),
  questions: jsonb('questions').$type<CategoryQuestion[]>().notNull().default([]),
  active: boolean('active').notNull().default(true),
  position: integer('position').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const serviceRequests = pgTable('service_requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  trackingCode: text('tracking_code').notNull(),
  categoryId: uuid('category_id').notNull(),
  departmentId: uuid('department_id').notNull(),
  status: text('status').$type<RequestStatus>().notNull().default('submitted'),
  description: text('description').notNull(),
  answers: jsonb('answers').$type<Answers>().notNull().default({}),
  address: text('address'),
  lat: doublePrecision('lat'),
  lng: doublePrecision('lng'),
  accountId: uuid('account_id'),
  reporterResidentId: uuid('reporter_resident_id'),
  reporterName: text('reporter_name'),
  reporterEmail: text('reporter_email'),
  reporterPhone: text('reporter_phone'),
  language: text('language').$type<'en' | 'es'>().notNull().default('en'),
  source: text('source').$type<RequestSource>().notNull().default('portal'),
  assigneeId: uuid('assignee_id'),
  duplicateOf: uuid('duplicate_of'),
  closingNote: text('closing_note'),
  open311Token: text('open311_token'),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const requestUpdates = pgTable('request_updates', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  requestId: uuid('request_id').notNull(),
  kind: text('kind').$type<UpdateKind>().notNull(),
  visibility: text('visibility').$type<'public' | 'internal'>().notNull(),
  fromStatus: text('from_status').$type<RequestStatus>(),
  toStatus: text('to_status').$type<RequestStatus>(),
  body: text('body'),
  actorType: text('actor_type').notNull(),
  actorId: text('actor_id'),
  actorName: text('actor_name'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const requestPhotos = pgTable('request_photos', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  requestId: uuid('request_id'),
  storageKey: text('storage_key').notNull(),
  contentType: text('content_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  position: integer('position').notNull().default(0),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
});

export const requestFollowers = pgTable('request_followers', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  requestId: uuid('request_id').notNull(),
  residentId: uuid('resident_id'),
  email: text('email'),
  phone: text('phone'),
  language: text('language').$type<'en' | 'es'>().notNull().default('en'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const requestSettings = pgTable('request_settings', {
  tenantId: uuid('tenant_id').primaryKey(),
  minLat: doublePrecision('min_lat').notNull(),
  minLng: doublePrecision('min_lng').notNull(),
  maxLat: doublePrecision('max_lat').notNull(),
  maxLng: doublePrecision('max_lng').notNull(),
  /** A GeoJSON Polygon inside the box, when the entity's shape matters. */
  polygon: jsonb('polygon').$type<{ type: 'Polygon'; coordinates: number[][][] }>(),
  jurisdictionId: text('jurisdiction_id').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const open311ApiKeys = pgTable('open311_api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  label: text('label').notNull(),
  keyHash: text('key_hash').notNull(),
  keyPrefix: text('key_prefix').notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

export type ServiceRequest = typeof serviceRequests.$inferSelect;
export type RequestCategory = typeof requestCategories.$inferSelect;
