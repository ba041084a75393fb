import { hasMessage } from '../lib/i18n.js';
import type { FieldError } from './problem.js';

type ZodValidationIssue = {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
};

/** Maps a zod issue to a catalog code under errors:validation.* with its parameters. */
export function zodIssueToFieldError(issue: ZodValidationIssue): FieldError {
  const field = issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(body)';
  const p = issue.params;
  // A refinement may name its own catalog code as its message (e.g. "weak_password").
  if (issue.message && /^[a-z_]+$/.test(issue.message) && hasMessage(`errors:validation.${issue.message}`)) {
    return { field, code: issue.message };
  }
  switch (issue.keyword) {
    case 'invalid_type':
      return { field, code: p.input === undefined ? 'required' : 'invalid_type' };
    case 'too_small':
      return p.origin === 'string'
        ? {
            field,
            code: Number(p.minimum) <= 1 ? 'required' : 'too_short',
            params: { min: Number(p.minimum) },
          }
        : { field, code: 'too_small', params: { min: Number(p.minimum) } };
    case 'too_big':
      return p.origin === 'string'
        ? { field, code: 'too_long', params: { max: Number(p.maximum) } }
        : { field, code: 'too_big', params: { max: Number(p.maximum) } };
    case 'invalid_format':
      return { field, code: p.format === 'email' ? 'invalid_email' : 'invalid_format' };
    case 'invalid_value':
      return { field, code: 'invalid_choice' };
    case 'unrecognized_keys':
      return { field, code: 'unknown_field' };
    default:
      return { field, code: 'invalid' };
  }
}
