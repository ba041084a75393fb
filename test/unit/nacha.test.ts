import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AchInputError,
  buildAchFile,
  isValidRoutingNumber,
  toNachaText,
  validateAchFile,
  type AchBatch,
  type AchEntry,
  type AchFile,
} from '../../src/modules/utilities/autopay/index.js';

// ---------------------------------------------------------------------------------------------
// An independent NACHA parser from npm (@midlandsbank/node-nacha, CommonJS, no types): we type
// just the parts we read.
type ParsedEntry = {
  transactionCode: string;
  receivingDFIIdentification: number;
  checkDigit: number;
  dfiAccount: string;
  amount: number;
  identificationNumber: string;
  receivingCompanyName: string;
  paymentTypeCode?: string;
  traceNumber: number;
};
type ParsedFooter = {
  entryAndAddendaCount: number;
  entryHash: number;
  totalDebit: number;
  totalCredit: number;
};
type ParsedBatch = {
  serviceClassCode: number;
  companyName: string;
  companyId: string;
  entryClassCode: string;
  description: string;
  effectiveDate: string;
  originatingDFIIdentification: string;
  num: number;
  entries: ParsedEntry[];
  footer: ParsedFooter & { serviceClassCode: number };
};
type ParsedAch = {
  file: {
    destination: string;
    origin: string;
    creationDate: string;
    creationTime: string;
    idModifier: string;
    destinationName: string;
    originName: string;
    footer: ParsedFooter & { batchCount: number; blockCount: number };
  };
  batches: ParsedBatch[];
};
const requireCjs = createRequire(import.meta.url);
const nacha = requireCjs('@midlandsbank/node-nacha') as {
  from(text: string): { data: ParsedAch; to(format: 'ach' | 'json'): string };
};
/** The package's own control-total calculator (recomputes batch hashes/totals/counts from entries). */
const calculate = requireCjs('@midlandsbank/node-nacha/lib/api/calculate') as (options: {
  ach: ParsedAch;
}) => {
  batchFooters: ParsedFooter[];
  footer: ParsedFooter & { batchCount: number; blockCount: number; lineCount: number };
};

// ---------------------------------------------------------------------------------------------
// Helpers written for the test (independent of the module under test).

/** Appends the ABA check digit to 8 digits: weights 3,7,1,3,7,1,3,7 then (10 − sum mod 10) mod 10. */
function withCheckDigit(eight: string): string {
  const w = [3, 7, 1, 3, 7, 1, 3, 7];
  const sum = [...eight].reduce((s, d, i) => s + Number(d) * w[i]!, 0);
  return eight + String((10 - (sum % 10)) % 10);
}
/** 1-based, inclusive positions as printed in the NACHA rules. */
function pos(line: string, from: number, to: number): string {
  return line.slice(from - 1, to);
}

// ---------------------------------------------------------------------------------------------
// Fixture: two batches. PPD: checking debit, savings debit, checking prenote (28, $0). WEB: two
// checking debits, one with a name too long for the field.

