/**
 * The one error type routes and services throw for an expected refusal. The error handler
 * turns it into an RFC 9457 problem+json response whose title and detail come from the
 * `errors` catalog in the requester's language.
 */
export type FieldError = { field: string; code: string; params?: Record<string, unknown> };

export class Problem extends Error {
  constructor(
    readonly status: number,
    /** Stable machine code, also the catalog key under errors:<code>.title / .detail. */
    readonly code: string,
    readonly params: Record<string, unknown> = {},
    readonly extra: { fieldErrors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(code);
    this.name = 'Problem';
  }
}

export const notFound = (code = 'not_found') => new Problem(404, code);
export const forbidden = (code = 'forbidden') => new Problem(403, code);
export const conflict = (code: string, params?: Record<string, unknown>) => new Problem(409, code, params);
export const invalid = (fieldErrors: FieldError[]) =>
  new Problem(400, 'validation_failed', {}, { fieldErrors });
