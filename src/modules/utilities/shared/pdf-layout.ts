import PDFDocument from 'pdfkit';
import { groupAccountNumber } from '../../../lib/codes.js';
import { INTL_LOCALE, t, type Language } from '../../../lib/i18n.js';

/**
 * The layout of the utility documents (statement, shutoff warning) in the house style of the
 * payments receipts — pdfkit, US Letter: letterhead, label/value fields, simple tables that
 * continue across pages, page numbers, and the remittance stub at the foot of the last page.
 * Money and dates are formatted for en-US / es-US; rates are printed exactly as stored.
 */
export type Entity = { name: string; contactEmail: string | null; contactPhone: string | null };

export const MARGIN = 54;
export const WIDTH = 612 - 2 * MARGIN;
const STUB_TOP = 792 - 54 - 150;
export const BLUE = '#1a4480';
export const INK = '#1b1b1b';
export const GREY = '#555555';

export const money = (lang: Language, cents: number) =>
  new Intl.NumberFormat(INTL_LOCALE[lang], { style: 'currency', currency: 'USD' }).format(cents / 100);
export const day = (lang: Language, iso: string) =>
  new Intl.DateTimeFormat(INTL_LOCALE[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${iso.slice(0, 10)}T00:00:00Z`),
  );
/**
 * A compact date with the month as a word ("Oct 1, 2026", "1 oct 2026"): a numeric date
 * ("1/10/2026") reads as January 10 to a Texas reader of the Spanish statement.
 */
export const shortDay = (lang: Language, iso: string) =>
  new Intl.DateTimeFormat(INTL_LOCALE[lang], { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${iso.slice(0, 10)}T00:00:00Z`),
  );
export const count = (lang: Language, n: number | string) =>
  new Intl.NumberFormat(INTL_LOCALE[lang]).format(Number(n));
/** A rate in dollars per unit, exactly as stored (no rounding through a float): "0.00425" → "$0.00425". */
export const rateText = (rate: string) => {
  const [whole = '0', fraction = ''] = rate.split('.');
  return `$${whole}.${fraction.padEnd(2, '0')}`;
};

export function newDocument(title: string, lang: Language) {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: MARGIN,
    info: { Title: title },
    lang,
    bufferPages: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  return { doc, done };
}

export function letterhead(doc: PDFKit.PDFDocument, entity: Entity, title: string) {
  doc.font('Helvetica-Bold').fontSize(16).fillColor(BLUE).text(entity.name, MARGIN, MARGIN);
  const contact = contactOf(entity);
  if (contact) doc.font('Helvetica').fontSize(9).fillColor(GREY).text(contact);
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(18).fillColor(INK).text(title);
  doc
    .moveTo(MARGIN, doc.y + 4)
    .lineTo(MARGIN + WIDTH, doc.y + 4)
    .lineWidth(1)
    .strokeColor(BLUE)
    .stroke();
  doc.moveDown(0.8);
}
export const contactOf = (entity: Entity) =>
  [entity.contactPhone, entity.contactEmail].filter(Boolean).join('  ·  ');

/** Label: value rows in a column starting at x. */
export function fields(
  doc: PDFKit.PDFDocument,
  x: number,
  width: number,
  rows: [string, string][],
  labelWidth = 120,
) {
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.font('Helvetica').fontSize(9).fillColor(GREY).text(label, x, y, { width: labelWidth });
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .fillColor(INK)
      .text(value, x + labelWidth + 6, y, { width: width - labelWidth - 6 });
    doc.y = Math.max(doc.y, y + 12) + 3;
  }
}

export function heading(doc: PDFKit.PDFDocument, text: string) {
  doc
    .moveDown(0.6)
    .font('Helvetica-Bold')
    .fontSize(12)
    .fillColor(BLUE)
    .text(text, MARGIN, doc.y, { width: WIDTH });
  doc.moveDown(0.25);
}

