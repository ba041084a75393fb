import { currentLanguage, i18next } from './i18n.ts';

/** A field the server rejected, with its message already in the request's language. */
export type FieldError = { field: string; code: string; message: string };

/**
 * An RFC 9457 problem from the API. The server writes title and detail in the language of
 * our Accept-Language header, so they are shown as they come.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly fieldErrors: FieldError[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(`${status} ${code}`);
  }
}

type Options = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  csrfToken?: string;
  /** More request headers, e.g. the Idempotency-Key of a payment. */
  headers?: Record<string, string>;
};

export async function api<T>(path: string, options: Options = {}): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    'accept-language': currentLanguage(),
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.csrfToken) headers['x-csrf-token'] = options.csrfToken;
  Object.assign(headers, options.headers);
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(
      0,
      'network',
      i18next.t('common:errors.network.title'),
      i18next.t('common:errors.network.detail'),
    );
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') ? await response.json().catch(() => undefined) : undefined;
  if (response.ok) return body as T;
  const p = (body ?? {}) as Partial<{
    code: string;
    title: string;
    detail: string;
    errors: FieldError[];
    retryAfterSeconds: number;
  }>;
  throw new ApiError(
    response.status,
    p.code ?? `http_${response.status}`,
    p.title ?? i18next.t('common:errors.unexpected.title'),
    p.detail ?? i18next.t('common:errors.unexpected.detail'),
    p.errors ?? [],
    p.retryAfterSeconds,
  );
}

export type Tenant = { slug: string; name: { en: string; es: string }; logoUrl: string | null };
