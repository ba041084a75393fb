import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { withTenant } from '../../db/tenant-context.js';
import type { Language } from '../../lib/i18n.js';
import type { Platform } from '../../kernel/platform.js';
import { idempotent } from '../../kernel/idempotency.js';
import { problems } from '../../kernel/openapi-problem.js';
import { notFound, Problem } from '../../kernel/problem.js';
import { requireStaff, staffActor } from '../identity/index.js';
import type { LedgerContext } from '../payments/index.js';
import { currentTenantProfile } from '../tenancy/index.js';
import { runDelinquency } from './delinquency.js';
import { utcToday } from './delinquency-fees.js';
import {
  delinquencyListQuery,
  delinquencyTotals,
  delinquencyView,
  listDelinquencies,
} from './delinquency-list.js';
import {
  delinquencySettings,
  saveDelinquencySettings,
  settingsBody,
  settingsView,
} from './delinquency-settings.js';
import { disconnectBody, disconnectService, reconnectBody, reconnectService } from './disconnections.js';
import { idParams } from './schema.js';
import { verifyStatementLink } from './statement-links.js';
import type { Entity } from './pdf-layout.js';
import { shutoffWarningPdf } from './shutoff-pdf.js';
import { statementPdf } from './statement-pdf.js';
import { statementById } from './statements.js';

const pdfResponse = z.any().describe('application/pdf');
const pdfQuery = z.object({ lang: z.enum(['en', 'es']).optional() });
const runBody = z.object({
  /** The calendar day to run for, YYYY-MM-DD (today when omitted; never a future day). */
  today: z.iso.date().optional(),
});
const runView = z.object({
  today: z.string(),
  pastDue: z.number().int(),
  lateFees: z.number().int(),
  lateFeeCents: z.number().int(),
  shutoffWarnings: z.number().int(),
});

/** A run or a disconnection dated in the future would act on what has not happened yet. */
function notFuture(day: string) {
  if (day > utcToday()) throw new Problem(400, 'delinquency_date_in_future', { date: day });
}

async function entityFor(tx: Tx, lang: Language): Promise<Entity> {
  const tenant = await currentTenantProfile(tx);
  return { name: tenant.name[lang], contactEmail: tenant.contactEmail, contactPhone: tenant.contactPhone };
}

function sendPdf(reply: FastifyReply, name: string, pdf: Buffer) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${name}.pdf"`)
    .header('cache-control', 'private, no-store')
    .send(pdf);
}

async function statementPdfFor(tx: Tx, id: string, lang: Language | undefined) {
  const s = await statementById(tx, id);
  if (!s || (s.state !== 'issued' && s.state !== 'void')) throw notFound();
  const language = lang ?? s.language;
  return { name: s.number!, data: await statementPdf(s, language, await entityFor(tx, language)) };
}

