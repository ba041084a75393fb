import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { inTenant } from '../../kernel/http.js';
import type { Language } from '../../lib/i18n.js';
import type { Platform } from '../../kernel/platform.js';
import { problems } from '../../kernel/openapi-problem.js';
import { notFound } from '../../kernel/problem.js';
import { requireStaff } from '../identity/index.js';
import { currentTenantProfile } from '../tenancy/index.js';
import { depositPdf, receiptPdf, refundPdf, type Entity } from './pdf.js';
import { depositReport } from './reports.js';
import { depositQuery, idParams, pdfQuery } from './schema.js';
import { loadPayment } from './views.js';

const pdfResponse = z.any().describe('application/pdf');

async function entityFor(tx: Tx, lang: Language): Promise<Entity> {
  const tenant = await currentTenantProfile(tx);
  return { name: tenant.name[lang], contactEmail: tenant.contactEmail, contactPhone: tenant.contactPhone };
}

function sendPdf(reply: FastifyReply, name: string, pdf: Buffer) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${name}.pdf"`)
    .send(pdf);
}

/** Receipts (reprint), refund receipts and the daily deposit report, as JSON and PDF. */
export async function paymentsDocumentRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['payments'];
  const read = requireStaff('payments.read');
  // A receipt is printed in the payer's language unless staff ask for the other one.
  const langOf = (request: FastifyRequest, fallback: Language) =>
    ((request.query as { lang?: Language }).lang ?? fallback) as Language;

  r.get(
    '/api/v1/payments/payments/:id/receipt.pdf',
    {
      schema: {
        tags,
        summary: 'The payment receipt PDF (payer language unless ?lang=)',
        params: idParams,
        querystring: pdfQuery,
        response: { 200: pdfResponse, ...problems(401, 403, 404) },
      },
      preHandler: read,
    },
    async (request, reply) => {
      const pdf = await inTenant(platform, request, async (tx) => {
        const payment = await loadPayment(tx, request.params.id);
        if (!payment) throw notFound();
        const lang = langOf(request, payment.payer.language);
        return {
          name: payment.receiptNumber,
          data: await receiptPdf(payment, lang, await entityFor(tx, lang)),
        };
      });
      return sendPdf(reply, pdf.name, pdf.data);
    },
  );

  r.get(
    '/api/v1/payments/payments/:id/refunds/:refundId/receipt.pdf',
    {
      schema: {
        tags,
        summary: 'A refund receipt PDF',
        params: idParams.extend({ refundId: z.uuid() }),
        querystring: pdfQuery,
        response: { 200: pdfResponse, ...problems(401, 403, 404) },
      },
      preHandler: read,
    },
    async (request, reply) => {
      const pdf = await inTenant(platform, request, async (tx) => {
        const payment = await loadPayment(tx, request.params.id);
        if (!payment) throw notFound();
        const lang = langOf(request, payment.payer.language);
        const data = await refundPdf(payment, request.params.refundId, lang, await entityFor(tx, lang));
        if (!data) throw notFound();
        return { name: payment.refunds.find((x) => x.id === request.params.refundId)!.refundNumber, data };
      });
      return sendPdf(reply, pdf.name, pdf.data);
    },
  );

  const depositClerk = z.object({
    clerk: z.string(),
    checksCents: z.number().int(),
    cashCents: z.number().int(),
    totalCents: z.number().int(),
    lines: z.array(
      z.object({
        receiptNumber: z.string(),
        method: z.enum(['check', 'cash', 'card', 'ach']),
        checkNumber: z.string().nullable(),
        payerName: z.string(),
        amountCents: z.number().int(),
        status: z.enum(['completed', 'reversed']),
      }),
    ),
  });

  r.get(
    '/api/v1/payments/deposit-report',
    {
      schema: {
        tags,
        summary: 'Checks and cash taken on a day, by clerk, with totals',
        querystring: depositQuery,
        response: {
          200: z.object({
            date: z.string(),
            clerks: z.array(depositClerk),
            checkCount: z.number().int(),
            checksCents: z.number().int(),
            cashCount: z.number().int(),
            cashCents: z.number().int(),
            totalCents: z.number().int(),
          }),
          ...problems(400, 401, 403),
        },
      },
      preHandler: read,
    },
    async (request) => inTenant(platform, request, (tx) => depositReport(tx, request.query.date)),
  );

  r.get(
    '/api/v1/payments/deposit-report.pdf',
    {
      schema: {
        tags,
        summary: 'The daily deposit report as a PDF (in the staff member’s language unless ?lang=)',
        querystring: depositQuery.extend(pdfQuery.shape),
        response: { 200: pdfResponse, ...problems(400, 401, 403) },
      },
      preHandler: read,
    },
    async (request, reply) => {
      const lang = request.query.lang ?? request.lang;
      const pdf = await inTenant(platform, request, async (tx) =>
        depositPdf(await depositReport(tx, request.query.date), lang, await entityFor(tx, lang)),
      );
      return sendPdf(reply, `deposit-${request.query.date}`, pdf);
    },
  );
}
