import { ApiError } from '../../api.ts';
import type { DollarsResult } from './money.ts';

/** The server's field errors (problem+json errors[]), by the form's own field names. */
export function serverFieldErrors<F extends string>(
  err: unknown,
  fields: Record<string, F>,
): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  if (err instanceof ApiError) {
    for (const e of err.fieldErrors) {
      const field = fields[e.field];
      if (field && !out[field]) out[field] = e.message;
    }
  }
  return out;
}

/** The catalog key of a dollar amount that could not be read. */
export const amountErrorKey = (result: DollarsResult) =>
  result.ok ? undefined : `payments.amount.${result.error}`;
