import { z } from 'zod';
import { REQUEST_SOURCES, REQUEST_STATUSES } from '../tables.js';

const bilingual = z.object({ en: z.string(), es: z.string() });
const ymd = z.iso.date();

/** The queue's filters (also applied on the map). */
export const queueFilters = z.object({
  /** One status, or `open` for every status but closed. */
  status: z.enum([...REQUEST_STATUSES, 'open']).optional(),
  /** Category code. */
  category: z.string().max(40).optional(),
  /** Department code. */
  department: z.string().max(40).optional(),
  /** A staff id, `me` (the caller) or `none` (unassigned). */
  assignee: z.union([z.uuid(), z.enum(['me', 'none'])]).optional(),
  /** `true`: only open requests past their due date. */
  overdue: z.enum(['true', 'false']).optional(),
  /** Submitted on or after this day (UTC). */
  from: ymd.optional(),
  /** Submitted on or before this day (UTC). */
  to: ymd.optional(),
  /** Words of the address; each word matches the start of a word in it. */
  q: z.string().trim().max(200).optional(),
});
export type QueueFilters = z.infer<typeof queueFilters>;

export const queueQuery = queueFilters.extend({
  /** By submission time: `newest` (default) or `oldest` first. */
  sort: z.enum(['oldest', 'newest']).default('newest'),
  /** 1-based page of 50. */
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type QueueQuery = z.infer<typeof queueQuery>;

export const mapQuery = queueFilters.extend({
  minLat: z.coerce.number().min(-90).max(90),
  minLng: z.coerce.number().min(-180).max(180),
  maxLat: z.coerce.number().min(-90).max(90),
  maxLng: z.coerce.number().min(-180).max(180),
});
export type MapQuery = z.infer<typeof mapQuery>;

export const statusBody = z.object({
  /** The status to move to; `closed` needs a note (shown to the reporter). */
  to: z.enum(['acknowledged', 'in_progress', 'closed']),
  /** Optional, except when closing: the closing note. */
  note: z.string().trim().max(4000).optional(),
});
export type StatusBody = z.infer<typeof statusBody>;

export const reopenBody = z.object({
  /** Why the request is opened again (shown to the reporter). */
  reason: z.string().trim().min(1).max(4000),
});

export const noteBody = z.object({
  body: z.string().trim().min(1).max(4000),
  /** `public`: the reporter and followers see it; `internal`: staff only, never shown. */
  visibility: z.enum(['public', 'internal']),
});

export const assignBody = z.object({
  departmentCode: z.string().min(1).max(40),
  /** A staff member who may work requests, or null to leave it with the department. */
  assigneeId: z.uuid().nullable(),
});

export const duplicateBody = z.object({
  /** The original's tracking code, with or without dashes, any case. */
  originalTrackingCode: z.string().trim().min(1).max(20),
});

export const queueItem = z.object({
  id: z.uuid(),
  trackingCode: z.string(),
  category: z.object({ code: z.string(), name: bilingual }),
  department: z.object({ code: z.string(), name: bilingual }),
  status: z.enum(REQUEST_STATUSES),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  submittedAt: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  assignee: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  source: z.enum(REQUEST_SOURCES),
  /** Tracking code of the original when this one is a duplicate. */
  duplicateOf: z.string().nullable(),
});
export type QueueItem = z.infer<typeof queueItem>;

export const queuePage = z.object({
  items: z.array(queueItem),
  page: z.number().int(),
  pageSize: z.literal(50),
  hasMore: z.boolean(),
});

export const mapPoints = z.object({
  points: z.array(
    z.object({
      id: z.uuid(),
      trackingCode: z.string(),
      lat: z.number(),
      lng: z.number(),
      status: z.enum(REQUEST_STATUSES),
      categoryCode: z.string(),
      overdue: z.boolean(),
    }),
  ),
  /** More than 2,000 requests matched: zoom in to see them all. */
  truncated: z.boolean(),
});

const kpiFigures = {
  open: z.number().int(),
  overdue: z.number().int(),
  /** Closed since Monday 00:00 UTC. */
  closedThisWeek: z.number().int(),
  /** Median of (closed − submitted) in days, one decimal, over requests closed in the last 90 days. */
  medianDaysToClose: z.number().nullable(),
};
export const kpis = z.object({
  ...kpiFigures,
  byCategory: z.array(z.object({ code: z.string(), name: bilingual, ...kpiFigures })),
});
export type Kpis = z.infer<typeof kpis>;

const answerValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const staffRequest = queueItem.extend({
  description: z.string(),
  language: z.enum(['en', 'es']),
  closingNote: z.string().nullable(),
  answers: z.array(z.object({ key: z.string(), label: bilingual, value: answerValue })),
  reporter: z.object({
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    residentId: z.uuid().nullable(),
  }),
  account: z.object({ id: z.uuid(), number: z.string(), customerName: z.string() }).nullable(),
  photos: z.array(z.object({ url: z.string() })),
  updates: z.array(
    z.object({
      id: z.uuid(),
      kind: z.string(),
      visibility: z.enum(['public', 'internal']),
      fromStatus: z.string().nullable(),
      toStatus: z.string().nullable(),
      body: z.string().nullable(),
      actorName: z.string().nullable(),
      at: z.string(),
    }),
  ),
  followers: z.number().int(),
  duplicates: z.array(z.object({ id: z.uuid(), trackingCode: z.string() })),
});
export type StaffRequest = z.infer<typeof staffRequest>;
