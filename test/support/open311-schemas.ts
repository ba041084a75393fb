import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import { z } from 'zod';

/**
 * The GeoReport v2 answers as the spec defines them (wiki.open311.org/GeoReport_v2 and its
 * Service Discovery page), once for JSON and once for XML. Objects are strict: a field the spec
 * does not name (a reporter's email, an internal note) fails validation.
 */

/** W3C date and time with a zone (the spec's "ISO 8601 as per the w3 note"). */
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const datetime = z.string().regex(W3C);
const DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
const FORMATS = ['text/xml', 'application/json'] as const;

export const json = {
  discovery: z.strictObject({
    changeset: datetime,
    contact: z.string().min(1),
    key_service: z.string().min(1),
    endpoints: z
      .array(
        z.strictObject({
          specification: z.literal('http://wiki.open311.org/GeoReport_v2'),
          url: z.url(),
          changeset: datetime,
          type: z.enum(['production', 'test']),
          formats: z.array(z.enum(FORMATS)).min(1),
        }),
      )
      .min(1),
  }),
  services: z.array(
    z.strictObject({
      service_code: z.string().min(1),
      service_name: z.string().min(1),
      description: z.string(),
      metadata: z.boolean(),
      type: z.enum(['realtime', 'batch', 'blackbox']),
      keywords: z.string(),
      group: z.string(),
    }),
  ),
  serviceDefinition: z.strictObject({
    service_code: z.string().min(1),
    attributes: z.array(
      z
        .strictObject({
          variable: z.boolean(),
          code: z.string().min(1),
          datatype: z.enum(DATATYPES),
          required: z.boolean(),
          datatype_description: z.string().nullable(),
          order: z.number().int().positive(),
          description: z.string().min(1),
          values: z.array(z.strictObject({ key: z.string().min(1), name: z.string().min(1) })).optional(),
        })
        .refine((a) => !a.datatype.endsWith('valuelist') || (a.values?.length ?? 0) > 0, {
          message: 'a list attribute names its values',
        }),
    ),
  }),
  postResponse: z
    .array(
      z
        .strictObject({
          service_request_id: z.string().min(1).optional(),
          token: z.string().min(1).optional(),
          service_notice: z.string().nullable(),
          account_id: z.string().nullable(),
        })
        .refine((r) => r.service_request_id || r.token, { message: 'an id or a token' }),
    )
    .length(1),
  tokens: z
    .array(z.strictObject({ service_request_id: z.string().nullable(), token: z.string().min(1) }))
    .length(1),
  requests: z.array(
    z.strictObject({
      service_request_id: z.string().min(1),
      status: z.enum(['open', 'closed']),
      status_notes: z.string().nullable(),
      service_name: z.string(),
      service_code: z.string().min(1),
      description: z.string().nullable(),
      agency_responsible: z.string().nullable(),
      service_notice: z.string().nullable(),
      requested_datetime: datetime,
      updated_datetime: datetime.nullable(),
      expected_datetime: datetime.nullable(),
      address: z.string().nullable(),
      address_id: z.string().nullable(),
      zipcode: z.string().nullable(),
      lat: z.number().min(-90).max(90).nullable(),
      long: z.number().min(-180).max(180).nullable(),
      media_url: z.url().nullable(),
    }),
  ),
  errors: z.array(z.strictObject({ code: z.number().int(), description: z.string().min(1) })).min(1),
};

// ---- XML -----------------------------------------------------------------------------------
// In XML every value is text and an empty element reads as "". Repeated elements (service,
// attribute, value, request, error, endpoint, format) are always read as lists.

const text = z.string();
const optText = z.string().optional();
const bool = z.enum(['true', 'false']);
const num = (min: number, max: number) =>
  z.string().refine((s) => s === '' || (Number.isFinite(Number(s)) && Number(s) >= min && Number(s) <= max));
const xmlDatetime = z.string().regex(W3C);
const optDatetime = z.union([z.literal(''), xmlDatetime]);
const optUrl = z.union([z.literal(''), z.url()]);

