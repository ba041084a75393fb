import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import type { FieldError } from '../../kernel/problem.js';
import { QUESTION_TYPES, type Answers, type Bilingual, type CategoryQuestion } from './tables.js';

/** A category as the portal, the staff pages and Open311 see it (CONTRACT.md `Category`). */
export type Category = {
  code: string;
  name: Bilingual;
  description: Bilingual;
  department: { code: string; name: Bilingual };
  slaBusinessDays: number;
  locationRequired: boolean;
  active: boolean;
  position: number;
  questions: CategoryQuestion[];
};

export type CategoryRow = Category & { id: string; departmentId: string };

type Row = {
  id: string;
  code: string;
  name: Bilingual;
  description: Bilingual;
  department_id: string;
  department_code: string;
  department_name: Bilingual;
  sla_business_days: number;
  location_required: boolean;
  active: boolean;
  position: number;
  questions: CategoryQuestion[];
};

const toCategory = (r: Row): CategoryRow => ({
  id: r.id,
  departmentId: r.department_id,
  code: r.code,
  name: r.name,
  description: r.description,
  department: { code: r.department_code, name: r.department_name },
  slaBusinessDays: r.sla_business_days,
  locationRequired: r.location_required,
  active: r.active,
  position: r.position,
  questions: r.questions ?? [],
});

/** The public shape, without row ids. */
export const categoryView = ({ id: _id, departmentId: _d, ...c }: CategoryRow): Category => c;

const SELECT = sql`
  SELECT c.id, c.code, c.name, c.description, c.department_id, d.code AS department_code,
         d.name AS department_name, c.sla_business_days, c.location_required, c.active, c.position,
         c.questions
  FROM request_categories c JOIN request_departments d ON d.id = c.department_id`;

export async function listCategories(tx: Tx, opts: { activeOnly: boolean }): Promise<CategoryRow[]> {
  const rows = await queryRows<Row>(
    tx,
    sql`${SELECT} ${opts.activeOnly ? sql`WHERE c.active` : sql``} ORDER BY c.position, c.code`,
  );
  return rows.map(toCategory);
}

export async function categoryByCode(tx: Tx, code: string): Promise<CategoryRow | undefined> {
  const [row] = await queryRows<Row>(tx, sql`${SELECT} WHERE c.code = ${code}`);
  return row && toCategory(row);
}

// ---- Administration --------------------------------------------------------------------------

const bilingual = (max: number) =>
  z.object({ en: z.string().trim().min(1).max(max), es: z.string().trim().min(1).max(max) });

const questionSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
    type: z.enum(QUESTION_TYPES),
    label: bilingual(200),
    required: z.boolean(),
    options: z
      .array(z.object({ value: z.string().regex(/^[a-z0-9_]{1,40}$/), label: bilingual(100) }))
      .max(30)
      .optional(),
  })
  .refine((q) => !q.type.endsWith('_choice') || (q.options?.length ?? 0) >= 2, {
    message: 'invalid_choice',
    path: ['options'],
  });

export const categoryBody = z.object({
  name: bilingual(100),
  description: bilingual(1000),
  departmentCode: z.string().regex(/^[a-z0-9_]{1,40}$/),
  slaBusinessDays: z.number().int().min(1).max(365),
  locationRequired: z.boolean(),
  questions: z
    .array(questionSchema)
    .max(20)
    .refine((qs) => new Set(qs.map((q) => q.key)).size === qs.length, { message: 'invalid' }),
  active: z.boolean(),
  position: z.number().int().min(0).max(10_000),
});
export type CategoryInput = z.infer<typeof categoryBody>;

export const departmentBody = z.object({ name: bilingual(100) });
export const codeParams = z.object({ code: z.string().regex(/^[a-z0-9_]{1,40}$/) });

export async function listDepartments(tx: Tx): Promise<{ code: string; name: Bilingual }[]> {
  return queryRows(tx, sql`SELECT code, name FROM request_departments ORDER BY code`);
}

