import { z } from 'zod';
import { withTenant } from '../../../../db/tenant-context.js';
import { problems } from '../../../../kernel/openapi-problem.js';
import { staffActor } from '../../../identity/index.js';
import { runDelinquency, runView } from '../run.js';
import { utcToday } from '../fees.js';
import { delinquencyListQuery, delinquencyListView, listDelinquencies } from '../list.js';
import { delinquencySettings, saveDelinquencySettings, settingsBody, settingsView } from '../settings.js';
import { notFuture, type DelinquencyRouteKit } from './kit.js';

const runBody = z.object({
  /** The calendar day to run for, YYYY-MM-DD (today when omitted; never a future day). */
  today: z.iso.date().optional(),
});
/** The delinquency rules, the daily run and the list of past-due statements. */
export function delinquencyRoutes({
  r,
  db,
  events,
  communications,
  tags,
  read,
  bill,
  admin,
  inTx,
}: DelinquencyRouteKit): void {
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
          200: delinquencyListView,
          ...problems(400, 401, 403),
        },
      },
      preHandler: read,
    },
    async (request) => withTenant(db, request.tenant.id, (tx) => listDelinquencies(tx, request.query)),
  );
}
