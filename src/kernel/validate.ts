import type { z } from 'zod';
import { invalid } from './problem.js';
import { zodIssueToFieldError } from './field-errors.js';

/**
 * Validates a service input with the same zod schema the HTTP route uses, so a module that
 * calls the payments API directly gets the same localized field errors as a browser.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw invalid(
    parsed.error.issues.map((issue) =>
      zodIssueToFieldError({
        keyword: issue.code,
        instancePath: `/${issue.path.join('/')}`,
        message: issue.message,
        params: issue as unknown as Record<string, unknown>,
      }),
    ),
  );
}
