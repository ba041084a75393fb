import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTenant } from '../../../db/tenant-context.js';
import type { Platform } from '../../../kernel/platform.js';
import { problems } from '../../../kernel/openapi-problem.js';
import { requireStaff, staffActor } from '../../identity/index.js';
import { idParams } from '../shared/index.js';
import {
  accountTypeBody,
  calculate,
  listAccountTypes,
  listSchedules,
  saveAccountType,
  saveSchedule,
  ratingView,
  scheduleBody,
  scheduleView,
} from './schedules.js';

/** Account types, rate schedules and the rate calculator (/dashboard/utilities/types). */
export async function utilityTypesRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, events } = platform;
  const tags = ['utilities'];
  const read = requireStaff('utilities.read');
  const rates = requireStaff('utilities.rates');

  r.get(
    '/api/v1/utilities/types',
    {
      schema: {
        tags,
        summary: 'Account types and every rate schedule version',
        response: {
          200: z.object({ accountTypes: z.array(accountTypeBody), schedules: z.array(scheduleView) }),
          ...problems(401, 403),
        },
      },
      preHandler: read,
    },
    async (request) =>
      withTenant(db, request.tenant.id, async (tx) => ({
        accountTypes: await listAccountTypes(tx),
        schedules: await listSchedules(tx),
      })),
  );

  r.put(
    '/api/v1/utilities/account-types',
    {
      schema: {
        tags,
        summary: 'Add or rename an account type (admin)',
        body: accountTypeBody,
        response: { 200: accountTypeBody, ...problems(400, 401, 403) },
      },
      preHandler: rates,
    },
    async (request) =>
      withTenant(db, request.tenant.id, (tx) =>
        saveAccountType({ tx, events, actor: staffActor(request) }, request.body),
      ),
  );

  r.post(
    '/api/v1/utilities/rate-schedules',
    {
      schema: {
        tags,
        summary: 'Save a rate schedule version (admin); a new effective date makes a new version',
        body: scheduleBody,
        response: { 200: scheduleView, ...problems(400, 401, 403) },
      },
      preHandler: rates,
    },
    async (request) =>
      withTenant(db, request.tenant.id, (tx) =>
        saveSchedule({ tx, events, actor: staffActor(request) }, request.body),
      ),
  );

  r.get(
    '/api/v1/utilities/rate-schedules/:id/calculate',
    {
      schema: {
        tags,
        summary: 'The charge for a consumption, line by line (the billing run uses the same code)',
        params: idParams,
        querystring: z.object({ units: z.coerce.number().int().min(0).max(1_000_000_000) }),
        response: {
          200: ratingView,
          ...problems(400, 401, 403, 404),
        },
      },
      preHandler: read,
    },
    async (request) =>
      withTenant(db, request.tenant.id, (tx) => calculate(tx, request.params.id, request.query.units)),
  );
}
