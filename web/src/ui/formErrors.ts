import { ApiError } from '../api.ts';

/**
 * The server's field errors (problem+json errors[]) by field path ("address.zip"), the first
 * message of each. Empty for other errors.
 */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (err instanceof ApiError) for (const e of err.fieldErrors) out[e.field] ??= e.message;
  return out;
}

/** The server's message for one field, if it named that field. */
export function fieldError(problem: ApiError | null, field: string): string | undefined {
  return problem?.fieldErrors.find((f) => f.field === field)?.message;
}

/**
 * An API refusal shown next to the fields it is about: problem+json field errors by their
 * path, and problems that concern one field (a reading older than the last one is about the
 * date) with their localized detail. The form still shows the problem itself above.
 */
export function errorsByField<F extends string>(
  err: unknown,
  paths: Record<string, F>,
  codes: Record<string, F> = {},
): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const [path, message] of Object.entries(fieldErrors(err))) {
    const field = paths[path];
    if (field) out[field] ??= message;
  }
  if (err instanceof ApiError) {
    const field = codes[err.code];
    if (field) out[field] ??= err.detail;
  }
  return out;
}

/** Moves focus to the first field with an error, in the form's order; true when there was one. */
export function focusFirstError<F extends string>(
  order: readonly F[],
  errors: Partial<Record<F, string>>,
  idOf: (field: F) => string,
): boolean {
  const first = order.find((f) => errors[f]);
  if (first) document.getElementById(idOf(first))?.focus();
  return Boolean(first);
}
