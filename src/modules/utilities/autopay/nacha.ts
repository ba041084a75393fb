/**
 * Utility Billing — NACHA ACH file builder and checker for autopay drafts. Pure: no database, no
 * I/O, no clock (the file's creation time is an input).
 *
 * Staff download the file that `buildAchFile` writes and send it to the city's bank, which debits
 * autopay customers' accounts. A wrong file either bounces at the bank or, worse, moves the wrong
 * money, so this module refuses anything it cannot render faithfully (a bad routing number, an
 * account number that does not fit, a fractional or negative amount, a prenote carrying money)
 * with an `AchInputError` whose message starts with the offending field's path.
 *
 * What it does NOT refuse: free-text fields that are too long. Customer names, the individual id
 * (the utility account number), company name, entry description and the file's destination/origin
 * names are transliterated to plain upper-case ASCII ("Peña Ibáñez" → "PENA IBANEZ") and then
 * truncated to their field width. Truncating a name is what banks do anyway and never changes
 * whose account is debited; that is decided by routing + account number, which are never
 * truncated.
 *
 * Record layouts follow the NACHA Operating Rules, Appendix Three (positions below are 1-based,
 * inclusive, as in the rules). `validateAchFile` re-reads a file from text alone and checks it the
 * way a bank's ACH front end would (lengths, record order, counts, hashes, totals, blocking).
 */
import { isIsoDate } from '../accounts/index.js';

/** ABA routing number check: 9 digits, weights 3,7,1 repeating, sum % 10 === 0. */
export function isValidRoutingNumber(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(routing[i]) * ROUTING_WEIGHTS[i % 3]!;
  return sum % 10 === 0;
}
const ROUTING_WEIGHTS = [3, 7, 1] as const;

export type AchTransactionCode = 27 | 37 | 22 | 32 | 28 | 38;
export type AchEntry = {
  /** 27 checking debit, 37 savings debit, 22/32 credits, 28/38 prenote debits (zero-dollar) */
  transactionCode: AchTransactionCode;
  /** 9 digits (8 + check digit) */
  routingNumber: string;
  /** up to 17 letters, digits or hyphens; never truncated (refused when longer) */
  accountNumber: string;
  /** integer cents, 0 for prenotes */
  amountCents: number;
  /** up to 15 chars, e.g. the utility account number; truncated when longer */
  individualId: string;
  /** up to 22 chars; transliterated to ASCII (Peña -> PENA), upper case; truncated when longer */
  individualName: string;
  /** 7-digit sequence within the batch (1..9999999), ascending */
  traceSequence: number;
};
export type AchBatch = {
  secCode: 'PPD' | 'WEB';
  /** up to 16; truncated when longer */
  companyName: string;
  /** up to 10 chars (often '1' + EIN); refused when longer */
  companyId: string;
  /** up to 10, e.g. 'UTILITY' or 'PRENOTE'; truncated when longer */
  entryDescription: string;
  /** YYYY-MM-DD */
  effectiveDate: string;
  /** 8 digits (the originator's bank routing without check digit) */
  originatingDfi: string;
  entries: AchEntry[];
};
export type AchFile = {
  /** 9-digit routing of the receiving bank (rendered with a leading space: ' 123456789') */
  immediateDestination: string;
  /** 10 chars (often '1' + EIN); a 9-digit routing number is rendered with a leading space */
  immediateOrigin: string;
  /** up to 23; truncated when longer */
  destinationName: string;
  /** up to 23; truncated when longer */
  originName: string;
  /** file creation date/time (YYMMDD, HHMM in the header) */
  createdAt: Date;
  /** IANA zone for the header's creation date/time (e.g. 'America/Chicago'); default 'UTC' */
  timeZone?: string;
  /** 'A'..'Z', '0'..'9' */
  fileIdModifier: string;
  batches: AchBatch[];
};

/** Thrown by `buildAchFile` for input it will not render. `field` is a path such as `batches[0].entries[2].routingNumber`. */
export class AchInputError extends Error {
  readonly field: string;
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'AchInputError';
    this.field = field;
  }
}

export const RECORD_LENGTH = 94;
export const BLOCKING_FACTOR = 10;
const PADDING_RECORD = '9'.repeat(RECORD_LENGTH);

