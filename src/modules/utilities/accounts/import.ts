import crypto from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/rows.js';
import { invalid } from '../../../kernel/problem.js';
import { type UtilityContext, UtilitiesEvents } from '../shared/index.js';
import { applyReads, type IncomingRead, type Rejection } from './reads.js';

/**
 * Reading import from a meter-reading system's CSV export. The header row names the columns;
 * each field is found under the first header that matches (case, spaces and underscores do not
 * matter), or under the header the caller names in `mapping`:
 *
 *   serial  ← meter_serial | serial | meter_id | meter | meter_number
 *   readOn  ← read_date | date | reading_date            (YYYY-MM-DD or MM/DD/YYYY)
 *   value   ← read_value | reading | value | read
 *   method  ← read_method | method | read_type           (manual, amr, ami; blank = import)
 *
 * Valid rows are stored, rejected rows come back with their line number and reason, and a
 * second import of the same file adds nothing (a read already stored for that meter and date
 * with the same value counts as a duplicate).
 */
export type ColumnMapping = Partial<Record<'serial' | 'readOn' | 'value' | 'method', string>>;

const DEFAULT_HEADERS: Record<keyof ColumnMapping, string[]> = {
  serial: ['meter_serial', 'serial', 'meter_id', 'meter', 'meter_number'],
  readOn: ['read_date', 'date', 'reading_date'],
  value: ['read_value', 'reading', 'value', 'read'],
  method: ['read_method', 'method', 'read_type'],
};
const METHODS: Record<string, IncomingRead['method']> = {
  '': 'import',
  manual: 'manual',
  hand: 'manual',
  m: 'manual',
  amr: 'amr',
  radio: 'amr',
  'drive-by': 'amr',
  ami: 'ami',
  fixed: 'ami',
  import: 'import',
};
const MAX_ROWS = 200_000;

const key = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

function usDateToIso(s: string): string | null {
  const t = s.trim();
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  const iso = m ? `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}` : t;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

export type ImportResult = {
  importId: string;
  rowsTotal: number;
  rowsStored: number;
  rowsDuplicate: number;
  rowsRejected: number;
  exceptions: number;
  rejected: Rejection[];
};

export async function importReads(
  ctx: UtilityContext,
  file: { fileName: string; csv: string; mapping?: ColumnMapping | undefined },
): Promise<ImportResult> {
  let records: string[][];
  try {
    records = parse(file.csv, { skip_empty_lines: true, trim: true, bom: true, relax_column_count: true });
  } catch {
    throw invalid([{ field: 'csv', code: 'csv_unreadable' }]);
  }
  const [header, ...data] = records;
  if (!header || data.length === 0) throw invalid([{ field: 'csv', code: 'csv_empty' }]);
  if (data.length > MAX_ROWS) throw invalid([{ field: 'csv', code: 'csv_too_many_rows' }]);
  const headers = header.map(key);
  const column = (field: keyof ColumnMapping) => {
    const wanted = file.mapping?.[field] ? [key(file.mapping[field]!)] : DEFAULT_HEADERS[field];
    return headers.findIndex((h) => wanted.includes(h));
  };
  const cols = {
    serial: column('serial'),
    readOn: column('readOn'),
    value: column('value'),
    method: column('method'),
  };
  const missing = (['serial', 'readOn', 'value'] as const).filter((f) => cols[f] < 0);
  if (missing.length > 0)
    throw invalid(missing.map((f) => ({ field: `mapping.${f}`, code: 'csv_column_missing' })));

  const rows: IncomingRead[] = [];
  const rejected: Rejection[] = [];
  data.forEach((r, i) => {
    const line = i + 2; // the header is line 1
    const serial = (r[cols.serial] ?? '').toUpperCase();
    const readOn = usDateToIso(r[cols.readOn] ?? '');
    const rawValue = (r[cols.value] ?? '').replace(/,/g, '');
    const method = METHODS[(cols.method >= 0 ? (r[cols.method] ?? '') : '').toLowerCase()];
    if (!serial) rejected.push({ line, code: 'serial_missing' });
    else if (!readOn) rejected.push({ line, code: 'date_invalid', serial });
    else if (!/^\d{1,11}$/.test(rawValue)) rejected.push({ line, code: 'value_invalid', serial });
    else if (!method) rejected.push({ line, code: 'method_unknown', serial });
    else if (readOn > new Date().toISOString().slice(0, 10))
      rejected.push({ line, code: 'date_in_future', serial });
    else rows.push({ line, serial, readOn, value: Number(rawValue), method });
  });

  const importId = crypto.randomUUID();
  const applied =
    rows.length > 0 ? await applyReads(ctx, rows, { importId }) : { stored: [], duplicates: 0, rejected: [] };
  const allRejected = [...rejected, ...applied.rejected].sort((a, b) => a.line - b.line);
  const result: ImportResult = {
    importId,
    rowsTotal: data.length,
    rowsStored: applied.stored.length,
    rowsDuplicate: applied.duplicates,
    rowsRejected: allRejected.length,
    exceptions: applied.stored.filter((s) => s.exception).length,
    rejected: allRejected,
  };
  await queryRows(
    ctx.tx,
    sql`INSERT INTO reading_imports (id, file_name, file_sha256, rows_total, rows_stored, rows_duplicate, rows_rejected, rejected, imported_by)
        VALUES (${importId}, ${file.fileName}, ${crypto.createHash('sha256').update(file.csv).digest('hex')},
                ${result.rowsTotal}, ${result.rowsStored}, ${result.rowsDuplicate}, ${result.rowsRejected},
                ${JSON.stringify(allRejected.slice(0, 5_000))}::jsonb, ${ctx.actor.id}) RETURNING id`,
  );
  await ctx.events.record(ctx.tx, {
    type: UtilitiesEvents.readsImported,
    subjectType: 'reading_import',
    subjectId: importId,
    actor: ctx.actor,
    payload: {
      fileName: file.fileName,
      rowsTotal: result.rowsTotal,
      rowsStored: result.rowsStored,
      rowsDuplicate: result.rowsDuplicate,
      rowsRejected: result.rowsRejected,
    },
  });
  return result;
}
