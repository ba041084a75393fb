import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { hasMessage, t, type Language } from '../../lib/i18n.js';
import { Problem } from '../../kernel/problem.js';
import { zodIssueToFieldError } from '../../kernel/field-errors.js';

/**
 * Every error leaves as RFC 9457 application/problem+json, in the requester's language:
 * { type, title, status, detail, code, requestId, errors?, retryAfterSeconds? }.
 */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof Problem) return sendProblem(request, reply, error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fieldErrors = error.validation.map(zodIssueToFieldError);
      return sendProblem(request, reply, new Problem(400, 'validation_failed', {}, { fieldErrors }));
    }
    if (error.statusCode === 429) {
      const retry = Number(reply.getHeader('retry-after')) || 60;
      return sendProblem(request, reply, new Problem(429, 'rate_limited', {}, { retryAfterSeconds: retry }));
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendProblem(request, reply, new Problem(415, 'unsupported_media_type'));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Malformed JSON, empty body, too large a body…: the client's mistake, said plainly.
      return sendProblem(request, reply, new Problem(error.statusCode, 'bad_request'));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, new Problem(500, 'internal_error'));
  });

  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, new Problem(404, 'not_found')));
});

export function problemBody(lang: Language, problem: Problem, requestId: string) {
  const known = hasMessage(`errors:${problem.code}.title`);
  const code = known ? problem.code : `http_${problem.status}`;
  const errorKey = hasMessage(`errors:${code}.title`) ? code : 'internal_error';
  return {
    type: `https://civq.org/problems/${problem.code}`,
    title: t(lang, `errors:${errorKey}.title`, problem.params),
    status: problem.status,
    detail: t(lang, `errors:${errorKey}.detail`, problem.params),
    code: problem.code,
    requestId,
    ...(problem.extra.fieldErrors && {
      errors: problem.extra.fieldErrors.map((f) => ({
        field: f.field,
        code: f.code,
        message: t(lang, `errors:validation.${f.code}`, f.params),
      })),
    }),
    ...(problem.extra.retryAfterSeconds !== undefined && {
      retryAfterSeconds: problem.extra.retryAfterSeconds,
    }),
  };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  if (problem.extra.retryAfterSeconds !== undefined) {
    reply.header('retry-after', String(problem.extra.retryAfterSeconds));
  }
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send(problemBody(request.lang, problem, request.id));
}