export async function saveDepartment(tx: Tx, code: string, name: Bilingual) {
  const [row] = await queryRows<{ code: string; name: Bilingual }>(
    tx,
    sql`INSERT INTO request_departments (code, name) VALUES (${code}, ${JSON.stringify(name)}::jsonb)
        ON CONFLICT (tenant_id, code) DO UPDATE SET name = EXCLUDED.name
        RETURNING code, name`,
  );
  return row!;
}

/** Creates or updates a category; null when the department is unknown. */
export async function saveCategory(tx: Tx, code: string, input: CategoryInput): Promise<CategoryRow | null> {
  const [dept] = await queryRows<{ id: string }>(
    tx,
    sql`SELECT id FROM request_departments WHERE code = ${input.departmentCode}`,
  );
  if (!dept) return null;
  const questions = input.questions.map((q) => ({
    key: q.key,
    type: q.type,
    label: q.label,
    required: q.required,
    ...(q.type.endsWith('_choice') && { options: q.options ?? [] }),
  }));
  await tx.execute(sql`
    INSERT INTO request_categories (code, name, description, department_id, sla_business_days,
      location_required, questions, active, position)
    VALUES (${code}, ${JSON.stringify(input.name)}::jsonb, ${JSON.stringify(input.description)}::jsonb,
      ${dept.id}, ${input.slaBusinessDays}, ${input.locationRequired}, ${JSON.stringify(questions)}::jsonb,
      ${input.active}, ${input.position})
    ON CONFLICT (tenant_id, code) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
      department_id = EXCLUDED.department_id, sla_business_days = EXCLUDED.sla_business_days,
      location_required = EXCLUDED.location_required, questions = EXCLUDED.questions,
      active = EXCLUDED.active, position = EXCLUDED.position, updated_at = now()`);
  return (await categoryByCode(tx, code))!;
}

// ---- Answers ---------------------------------------------------------------------------------

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (v: string) => ISO_DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
const empty = (v: unknown) =>
  v === undefined ||
  v === null ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && v.length === 0);

/**
 * Checks answers against the category's questions: each required one present, each value of
 * its question's type (numbers may come as text from a form or Open311), choices among the
 * options. Returns the normalized answers (unknown keys dropped) and the field errors.
 */
export function checkAnswers(
  questions: CategoryQuestion[],
  given: Record<string, unknown> = {},
): { answers: Answers; errors: FieldError[] } {
  const answers: Answers = {};
  const errors: FieldError[] = [];
  for (const q of questions) {
    const field = `answers.${q.key}`;
    const v = given[q.key];
    if (empty(v)) {
      if (q.required) errors.push({ field, code: 'answer_required' });
      continue;
    }
    const bad = () => errors.push({ field, code: 'answer_invalid' });
    const values = new Set((q.options ?? []).map((o) => o.value));
    switch (q.type) {
      case 'text':
        if (typeof v === 'string' && v.trim().length <= 2000) answers[q.key] = v.trim();
        else bad();
        break;
      case 'number': {
        const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim()) : NaN;
        if (Number.isFinite(n)) answers[q.key] = n;
        else bad();
        break;
      }
      case 'yes_no':
        if (typeof v === 'boolean') answers[q.key] = v;
        else if (v === 'true' || v === 'false') answers[q.key] = v === 'true';
        else bad();
        break;
      case 'date':
        if (typeof v === 'string' && isDate(v.trim())) answers[q.key] = v.trim();
        else bad();
        break;
      case 'single_choice':
        if (typeof v === 'string' && values.has(v)) answers[q.key] = v;
        else bad();
        break;
      case 'multiple_choice': {
        const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : null;
        if (list && list.every((x) => typeof x === 'string' && values.has(x)))
          answers[q.key] = [...new Set(list)];
        else bad();
        break;
      }
    }
  }
  return { answers, errors };
}