const DEBIT_CODES: ReadonlySet<number> = new Set([27, 37, 28, 38]);
const CREDIT_CODES: ReadonlySet<number> = new Set([22, 32]);
const PRENOTE_CODES: ReadonlySet<number> = new Set([28, 38]);
const SEC_CODES: ReadonlySet<string> = new Set(['PPD', 'WEB']);

const MAX_ENTRY_AMOUNT = 9_999_999_999; // 10-digit amount field
const MAX_TOTAL = 999_999_999_999; // 12-digit total fields
const HASH_MODULUS = 10_000_000_000; // entry hash keeps the last 10 digits

/** Characters that have no decomposition into ASCII letter + accent. */
const TRANSLITERATIONS: Record<string, string> = {
  ß: 'SS',
  ẞ: 'SS',
  Æ: 'AE',
  æ: 'AE',
  Œ: 'OE',
  œ: 'OE',
  Ø: 'O',
  ø: 'O',
  Đ: 'D',
  đ: 'D',
  Ð: 'D',
  ð: 'D',
  Þ: 'TH',
  þ: 'TH',
  Ł: 'L',
  ł: 'L',
  ı: 'I',
  '\u2018': "'",
  '\u2019': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u2013': '-',
  '\u2014': '-',
};

/**
 * Free text as NACHA alphanumeric content: accents transliterated (NFKD, marks dropped, a few
 * letters mapped by hand), upper case, whitespace collapsed, then every character outside the
 * NACHA-allowed set (printable ASCII, 0x20–0x7E) stripped. Not truncated: callers cut to width.
 */
export function toNachaText(value: string): string {
  let out = '';
  for (const ch of value.normalize('NFKD')) out += TRANSLITERATIONS[ch] ?? ch;
  return out
    .replace(/\p{M}/gu, '')
    .replace(/\s+/gu, ' ')
    .toUpperCase()
    .replace(/[^\x20-\x7E]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Alphanumeric field: transliterated, left-justified, space-padded, truncated to width. */
function alpha(value: string, width: number): string {
  return toNachaText(value).slice(0, width).padEnd(width, ' ');
}

/** Numeric field: right-justified, zero-padded. Overflow is a bug here, not bad input (callers check ranges). */
function num(value: number | string, width: number): string {
  const s = typeof value === 'number' ? String(value) : value;
  if (!/^\d+$/.test(s) || s.length > width) throw new RangeError(`cannot render ${s} in ${width} digits`);
  return s.padStart(width, '0');
}

function blanks(width: number): string {
  return ' '.repeat(width);
}

function yymmdd(isoDate: string): string {
  return isoDate.slice(2, 4) + isoDate.slice(5, 7) + isoDate.slice(8, 10);
}

function clockParts(at: Date, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: '2-digit',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return { date: get('year') + get('month') + get('day'), time: get('hour') + get('minute') };
}

function requireRouting(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^\d{9}$/.test(value)) {
    throw new AchInputError(field, 'invalid routing number (must be 9 digits)');
  }
  if (!isValidRoutingNumber(value)) {
    throw new AchInputError(field, `invalid routing number (check digit): ${value}`);
  }
  return value;
}

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new AchInputError(field, 'must be a string');
  if (toNachaText(value) === '') throw new AchInputError(field, 'is required (empty after transliteration)');
  return value;
}

type EntryTotals = { debits: number; credits: number; hash: number; count: number };

