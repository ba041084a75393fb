import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { queryRows } from '../../db/rows.js';
import type { Actor } from '../../events/types.js';
import { inTenant } from '../../kernel/http.js';
import { problems } from '../../kernel/openapi-problem.js';
import type { Platform } from '../../kernel/platform.js';
import { Problem } from '../../kernel/problem.js';
import { acceptFileBodies, sendSignedFile } from '../../kernel/storage/index.js';
import { unfollow as unfollowScope } from '../activity/index.js';
import { publicBaseUrl } from '../communications/index.js';
import { requireResident, RESIDENT_API } from '../residents/index.js';
import { currentTenantProfile } from '../tenancy/index.js';
import { searchServiceAddresses } from '../utilities/index.js';
import { areaView, getArea } from './area.js';
import { categoryView, listCategories } from './catalogue.js';
import { RequestEvents } from './events.js';
import { uploadPhoto } from './photos.js';
import { ClaimTokens, publicRequest, requestByCode, residentRequests } from './public.js';
import { fileReport, newReportBody } from './reporting.js';
import { categorySchema, filedSchema, publicAreaSchema, publicRequestSchema } from './schemas.js';

const codeParams = z.object({ code: z.string().min(1).max(20) });
const tags = ['requests (portal)'];
// Per client address, on top of the per-address limit fileReport applies.
const REPORTS_PER_CLIENT_PER_HOUR = 30;
const tooManyReports = {
  max: REPORTS_PER_CLIENT_PER_HOUR,
  timeWindow: '1 hour',
  errorResponseBuilder: (_req: FastifyRequest, context: { ttl: number }) =>
    new Problem(
      429,
      'too_many_reports',
      {},
      { retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)) },
    ),
};

/**
 * The public and resident side of 311 (CONTRACT.md): the catalogue, the area, address search,
 * photo uploads, filing, the public status page, photos by signed link, claim links — and,
 * under /api/v1/resident (where the resident cookie goes), signed-in filing, My requests,
 * following and claiming.
 */
