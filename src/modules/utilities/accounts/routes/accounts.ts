import { withTenant } from '../../../../db/tenant-context.js';
import { problems } from '../../../../kernel/openapi-problem.js';
import { closeAccount, openAccount, reopenAccount, searchAccounts, updateAccount } from '../accounts.js';
import { metersOfAccount, removeMeter } from '../meters.js';
import { accountListQuery, closeAccountBody, openAccountBody, updateAccountBody } from '../schemas.js';
import { idParams } from '../../shared/index.js';
import {
  accountDetailView,
  accountListView,
  accountView,
  toAccountView,
  toMeterView,
} from '../presenters.js';
import type { AccountsRouteKit } from './kit.js';

/** Accounts: list and search, open, change, close and reopen. */
export function accountRoutes({
  r,
  db,
  tags,
  read,
  manage,
  inTx,
  account,
  balanceOf,
}: AccountsRouteKit): void {
  r.get(
    '/api/v1/utilities/accounts',
    {
      schema: {
        tags,
        summary: 'Accounts: filter by status; search by account number, name or address (accent-insensitive)',
        querystring: accountListQuery,
        response: {
          200: accountListView,
          ...problems(400, 401, 403),
        },
      },
      preHandler: read,
    },
    async (request) =>
      withTenant(db, request.tenant.id, async (tx) => {
        const found = await searchAccounts(tx, request.query);
        const items = [];
        for (const a of found.items) items.push(toAccountView(a, await balanceOf(tx, a.id)));
        return { items, total: found.total, totalCapped: found.totalCapped };
      }),
  );

  r.post(
    '/api/v1/utilities/accounts',
    {
      schema: {
        tags,
        summary: 'Open an account; answers with its account number',
        body: openAccountBody,
        response: { 201: accountView, ...problems(400, 401, 403) },
      },
      preHandler: manage,
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await inTx(request, async (ctx) => toAccountView(await openAccount(ctx, request.body), 0))),
  );

  r.get(
    '/api/v1/utilities/accounts/:id',
    {
      schema: {
        tags,
        summary: 'One account with its meters (current and past)',
        params: idParams,
        response: {
          200: accountDetailView,
          ...problems(401, 403, 404),
        },
      },
      preHandler: read,
    },
    async (request) =>
      withTenant(db, request.tenant.id, async (tx) => ({
        ...(await account(tx, request.params.id)),
        meters: (await metersOfAccount(tx, request.params.id)).map((m) => ({
          ...toMeterView(m),
          installedOn: m.installed_on,
          removedOn: m.removed_on,
          nowOnAccountNumber: m.now_on_account_number,
        })),
      })),
  );

  r.patch(
    '/api/v1/utilities/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Change an account (each change is in the audit log)',
        params: idParams,
        body: updateAccountBody,
        response: { 200: accountView, ...problems(400, 401, 403, 404, 409) },
      },
      preHandler: manage,
    },
    async (request) =>
      inTx(request, async (ctx) => {
        await updateAccount(ctx, request.params.id, request.body);
        return account(ctx.tx, request.params.id);
      }),
  );

  r.post(
    '/api/v1/utilities/accounts/:id/close',
    {
      schema: {
        tags,
        summary: 'Close an account with the final read of each of its meters',
        params: idParams,
        body: closeAccountBody,
        response: { 200: accountView, ...problems(400, 401, 403, 404, 409, 422) },
      },
      preHandler: manage,
    },
    async (request) =>
      inTx(request, async (ctx) => {
        await closeAccount(ctx, request.params.id, request.body, async (meterId, on, finalRead) => {
          await removeMeter(ctx, meterId, { removedOn: on, finalRead });
        });
        return account(ctx.tx, request.params.id);
      }),
  );

  r.post(
    '/api/v1/utilities/accounts/:id/reopen',
    {
      schema: {
        tags,
        summary: 'Reopen a closed account',
        params: idParams,
        response: { 200: accountView, ...problems(401, 403, 404, 409) },
      },
      preHandler: manage,
    },
    async (request) =>
      inTx(request, async (ctx) => {
        await reopenAccount(ctx, request.params.id);
        return account(ctx.tx, request.params.id);
      }),
  );
}