const ppd: AchBatch = {
  secCode: 'PPD',
  companyName: 'City Utilities',
  companyId: '1123456789',
  entryDescription: 'UTILITY',
  effectiveDate: '2026-03-06',
  originatingDfi: '02100002',
  entries: [
    {
      transactionCode: 27,
      routingNumber: '011000015', // Federal Reserve Bank of Boston
      accountNumber: '123456789',
      amountCents: 12_345,
      individualId: 'UT-000123',
      individualName: 'Peña Ibáñez',
      traceSequence: 1,
    },
    {
      transactionCode: 37,
      routingNumber: '111000025',
      accountNumber: '987654321',
      amountCents: 6_789,
      individualId: 'UT-000456',
      individualName: 'Nguyễn Văn An',
      traceSequence: 2,
    },
    {
      transactionCode: 28,
      routingNumber: '021000021', // JPMorgan Chase
      accountNumber: '5550001',
      amountCents: 0,
      individualId: 'UT-000777',
      individualName: 'Zoë Müller',
      traceSequence: 3,
    },
  ],
};
const web: AchBatch = {
  secCode: 'WEB',
  companyName: 'City Utilities',
  companyId: '1123456789',
  entryDescription: 'UTILITY',
  effectiveDate: '2026-03-06',
  originatingDfi: '02100002',
  entries: [
    {
      transactionCode: 27,
      routingNumber: '011000015',
      accountNumber: 'A1B2C3',
      amountCents: 250_000,
      individualId: 'UT-000999',
      individualName: 'O’Brien',
      traceSequence: 1,
    },
    {
      transactionCode: 27,
      routingNumber: '111000025',
      accountNumber: '42',
      amountCents: 1,
      individualId: 'UT-2026-000000001234', // 19 chars: truncated to 15
      individualName: 'Ana Lucía Gómez-Ortega de la Fuente', // truncated to 22
      traceSequence: 2,
    },
  ],
};
const file: AchFile = {
  immediateDestination: '021000021',
  immediateOrigin: '1123456789',
  destinationName: 'JPMorgan Chase Bank',
  originName: 'Ciudad de Peñasco',
  createdAt: new Date(Date.UTC(2026, 2, 5, 14, 7)),
  fileIdModifier: 'A',
  batches: [ppd, web],
};

// Hand-computed controls.
// Receiving DFI ids (routing without check digit): 011000015 → 01100001, 111000025 → 11100002,
// 021000021 → 02100002.
//   PPD entry hash = 01100001 + 11100002 + 02100002 = 14300005
//   WEB entry hash = 01100001 + 11100002            = 12200003
//   file entry hash = 14300005 + 12200003           = 26500008
//   PPD debits = 12345 + 6789 + 0 = 19134; WEB debits = 250000 + 1 = 250001; file = 269135; credits 0
// Records: 1 header + (1 + 3 + 1) + (1 + 2 + 1) + 1 control = 11 → padded with 9 all-9 records to 20,
// block count 2.
const PPD_HASH = 14_300_005;
const WEB_HASH = 12_200_003;
const FILE_HASH = 26_500_008;
const PPD_DEBITS = 19_134;
const WEB_DEBITS = 250_001;
const FILE_DEBITS = 269_135;

describe('isValidRoutingNumber', () => {
  it('accepts known-valid routing numbers', () => {
    for (const r of ['011000015', '021000021', '111000025', '122000247', '026009593', '121000358']) {
      expect(isValidRoutingNumber(r), r).toBe(true);
    }
  });

  it('rejects wrong lengths, non-digits and a bad check digit', () => {
    for (const r of ['', '01100001', '0110000155', '01100001X', ' 11000015', '011000016', '021000012']) {
      expect(isValidRoutingNumber(r), JSON.stringify(r)).toBe(false);
    }
  });

  it('any 8 digits plus the computed check digit is valid', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{8}$/), (eight) => {
        expect(isValidRoutingNumber(withCheckDigit(eight))).toBe(true);
      }),
    );
  });

  it('every single-digit change of a valid number fails', () => {
    const valid = fc.oneof(
      fc.constantFrom('011000015', '021000021', '111000025'),
      fc.stringMatching(/^\d{8}$/).map(withCheckDigit),
    );
    fc.assert(
      fc.property(valid, fc.nat(8), fc.integer({ min: 1, max: 9 }), (routing, at, delta) => {
        const changed = String((Number(routing[at]) + delta) % 10);
        const typo = routing.slice(0, at) + changed + routing.slice(at + 1);
        expect(typo).not.toBe(routing);
        expect(isValidRoutingNumber(typo)).toBe(false);
      }),
    );
  });
});

