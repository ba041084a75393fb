import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inTenant } from '../../kernel/http.js';
import { problems } from '../../kernel/openapi-problem.js';
import type { Platform } from '../../kernel/platform.js';
import { Problem } from '../../kernel/problem.js';
import { requireStaff } from '../identity/index.js';
import { areaBody, getArea, saveArea } from './area.js';
import {
  categoryBody,
  categoryView,
  codeParams,
  departmentBody,
  listCategories,
  listDepartments,
  saveCategory,
  saveDepartment,
} from './catalogue.js';
import { adminAreaSchema, categorySchema, departmentSchema } from './schemas.js';
import { z } from 'zod';

const tags = ['requests (catalogue)'];

/** Catalogue administration: departments, categories with their questions, the reporting area. */
export async function requestsAdminRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = requireStaff('requests.read');
  const configure = requireStaff('requests.configure');

  r.get(
    '/api/v1/requests/admin/categories',
    {
      schema: {
        tags,
        summary: 'Every category, inactive ones too',
        response: { 200: z.object({ categories: z.array(categorySchema) }), ...problems(401, 403) },
      },
      preHandler: read,
    },
    async (request) =>
      inTenant(platform, request, async (tx) => ({
        categories: (await listCategories(tx, { activeOnly: false })).map(categoryView),
      })),
  );

  r.put(
    '/api/v1/requests/admin/categories/:code',
    {
      schema: {
        tags,
        summary: 'Create or update a category (turn it off with active: false)',
        params: codeParams,
        body: categoryBody,
        response: { 200: categorySchema, ...problems(400, 401, 403) },
      },
      preHandler: configure,
    },
    async (request) =>
      inTenant(platform, request, async (tx) => {
        const saved = await saveCategory(tx, request.params.code, request.body);
        if (!saved) {
          throw new Problem(
            400,
            'unknown_department',
            {},
            {
              fieldErrors: [{ field: 'departmentCode', code: 'unknown_department' }],
            },
          );
        }
        return categoryView(saved);
      }),
  );

  r.get(
    '/api/v1/requests/admin/departments',
    {
      schema: {
        tags,
        summary: 'Departments',
        response: { 200: z.object({ departments: z.array(departmentSchema) }), ...problems(401, 403) },
      },
      preHandler: read,
    },
    async (request) =>
      inTenant(platform, request, async (tx) => ({ departments: await listDepartments(tx) })),
  );

  r.put(
    '/api/v1/requests/admin/departments/:code',
    {
      schema: {
        tags,
        summary: 'Create or rename a department',
        params: codeParams,
        body: departmentBody,
        response: { 200: departmentSchema, ...problems(400, 401, 403) },
      },
      preHandler: configure,
    },
    async (request) =>
      inTenant(platform, request, (tx) => saveDepartment(tx, request.params.code, request.body.name)),
  );

  r.get(
    '/api/v1/requests/admin/area',
    {
      schema: {
        tags,
        summary: 'The reporting area and the Open311 jurisdiction id',
        response: { 200: adminAreaSchema, ...problems(401, 403, 404) },
      },
      preHandler: read,
    },
    async (request) =>
      inTenant(platform, request, async (tx) => {
        const area = await getArea(tx);
        if (!area) throw new Problem(404, 'not_found');
        return area;
      }),
  );

  r.put(
    '/api/v1/requests/admin/area',
    {
      schema: {
        tags,
        summary: 'Set the reporting area',
        body: areaBody,
        response: { 200: adminAreaSchema, ...problems(400, 401, 403) },
      },
      preHandler: configure,
    },
    async (request) => inTenant(platform, request, (tx) => saveArea(tx, request.body)),
  );
}