function renderEntry(
  entry: AchEntry,
  batch: AchBatch,
  field: string,
  previousSequence: number,
): { line: string; debit: number; credit: number; rdfi: number } {
  const code: number = entry.transactionCode;
  if (!DEBIT_CODES.has(code) && !CREDIT_CODES.has(code)) {
    throw new AchInputError(`${field}.transactionCode`, `unsupported transaction code ${String(code)}`);
  }
  const routing = requireRouting(entry.routingNumber, `${field}.routingNumber`);

  // Account numbers are refused, never truncated or stripped: a cut account number debits someone else.
  const account = typeof entry.accountNumber === 'string' ? entry.accountNumber.trim().toUpperCase() : '';
  if (!/^[0-9A-Z-]{1,17}$/.test(account)) {
    throw new AchInputError(`${field}.accountNumber`, 'must be 1–17 letters, digits or hyphens');
  }

  const amount = entry.amountCents;
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 0) {
    throw new AchInputError(
      `${field}.amountCents`,
      `must be a non-negative integer number of cents, got ${String(amount)}`,
    );
  }
  if (amount > MAX_ENTRY_AMOUNT) {
    throw new AchInputError(`${field}.amountCents`, 'exceeds the 10-digit amount field ($99,999,999.99)');
  }
  if (PRENOTE_CODES.has(code) && amount !== 0) {
    throw new AchInputError(
      `${field}.amountCents`,
      `a prenote (transaction code ${code}) must have amount 0`,
    );
  }
  if (!PRENOTE_CODES.has(code) && amount === 0) {
    throw new AchInputError(
      `${field}.amountCents`,
      `a live entry (transaction code ${code}) must be positive; use 28/38 for a zero-dollar prenote`,
    );
  }

  const seq = entry.traceSequence;
  if (!Number.isInteger(seq) || seq < 1 || seq > 9_999_999) {
    throw new AchInputError(`${field}.traceSequence`, 'must be an integer from 1 to 9999999');
  }
  if (seq <= previousSequence) {
    throw new AchInputError(`${field}.traceSequence`, 'trace numbers must ascend within a batch');
  }
  if (typeof entry.individualId !== 'string')
    throw new AchInputError(`${field}.individualId`, 'must be a string');
  requireText(entry.individualName, `${field}.individualName`);

  // Positions 77–78: Discretionary Data for PPD; for WEB the Payment Type Code, 'R' = recurring (autopay).
  const discretionary = batch.secCode === 'WEB' ? 'R ' : blanks(2);
  const line =
    '6' + // 1 record type
    num(code, 2) + // 2–3 transaction code
    routing.slice(0, 8) + // 4–11 receiving DFI identification
    routing[8] + // 12 check digit
    account.padEnd(17, ' ') + // 13–29 DFI account number
    num(amount, 10) + // 30–39 amount
    alpha(entry.individualId, 15) + // 40–54 individual identification number
    alpha(entry.individualName, 22) + // 55–76 individual name
    discretionary + // 77–78
    '0' + // 79 addenda record indicator
    batch.originatingDfi + // 80–87 trace number: ODFI
    num(seq, 7); // 88–94 trace number: sequence
  return {
    line,
    debit: DEBIT_CODES.has(code) ? amount : 0,
    credit: CREDIT_CODES.has(code) ? amount : 0,
    rdfi: Number(routing.slice(0, 8)),
  };
}

