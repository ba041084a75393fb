import { z } from 'zod';

/** The RFC 9457 problem body every error response carries (documented on each route). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  requestId: z.string(),
  errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
  retryAfterSeconds: z.number().int().optional(),
});

/** Response schemas for the given error statuses, for a route's `response`. */
export function problems(...statuses: number[]): Record<number, typeof problemSchema> {
  return Object.fromEntries(statuses.map((s) => [s, problemSchema]));
}