describe('toNachaText', () => {
  it('transliterates accents to upper-case ASCII', () => {
    expect(toNachaText('Peña Ibáñez')).toBe('PENA IBANEZ');
    expect(toNachaText('Nguyễn Văn An')).toBe('NGUYEN VAN AN');
    expect(toNachaText('Straße Æsir Øre Łódź')).toBe('STRASSE AESIR ORE LODZ');
    expect(toNachaText('O’Brien  —  ¿Sí?\t')).toBe("O'BRIEN - SI?");
    expect(toNachaText('東京 Tokyo')).toBe('TOKYO');
  });
});

describe('buildAchFile — two-batch fixture', () => {
  const text = buildAchFile(file);
  const lines = text.split('\n');

  it('every record is 94 characters and the file is blocked by 10 with all-9 padding', () => {
    for (const [i, line] of lines.entries()) expect(line.length, `line ${i + 1}`).toBe(94);
    expect(lines.length % 10).toBe(0);
    expect(lines).toHaveLength(20);
    expect(lines.map((l) => l[0]).join('')).toBe('15666856689' + '9'.repeat(9));
    expect(lines.slice(11)).toEqual(Array(9).fill('9'.repeat(94)));
    expect(text.endsWith('\n')).toBe(false);
    expect(validateAchFile(text)).toEqual([]);
  });

  it('file header fields', () => {
    const h = lines[0]!;
    expect(pos(h, 1, 3)).toBe('101');
    expect(pos(h, 4, 13)).toBe(' 021000021');
    expect(pos(h, 14, 23)).toBe('1123456789');
    expect(pos(h, 24, 29)).toBe('260305');
    expect(pos(h, 30, 33)).toBe('1407');
    expect(pos(h, 34, 40)).toBe('A094101');
    expect(pos(h, 41, 63)).toBe('JPMORGAN CHASE BANK    ');
    expect(pos(h, 64, 86)).toBe('CIUDAD DE PENASCO      ');
    expect(pos(h, 87, 94)).toBe('        ');
  });

  it('batch header fields (debits only → service class 225)', () => {
    const b = lines[1]!;
    expect(b).toBe(
      [
        '5',
        '225',
        'CITY UTILITIES  ',
        ' '.repeat(20),
        '1123456789',
        'PPD',
        'UTILITY   ',
        ' '.repeat(6),
        '260306',
        '   ',
        '1',
        '02100002',
        '0000001',
      ].join(''),
    );
    expect(pos(lines[6]!, 51, 53)).toBe('WEB');
    expect(pos(lines[6]!, 88, 94)).toBe('0000002');
  });

  it('entry detail fields, incl. amount at positions 30–39 and the transliterated name', () => {
    const e = lines[2]!;
    expect(e).toBe(
      [
        '6',
        '27',
        '01100001',
        '5',
        '123456789        ',
        '0000012345',
        'UT-000123      ',
        'PENA IBANEZ           ',
        '  ',
        '0',
        '02100002',
        '0000001',
      ].join(''),
    );
    expect(pos(e, 30, 39)).toBe('0000012345');
    expect(pos(e, 55, 76).trimEnd()).toBe('PENA IBANEZ');
    expect(pos(lines[3]!, 2, 3)).toBe('37');
    expect(pos(lines[3]!, 55, 76).trimEnd()).toBe('NGUYEN VAN AN');
    // the prenote: transaction code 28, amount zero
    expect(pos(lines[4]!, 2, 3)).toBe('28');
    expect(pos(lines[4]!, 30, 39)).toBe('0000000000');
    expect(pos(lines[4]!, 80, 94)).toBe('021000020000003');
    // WEB: payment type code 'R' (recurring) in 77–78; truncation of long id and name
    expect(pos(lines[7]!, 55, 78)).toBe("O'BRIEN               R ");
    expect(pos(lines[8]!, 40, 54)).toBe('UT-2026-0000000');
    expect(pos(lines[8]!, 55, 76)).toBe('ANA LUCIA GOMEZ-ORTEGA');
    expect(pos(lines[8]!, 30, 39)).toBe('0000000001');
    expect(pos(lines[8]!, 77, 94)).toBe('R 0021000020000002');
  });

  it('batch controls carry hand-computed counts, entry hashes and totals', () => {
    const ppdControl = lines[5]!;
    expect(ppdControl[0]).toBe('8');
    expect(pos(ppdControl, 2, 4)).toBe('225');
    expect(pos(ppdControl, 5, 10)).toBe('000003');
    expect(Number(pos(ppdControl, 11, 20))).toBe(PPD_HASH);
    expect(pos(ppdControl, 11, 20)).toBe('0014300005');
    expect(pos(ppdControl, 21, 32)).toBe('000000019134');
    expect(Number(pos(ppdControl, 21, 32))).toBe(PPD_DEBITS);
    expect(pos(ppdControl, 33, 44)).toBe('000000000000');
    expect(pos(ppdControl, 45, 54)).toBe('1123456789');
    expect(pos(ppdControl, 55, 79)).toBe(' '.repeat(25));
    expect(pos(ppdControl, 80, 94)).toBe('021000020000001');

    const webControl = lines[9]!;
    expect(webControl[0]).toBe('8');
    expect(pos(webControl, 5, 10)).toBe('000002');
    expect(pos(webControl, 11, 20)).toBe('0012200003');
    expect(Number(pos(webControl, 11, 20))).toBe(WEB_HASH);
    expect(Number(pos(webControl, 21, 32))).toBe(WEB_DEBITS);
    expect(pos(webControl, 88, 94)).toBe('0000002');
  });

  it('file control carries hand-computed batch/block/entry counts, hash and totals', () => {
    const fc9 = lines[10]!;
    expect(fc9).toBe(
      [
        '9',
        '000002', // batches
        '000002', // blocks (20 records / 10)
        '00000005', // entries + addenda
        '0026500008', // entry hash
        '000000269135', // total debits
        '000000000000', // total credits
        ' '.repeat(39),
      ].join(''),
    );
    expect(Number(pos(fc9, 22, 31))).toBe(FILE_HASH);
    expect(Number(pos(fc9, 32, 43))).toBe(FILE_DEBITS);
  });

  it('an independent parser (@midlandsbank/node-nacha) reads back the same file', () => {
    const parsed = nacha.from(text).data;
    expect(parsed.file.destination).toBe(' 021000021');
    expect(parsed.file.origin).toBe('1123456789');
    expect(parsed.file.creationDate).toBe('260305');
    expect(parsed.file.creationTime).toBe('1407');
    expect(parsed.file.idModifier).toBe('A');
    expect(parsed.file.originName).toBe('CIUDAD DE PENASCO');

    expect(parsed.batches).toHaveLength(2);
    expect(parsed.batches.map((b) => b.entryClassCode)).toEqual(['PPD', 'WEB']);
    expect(parsed.batches.map((b) => b.entries.length)).toEqual([3, 2]);
    expect(parsed.batches.map((b) => b.serviceClassCode)).toEqual([225, 225]);
    expect(parsed.batches.map((b) => b.num)).toEqual([1, 2]);

    const entries = parsed.batches.flatMap((b) => b.entries);
    expect(entries.map((e) => e.transactionCode)).toEqual(['27', '37', '28', '27', '27']);
    expect(entries.map((e) => e.amount)).toEqual([12_345, 6_789, 0, 250_000, 1]);
    expect(entries.map((e) => e.receivingCompanyName)).toEqual([
      'PENA IBANEZ',
      'NGUYEN VAN AN',
      'ZOE MULLER',
      "O'BRIEN",
      'ANA LUCIA GOMEZ-ORTEGA',
    ]);
    expect(entries.map((e) => e.dfiAccount)).toEqual(['123456789', '987654321', '5550001', 'A1B2C3', '42']);
    expect(
      entries.map((e) => `${String(e.receivingDFIIdentification).padStart(8, '0')}${e.checkDigit}`),
    ).toEqual(['011000015', '111000025', '021000021', '011000015', '111000025']);
    expect(entries.map((e) => e.identificationNumber)).toEqual([
      'UT-000123',
      'UT-000456',
      'UT-000777',
      'UT-000999',
      'UT-2026-0000000',
    ]);
    expect(parsed.batches[1]!.entries.map((e) => e.paymentTypeCode)).toEqual(['R', 'R']);

    // The controls we wrote, as the parser reads them …
    expect(parsed.batches.map((b) => b.footer.entryHash)).toEqual([PPD_HASH, WEB_HASH]);
    expect(parsed.batches.map((b) => b.footer.totalDebit)).toEqual([PPD_DEBITS, WEB_DEBITS]);
    expect(parsed.file.footer).toMatchObject({
      batchCount: 2,
      blockCount: 2,
      entryAndAddendaCount: 5,
      entryHash: FILE_HASH,
      totalDebit: FILE_DEBITS,
      totalCredit: 0,
    });
    // … agree with the package's own recalculation from the parsed entries.
    const recalculated = calculate({ ach: parsed });
    expect(
      recalculated.batchFooters.map((f) => [
        f.entryAndAddendaCount,
        f.entryHash,
        f.totalDebit,
        f.totalCredit,
      ]),
    ).toEqual([
      [3, PPD_HASH, PPD_DEBITS, 0],
      [2, WEB_HASH, WEB_DEBITS, 0],
    ]);
    expect(recalculated.footer).toMatchObject({
      blockCount: 2,
      entryHash: FILE_HASH,
      totalDebit: FILE_DEBITS,
    });

    // Its formatter rebuilds byte-identical records from the parsed fields (its own field widths).
    // (Its padding logic adds a needless full block when the record count is already a multiple
    // of 10; this fixture has 11 records, so that bug does not apply.)
    expect(nacha.from(text).to('ach')).toBe(text);
  });
});