function renderBatch(batch: AchBatch, index: number): { lines: string[]; totals: EntryTotals } {
  const field = `batches[${index}]`;
  if (!SEC_CODES.has(batch.secCode)) {
    throw new AchInputError(`${field}.secCode`, `unsupported SEC code ${String(batch.secCode)}`);
  }
  requireText(batch.companyName, `${field}.companyName`);
  requireText(batch.entryDescription, `${field}.entryDescription`);
  const companyId = typeof batch.companyId === 'string' ? batch.companyId.toUpperCase() : '';
  if (!/^[0-9A-Z][0-9A-Z ]{0,9}$/.test(companyId)) {
    throw new AchInputError(`${field}.companyId`, 'must be 1–10 letters or digits (often "1" + EIN)');
  }
  if (!isIsoDate(batch.effectiveDate) || !batch.effectiveDate.startsWith('20')) {
    throw new AchInputError(`${field}.effectiveDate`, 'must be a date YYYY-MM-DD in 2000–2099');
  }
  if (typeof batch.originatingDfi !== 'string' || !/^\d{8}$/.test(batch.originatingDfi)) {
    throw new AchInputError(
      `${field}.originatingDfi`,
      'must be 8 digits (the routing number without its check digit)',
    );
  }
  if (!Array.isArray(batch.entries) || batch.entries.length === 0) {
    throw new AchInputError(`${field}.entries`, 'a batch needs at least one entry');
  }
  if (batch.entries.length > 999_999) {
    throw new AchInputError(`${field}.entries`, 'more than 999,999 entries do not fit the batch control');
  }

  const totals: EntryTotals = { debits: 0, credits: 0, hash: 0, count: 0 };
  const entryLines: string[] = [];
  let previousSequence = 0;
  batch.entries.forEach((entry, i) => {
    const r = renderEntry(entry, batch, `${field}.entries[${i}]`, previousSequence);
    previousSequence = entry.traceSequence;
    entryLines.push(r.line);
    totals.debits += r.debit;
    totals.credits += r.credit;
    totals.hash = (totals.hash + r.rdfi) % HASH_MODULUS;
    totals.count += 1;
  });
  if (totals.debits > MAX_TOTAL || totals.credits > MAX_TOTAL) {
    throw new AchInputError(`${field}.entries`, 'batch totals exceed the 12-digit total fields');
  }

  // Service class: 225 debits only (prenote debits count as debits), 220 credits only, 200 mixed.
  const hasCredits = batch.entries.some((e) => CREDIT_CODES.has(e.transactionCode));
  const hasDebits = batch.entries.some((e) => DEBIT_CODES.has(e.transactionCode));
  const serviceClass = !hasCredits ? '225' : !hasDebits ? '220' : '200';
  const batchNumber = num(index + 1, 7);
  const companyIdField = companyId.padEnd(10, ' ');

  const header =
    '5' + // 1 record type
    serviceClass + // 2–4 service class code
    alpha(batch.companyName, 16) + // 5–20 company name
    blanks(20) + // 21–40 company discretionary data
    companyIdField + // 41–50 company identification
    batch.secCode + // 51–53 standard entry class code
    alpha(batch.entryDescription, 10) + // 54–63 company entry description
    blanks(6) + // 64–69 company descriptive date
    yymmdd(batch.effectiveDate) + // 70–75 effective entry date
    blanks(3) + // 76–78 settlement date (inserted by the ACH operator)
    '1' + // 79 originator status code
    batch.originatingDfi + // 80–87 originating DFI identification
    batchNumber; // 88–94 batch number

  const control =
    '8' + // 1 record type
    serviceClass + // 2–4 service class code
    num(totals.count, 6) + // 5–10 entry/addenda count
    num(totals.hash, 10) + // 11–20 entry hash
    num(totals.debits, 12) + // 21–32 total debit entry dollar amount
    num(totals.credits, 12) + // 33–44 total credit entry dollar amount
    companyIdField + // 45–54 company identification
    blanks(19) + // 55–73 message authentication code
    blanks(6) + // 74–79 reserved
    batch.originatingDfi + // 80–87 originating DFI identification
    batchNumber; // 88–94 batch number

  return { lines: [header, ...entryLines, control], totals };
}

/**
 * The file as text: records joined with '\n' (no trailing newline), each exactly 94 characters,
 * padded with all-9 records to a multiple of 10 records (blocking factor 10).
 */
