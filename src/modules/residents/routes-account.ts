import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTenant } from '../../kernel/http.js';
import type { Platform } from '../../kernel/platform.js';
import { problems } from '../../kernel/openapi-problem.js';
import { invalid, notFound } from '../../kernel/problem.js';
import { activityKinds, decodeCursor, feedPage, residentSees } from '../activity/index.js';
import { loadPayment, receiptPdf } from '../payments/index.js';
import { currentTenantProfile } from '../tenancy/index.js';
import { claimUtilityAccount, listLinks, unlink } from './claims.js';
import { deleteAccount, exportData, moneySummary } from './data.js';
import { clearResidentCookie, requireResident, RESIDENT_API } from './http.js';
import { confirmPhone, preferencesView, savePreferences, startPhoneVerification } from './preferences.js';
import {
  activityPageView,
  activityQuery,
  claimUtilityBody,
  codeBody,
  deleteBody,
  idParams,
  linksView,
  linkView,
  phoneBody,
  preferencesBody,
  preferencesView as preferencesSchema,
  summaryView,
} from './schema.js';
import type { ResidentContext } from './service.js';

/** The signed-in resident's own things: links and claims, My Activity, preferences, their data. */
export async function residentAccountRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const secure = platform.config.env === 'production';
  const tags = ['resident account'];
  const run = <T>(request: FastifyRequest, fn: (ctx: ResidentContext) => Promise<T>) =>
    inTenant(platform, request, (tx) =>
      fn({ tx, events: platform.events, communications: platform.communications, config: platform.config }),
    );
  const me = (request: FastifyRequest) => request.resident!.resident;
  const guarded = { preHandler: requireResident };

  r.get(
    `${RESIDENT_API}/links`,
    {
      schema: {
        tags,
        summary: 'What the resident has linked',
        response: { 200: linksView, ...problems(401) },
      },
      ...guarded,
    },
    async (request) => ({ items: await run(request, (ctx) => listLinks(ctx.tx, me(request).id)) }),
  );

  r.post(
    `${RESIDENT_API}/links/utilities`,
    {
      schema: {
        tags,
        summary: 'Claim a utility account with its number, service ZIP and last name',
        body: claimUtilityBody,
        response: { 201: linkView, ...problems(400, 401, 403, 409, 422, 429) },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      ...guarded,
    },
    async (request, reply) => {
      const outcome = await run(request, (ctx) =>
        claimUtilityAccount(ctx.tx, ctx.events, me(request), request.body),
      );
      if (!outcome.ok) throw outcome.problem;
      const links = await run(request, (ctx) => listLinks(ctx.tx, me(request).id));
      return reply.code(201).send(links.find((l) => l.id === outcome.linkId)!);
    },
  );

  r.delete(
    `${RESIDENT_API}/links/:id`,
    {
      schema: {
        tags,
        summary: 'Unlink a record (it leaves My Activity; the record stays)',
        params: idParams,
        response: { 204: z.null().describe('Unlinked'), ...problems(401, 403, 404) },
      },
      ...guarded,
    },
    async (request, reply) => {
      await run(request, (ctx) => unlink(ctx.tx, ctx.events, me(request).id, request.params.id));
      return reply.code(204).send(null);
    },
  );

  r.get(
    `${RESIDENT_API}/summary`,
    {
      schema: {
        tags,
        summary: 'What I owe / what I paid, from the ledger',
        response: { 200: summaryView, ...problems(401) },
      },
      ...guarded,
    },
    async (request) => run(request, (ctx) => moneySummary(ctx.tx, me(request).id)),
  );

  r.get(
    `${RESIDENT_API}/activity`,
    {
      schema: {
        tags,
        summary: 'My Activity, newest first, keyset-paged',
        querystring: activityQuery(activityKinds()),
        response: { 200: activityPageView, ...problems(400, 401) },
      },
      ...guarded,
    },
    async (request) => {
      const { kind, cursor, limit } = request.query;
      const after = cursor ? decodeCursor(cursor) : undefined;
      if (after === null) throw invalid([{ field: 'cursor', code: 'invalid' }]);
      return run(request, async (ctx) => {
        const page = await feedPage(ctx.tx, me(request).id, {
          limit,
          ...(kind && { kind }),
          ...(after && { after }),
        });
        const labels = new Map(
          (await listLinks(ctx.tx, me(request).id)).map((l) => [
            `${l.module}:${l.refId}`,
            l.utility?.accountNumber ?? null,
          ]),
        );
        return {
          next: page.next,
          items: page.items.map((e) => ({
            ...e,
            scope: { ...e.scope, label: labels.get(`${e.scope.module}:${e.scope.id}`) ?? null },
            receiptUrl:
              e.item.type === 'payment' ? `${RESIDENT_API}/activity/receipts/${e.item.id}/receipt.pdf` : null,
          })),
        };
      });
    },
  );

  r.get(
    `${RESIDENT_API}/activity/receipts/:id/receipt.pdf`,
    {
      schema: {
        tags,
        summary: "A payment receipt PDF, in the resident's language (only payments in their activity)",
        params: idParams,
        response: { 200: z.any().describe('application/pdf'), ...problems(401, 404) },
      },
      ...guarded,
    },
    async (request, reply) => {
      const lang = request.lang;
      const doc = await run(request, async (ctx) => {
        // Another resident's payment, or one never linked, is simply not found.
        if (!(await residentSees(ctx.tx, me(request).id, 'payment', request.params.id))) throw notFound();
        const payment = await loadPayment(ctx.tx, request.params.id);
        if (!payment) throw notFound();
        const tenant = await currentTenantProfile(ctx.tx);
        const entity = {
          name: tenant.name[lang],
          contactEmail: tenant.contactEmail,
          contactPhone: tenant.contactPhone,
        };
        return { name: payment.receiptNumber, pdf: await receiptPdf(payment, lang, entity) };
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${doc.name}.pdf"`)
        .send(doc.pdf);
    },
  );

  r.get(
    `${RESIDENT_API}/preferences`,
    {
      schema: { tags, summary: 'Notice preferences', response: { 200: preferencesSchema, ...problems(401) } },
      ...guarded,
    },
    async (request) => run(request, (ctx) => preferencesView(ctx.tx, me(request))),
  );

  r.put(
    `${RESIDENT_API}/preferences`,
    {
      schema: {
        tags,
        summary: 'Save notice channel and language (audit-logged)',
        body: preferencesBody,
        response: { 200: preferencesSchema, ...problems(400, 401, 403, 409) },
      },
      ...guarded,
    },
    async (request) =>
      run(request, async (ctx) =>
        preferencesView(ctx.tx, await savePreferences(ctx, me(request), request.body)),
      ),
  );

  r.post(
    `${RESIDENT_API}/phone`,
    {
      schema: {
        tags,
        summary: 'Add a phone for text messages: consent and a code',
        body: phoneBody,
        response: {
          202: z.object({ phone: z.string(), sentTo: z.literal('sms') }),
          ...problems(400, 401, 403, 409, 429),
        },
      },
      config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
      ...guarded,
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await run(request, (ctx) => startPhoneVerification(ctx, me(request), request.body))),
  );

  r.post(
    `${RESIDENT_API}/phone/verify`,
    {
      schema: {
        tags,
        summary: 'Confirm the phone with its code (audit-logged with the consent)',
        body: codeBody,
        response: { 200: preferencesSchema, ...problems(400, 401, 403, 429) },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      ...guarded,
    },
    async (request) => {
      const view = await run(request, async (ctx) => {
        const outcome = await confirmPhone(ctx, me(request), request.body.code, request.lang);
        return outcome.ok ? preferencesView(ctx.tx, outcome.resident) : outcome;
      });
      if ('problem' in view) throw view.problem;
      return view;
    },
  );

  r.get(
    `${RESIDENT_API}/data`,
    {
      schema: {
        tags,
        summary: 'Download everything the account holds (JSON)',
        response: { 200: z.record(z.string(), z.unknown()), ...problems(401) },
      },
      ...guarded,
    },
    async (request, reply) => {
      const data = await run(request, (ctx) => exportData(ctx, me(request)));
      return reply.header('content-disposition', 'attachment; filename="my-account.json"').send(data);
    },
  );

  r.delete(
    `${RESIDENT_API}/account`,
    {
      schema: {
        tags,
        summary: "Delete the account (the city's records stay)",
        body: deleteBody,
        response: { 204: z.null().describe('Deleted'), ...problems(400, 401, 403) },
      },
      ...guarded,
    },
    async (request, reply) => {
      await run(request, (ctx) => deleteAccount(ctx, me(request), request.body.password));
      clearResidentCookie(reply, secure);
      return reply.code(204).send(null);
    },
  );
}