describe('buildAchFile — more cases', () => {
  const entry = (over: Partial<AchEntry> = {}): AchEntry => ({
    transactionCode: 27,
    routingNumber: '011000015',
    accountNumber: '1',
    amountCents: 100,
    individualId: 'UT-1',
    individualName: 'Test',
    traceSequence: 1,
    ...over,
  });
  const oneBatch = (entries: AchEntry[], over: Partial<AchBatch> = {}): AchFile => ({
    ...file,
    batches: [{ ...ppd, entries, ...over }],
  });

  it('keeps the last 10 digits of an entry hash that overflows', () => {
    // 99999999 + check digit: 9·(3+7+1+3+7+1+3+7) = 288 → check digit 2.
    const big = withCheckDigit('99999999');
    expect(big).toBe('999999992');
    const entries = Array.from({ length: 101 }, (_, i) =>
      entry({ routingNumber: big, traceSequence: i + 1 }),
    );
    const text = buildAchFile(oneBatch(entries));
    const lines = text.split('\n');
    // 101 × 99,999,999 = 10,099,999,899 → last 10 digits 0099999899
    // records: header, batch header, 101 entries (lines[2..102]), batch control, file control = 105
    expect(lines[103]![0]).toBe('8');
    expect(pos(lines[103]!, 11, 20)).toBe('0099999899');
    expect(pos(lines[104]!, 22, 31)).toBe('0099999899');
    expect(pos(lines[104]!, 8, 13)).toBe('000011'); // 105 records → padded to 110 → 11 blocks
    expect(lines).toHaveLength(110);
    expect(validateAchFile(text)).toEqual([]);
  });

  it('service class 220 for credits only, 200 for mixed', () => {
    const credits = buildAchFile(
      oneBatch([entry({ transactionCode: 22 }), entry({ transactionCode: 32, traceSequence: 2 })]),
    );
    expect(pos(credits.split('\n')[1]!, 2, 4)).toBe('220');
    expect(pos(credits.split('\n')[4]!, 33, 44)).toBe('000000000200');
    expect(validateAchFile(credits)).toEqual([]);
    const mixed = buildAchFile(
      oneBatch([
        entry({ transactionCode: 22, amountCents: 500 }),
        entry({ transactionCode: 27, traceSequence: 2 }),
      ]),
    );
    const control = mixed.split('\n')[4]!;
    expect(pos(control, 2, 4)).toBe('200');
    expect(pos(control, 21, 44)).toBe('000000000100' + '000000000500');
    expect(validateAchFile(mixed)).toEqual([]);
  });

  it('exactly 10 records get no padding', () => {
    // 1 + 1 + 6 + 1 + 1 = 10
    const entries = Array.from({ length: 6 }, (_, i) => entry({ traceSequence: i + 1 }));
    const lines = buildAchFile(oneBatch(entries)).split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[9]![0]).toBe('9');
    expect(lines[9]).not.toBe('9'.repeat(94));
  });

  it('renders the creation date/time in the given time zone', () => {
    const text = buildAchFile({
      ...file,
      createdAt: new Date('2026-03-05T03:30:00Z'),
      timeZone: 'America/Chicago',
    });
    expect(pos(text, 24, 33)).toBe('2603042130');
  });

  it('refuses bad input with an error naming the field', () => {
    const refuse = (f: AchFile, field: string, message: RegExp): void => {
      let error: unknown;
      try {
        buildAchFile(f);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AchInputError);
      expect((error as AchInputError).field).toBe(field);
      expect((error as AchInputError).message).toMatch(message);
    };
    const e0 = 'batches[0].entries[0]';
    refuse(oneBatch([entry({ routingNumber: '011000016' })]), `${e0}.routingNumber`, /check digit/);
    refuse(oneBatch([entry({ routingNumber: '01100001' })]), `${e0}.routingNumber`, /routing number/);
    refuse(oneBatch([entry({ amountCents: -1 })]), `${e0}.amountCents`, /non-negative integer/);
    refuse(oneBatch([entry({ amountCents: 12.5 })]), `${e0}.amountCents`, /non-negative integer/);
    refuse(oneBatch([entry({ amountCents: Number.NaN })]), `${e0}.amountCents`, /non-negative integer/);
    refuse(oneBatch([entry({ amountCents: 10_000_000_000 })]), `${e0}.amountCents`, /10-digit/);
    refuse(oneBatch([entry({ transactionCode: 28, amountCents: 1 })]), `${e0}.amountCents`, /prenote/);
    refuse(oneBatch([entry({ transactionCode: 38, amountCents: 500 })]), `${e0}.amountCents`, /prenote/);
    refuse(oneBatch([entry({ amountCents: 0 })]), `${e0}.amountCents`, /must be positive/);
    refuse(oneBatch([entry({ accountNumber: '123456789012345678' })]), `${e0}.accountNumber`, /1–17/);
    refuse(oneBatch([entry({ accountNumber: '12 34' })]), `${e0}.accountNumber`, /1–17/);
    refuse(oneBatch([entry({ individualName: '東京' })]), `${e0}.individualName`, /required/);
    refuse(
      oneBatch([entry({ traceSequence: 2 }), entry({ traceSequence: 2 })]),
      'batches[0].entries[1].traceSequence',
      /ascend/,
    );
    refuse(
      oneBatch([entry({ transactionCode: 23 as AchEntry['transactionCode'] })]),
      `${e0}.transactionCode`,
      /unsupported/,
    );
    refuse(oneBatch([]), 'batches[0].entries', /at least one/);
    refuse(oneBatch([entry()], { originatingDfi: '021000021' }), 'batches[0].originatingDfi', /8 digits/);
    refuse(oneBatch([entry()], { effectiveDate: '2026-02-30' }), 'batches[0].effectiveDate', /YYYY-MM-DD/);
    refuse(oneBatch([entry()], { companyId: '11234567890' }), 'batches[0].companyId', /1–10/);
    refuse({ ...file, immediateDestination: '021000022' }, 'immediateDestination', /check digit/);
    refuse({ ...file, immediateOrigin: '12345' }, 'immediateOrigin', /10 characters/);
    refuse({ ...file, fileIdModifier: 'AA' }, 'fileIdModifier', /'A'/);
    refuse({ ...file, createdAt: new Date('nope') }, 'createdAt', /valid Date/);
    refuse({ ...file, batches: [] }, 'batches', /at least one batch/);
  });
});

