import { z } from 'zod';
import { withTenant } from '../../../../db/tenant-context.js';
import { idempotent } from '../../../../kernel/idempotency.js';
import { problems } from '../../../../kernel/openapi-problem.js';
import { notFound, Problem } from '../../../../kernel/problem.js';
import { staffActor } from '../../../identity/index.js';
import { delinquencySettings } from '../settings.js';
import {
  disconnectBody,
  disconnectService,
  reconnectBody,
  reconnectService,
  reconnectView,
  shutoffWarningStep,
} from '../disconnections.js';
import { idParams, entityFor, pdfQuery, pdfResponse, sendPdf } from '../../shared/index.js';
import { shutoffWarningPdf } from '../shutoff-pdf.js';
import { statementById } from '../../billing/index.js';
import { notFuture, type DelinquencyRouteKit } from './kit.js';

/** Shutoff: the print-ready warning, disconnecting and reconnecting service. */
export function disconnectionRoutes({
  r,
  db,
  events,
  communications,
  tags,
  read,
  bill,
  inTx,
}: DelinquencyRouteKit): void {
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
          200: reconnectView,
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
        const step = await shutoffWarningStep(tx, s.id);
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
}
