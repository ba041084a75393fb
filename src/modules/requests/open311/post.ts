import crypto from 'node:crypto';
import type { Tx } from '../../../db/client.js';
import type { EventBus } from '../../../events/bus.js';
import { PUBLIC_ACTOR } from '../../../events/types.js';
import { t, type Language } from '../../../lib/i18n.js';
import { fileReport } from '../reporting.js';
import { Open311Error, open311Error, type Open311Message } from './format.js';
import { useKey } from './keys.js';
import type { ServiceRow } from './queries.js';

/** A form body: every name with all its values, in order. */
export type Form = Map<string, string[]>;

export function parseForm(body: unknown): Form {
  const form: Form = new Map();
  const add = (k: string, v: string) => form.set(k, [...(form.get(k) ?? []), v]);
  if (typeof body === 'string') {
    for (const [k, v] of new URLSearchParams(body)) add(k, v);
  } else if (body && typeof body === 'object') {
    // A client that sends JSON instead of a form: scalars and lists of scalars only.
    for (const [k, v] of Object.entries(body)) {
      for (const item of [v].flat()) {
        if (['string', 'number', 'boolean'].includes(typeof item)) add(k, String(item));
      }
    }
  }
  return form;
}

export const first = (form: Form, name: string): string | undefined => {
  const v = form.get(name)?.[0]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

const ATTRIBUTE = /^attribute\[([^\]]+)\](\[\])?$/;
const MAX_MEDIA_URL = 500;

function coordinate(value: string | undefined, name: string, limit: number, errors: Open311Message[]) {
  if (value === undefined) return undefined;
  const n = /^[-+]?\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || Math.abs(n) > limit) {
    errors.push({ key: 'invalid_coordinate', params: { name, min: -limit, max: limit } });
    return undefined;
  }
  return n;
}

/** attribute[CODE]=… and attribute[CODE][]=… as the report service's answers (strings; it checks types). */
function answersOf(form: Form, service: ServiceRow, errors: Open311Message[]) {
  const questions = new Map(service.questions.map((q) => [q.key, q]));
  const answers: Record<string, string | string[]> = {};
  for (const [name, values] of form) {
    const m = ATTRIBUTE.exec(name);
    if (!m) continue;
    const code = m[1]!;
    const q = questions.get(code);
    if (!q) {
      errors.push({ key: 'unknown_attribute', params: { code } });
      continue;
    }
    const given = values.map((v) => v.trim()).filter((v) => v !== '');
    if (given.length === 0) continue;
    if (q.type === 'multiple_choice') answers[code] = [...((answers[code] as string[]) ?? []), ...given];
    else if (given.length > 1) errors.push({ key: 'attribute_invalid', params: { code } });
    // A client may send a full datetime for a date question: its date is what is asked.
    else if (q.type === 'date' && /^\d{4}-\d{2}-\d{2}T/.test(given[0]!))
      answers[code] = given[0]!.slice(0, 10);
    else answers[code] = given[0]!;
  }
  return answers;
}

/**
 * POST requests: checks the key, reads the form into a report and files it through the same
 * service as the portal (same queue, same validation), in the caller's transaction — so a
 * refusal anywhere writes nothing. The Open311 token is kept on the request for tokens/{token}.
 */
export async function postRequest(
  tx: Tx,
  events: EventBus,
  form: Form,
  lang: Language,
  findService: (code: string) => Promise<ServiceRow | null>,
) {
  const apiKey = first(form, 'api_key');
  if (!apiKey) throw open311Error(403, 'api_key_required');
  if (!(await useKey(tx, apiKey))) throw open311Error(403, 'api_key_invalid');

  const code = first(form, 'service_code') ?? '';
  const service = code ? await findService(code) : null;
  if (!service || !service.active) throw open311Error(404, 'service_not_found', { code });

  const errors: Open311Message[] = [];
  const lat = coordinate(first(form, 'lat'), 'lat', 90, errors);
  const lng = coordinate(first(form, 'long'), 'long', 180, errors);
  if ((first(form, 'lat') === undefined) !== (first(form, 'long') === undefined)) {
    errors.push({ key: 'location_pair' });
  }
  const address = first(form, 'address_string');
  if (!address && lat === undefined && first(form, 'address_id') && errors.length === 0) {
    errors.push({ key: 'address_id_not_supported' });
  }
  const answers = answersOf(form, service, errors);

  let description = first(form, 'description') ?? '';
  const media = first(form, 'media_url');
  if (media) {
    let ok = false;
    try {
      ok = media.length <= MAX_MEDIA_URL && ['http:', 'https:'].includes(new URL(media).protocol);
    } catch {
      ok = false;
    }
    // The URL is kept as text for staff to open; the server never fetches it.
    if (ok)
      description = [description, t(lang, 'open311:media', { url: media })].filter(Boolean).join('\n\n');
    else errors.push({ key: 'invalid_media_url' });
  }
  if (errors.length > 0) throw new Open311Error(400, errors);

  const name = [first(form, 'first_name'), first(form, 'last_name')].filter(Boolean).join(' ');
  const token = crypto.randomBytes(16).toString('hex');
  const filed = await fileReport(
    { tx, events, actor: PUBLIC_ACTOR },
    {
      categoryCode: service.code,
      description,
      address: address ?? null,
      location: lat !== undefined && lng !== undefined ? { lat, lng } : null,
      answers,
      contact: {
        ...(name && { name: name.slice(0, 200) }),
        ...(first(form, 'email') && { email: first(form, 'email')!.toLowerCase() }),
        ...(first(form, 'phone') && { phone: first(form, 'phone') }),
      },
      language: lang,
      source: 'open311',
      open311Token: token,
    },
  );
  return {
    service_request_id: filed.trackingCode,
    token,
    service_notice: t(lang, 'open311:service_notice', { code: filed.trackingCode }),
    account_id: null,
  };
}