describe('validateAchFile', () => {
  const text = buildAchFile(file);
  const lines = (): string[] => text.split('\n');
  const replace = (line: string, from: number, to: number, value: string): string =>
    line.slice(0, from - 1) + value + line.slice(to);

  it('accepts the generated file (and a trailing newline)', () => {
    expect(validateAchFile(text)).toEqual([]);
    expect(validateAchFile(`${text}\n`)).toEqual([]);
  });

  it('detects a truncated line', () => {
    const l = lines();
    l[2] = l[2]!.slice(0, 93);
    expect(validateAchFile(l.join('\n'))).toContain('line 3: record is 93 characters, expected 94');
  });

  it('detects a wrong batch entry hash and a wrong file entry hash', () => {
    const l = lines();
    l[5] = replace(l[5]!, 11, 20, '0014300006');
    expect(validateAchFile(l.join('\n'))).toEqual(['line 6: entry hash is 14300006, expected 14300005']);
    const m = lines();
    m[10] = replace(m[10]!, 22, 31, '0000000000');
    expect(validateAchFile(m.join('\n'))).toEqual(['line 11: entry hash is 0, expected 26500008']);
  });

  it('detects wrong totals', () => {
    const l = lines();
    l[9] = replace(l[9]!, 21, 32, '000000250000');
    expect(validateAchFile(l.join('\n'))).toEqual(['line 10: total debit amount is 250000, expected 250001']);
    const m = lines();
    m[10] = replace(m[10]!, 44, 55, '000000000001');
    expect(validateAchFile(m.join('\n'))).toEqual(['line 11: total credit amount is 1, expected 0']);
    // an entry amount changed without fixing the controls
    const n = lines();
    n[2] = replace(n[2]!, 30, 39, '0000012346');
    expect(validateAchFile(n.join('\n'))).toEqual([
      'line 6: total debit amount is 19134, expected 19135',
      'line 11: total debit amount is 269135, expected 269136',
    ]);
  });

  it('detects missing padding and too much padding', () => {
    const unpadded = lines().slice(0, 11).join('\n');
    expect(validateAchFile(unpadded)).toEqual([
      'file has 11 records, not a multiple of the blocking factor 10 (pad with all-9 records)',
    ]);
    const extra = [...lines(), ...Array(10).fill('9'.repeat(94))].join('\n');
    const errors = validateAchFile(extra);
    expect(errors).toContain('line 11: block count is 2, expected 3');
    expect(errors).toContain('file ends with 19 padding records; a whole block of padding is not allowed');
  });

  it('detects counts and record order problems', () => {
    const l = lines();
    l[5] = replace(l[5]!, 5, 10, '000004');
    expect(validateAchFile(l.join('\n'))).toEqual(['line 6: entry/addenda count is 4, expected 3']);

    const swapped = lines();
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    expect(validateAchFile(swapped.join('\n')).length).toBeGreaterThan(0);

    const noControl = lines().filter((_, i) => i !== 10);
    expect(validateAchFile(noControl.join('\n'))).toContain('file control record (type 9) is missing');

    const noBatchControl = lines().filter((_, i) => i !== 5);
    expect(validateAchFile(noBatchControl.join('\n'))).toContain(
      'line 6: batch header before the previous batch (line 2) was closed',
    );

    const badRouting = lines();
    badRouting[3] = replace(badRouting[3]!, 12, 12, '6');
    expect(validateAchFile(badRouting.join('\n'))).toContain(
      'line 4: receiving DFI routing number (positions 4–12) fails the check digit',
    );

    const paidPrenote = lines();
    paidPrenote[4] = replace(paidPrenote[4]!, 30, 39, '0000000100');
    expect(validateAchFile(paidPrenote.join('\n'))).toContain(
      'line 5: transaction code 28 (prenote / zero-dollar) must have amount 0',
    );
    expect(validateAchFile('')).toEqual(['file is empty']);
  });
});