export async function requestsPortalRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const claims = new ClaimTokens(platform.config.secret);

  r.get(
    '/api/v1/requests/catalogue',
    {
      schema: {
        tags,
        summary: 'Active categories, by position, with their questions',
        response: { 200: z.object({ categories: z.array(categorySchema) }) },
      },
    },
    async (request) =>
      inTenant(platform, request, async (tx) => ({
        categories: (await listCategories(tx, { activeOnly: true })).map(categoryView),
      })),
  );

  r.get(
    '/api/v1/requests/area',
    {
      schema: {
        tags,
        summary: 'Where reports may be pinned',
        response: { 200: publicAreaSchema, ...problems(404) },
      },
    },
    async (request) =>
      inTenant(platform, request, async (tx) => {
        const area = await getArea(tx);
        if (!area) throw new Problem(404, 'not_found');
        return areaView(area);
      }),
  );

  r.get(
    '/api/v1/requests/addresses',
    {
      schema: {
        tags,
        summary: 'Known service addresses matching q (no account ids or names)',
        querystring: z.object({ q: z.string().trim().min(3).max(100) }),
        response: {
          200: z.object({
            addresses: z.array(
              z.object({ label: z.string(), lat: z.number().optional(), lng: z.number().optional() }),
            ),
          }),
          ...problems(400),
        },
      },
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
    },
    async (request) =>
      inTenant(platform, request, async (tx) => ({
        addresses: (await searchServiceAddresses(tx, request.query.q, 10)).map((a) => ({
          label: a.label,
          ...(a.lat !== null && a.lng !== null && { lat: a.lat, lng: a.lng }),
        })),
      })),
  );

  // Raw image bodies only in this scope.
  await app.register(async (scope) => {
    acceptFileBodies(scope);
    scope.post(
      '/api/v1/requests/photos',
      {
        schema: {
          tags,
          summary: 'Upload a photo (raw JPEG, PNG or WebP, ≤ 8 MB)',
          response: problems(413, 415, 422, 429),
        },
        config: { rateLimit: { max: 60, timeWindow: '1 hour' } },
      },
      async (request, reply) => {
        if (!request.body || typeof (request.body as Readable).pipe !== 'function') {
          throw new Problem(415, 'file_type_not_allowed', { allowed: 'jpeg, png, webp' });
        }
        const photoId = await uploadPhoto(platform, request.tenant.id, request.body as Readable);
        return reply.code(201).send({ photoId });
      },
    );
  });

  const file = async (
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    residentId: string | null,
  ) => {
    const filed = await inTenant(platform, request, (tx) =>
      fileReport(
        { tx, events: platform.events, actor },
        { ...(request.body as z.input<typeof newReportBody>), source: 'portal', residentId },
      ),
    );
    return reply
      .code(201)
      .send({ trackingCode: filed.trackingCode, status: filed.status, submittedAt: filed.submittedAt });
  };

  r.post(
    '/api/v1/requests',
    {
      schema: {
        tags,
        summary: 'File a report (anonymous)',
        body: newReportBody,
        response: { 201: filedSchema, ...problems(400, 429) },
      },
      config: { rateLimit: tooManyReports },
    },
    async (request, reply) => file(request, reply, { type: 'public', id: null }, null),
  );

  r.get(
    '/api/v1/requests/track/:code',
    {
      schema: {
        tags,
        summary: 'The public status page of a request',
        params: codeParams,
        response: { 200: publicRequestSchema, ...problems(404) },
      },
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
    },
    async (request) =>
      inTenant(platform, request, (tx) =>
        publicRequest(tx, platform.files, request.tenant.id, request.params.code, null),
      ),
  );

  r.get(
    '/api/v1/requests/photo',
    {
      schema: {
        tags,
        summary: 'A photo, by signed link',
        querystring: z.object({ link: z.string().max(2000) }),
      },
    },
    async (request, reply) => sendSignedFile(reply, platform.files, request.query.link, request.tenant.id),
  );

  r.post(
    '/api/v1/requests/track/:code/claim-link',
    {
      schema: {
        tags,
        summary: 'Email a claim link, if the request was filed with this email',
        params: codeParams,
        body: z.object({ email: z.email().max(254) }),
        response: { 202: z.null(), ...problems(400, 429) },
      },
      config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      await inTenant(platform, request, async (tx) => {
        let found;
        try {
          found = await requestByCode(tx, request.params.code);
        } catch {
          return; // 202 either way: the answer says nothing about the request
        }
        const email = request.body.email.toLowerCase();
        if (!found.reporterEmail || found.reporterEmail !== email || found.reporterResidentId) return;
        const tenant = await currentTenantProfile(tx);
        const token = claims.sign(request.tenant.id, found.id, email);
        await platform.communications.notify(tx, {
          to: { email },
          language: found.language,
          kind: 'request.claim_link',
          data: {
            trackingCode: found.trackingCode,
            claimUrl: `${publicBaseUrl(platform.config, tenant.primaryHost)}/portal/requests/claim#token=${token}`,
          },
          idempotencyKey: `request:${found.id}:claim-link:${token.slice(-16)}`,
        });
      });
      return reply.code(202).send(null);
    },
  );

  // ---- Signed in (the resident cookie's path) ------------------------------------------------
  const guarded = { preHandler: requireResident };
  const me = (request: FastifyRequest) => request.resident!.resident;

  r.post(
    `${RESIDENT_API}/requests`,
    {
      schema: {
        tags,
        summary: 'File a report as the signed-in resident',
        body: newReportBody,
        response: { 201: filedSchema, ...problems(400, 401, 403, 429) },
      },
      config: { rateLimit: tooManyReports },
      ...guarded,
    },
    async (request, reply) => file(request, reply, { type: 'resident', id: me(request).id }, me(request).id),
  );

  r.get(
    `${RESIDENT_API}/requests`,
    {
      schema: {
        tags,
        summary: 'The resident’s reports and the requests they follow',
        response: {
          200: z.object({ reported: z.array(publicRequestSchema), following: z.array(publicRequestSchema) }),
          ...problems(401),
        },
      },
      ...guarded,
    },
    async (request) =>
      inTenant(platform, request, (tx) =>
        residentRequests(tx, platform.files, request.tenant.id, me(request).id),
      ),
  );

  r.get(
    `${RESIDENT_API}/requests/track/:code`,
    {
      schema: {
        tags,
        summary: 'A request’s public page, with `following`',
        params: codeParams,
        response: { 200: publicRequestSchema, ...problems(401, 404) },
      },
      ...guarded,
    },
    async (request) =>
      inTenant(platform, request, (tx) =>
        publicRequest(tx, platform.files, request.tenant.id, request.params.code, me(request).id),
      ),
  );

  r.post(
    `${RESIDENT_API}/requests/track/:code/follow`,
    {
      schema: {
        tags,
        summary: 'Follow a request',
        params: codeParams,
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
      ...guarded,
    },
    async (request, reply) => {
      const resident = me(request);
      await inTenant(platform, request, async (tx) => {
        const found = await requestByCode(tx, request.params.code);
        const added = await queryRows<{ id: string }>(
          tx,
          sql`INSERT INTO request_followers (request_id, resident_id, language)
              VALUES (${found.id}, ${resident.id}, ${resident.noticeLanguage})
              ON CONFLICT DO NOTHING RETURNING id`,
        );
        if (added.length > 0) {
          await platform.events.record(tx, {
            type: RequestEvents.followed,
            subjectType: 'request',
            subjectId: found.id,
            actor: { type: 'resident', id: resident.id },
            payload: { requestId: found.id, trackingCode: found.trackingCode, residentId: resident.id },
          });
        }
      });
      return reply.code(204).send(null);
    },
  );

  r.delete(
    `${RESIDENT_API}/requests/track/:code/follow`,
    {
      schema: {
        tags,
        summary: 'Stop following a request',
        params: codeParams,
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
      ...guarded,
    },
    async (request, reply) => {
      const resident = me(request);
      await inTenant(platform, request, async (tx) => {
        const found = await requestByCode(tx, request.params.code);
        await tx.execute(
          sql`DELETE FROM request_followers WHERE request_id = ${found.id} AND resident_id = ${resident.id}`,
        );
        // The reporter keeps their own report in My Activity.
        if (found.reporterResidentId !== resident.id) {
          await unfollowScope(tx, resident.id, { module: 'requests', id: found.id });
        }
      });
      return reply.code(204).send(null);
    },
  );

  r.post(
    `${RESIDENT_API}/requests/claim`,
    {
      schema: {
        tags,
        summary: 'Link an anonymous report to the account, with the emailed token',
        body: z.object({ token: z.string().min(10).max(2000) }),
        response: { 200: z.object({ trackingCode: z.string() }), ...problems(400, 401, 403, 409) },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      ...guarded,
    },
    async (request) => {
      const resident = me(request);
      const { requestId } = claims.verify(request.body.token, request.tenant.id);
      return inTenant(platform, request, async (tx) => {
        const [row] = await queryRows<{ tracking_code: string; reporter_resident_id: string | null }>(
          tx,
          sql`SELECT tracking_code, reporter_resident_id FROM service_requests WHERE id = ${requestId} FOR UPDATE`,
        );
        if (!row) throw new Problem(400, 'claim_invalid');
        if (row.reporter_resident_id === resident.id) return { trackingCode: row.tracking_code };
        if (row.reporter_resident_id) throw new Problem(409, 'request_already_claimed');
        await tx.execute(
          sql`UPDATE service_requests SET reporter_resident_id = ${resident.id}, updated_at = now() WHERE id = ${requestId}`,
        );
        await platform.events.record(tx, {
          type: RequestEvents.claimed,
          subjectType: 'request',
          subjectId: requestId,
          actor: { type: 'resident', id: resident.id },
          payload: { requestId, trackingCode: row.tracking_code, residentId: resident.id },
        });
        return { trackingCode: row.tracking_code };
      });
    },
  );
}
