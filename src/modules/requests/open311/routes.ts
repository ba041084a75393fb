import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Tx } from '../../../db/client.js';
import { inTenant } from '../../../kernel/http.js';
import type { Platform } from '../../../kernel/platform.js';
import { groupCode, isValidCode, normalizeCode } from '../../../lib/codes.js';
import { t, type Language } from '../../../lib/i18n.js';
import { keyRoutes } from './admin-routes.js';
import { languageOf, open311Error, send, sendError, splitFormat } from './format.js';
import { parseForm, postRequest } from './post.js';
import type { XmlNode } from './xml.js';
import { service, serviceDefinition, serviceRequest, w3c } from './present.js';
import {
  activeServices,
  findRequests,
  jurisdictionId,
  MAX_RESULTS,
  serviceByCode,
  trackingCodeByToken,
  type RequestFilter,
} from './queries.js';

const SPEC = 'http://wiki.open311.org/GeoReport_v2';
/** When this server's Open311 interface last changed (discovery's `changeset`). */
const CHANGESET = new Date('2026-12-05T00:00:00Z');
const DEFAULT_DAYS = 90;
/** Signed photo links in answers work this long (clients often fetch lists and show them later). */
const MEDIA_LINK_SECONDS = 3600;
const TRACKING_CODE_LENGTH = 10;

type Query = Record<string, string | string[] | undefined>;
const param = (q: Query, name: string): string | undefined => {
  const v = [q[name]].flat()[0]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

/** "abcd-efgh-jk" -> "ABCD-EFGH-JK" (as stored); null when it cannot be a tracking code. */
function trackingCode(input: string): string | null {
  const code = normalizeCode(input);
  return code && code.length === TRACKING_CODE_LENGTH && isValidCode(code) ? groupCode(code) : null;
}

/** W3C / ISO 8601 date and time with a zone, or a bare date (midnight UTC). */
function w3cDate(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const ok =
    /^\d{4}-\d{2}-\d{2}$/.test(value) ||
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (!ok || Number.isNaN(d.getTime())) throw open311Error(400, 'invalid_date', { name });
  return d;
}

/** The Open311 resources (GeoReport v2) at /open311/v2, in JSON and XML. */
export async function open311Routes(app: FastifyInstance, { platform }: { platform: Platform }) {
  await app.register(keyRoutes, { platform });
  await app.register(
    async (v2) => {
      v2.setErrorHandler((error, request, reply) => sendError(request, reply, error));
      v2.setNotFoundHandler((request, reply) => sendError(request, reply, open311Error(404, 'not_found')));
      // POST requests is a form (application/x-www-form-urlencoded), read here only.
      v2.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 64 * 1024 },
        (_request, body, done) => done(null, body),
      );
      for (const [path, handler] of Object.entries(GETS))
        v2.get(path, { schema: { hide: true } }, (request, reply) => run(platform, request, reply, handler));
      v2.post('/:file', { schema: { hide: true } }, (request, reply) =>
        run(platform, request, reply, async (c) => {
          if (c.name !== 'requests') throw open311Error(404, 'not_found');
          const form = parseForm(request.body);
          const lang = languageOf(request, form.get('lang')?.[0] ?? param(c.query, 'lang'));
          await checkJurisdiction(
            c.tx,
            form.get('jurisdiction_id')?.[0]?.trim() || param(c.query, 'jurisdiction_id'),
          );
          const answer = await postRequest(c.tx, platform.events, form, lang, (code) =>
            serviceByCode(c.tx, code),
          );
          return {
            status: 201,
            json: [answer],
            xml: { root: 'service_requests', node: { request: [answer] } },
          };
        }),
      );
    },
    { prefix: '/open311/v2' },
  );
}

type Context = {
  tx: Tx;
  name: string;
  query: Query;
  lang: Language;
  tenantId: string;
  origin: string;
  request: FastifyRequest;
  /** A signed, short-lived link to a stored photo of this tenant. */
  link: (storageKey: string) => string;
};
type Answer = { status?: number; json: unknown; xml: { root: string; node: XmlNode } };
type Handler = (c: Context) => Promise<Answer>;

async function run(platform: Platform, request: FastifyRequest, reply: FastifyReply, handler: Handler) {
  const params = request.params as { file: string };
  const parsed = splitFormat(params.file);
  if (!parsed) throw open311Error(404, 'not_found');
  const query = (request.query ?? {}) as Query;
  const lang = languageOf(request, param(query, 'lang'));
  const answer = await inTenant(platform, request, async (tx) => {
    if (request.method === 'GET') await checkJurisdiction(tx, param(query, 'jurisdiction_id'));
    return handler({
      tx,
      name: parsed.name,
      query,
      lang,
      tenantId: request.tenant.id,
      origin: `${request.protocol}://${request.host}`,
      request,
      link: (key) => platform.files.link(request.tenant.id, key, MEDIA_LINK_SECONDS),
    });
  });
  return send(reply, parsed.format, answer.status ?? 200, answer.json, () => answer.xml);
}