/** A table column; `indent` keeps left-aligned text clear of a right-aligned neighbour. */
export type Column = { label: string; width: number; right?: boolean; indent?: number };
export function table(
  doc: PDFKit.PDFDocument,
  columns: Column[],
  rows: string[][],
  opts: { boldLast?: boolean } = {},
) {
  const line = (cells: string[], font: string) => {
    const y = doc.y;
    let x = MARGIN;
    let height = 0;
    cells.forEach((cell, i) => {
      const col = columns[i]!;
      doc.font(font).fontSize(9.5).fillColor(INK);
      const indent = col.indent ?? 0;
      const width = col.width - 6 - indent;
      height = Math.max(height, doc.heightOfString(cell, { width }));
      doc.text(cell, x + indent, y, { width, align: col.right ? 'right' : 'left' });
      x += col.width;
    });
    doc.y = y + height + 3;
    doc.x = MARGIN;
  };
  const header = () => {
    line(
      columns.map((c) => c.label),
      'Helvetica-Bold',
    );
    rule(doc, doc.y - 1, '#999999');
    doc.y += 2;
  };
  header();
  rows.forEach((row, i) => {
    if (doc.y > 720) {
      doc.addPage();
      header(); // a continued table keeps its column names
    }
    const last = opts.boldLast && i === rows.length - 1;
    if (last) rule(doc, doc.y, '#999999');
    if (last) doc.y += 2;
    line(row, last ? 'Helvetica-Bold' : 'Helvetica');
  });
}

export function rule(doc: PDFKit.PDFDocument, y: number, color: string) {
  doc
    .moveTo(MARGIN, y)
    .lineTo(MARGIN + WIDTH, y)
    .lineWidth(0.5)
    .strokeColor(color)
    .stroke();
}

export function footer(doc: PDFKit.PDFDocument, lang: Language) {
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    doc.page.margins.bottom = 0; // the footer sits in the bottom margin; pdfkit must not add a page
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(GREY)
      .text(t(lang, 'statement:page', { page: i + 1, pages: range.count }), MARGIN, 792 - 36, {
        width: WIDTH,
        align: 'right',
        lineBreak: false,
      });
  }
}

export type Stub = {
  accountNumber: string;
  statementNumber: string;
  dueDate: string;
  amountDueCents: number;
  customerName: string;
  serviceAddress: string;
};

/** The tear-off part mailed back with a check, at the foot of the page. */
export function remittanceStub(doc: PDFKit.PDFDocument, lang: Language, entity: Entity, stub: Stub) {
  const k = (key: string, v?: Record<string, unknown>) => t(lang, `statement:stub.${key}`, v);
  if (doc.y > STUB_TOP - 12) doc.addPage();
  const top = STUB_TOP;
  doc.save();
  doc
    .moveTo(MARGIN - 18, top)
    .lineTo(MARGIN + WIDTH + 18, top)
    .lineWidth(0.8)
    .dash(4, { space: 3 })
    .strokeColor(GREY)
    .stroke();
  doc.restore();
  doc
    .font('Helvetica')
    .fontSize(7.5)
    .fillColor(GREY)
    .text(k('cut'), MARGIN, top + 4, { width: WIDTH, align: 'center' });
  const y = top + 22;
  doc
    .font('Helvetica-Bold')
    .fontSize(11)
    .fillColor(BLUE)
    .text(entity.name, MARGIN, y, { width: WIDTH / 2 });
  doc
    .font('Helvetica-Bold')
    .fontSize(10)
    .fillColor(INK)
    .text(k('title'), MARGIN, doc.y + 2, { width: WIDTH / 2 });
  doc.font('Helvetica').fontSize(9.5).fillColor(INK);
  doc.text(stub.customerName, MARGIN, doc.y + 8, { width: WIDTH / 2 - 10 });
  doc.text(stub.serviceAddress, { width: WIDTH / 2 - 10 });
  const right = MARGIN + WIDTH / 2;
  doc.y = y;
  fields(doc, right, WIDTH / 2, [
    [k('account'), groupAccountNumber(stub.accountNumber)],
    [k('statement'), stub.statementNumber],
    [k('dueDate'), day(lang, stub.dueDate)],
    [k('amountDue'), money(lang, Math.max(0, stub.amountDueCents))],
  ]);
  const boxY = doc.y + 4;
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor(GREY)
    .text(k('enclosed'), right, boxY + 6, { width: 120 });
  doc
    .rect(right + 126, boxY, WIDTH / 2 - 126, 22)
    .lineWidth(0.8)
    .strokeColor(INK)
    .stroke();
  doc
    .font('Helvetica-Bold')
    .fontSize(10)
    .fillColor(INK)
    .text('$', right + 131, boxY + 6, { lineBreak: false });
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(GREY)
    .text(k('payable', { entity: entity.name }), MARGIN, boxY + 32, { width: WIDTH });
}
