import { z } from 'zod';
import { withTenant } from '../../../../db/tenant-context.js';
import { problems } from '../../../../kernel/openapi-problem.js';
import { notFound } from '../../../../kernel/problem.js';
import { idParams } from '../../shared/index.js';
import {
  listStatements,
  setExcluded,
  statementById,
  statementListQuery,
  voidStatement,
  voidStatementBody,
} from '../statements.js';
import { statementView, statementDetailView, toStatementView, toDetailView } from '../presenters.js';
import type { BillingRouteKit } from './kit.js';

/** Statements: list, one, exclude or include a draft, void. */
export function statementRoutes({ r, db, tags, read, bill, voidPerm, inTx }: BillingRouteKit): void {
  r.get(
    '/api/v1/utilities/statements',
    {
      schema: {
        tags,
        summary: 'Statements: by cycle, account, status, number or account number',
        querystring: statementListQuery,
        response: {
          200: z.object({ items: z.array(statementView), total: z.number().int() }),
          ...problems(400, 401, 403),
        },
      },
      preHandler: read,
    },
    async (request) =>
      withTenant(db, request.tenant.id, async (tx) => {
        const found = await listStatements(tx, request.query);
        return { items: found.items.map(toStatementView), total: found.total };
      }),
  );

  r.get(
    '/api/v1/utilities/statements/:id',
    {
      schema: {
        tags,
        summary: 'One statement with its meter reads and line items',
        params: idParams,
        response: { 200: statementDetailView, ...problems(401, 403, 404) },
      },
      preHandler: read,
    },
    async (request) =>
      withTenant(db, request.tenant.id, async (tx) => {
        const s = await statementById(tx, request.params.id);
        if (!s) throw notFound();
        return toDetailView(s);
      }),
  );

  for (const [path, excluded] of [
    ['exclude', true],
    ['include', false],
  ] as const) {
    r.post(
      `/api/v1/utilities/statements/:id/${path}`,
      {
        schema: {
          tags,
          summary: excluded ? 'Leave a draft out of this run' : 'Put an excluded draft back in the run',
          params: idParams,
          response: { 200: statementDetailView, ...problems(401, 403, 404, 409) },
        },
        preHandler: bill,
      },
      async (request) =>
        inTx(request, async (ctx) => toDetailView(await setExcluded(ctx, request.params.id, excluded))),
    );
  }

  r.post(
    '/api/v1/utilities/statements/:id/void',
    {
      schema: {
        tags,
        summary: 'Void an issued statement (administrators): its ledger charge is voided too',
        params: idParams,
        body: voidStatementBody,
        response: { 200: statementDetailView, ...problems(400, 401, 403, 404, 409) },
      },
      preHandler: voidPerm,
    },
    async (request) =>
      inTx(request, async (ctx) => toDetailView(await voidStatement(ctx, request.params.id, request.body))),
  );
}