describe('buildAchFile — property: any valid input gives a valid, parseable file', () => {
  const routing = fc.stringMatching(/^\d{8}$/).map(withCheckDigit);
  const entryArb = fc.record({
    transactionCode: fc.constantFrom<AchEntry['transactionCode']>(27, 37, 22, 32, 28, 38),
    routingNumber: routing,
    accountNumber: fc.stringMatching(/^[0-9A-Z-]{1,17}$/),
    amountCents: fc.integer({ min: 1, max: 2_000_000_000 }), // 4 × 25 × this stays under 12-digit totals
    individualId: fc.string({ maxLength: 20 }),
    individualName: fc.string({ unit: 'binary', maxLength: 30 }).map((s) => `N${s}`),
  });
  const batchArb = fc.record({
    secCode: fc.constantFrom<AchBatch['secCode']>('PPD', 'WEB'),
    companyName: fc.constantFrom('City Utilities', 'Ciudad de Peñasco — Servicios Públicos'),
    companyId: fc.constantFrom('1123456789', 'CITY01'),
    entryDescription: fc.constantFrom('UTILITY', 'PRENOTE', 'AUTOPAY DRAFT'),
    effectiveDate: fc.constantFrom('2026-01-02', '2099-12-31', '2000-02-29'),
    originatingDfi: fc.stringMatching(/^\d{8}$/),
    entries: fc.array(entryArb, { minLength: 1, maxLength: 25 }),
  });

  it('validates, blocks by 10, and reads back through the independent parser', () => {
    fc.assert(
      fc.property(fc.array(batchArb, { minLength: 1, maxLength: 4 }), (rawBatches) => {
        const batches: AchBatch[] = rawBatches.map((b) => ({
          ...b,
          entries: b.entries.map((e, i) => ({
            ...e,
            amountCents: e.transactionCode === 28 || e.transactionCode === 38 ? 0 : e.amountCents,
            traceSequence: i * 3 + 1,
          })),
        }));
        const text = buildAchFile({ ...file, batches });
        const lines = text.split('\n');
        expect(lines.every((l) => l.length === 94 && /^[\x20-\x7E]+$/.test(l))).toBe(true);
        expect(lines.length % 10).toBe(0);
        expect(validateAchFile(text)).toEqual([]);

        const parsed = nacha.from(text).data;
        expect(parsed.batches.map((b) => b.entries.length)).toEqual(batches.map((b) => b.entries.length));
        expect(parsed.batches.flatMap((b) => b.entries.map((e) => e.amount))).toEqual(
          batches.flatMap((b) => b.entries.map((e) => e.amountCents)),
        );
        expect(parsed.batches.flatMap((b) => b.entries.map((e) => e.receivingCompanyName))).toEqual(
          batches.flatMap((b) => b.entries.map((e) => toNachaText(e.individualName).slice(0, 22).trimEnd())),
        );
        const recalculated = calculate({ ach: parsed });
        expect(recalculated.batchFooters.map((f) => [f.entryHash, f.totalDebit, f.totalCredit])).toEqual(
          parsed.batches.map((b) => [b.footer.entryHash, b.footer.totalDebit, b.footer.totalCredit]),
        );
        expect(recalculated.footer.blockCount).toBe(parsed.file.footer.blockCount);
      }),
      { numRuns: 150 },
    );
  });
});
