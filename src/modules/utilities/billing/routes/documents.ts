import { z } from 'zod';
import { withTenant } from '../../../../db/tenant-context.js';
import { problems } from '../../../../kernel/openapi-problem.js';
import { Problem } from '../../../../kernel/problem.js';
import { idParams, pdfQuery, pdfResponse, sendPdf } from '../../shared/index.js';
import { statementPdfFor } from '../documents.js';
import { verifyStatementLink } from '../statement-links.js';
import type { BillingRouteKit } from './kit.js';

/** Statement PDFs: for staff, and for a resident through the signed link in the statement notice. */
export function statementDocumentRoutes({ r, db, config, tags, read }: BillingRouteKit): void {
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