/** Delinquency (/dashboard/utilities/delinquencies), statement PDFs, and the resident's signed PDF link. */
export async function utilityDelinquencyRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, events, communications, config } = platform;
  const tags = ['utility billing'];
  const read = requireStaff('utilities.read');
  const bill = requireStaff('utilities.bill');
  const admin = requireStaff('utilities.rates');
  const inTx = <T>(request: FastifyRequest, fn: (ctx: LedgerContext) => Promise<T>) =>
    withTenant(db, request.tenant.id, (tx) => fn({ tx, events, communications, actor: staffActor(request) }));

  r.get(
    '/api/v1/utilities/delinquency/settings',
    {
      schema: {
        tags,
        summary: 'The late-fee and shutoff rules (defaults until an administrator saves them)',
        response: { 200: settingsView, ...problems(401, 403) },
      },
      preHandler: read,
    },
    async (request) => withTenant(db, request.tenant.id, (tx) => delinquencySettings(tx)),
  );

  r.put(
    '/api/v1/utilities/delinquency/settings',
    {
      schema: {
        tags,
        summary: 'Change the late-fee and shutoff rules (administrators)',
        body: settingsBody,
        response: { 200: settingsView, ...problems(400, 401, 403) },
      },
      preHandler: admin,
    },
    async (request) => inTx(request, (ctx) => saveDelinquencySettings(ctx, request.body)),
  );

  r.post(
    '/api/v1/utilities/delinquency/run',
    {
      schema: {
        tags,
        summary:
          'Run the daily delinquency step now, for a given day (safe to repeat: nothing is charged twice)',
        body: runBody,
        response: { 200: runView, ...problems(400, 401, 403) },
      },
      preHandler: bill,
    },
    async (request) => {
      const today = request.body.today ?? utcToday();
      notFuture(today);
      return runDelinquency({ db, events, communications }, request.tenant.id, staffActor(request), today);
    },
  );

  r.get(
    '/api/v1/utilities/delinquencies',
    {
      schema: {
        tags,
        summary: 'Past-due and shutoff-warned statements, with totals',
        querystring: delinquencyListQuery,
        response: {
          200: z.object({
            items: z.array(delinquencyView),
            total: z.number().int(),
            totals: delinquencyTotals,
          }),
          ...problems(400, 401, 403),
        },
      },
      preHandler: read,
    },
    async (request) => withTenant(db, request.tenant.id, (tx) => listDelinquencies(tx, request.query)),
  );

  r.post(
    '/api/v1/utilities/statements/:id/disconnect',
    {
      schema: {
        tags,
        summary: 'Record that service was cut off for a shutoff-warned statement',
        params: idParams,
        body: disconnectBody,
        response: { 200: z.object({ disconnectionId: z.uuid() }), ...problems(400, 401, 403, 404, 409) },
      },
      preHandler: bill,
    },
    async (request) => {
      notFuture(request.body.on);
      return inTx(request, (ctx) => disconnectService(ctx, request.params.id, request.body));
    },
  );

  r.post(
    '/api/v1/utilities/statements/:id/reconnect',
    {
      schema: {
        tags,
        summary:
          'Record that service was turned back on; charges the reconnect fee (Idempotency-Key required)',
        params: idParams,
        body: reconnectBody,
        response: {
          200: z.object({
            disconnectionId: z.uuid(),
            feeCents: z.number().int(),
            chargeId: z.uuid().nullable(),
          }),
          ...problems(400, 401, 403, 404, 409, 422),
        },
      },
      preHandler: bill,
    },
    async (request, reply) => {
      notFuture(request.body.on);
      const out = await withTenant(db, request.tenant.id, (tx) =>
        idempotent(tx, request, `${request.staff!.user.id}:utilities.reconnect`, async () => ({
          status: 200,
          body: await reconnectService(
            { tx, events, communications, actor: staffActor(request) },
            request.params.id,
            request.body,
          ),
        })),
      );
      return reply.code(200).send(out.body);
    },
  );

  r.get(
    '/api/v1/utilities/statements/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The statement as a printable PDF, in the customer’s notice language unless ?lang=',
        params: idParams,
        querystring: pdfQuery,
        response: { 200: pdfResponse, ...problems(400, 401, 403, 404) },
      },
      preHandler: read,
    },
    async (request, reply) => {
      const pdf = await withTenant(db, request.tenant.id, (tx) =>
        statementPdfFor(tx, request.params.id, request.query.lang),
      );
      return sendPdf(reply, pdf.name, pdf.data);
    },
  );

  r.get(
    '/api/v1/utilities/statements/:id/shutoff-warning.pdf',
    {
      schema: {
        tags,
        summary: 'The print-ready shutoff warning of a shutoff-warned statement',
        params: idParams,
        querystring: pdfQuery,
        response: { 200: pdfResponse, ...problems(400, 401, 403, 404, 409) },
      },
      preHandler: read,
    },
    async (request, reply) => {
      const pdf = await withTenant(db, request.tenant.id, async (tx) => {
        const s = await statementById(tx, request.params.id);
        if (!s) throw notFound();
        const [step] = await queryRows<{ taken_on: string; shutoff_date: string; owed_cents: number }>(
          tx,
          sql`SELECT to_char(taken_on, 'YYYY-MM-DD') AS taken_on, to_char(shutoff_date, 'YYYY-MM-DD') AS shutoff_date,
                owed_cents::int AS owed_cents
              FROM delinquency_steps WHERE statement_id = ${s.id} AND step = 'shutoff_warned'`,
        );
        if (!step) throw new Problem(409, 'statement_not_shutoff_warned');
        const lang = request.query.lang ?? s.language;
        const settings = await delinquencySettings(tx);
        return {
          name: `shutoff-${s.number}`,
          data: await shutoffWarningPdf(
            {
              statement: s,
              warnedOn: step.taken_on,
              shutoffDate: step.shutoff_date,
              owedCents: step.owed_cents,
              reconnectFeeCents: settings.reconnectFeeCents,
            },
            lang,
            await entityFor(tx, lang),
          ),
        };
      });
      return sendPdf(reply, pdf.name, pdf.data);
    },
  );

  r.get(
    '/api/v1/portal/statements/:id/pdf',
    {
      schema: {
        tags: ['portal'],
        summary: 'A resident’s statement PDF from the signed link in the statement notice (no sign-in)',
        params: idParams,
        querystring: pdfQuery.extend({ t: z.string().min(10).max(500) }),
        response: { 200: pdfResponse, ...problems(400, 404, 429) },
      },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const granted = verifyStatementLink(config.secret, request.tenant.id, request.query.t);
      if (granted !== request.params.id) throw new Problem(404, 'statement_link_invalid');
      const pdf = await withTenant(db, request.tenant.id, (tx) =>
        statementPdfFor(tx, request.params.id, request.query.lang),
      );
      return sendPdf(reply, pdf.name, pdf.data);
    },
  );
}