const xmlRequest = z.strictObject({
  service_request_id: text.min(1),
  status: z.enum(['open', 'closed']),
  status_notes: text,
  service_name: text,
  service_code: text.min(1),
  description: text,
  agency_responsible: text,
  service_notice: text,
  requested_datetime: xmlDatetime,
  updated_datetime: optDatetime,
  expected_datetime: optDatetime,
  address: text,
  address_id: text,
  zipcode: text,
  lat: num(-90, 90),
  long: num(-180, 180),
  media_url: optUrl,
});

/** Root element → schema of its content. */
export const xml = {
  discovery: z.strictObject({
    discovery: z.strictObject({
      changeset: xmlDatetime,
      contact: text.min(1),
      key_service: text.min(1),
      endpoints: z.strictObject({
        endpoint: z
          .array(
            z.strictObject({
              specification: z.literal('http://wiki.open311.org/GeoReport_v2'),
              url: z.url(),
              changeset: xmlDatetime,
              type: z.enum(['production', 'test']),
              formats: z.strictObject({ format: z.array(z.enum(FORMATS)).min(1) }),
            }),
          )
          .min(1),
      }),
    }),
  }),
  services: z.strictObject({
    services: z.union([
      z.literal(''),
      z.strictObject({
        service: z.array(
          z.strictObject({
            service_code: text.min(1),
            service_name: text.min(1),
            description: text,
            metadata: bool,
            type: z.enum(['realtime', 'batch', 'blackbox']),
            keywords: text,
            group: text,
          }),
        ),
      }),
    ]),
  }),
  serviceDefinition: z.strictObject({
    service_definition: z.strictObject({
      service_code: text.min(1),
      attributes: z.union([
        z.literal(''),
        z.strictObject({
          attribute: z.array(
            z.strictObject({
              variable: bool,
              code: text.min(1),
              datatype: z.enum(DATATYPES),
              required: bool,
              datatype_description: text,
              order: z.string().regex(/^[1-9]\d*$/),
              description: text.min(1),
              values: z
                .strictObject({
                  value: z.array(z.strictObject({ key: text.min(1), name: text.min(1) })).min(1),
                })
                .optional(),
            }),
          ),
        }),
      ]),
    }),
  }),
  postResponse: z.strictObject({
    service_requests: z.strictObject({
      request: z
        .array(
          z.strictObject({
            service_request_id: optText,
            token: optText,
            service_notice: text,
            account_id: text,
          }),
        )
        .length(1),
    }),
  }),
  tokens: z.strictObject({
    service_requests: z.strictObject({
      request: z.array(z.strictObject({ service_request_id: text, token: text.min(1) })).length(1),
    }),
  }),
  requests: z.strictObject({
    service_requests: z.union([z.literal(''), z.strictObject({ request: z.array(xmlRequest) })]),
  }),
  errors: z.strictObject({
    errors: z.strictObject({
      error: z.array(z.strictObject({ code: z.string().regex(/^\d{3}$/), description: text.min(1) })).min(1),
    }),
  }),
};

export type Kind = keyof typeof json;

const parser = new XMLParser({
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) =>
    ['service', 'attribute', 'value', 'request', 'error', 'endpoint', 'format'].includes(name),
});

/** Checks a JSON answer against the spec's shape and returns it parsed. */
export function validJson<K extends Kind>(kind: K, body: string): z.infer<(typeof json)[K]> {
  const parsed = json[kind].safeParse(JSON.parse(body));
  expect(parsed.error?.issues ?? [], `${kind} JSON: ${body.slice(0, 400)}`).toEqual([]);
  return parsed.data as z.infer<(typeof json)[K]>;
}

/**
 * Checks an XML answer: well-formed, UTF-8 declared, and the spec's elements under the spec's
 * root; returns it parsed (values as text).
 */
export function validXml<K extends Kind>(kind: K, body: string): z.infer<(typeof xml)[K]> {
  expect(body.startsWith('<?xml version="1.0" encoding="UTF-8"?>'), body.slice(0, 80)).toBe(true);
  expect(XMLValidator.validate(body)).toBe(true);
  const parsed = xml[kind].safeParse(parser.parse(body));
  expect(parsed.error?.issues ?? [], `${kind} XML: ${body.slice(0, 400)}`).toEqual([]);
  return parsed.data as z.infer<(typeof xml)[K]>;
}