/** A jurisdiction_id, when given, must be this entity's (request_settings); else 404. */
async function checkJurisdiction(tx: Tx, given: string | undefined) {
  if (given === undefined) return;
  if ((await jurisdictionId(tx)) !== given) {
    throw open311Error(404, 'jurisdiction_not_found', { jurisdiction: given.slice(0, 100) });
  }
}

const GETS: Record<string, Handler> = {
  '/:file': async (c) => {
    if (c.name === 'discovery') return discovery(c);
    if (c.name === 'services') {
      const list = (await activeServices(c.tx)).map((s) => service(c.lang, s));
      return { json: list, xml: { root: 'services', node: { service: list } } };
    }
    if (c.name === 'requests') return listRequests(c);
    throw open311Error(404, 'not_found');
  },
  '/services/:file': async (c) => {
    const s = await serviceByCode(c.tx, c.name);
    if (!s || !s.active) throw open311Error(404, 'service_not_found', { code: c.name.slice(0, 100) });
    const def = serviceDefinition(c.lang, s);
    return {
      json: def,
      xml: {
        root: 'service_definition',
        node: {
          service_code: def.service_code,
          // In XML a list of values is <values><value><key/><name/></value>…</values>.
          attributes: {
            attribute: def.attributes.map(({ values, ...a }) => ({
              ...a,
              ...(values && { values: { value: values } }),
            })),
          },
        },
      },
    };
  },
  '/requests/:file': async (c) => {
    const code = trackingCode(c.name);
    const rows = code ? await findRequests(c.tx, c.tenantId, { trackingCodes: [code] }) : [];
    if (rows.length === 0) throw open311Error(404, 'request_not_found', { id: c.name.slice(0, 100) });
    return requestsAnswer(c, rows);
  },
  '/tokens/:file': async (c) => {
    const code = /^[0-9a-f]{32}$/.test(c.name) ? await trackingCodeByToken(c.tx, c.name) : null;
    if (!code) throw open311Error(404, 'token_not_found', { token: c.name.slice(0, 100) });
    const list = [{ service_request_id: code, token: c.name }];
    return { json: list, xml: { root: 'service_requests', node: { request: list } } };
  },
};

function discovery(c: Context): Answer {
  const changeset = w3c(CHANGESET);
  const body = {
    changeset,
    contact: t(c.lang, 'open311:contact', {
      name: c.request.tenant.name[c.lang],
      email: c.request.tenant.contactEmail ?? '—',
    }),
    key_service: t(c.lang, 'open311:key_service'),
    endpoints: [
      {
        specification: SPEC,
        url: `${c.origin}/open311/v2`,
        changeset,
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ],
  };
  return {
    json: body,
    xml: {
      root: 'discovery',
      node: {
        changeset,
        contact: body.contact,
        key_service: body.key_service,
        endpoints: { endpoint: body.endpoints.map((e) => ({ ...e, formats: { format: e.formats } })) },
      },
    },
  };
}

const STATUSES = new Set(['open', 'closed']);

async function listRequests(c: Context): Promise<Answer> {
  const ids = param(c.query, 'service_request_id');
  let filter: RequestFilter;
  if (ids) {
    // The spec: with service_request_id the other filters are ignored.
    const list = ids
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (list.length > MAX_RESULTS) throw open311Error(400, 'too_many_ids', { max: MAX_RESULTS });
    filter = { trackingCodes: list.map(trackingCode).filter((x): x is string => x !== null) };
    if (filter.trackingCodes.length === 0) return requestsAnswer(c, []);
  } else {
    const start = w3cDate(param(c.query, 'start_date'), 'start_date');
    const end = w3cDate(param(c.query, 'end_date'), 'end_date');
    const statusParam = param(c.query, 'status');
    const statuses = statusParam ? statusParam.split(',').map((s) => s.trim().toLowerCase()) : [];
    if (!statuses.every((s) => STATUSES.has(s))) throw open311Error(400, 'invalid_status');
    const open = statuses.length === 1 ? statuses[0] === 'open' : null;
    let categoryIds: string[] | null = null;
    const codes = param(c.query, 'service_code');
    if (codes) {
      categoryIds = [];
      for (const code of new Set(
        codes
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )) {
        const s = await serviceByCode(c.tx, code);
        if (!s) throw open311Error(404, 'service_not_found', { code: code.slice(0, 100) });
        categoryIds.push(s.id);
      }
    }
    const from = start ?? new Date((end ?? new Date()).getTime() - DEFAULT_DAYS * 86_400_000);
    filter = { categoryIds, from, to: end ?? null, open };
  }
  return requestsAnswer(c, await findRequests(c.tx, c.tenantId, filter));
}

function requestsAnswer(c: Context, rows: Awaited<ReturnType<typeof findRequests>>): Answer {
  const mediaUrl = (key: string) =>
    `${c.origin}/api/v1/requests/photo?link=${encodeURIComponent(c.link(key))}`;
  const list = rows.map((r) => serviceRequest(c.lang, r, mediaUrl));
  return { json: list, xml: { root: 'service_requests', node: { request: list } } };
}
