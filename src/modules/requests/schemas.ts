import { z } from 'zod';
import { QUESTION_TYPES, REQUEST_STATUSES } from './tables.js';

// Response shapes of the portal and catalogue routes (CONTRACT.md); the serializer drops
// anything not named here, a second guard on what leaves the server.
export const bilingualSchema = z.object({ en: z.string(), es: z.string() });

export const questionSchema = z.object({
  key: z.string(),
  type: z.enum(QUESTION_TYPES),
  label: bilingualSchema,
  required: z.boolean(),
  options: z.array(z.object({ value: z.string(), label: bilingualSchema })).optional(),
});

export const categorySchema = z.object({
  code: z.string(),
  name: bilingualSchema,
  description: bilingualSchema,
  department: z.object({ code: z.string(), name: bilingualSchema }),
  slaBusinessDays: z.number().int(),
  locationRequired: z.boolean(),
  active: z.boolean(),
  position: z.number().int(),
  questions: z.array(questionSchema),
});

export const departmentSchema = z.object({ code: z.string(), name: bilingualSchema });

const polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.array(z.number()))) });

export const publicAreaSchema = z.object({
  minLat: z.number(),
  minLng: z.number(),
  maxLat: z.number(),
  maxLng: z.number(),
  polygon: polygon.nullable(),
  center: z.object({ lat: z.number(), lng: z.number() }),
});

export const adminAreaSchema = z.object({
  minLat: z.number(),
  minLng: z.number(),
  maxLat: z.number(),
  maxLng: z.number(),
  polygon: polygon.nullable(),
  jurisdictionId: z.string(),
});

export const filedSchema = z.object({
  trackingCode: z.string(),
  status: z.enum(REQUEST_STATUSES),
  submittedAt: z.string(),
});

export const publicRequestSchema = z.object({
  trackingCode: z.string(),
  category: z.object({ code: z.string(), name: bilingualSchema }),
  status: z.enum(REQUEST_STATUSES),
  description: z.string(),
  address: z.string().nullable(),
  location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  submittedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  dueAt: z.string(),
  closingNote: z.string().nullable(),
  duplicateOf: z.string().nullable(),
  photos: z.array(z.object({ url: z.string() })),
  updates: z.array(
    z.object({
      kind: z.enum(['submitted', 'status', 'public_note', 'reopened', 'duplicate']),
      toStatus: z.string().nullable(),
      body: z.string().nullable(),
      at: z.string(),
    }),
  ),
  following: z.boolean(),
});
