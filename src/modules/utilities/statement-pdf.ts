import PDFDocument from 'pdfkit';
import { groupAccountNumber } from '../../lib/codes.js';
import { INTL_LOCALE, t, type Language } from '../../lib/i18n.js';
import type { StatementDetail } from './statements.js';

/**
 * The customer's statement and the shutoff warning as print-ready PDFs (pdfkit, US Letter),
 * in the house style of the payments receipts: letterhead, label/value fields, simple tables,
 * and here a remittance stub at the foot of the last page. Every word comes from
 * locales/<lang>/statement.json; money and dates are formatted for en-US / es-US.
 */
export type Entity = { name: string; contactEmail: string | null; contactPhone: string | null };

const MARGIN = 54;
const WIDTH = 612 - 2 * MARGIN;
const STUB_TOP = 792 - 54 - 150;
const BLUE = '#1a4480';
const INK = '#1b1b1b';
const GREY = '#555555';

const money = (lang: Language, cents: number) =>
  new Intl.NumberFormat(INTL_LOCALE[lang], { style: 'currency', currency: 'USD' }).format(cents / 100);
const day = (lang: Language, iso: string) =>
  new Intl.DateTimeFormat(INTL_LOCALE[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${iso.slice(0, 10)}T00:00:00Z`),
  );
const shortDay = (lang: Language, iso: string) =>
  new Intl.DateTimeFormat(INTL_LOCALE[lang], { dateStyle: 'short', timeZone: 'UTC' }).format(
    new Date(`${iso.slice(0, 10)}T00:00:00Z`),
  );
const count = (lang: Language, n: number | string) =>
  new Intl.NumberFormat(INTL_LOCALE[lang]).format(Number(n));
/** A rate in dollars per unit, exactly as stored (no rounding through a float): "0.00425" → "$0.00425". */
const rateText = (rate: string) => {
  const [whole = '0', fraction = ''] = rate.split('.');
  return `$${whole}.${fraction.padEnd(2, '0')}`;
};

function newDocument(title: string, lang: Language) {
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

function letterhead(doc: PDFKit.PDFDocument, entity: Entity, title: string) {
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
const contactOf = (entity: Entity) =>
  [entity.contactPhone, entity.contactEmail].filter(Boolean).join('  ·  ');

/** Label: value rows in a column starting at x. */
function fields(
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

function heading(doc: PDFKit.PDFDocument, text: string) {
  doc
    .moveDown(0.6)
    .font('Helvetica-Bold')
    .fontSize(12)
    .fillColor(BLUE)
    .text(text, MARGIN, doc.y, { width: WIDTH });
  doc.moveDown(0.25);
}

/** A table column; `indent` keeps left-aligned text clear of a right-aligned neighbour. */
type Column = { label: string; width: number; right?: boolean; indent?: number };
function table(
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

function rule(doc: PDFKit.PDFDocument, y: number, color: string) {
  doc
    .moveTo(MARGIN, y)
    .lineTo(MARGIN + WIDTH, y)
    .lineWidth(0.5)
    .strokeColor(color)
    .stroke();
}

function footer(doc: PDFKit.PDFDocument, lang: Language) {
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

type Stub = {
  accountNumber: string;
  statementNumber: string;
  dueDate: string;
  amountDueCents: number;
  customerName: string;
  serviceAddress: string;
};

/** The tear-off part mailed back with a check, at the foot of the page. */
function remittanceStub(doc: PDFKit.PDFDocument, lang: Language, entity: Entity, stub: Stub) {
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

export async function statementPdf(s: StatementDetail, lang: Language, entity: Entity): Promise<Buffer> {
  const k = (key: string, v?: Record<string, unknown>) => t(lang, `statement:${key}`, v);
  const { doc, done } = newDocument(`${k('title')} ${s.number ?? ''}`.trim(), lang);
  letterhead(doc, entity, k('title'));

  const top = doc.y;
  doc.font('Helvetica').fontSize(9).fillColor(GREY).text(k('customer'), MARGIN, top);
  doc
    .font('Helvetica-Bold')
    .fontSize(11)
    .fillColor(INK)
    .text(s.customer_name, { width: WIDTH / 2 - 10 });
  doc.moveDown(0.4).font('Helvetica').fontSize(9).fillColor(GREY).text(k('serviceAddress'));
  doc
    .font('Helvetica')
    .fontSize(10.5)
    .fillColor(INK)
    .text(s.service_address, { width: WIDTH / 2 - 10 });
  const leftBottom = doc.y;
  doc.y = top;
  fields(doc, MARGIN + WIDTH / 2, WIDTH / 2, [
    [k('account'), groupAccountNumber(s.account_number)],
    [k('number'), s.number ?? '—'],
    [
      k('period'),
      k('periodRange', { from: shortDay(lang, s.period_start), to: shortDay(lang, s.period_end) }),
    ],
    [k('billDate'), day(lang, s.bill_date)],
    [k('dueDate'), day(lang, s.due_date)],
  ]);
  doc.y = Math.max(doc.y, leftBottom);
  if (s.state === 'void') {
    doc.moveDown(0.5).font('Helvetica-Bold').fontSize(11).fillColor('#b50909').text(k('void'), MARGIN);
  }

  heading(doc, k('meters.heading'));
  if (s.meters.length === 0) {
    doc.font('Helvetica').fontSize(9.5).fillColor(INK).text(k('meters.none'), MARGIN);
  } else {
    const read = (value: string | null, on: string | null) =>
      value === null || on === null
        ? k('meters.missing')
        : k('meters.read', { value: count(lang, value), date: shortDay(lang, on) });
    table(
      doc,
      [
        { label: k('meters.meter'), width: 104 },
        { label: k('meters.previous'), width: 96, right: true },
        { label: k('meters.current'), width: 96, right: true },
        { label: k('meters.use'), width: 88, right: true },
        { label: k('meters.note'), width: WIDTH - 384, indent: 10 },
      ],
      s.meters.map((m) => [
        `${m.serial} · ${k(`services.${m.service}`)}`,
        read(m.prior_read, m.prior_read_on),
        read(m.current_read, m.current_read_on),
        `${count(lang, m.consumption)} ${t(lang, `billing:units.${m.unit}`)}`,
        [m.estimated && k('meters.estimated'), m.rollover && k('meters.rollover')].filter(Boolean).join(', '),
      ]),
    );
  }

  heading(doc, k('summary.heading'));
  const forward = s.previous_balance_cents - s.payments_cents + s.adjustments_cents;
  const summaryRows: [string, string][] = [
    [k('summary.previous'), money(lang, s.previous_balance_cents)],
    [k('summary.payments'), money(lang, s.payments_cents === 0 ? 0 : -s.payments_cents)],
    [k('summary.adjustments'), money(lang, s.adjustments_cents)],
    [k('summary.forward'), money(lang, forward)],
    [k('summary.current'), money(lang, s.current_charges_cents)],
  ];
  for (const [label, value] of summaryRows) amountRow(doc, label, value, false);
  rule(doc, doc.y, '#999999');
  doc.y += 3;
  amountRow(doc, k('summary.total'), money(lang, Math.max(0, s.total_due_cents)), true);

  heading(doc, k('charges.heading'));
  if (s.lines.length === 0) {
    doc.font('Helvetica').fontSize(9.5).fillColor(INK).text(k('charges.none'), MARGIN);
  } else {
    table(
      doc,
      [
        { label: k('charges.description'), width: WIDTH - 270 },
        { label: k('charges.quantity'), width: 80, right: true },
        { label: k('charges.rate'), width: 90, right: true },
        { label: k('charges.amount'), width: 100, right: true },
      ],
      [
        ...s.lines.map((l) => [
          l.label[lang],
          l.quantity === null ? '' : count(lang, l.quantity),
          l.rate === null ? '' : `× ${rateText(l.rate)}`,
          money(lang, Number(l.amount_cents)),
        ]),
        [k('charges.total'), '', '', money(lang, s.current_charges_cents)],
      ],
      { boldLast: true },
    );
  }

  doc.moveDown(0.6);
  const note =
    s.total_due_cents > 0
      ? k('payBy', { amount: money(lang, s.total_due_cents), date: day(lang, s.due_date) })
      : k('summary.credit', { amount: money(lang, -s.total_due_cents) });
  doc.font('Helvetica-Bold').fontSize(10).fillColor(INK).text(note, MARGIN, doc.y, { width: WIDTH });
  if (s.estimated)
    doc.font('Helvetica').fontSize(8.5).fillColor(GREY).text(k('estimatedNote'), { width: WIDTH });
  const contact = contactOf(entity);
  if (contact)
    doc.font('Helvetica').fontSize(8.5).fillColor(GREY).text(k('questions', { contact }), { width: WIDTH });

  remittanceStub(doc, lang, entity, {
    accountNumber: s.account_number,
    statementNumber: s.number ?? '—',
    dueDate: s.due_date,
    amountDueCents: s.total_due_cents,
    customerName: s.customer_name,
    serviceAddress: s.service_address,
  });
  footer(doc, lang);
  doc.end();
  return done;
}

/** A summary line: label at left, amount right-aligned in the last column. */
function amountRow(doc: PDFKit.PDFDocument, label: string, value: string, bold: boolean) {
  const y = doc.y;
  const font = bold ? 'Helvetica-Bold' : 'Helvetica';
  doc
    .font(font)
    .fontSize(bold ? 11 : 9.5)
    .fillColor(INK)
    .text(label, MARGIN, y, { width: WIDTH - 150 });
  doc.text(value, MARGIN + WIDTH - 150, y, { width: 144, align: 'right' });
  doc.y = Math.max(doc.y, y + 11) + 2;
}

export type ShutoffWarning = {
  statement: StatementDetail;
  warnedOn: string;
  shutoffDate: string;
  owedCents: number;
  reconnectFeeCents: number;
};

export async function shutoffWarningPdf(w: ShutoffWarning, lang: Language, entity: Entity): Promise<Buffer> {
  const k = (key: string, v?: Record<string, unknown>) => t(lang, `statement:shutoff.${key}`, v);
  const s = w.statement;
  const { doc, done } = newDocument(`${k('title')} ${groupAccountNumber(s.account_number)}`, lang);
  letterhead(doc, entity, k('title'));
  const top = doc.y;
  doc
    .font('Helvetica-Bold')
    .fontSize(11)
    .fillColor(INK)
    .text(s.customer_name, MARGIN, top, { width: WIDTH / 2 - 10 });
  doc
    .font('Helvetica')
    .fontSize(10.5)
    .text(s.service_address, { width: WIDTH / 2 - 10 });
  const leftBottom = doc.y;
  doc.y = top;
  fields(doc, MARGIN + WIDTH / 2, WIDTH / 2, [
    [k('noticeDate'), day(lang, w.warnedOn)],
    [t(lang, 'statement:account'), groupAccountNumber(s.account_number)],
    [k('statement'), s.number ?? '—'],
  ]);
  doc.y = Math.max(doc.y, leftBottom) + 14;

  // The two facts the customer must not miss, in a box.
  const boxY = doc.y;
  doc.rect(MARGIN, boxY, WIDTH, 64).lineWidth(2).strokeColor('#b50909').stroke();
  const half = WIDTH / 2;
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(GREY)
    .text(k('pastDue'), MARGIN + 14, boxY + 12, { width: half - 20 });
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .fillColor(INK)
    .text(money(lang, w.owedCents), MARGIN + 14, boxY + 30, { width: half - 20 });
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(GREY)
    .text(k('shutoffDate'), MARGIN + half + 6, boxY + 12, { width: half - 20 });
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .fillColor('#b50909')
    .text(day(lang, w.shutoffDate), MARGIN + half + 6, boxY + 30, { width: half - 20 });
  doc.y = boxY + 80;

  const paragraph = (text: string, bold = false) =>
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(10.5)
      .fillColor(INK)
      .text(text, MARGIN, doc.y, { width: WIDTH, lineGap: 2 })
      .moveDown(0.7);
  paragraph(k('intro'));
  paragraph(k('avoid', { date: day(lang, w.shutoffDate) }), true);
  if (w.reconnectFeeCents > 0) paragraph(k('reconnect', { fee: money(lang, w.reconnectFeeCents) }));
  paragraph(k('paid'));
  const contact = contactOf(entity);
  if (contact) paragraph(k('contact', { contact }));

  remittanceStub(doc, lang, entity, {
    accountNumber: s.account_number,
    statementNumber: s.number ?? '—',
    dueDate: w.shutoffDate,
    amountDueCents: w.owedCents,
    customerName: s.customer_name,
    serviceAddress: s.service_address,
  });
  footer(doc, lang);
  doc.end();
  return done;
}
