import { t, type Language } from '../../../lib/i18n.js';
import type { CategoryQuestion } from '../tables.js';
import type { PublicRow, ServiceRow } from './queries.js';

/** W3C date and time, UTC, whole seconds: 2026-12-04T08:15:30Z. */
export const w3c = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Open311 has two states: anything not closed is open. */
export const open311Status = (status: string) => (status === 'closed' ? 'closed' : 'open');

export function service(lang: Language, s: ServiceRow) {
  const other: Language = lang === 'en' ? 'es' : 'en';
  return {
    service_code: s.code,
    service_name: s.name[lang],
    description: s.description[lang],
    metadata: s.questions.length > 0,
    type: 'realtime',
    // The other language's name helps a client that searches: "bache" finds Pothole.
    keywords: [s.code.replace(/_/g, ' '), s.name[other]].join(', '),
    group: s.departmentName[lang],
  };
}

const DATATYPES: Record<CategoryQuestion['type'], string> = {
  text: 'text',
  number: 'number',
  yes_no: 'singlevaluelist',
  single_choice: 'singlevaluelist',
  multiple_choice: 'multivaluelist',
  date: 'datetime',
};

export function attribute(lang: Language, q: CategoryQuestion, index: number) {
  const values =
    q.type === 'yes_no'
      ? [
          { key: 'true', name: t(lang, 'open311:yes') },
          { key: 'false', name: t(lang, 'open311:no') },
        ]
      : q.type === 'single_choice' || q.type === 'multiple_choice'
        ? (q.options ?? []).map((o) => ({ key: o.value, name: o.label[lang] }))
        : undefined;
  return {
    variable: true,
    code: q.key,
    datatype: DATATYPES[q.type],
    required: q.required,
    datatype_description:
      q.type === 'date'
        ? t(lang, 'open311:date_description')
        : q.type === 'number'
          ? t(lang, 'open311:number_description')
          : null,
    order: index + 1,
    description: q.label[lang],
    ...(values && { values }),
  };
}

export function serviceDefinition(lang: Language, s: ServiceRow) {
  return { service_code: s.code, attributes: s.questions.map((q, i) => attribute(lang, q, i)) };
}

/**
 * A service request as Open311 shows it. Only public facts: never the reporter, their contact,
 * the answers (some may be personal) or an internal note.
 */
export function serviceRequest(lang: Language, r: PublicRow, mediaUrl: (key: string) => string) {
  return {
    service_request_id: r.trackingCode,
    status: open311Status(r.status),
    status_notes: (r.status === 'closed' ? r.closingNote : r.latestPublicNote) ?? null,
    service_name: r.serviceName[lang],
    service_code: r.serviceCode,
    description: r.description,
    agency_responsible: r.departmentName[lang],
    service_notice: null,
    requested_datetime: w3c(r.submittedAt),
    updated_datetime: w3c(r.updatedAt),
    expected_datetime: w3c(r.dueAt),
    address: r.address,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lng,
    media_url: r.photoKey ? mediaUrl(r.photoKey) : null,
  };
}
