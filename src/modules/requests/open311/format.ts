import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasMessage, negotiateLanguage, t, type Language } from '../../../lib/i18n.js';
import { Problem } from '../../../kernel/problem.js';
import { toXml, type XmlNode } from './xml.js';

export type Format = 'json' | 'xml';

/** "requests.json" -> { name: "requests", format: "json" }; null for any other extension. */
export function splitFormat(file: string): { name: string; format: Format } | null {
  const dot = file.lastIndexOf('.');
  if (dot <= 0) return null;
  const ext = file.slice(dot + 1).toLowerCase();
  if (ext !== 'json' && ext !== 'xml') return null;
  return { name: file.slice(0, dot), format: ext };
}

/** The format a path asks for, for answering errors in it (JSON unless it ends in .xml). */
export function formatOfUrl(url: string): Format {
  return /\.xml$/i.test(url.split('?')[0]!) ? 'xml' : 'json';
}

/**
 * One Open311 error: the HTTP status and the description's message in open311.json. An
 * Open311Error carries one or more, answered as the spec's list `[{code, description}]`.
 */
export type Open311Message = { key: string; params?: Record<string, unknown> };

export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly messages: Open311Message[],
  ) {
    super(messages.map((m) => m.key).join(','));
    this.name = 'Open311Error';
  }
}

export const open311Error = (status: number, key: string, params?: Record<string, unknown>) =>
  new Open311Error(status, [{ key, params }]);

/**
 * The language of an answer: the `lang` parameter (en or es) when given, else Accept-Language,
 * else English. Open311 clients are machines that rarely keep cookies, so the portal's language
 * cookie is not consulted.
 */
export function languageOf(request: FastifyRequest, given?: string): Language {
  const param = given?.trim().toLowerCase();
  if (param === 'en' || param === 'es') return param;
  return negotiateLanguage(request.headers['accept-language']) ?? 'en';
}

/** Open311's field names for the report service's fields. */
function open311Field(field: string): string {
  if (field.startsWith('answers.')) return `attribute[${field.slice('answers.'.length)}]`;
  const map: Record<string, string> = {
    categoryCode: 'service_code',
    address: 'address_string',
    location: 'lat/long',
    'location.lat': 'lat',
    'location.lng': 'long',
    contact: 'email/phone',
    'contact.email': 'email',
    'contact.phone': 'phone',
    'contact.name': 'first_name/last_name',
    language: 'lang',
  };
  return map[field] ?? field;
}

/** The descriptions of a Problem thrown by a shared service (the report service), in Open311 terms. */
function problemDescriptions(lang: Language, problem: Problem): string[] {
  const message = (code: string, params?: Record<string, unknown>) =>
    hasMessage(`errors:validation.${code}`)
      ? t(lang, `errors:validation.${code}`, params)
      : hasMessage(`errors:${code}.detail`)
        ? t(lang, `errors:${code}.detail`, params)
        : code;
  const fields = problem.extra.fieldErrors ?? [];
  if (fields.length === 0) return [message(problem.code, problem.params)];
  return fields.map((f) =>
    t(lang, 'open311:errors.field', {
      field: open311Field(f.field),
      message: message(f.code, { ...problem.params, ...f.params }),
    }),
  );
}

/** Sends `body` as JSON, or as XML under `root` (an array under `root` repeats `item`). */
export function send(
  reply: FastifyReply,
  format: Format,
  status: number,
  json: unknown,
  xml: () => { root: string; node: XmlNode },
) {
  reply.code(status);
  if (format === 'xml') {
    const { root, node } = xml();
    return reply.type('text/xml; charset=utf-8').send(toXml(root, node));
  }
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(json));
}

/** Any error on an Open311 route, as the spec's error list in the route's format and language. */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const format = formatOfUrl(request.url);
  const query = (request.query ?? {}) as Record<string, unknown>;
  const bodyLang = typeof request.body === 'string' ? new URLSearchParams(request.body).get('lang') : null;
  const lang = languageOf(request, bodyLang ?? (typeof query.lang === 'string' ? query.lang : undefined));
  let status: number;
  let descriptions: string[];
  if (error instanceof Open311Error) {
    status = error.status;
    descriptions = error.messages.map((m) => t(lang, `open311:errors.${m.key}`, m.params));
  } else if (error instanceof Problem) {
    // The report service refuses an unknown or turned-off category as a field error; Open311 says 404.
    status = error.code === 'unknown_category' ? 404 : error.status;
    descriptions = problemDescriptions(lang, error);
    if (error.extra.retryAfterSeconds !== undefined) {
      reply.header('retry-after', String(error.extra.retryAfterSeconds));
    }
  } else {
    const e = error as { statusCode?: number };
    if (e.statusCode === 429) {
      status = 429;
      descriptions = [
        t(lang, 'open311:errors.rate_limited', { seconds: Number(reply.getHeader('retry-after')) || 60 }),
      ];
    } else if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      status = e.statusCode;
      descriptions = [t(lang, 'open311:errors.bad_request')];
    } else {
      request.log.error({ err: error }, 'unhandled error');
      status = 500;
      descriptions = [t(lang, 'open311:errors.internal_error')];
    }
  }
  const errors = descriptions.map((description) => ({ code: status, description }));
  return send(reply, format, status, errors, () => ({ root: 'errors', node: { error: errors } }));
}