export function buildAchFile(file: AchFile): string {
  const destination = typeof file.immediateDestination === 'string' ? file.immediateDestination.trim() : '';
  requireRouting(destination, 'immediateDestination');

  const origin = typeof file.immediateOrigin === 'string' ? file.immediateOrigin.toUpperCase() : '';
  let originField: string;
  if (/^\d{9}$/.test(origin)) originField = ` ${origin}`;
  else if (/^[0-9A-Z ]{10}$/.test(origin) && origin.trim() !== '') originField = origin;
  else {
    throw new AchInputError(
      'immediateOrigin',
      'must be 10 characters (often "1" + EIN) or a 9-digit routing number',
    );
  }

  if (typeof file.destinationName !== 'string')
    throw new AchInputError('destinationName', 'must be a string');
  if (typeof file.originName !== 'string') throw new AchInputError('originName', 'must be a string');

  if (!(file.createdAt instanceof Date) || Number.isNaN(file.createdAt.getTime())) {
    throw new AchInputError('createdAt', 'must be a valid Date');
  }
  let created: { date: string; time: string };
  try {
    created = clockParts(file.createdAt, file.timeZone ?? 'UTC');
  } catch {
    throw new AchInputError('timeZone', `unknown time zone ${String(file.timeZone)}`);
  }

  const modifier = typeof file.fileIdModifier === 'string' ? file.fileIdModifier.toUpperCase() : '';
  if (!/^[A-Z0-9]$/.test(modifier))
    throw new AchInputError('fileIdModifier', "must be one of 'A'..'Z', '0'..'9'");

  if (!Array.isArray(file.batches) || file.batches.length === 0) {
    throw new AchInputError('batches', 'a file needs at least one batch');
  }

  const header =
    '1' + // 1 record type
    '01' + // 2–3 priority code
    ` ${destination}` + // 4–13 immediate destination
    originField + // 14–23 immediate origin
    created.date + // 24–29 file creation date YYMMDD
    created.time + // 30–33 file creation time HHMM
    modifier + // 34 file ID modifier
    '094' + // 35–37 record size
    '10' + // 38–39 blocking factor
    '1' + // 40 format code
    alpha(file.destinationName, 23) + // 41–63 immediate destination name
    alpha(file.originName, 23) + // 64–86 immediate origin name
    blanks(8); // 87–94 reference code

  const lines = [header];
  const fileTotals: EntryTotals = { debits: 0, credits: 0, hash: 0, count: 0 };
  file.batches.forEach((batch, i) => {
    const b = renderBatch(batch, i);
    lines.push(...b.lines);
    fileTotals.debits += b.totals.debits;
    fileTotals.credits += b.totals.credits;
    fileTotals.hash = (fileTotals.hash + b.totals.hash) % HASH_MODULUS;
    fileTotals.count += b.totals.count;
  });
  if (fileTotals.debits > MAX_TOTAL || fileTotals.credits > MAX_TOTAL) {
    throw new AchInputError('batches', 'file totals exceed the 12-digit total fields');
  }
  if (file.batches.length > 999_999 || fileTotals.count > 99_999_999) {
    throw new AchInputError('batches', 'too many batches or entries for the file control');
  }

  const recordCount = lines.length + 1; // + file control
  const blockCount = Math.ceil(recordCount / BLOCKING_FACTOR);
  lines.push(
    '9' + // 1 record type
      num(file.batches.length, 6) + // 2–7 batch count
      num(blockCount, 6) + // 8–13 block count
      num(fileTotals.count, 8) + // 14–21 entry/addenda count
      num(fileTotals.hash, 10) + // 22–31 entry hash
      num(fileTotals.debits, 12) + // 32–43 total debit entry dollar amount in file
      num(fileTotals.credits, 12) + // 44–55 total credit entry dollar amount in file
      blanks(39), // 56–94 reserved
  );
  while (lines.length % BLOCKING_FACTOR !== 0) lines.push(PADDING_RECORD);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// validateAchFile

/** Transaction codes a checker accepts: demand/savings/GL/loan credits and debits, incl. prenotes. */
const CHECK_CREDIT_CODES: ReadonlySet<string> = new Set([
  '21',
  '22',
  '23',
  '24',
  '31',
  '32',
  '33',
  '34',
  '41',
  '42',
  '43',
  '44',
  '51',
  '52',
  '53',
  '54',
]);
const CHECK_DEBIT_CODES: ReadonlySet<string> = new Set([
  '26',
  '27',
  '28',
  '29',
  '36',
  '37',
  '38',
  '39',
  '46',
  '47',
  '48',
  '49',
  '55',
  '56',
]);
/** Prenotes and zero-dollar remittance entries: amount must be zero. */
const CHECK_ZERO_CODES: ReadonlySet<string> = new Set([
  '23',
  '24',
  '28',
  '29',
  '33',
  '34',
  '38',
  '39',
  '43',
  '44',
  '48',
  '49',
  '53',
  '54',
]);

function isYymmdd(s: string): boolean {
  return /^\d{6}$/.test(s) && isIsoDate(`20${s.slice(0, 2)}-${s.slice(2, 4)}-${s.slice(4, 6)}`);
}

/**
 * A strict checker for a NACHA file given as text (records separated by '\n'; one trailing '\n'
 * is tolerated). Returns [] when the file is valid, otherwise one message per problem, each
 * prefixed with the 1-based line number it concerns.
 */
export function validateAchFile(text: string): string[] {
  const errors: string[] = [];
  if (text.length === 0) return ['file is empty'];
  const lines = (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');

  // 1-based, inclusive positions as in the NACHA rules.
  const f = (line: string, from: number, to: number): string => line.slice(from - 1, to);
  const digits = (lineNo: number, line: string, from: number, to: number, what: string): number | null => {
    const s = f(line, from, to);
    if (s.length !== to - from + 1 || !/^\d+$/.test(s)) {
      errors.push(
        `line ${lineNo}: ${what} (positions ${from}–${to}) must be numeric, got ${JSON.stringify(s)}`,
      );
      return null;
    }
    return Number(s);
  };
  const expectEqual = (lineNo: number, what: string, actual: number | null, expected: number): void => {
    if (actual !== null && actual !== expected) {
      errors.push(`line ${lineNo}: ${what} is ${actual}, expected ${expected}`);
    }
  };

  lines.forEach((line, i) => {
    if (line.length !== RECORD_LENGTH) {
      errors.push(`line ${i + 1}: record is ${line.length} characters, expected ${RECORD_LENGTH}`);
    }
    if (/[^\x20-\x7E]/.test(line)) errors.push(`line ${i + 1}: contains characters outside printable ASCII`);
  });

  // --- file header
  const first = lines[0] ?? '';
  if (first[0] !== '1') {
    errors.push(
      `line 1: expected a file header (record type 1), got record type ${JSON.stringify(first[0] ?? '')}`,
    );
  } else {
    if (f(first, 2, 3) !== '01') errors.push('line 1: priority code (positions 2–3) must be 01');
    const dest = f(first, 4, 13);
    if (!/^ \d{9}$/.test(dest) || !isValidRoutingNumber(dest.slice(1))) {
      errors.push(
        `line 1: immediate destination (positions 4–13) must be a space and a valid routing number`,
      );
    }
    if (f(first, 14, 23).trim() === '') errors.push('line 1: immediate origin (positions 14–23) is blank');
    if (!isYymmdd(f(first, 24, 29)))
      errors.push('line 1: file creation date (positions 24–29) is not YYMMDD');
    if (!/^([01]\d|2[0-3])[0-5]\d$/.test(f(first, 30, 33))) {
      errors.push('line 1: file creation time (positions 30–33) is not HHMM');
    }
    if (!/^[A-Z0-9]$/.test(f(first, 34, 34)))
      errors.push('line 1: file ID modifier (position 34) must be A–Z or 0–9');
    if (f(first, 35, 37) !== '094') errors.push('line 1: record size (positions 35–37) must be 094');
    if (f(first, 38, 39) !== '10') errors.push('line 1: blocking factor (positions 38–39) must be 10');
    if (f(first, 40, 40) !== '1') errors.push('line 1: format code (position 40) must be 1');
  }

  // --- batches, file control, padding
  type Batch = {
    lineNo: number;
    header: string;
    entries: number;
    addenda: number;
    hash: number;
    debits: number;
    credits: number;
    lastTrace: number;
  };
  let batch: Batch | null = null;
  let lastBatchNumber = 0;
  let batchCount = 0;
  let fileEntries = 0;
  let fileHash = 0;
  let fileDebits = 0;
  let fileCredits = 0;
  let fileControlLine = -1;
  /** the open entry's trace sequence and whether it announced addenda; addenda seen so far */
  let openEntry: { lineNo: number; sequence: string; wantsAddenda: boolean; addenda: number } | null = null;

  const closeEntry = (): void => {
    if (openEntry && openEntry.wantsAddenda && openEntry.addenda === 0) {
      errors.push(`line ${openEntry.lineNo}: addenda record indicator is 1 but no addenda record follows`);
    }
    openEntry = null;
  };

  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const n = i + 1;
    const type = line[0] ?? '';

    if (fileControlLine !== -1) {
      if (line !== PADDING_RECORD)
        errors.push(`line ${n}: only all-9 padding records may follow the file control`);
      continue;
    }

    if (type === '5') {
      if (batch) {
        errors.push(`line ${n}: batch header before the previous batch (line ${batch.lineNo}) was closed`);
        closeEntry();
      }
      batch = {
        lineNo: n,
        header: line,
        entries: 0,
        addenda: 0,
        hash: 0,
        debits: 0,
        credits: 0,
        lastTrace: 0,
      };
      batchCount += 1;
      if (!['200', '220', '225'].includes(f(line, 2, 4))) {
        errors.push(`line ${n}: service class code (positions 2–4) must be 200, 220 or 225`);
      }
      if (f(line, 5, 20).trim() === '') errors.push(`line ${n}: company name (positions 5–20) is blank`);
      if (f(line, 41, 50).trim() === '')
        errors.push(`line ${n}: company identification (positions 41–50) is blank`);
      if (!/^[A-Z]{3}$/.test(f(line, 51, 53)))
        errors.push(`line ${n}: SEC code (positions 51–53) is not 3 letters`);
      if (f(line, 54, 63).trim() === '')
        errors.push(`line ${n}: company entry description (positions 54–63) is blank`);
      if (!isYymmdd(f(line, 70, 75)))
        errors.push(`line ${n}: effective entry date (positions 70–75) is not YYMMDD`);
      if (!/^[012]$/.test(f(line, 79, 79)))
        errors.push(`line ${n}: originator status code (position 79) must be 0–2`);
      digits(n, line, 80, 87, 'originating DFI identification');
      const batchNumber = digits(n, line, 88, 94, 'batch number');
      if (batchNumber !== null) {
        if (batchNumber <= lastBatchNumber)
          errors.push(`line ${n}: batch number ${batchNumber} does not ascend`);
        lastBatchNumber = batchNumber;
      }
      continue;
    }

    if (type === '6') {
      closeEntry();
      if (!batch) {
        errors.push(`line ${n}: entry detail outside a batch`);
        continue;
      }
      batch.entries += 1;
      const code = f(line, 2, 3);
      const isCredit = CHECK_CREDIT_CODES.has(code);
      const isDebit = CHECK_DEBIT_CODES.has(code);
      if (!isCredit && !isDebit) errors.push(`line ${n}: unknown transaction code ${JSON.stringify(code)}`);
      const rdfi = f(line, 4, 12);
      if (!/^\d{9}$/.test(rdfi) || !isValidRoutingNumber(rdfi)) {
        errors.push(`line ${n}: receiving DFI routing number (positions 4–12) fails the check digit`);
      }
      const rdfiId = digits(n, line, 4, 11, 'receiving DFI identification');
      if (rdfiId !== null) batch.hash = (batch.hash + rdfiId) % HASH_MODULUS;
      if (f(line, 13, 29).trim() === '')
        errors.push(`line ${n}: DFI account number (positions 13–29) is blank`);
      const amount = digits(n, line, 30, 39, 'amount');
      if (amount !== null) {
        if (isCredit) batch.credits += amount;
        if (isDebit) batch.debits += amount;
        if (CHECK_ZERO_CODES.has(code) && amount !== 0) {
          errors.push(`line ${n}: transaction code ${code} (prenote / zero-dollar) must have amount 0`);
        }
      }
      if (f(line, 55, 76).trim() === '') errors.push(`line ${n}: individual name (positions 55–76) is blank`);
      const indicator = f(line, 79, 79);
      if (indicator !== '0' && indicator !== '1') {
        errors.push(`line ${n}: addenda record indicator (position 79) must be 0 or 1`);
      }
      const trace = digits(n, line, 80, 94, 'trace number');
      if (trace !== null) {
        if (f(line, 80, 87) !== f(batch.header, 80, 87)) {
          errors.push(`line ${n}: trace number does not start with the batch's originating DFI`);
        }
        if (trace <= batch.lastTrace) errors.push(`line ${n}: trace number does not ascend within the batch`);
        batch.lastTrace = trace;
      }
      openEntry = { lineNo: n, sequence: f(line, 88, 94), wantsAddenda: indicator === '1', addenda: 0 };
      continue;
    }

    if (type === '7') {
      if (!batch || !openEntry) {
        errors.push(`line ${n}: addenda record without an entry detail before it`);
        continue;
      }
      const entry: { lineNo: number; sequence: string; wantsAddenda: boolean; addenda: number } = openEntry;
      batch.addenda += 1;
      entry.addenda += 1;
      if (!entry.wantsAddenda)
        errors.push(`line ${n}: addenda record follows an entry whose addenda indicator is 0`);
      digits(n, line, 2, 3, 'addenda type code');
      expectEqual(
        n,
        'addenda sequence number',
        digits(n, line, 84, 87, 'addenda sequence number'),
        entry.addenda,
      );
      if (f(line, 88, 94) !== entry.sequence) {
        errors.push(
          `line ${n}: entry detail sequence number (positions 88–94) does not match its entry's trace`,
        );
      }
      continue;
    }

    if (type === '8') {
      closeEntry();
      if (!batch) {
        errors.push(`line ${n}: batch control without a batch header`);
        continue;
      }
      const h = batch.header;
      const serviceClass = f(line, 2, 4);
      if (serviceClass !== f(h, 2, 4))
        errors.push(`line ${n}: service class code differs from the batch header`);
      if (serviceClass === '220' && batch.debits > 0)
        errors.push(`line ${n}: service class 220 (credits only) has debits`);
      if (serviceClass === '225' && batch.credits > 0)
        errors.push(`line ${n}: service class 225 (debits only) has credits`);
      if (batch.entries === 0) errors.push(`line ${n}: batch has no entries`);
      expectEqual(
        n,
        'entry/addenda count',
        digits(n, line, 5, 10, 'entry/addenda count'),
        batch.entries + batch.addenda,
      );
      expectEqual(n, 'entry hash', digits(n, line, 11, 20, 'entry hash'), batch.hash);
      expectEqual(n, 'total debit amount', digits(n, line, 21, 32, 'total debit amount'), batch.debits);
      expectEqual(n, 'total credit amount', digits(n, line, 33, 44, 'total credit amount'), batch.credits);
      if (f(line, 45, 54) !== f(h, 41, 50))
        errors.push(`line ${n}: company identification differs from the batch header`);
      if (f(line, 74, 79) !== blanks(6)) errors.push(`line ${n}: reserved (positions 74–79) must be blank`);
      if (f(line, 80, 87) !== f(h, 80, 87))
        errors.push(`line ${n}: originating DFI differs from the batch header`);
      if (f(line, 88, 94) !== f(h, 88, 94))
        errors.push(`line ${n}: batch number differs from the batch header`);
      fileEntries += batch.entries + batch.addenda;
      fileHash = (fileHash + batch.hash) % HASH_MODULUS;
      fileDebits += batch.debits;
      fileCredits += batch.credits;
      batch = null;
      continue;
    }

    if (type === '9') {
      if (line === PADDING_RECORD) {
        errors.push(`line ${n}: padding record before the file control`);
        continue;
      }
      closeEntry();
      if (batch) {
        errors.push(`line ${n}: file control before the batch at line ${batch.lineNo} was closed`);
        batch = null;
      }
      fileControlLine = n;
      expectEqual(n, 'batch count', digits(n, line, 2, 7, 'batch count'), batchCount);
      const blocks = Math.ceil(lines.length / BLOCKING_FACTOR);
      expectEqual(n, 'block count', digits(n, line, 8, 13, 'block count'), blocks);
      expectEqual(n, 'entry/addenda count', digits(n, line, 14, 21, 'entry/addenda count'), fileEntries);
      expectEqual(n, 'entry hash', digits(n, line, 22, 31, 'entry hash'), fileHash);
      expectEqual(n, 'total debit amount', digits(n, line, 32, 43, 'total debit amount'), fileDebits);
      expectEqual(n, 'total credit amount', digits(n, line, 44, 55, 'total credit amount'), fileCredits);
      if (f(line, 56, 94).trim() !== '') errors.push(`line ${n}: reserved (positions 56–94) must be blank`);
      continue;
    }

    errors.push(`line ${n}: unexpected record type ${JSON.stringify(type)}`);
  }

  if (fileControlLine === -1) {
    closeEntry();
    if (batch) errors.push(`line ${batch.lineNo}: batch is never closed by a batch control`);
    errors.push('file control record (type 9) is missing');
  } else {
    if (batchCount === 0) errors.push('file has no batches');
    const padding = lines.length - fileControlLine;
    if (lines.length % BLOCKING_FACTOR !== 0) {
      errors.push(
        `file has ${lines.length} records, not a multiple of the blocking factor ${BLOCKING_FACTOR} (pad with all-9 records)`,
      );
    } else if (padding >= BLOCKING_FACTOR) {
      errors.push(`file ends with ${padding} padding records; a whole block of padding is not allowed`);
    }
  }
  return errors;
}
