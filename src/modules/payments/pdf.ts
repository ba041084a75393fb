import PDFDocument from 'pdfkit';
import { INTL_LOCALE, t, type Language } from '../../lib/i18n.js';
import type { DepositReport } from './reports.js';
import type { PaymentDetail } from './views.js';

/**
 * Receipts, refund receipts and the deposit report as PDFs (pdfkit, US Letter). Every word
 * comes from locales/<lang>/documents.json; money and dates are formatted for en-US / es-US.
 * The standard Helvetica fonts cover Spanish (á, é, ñ, ¿, ¡) in their Latin-1 encoding.
 */
export type Entity = { name: string; contactEmail: string | null; contactPhone: string | null };

const money = (lang: Language, cents: number) =>
  new Intl.NumberFormat(INTL_LOCALE[lang], { style: 'currency', currency: 'USD' }).format(cents / 100);
const day = (lang: Language, iso: string) =>
  new Intl.DateTimeFormat(INTL_LOCALE[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${iso.slice(0, 10)}T00:00:00Z`),
  );

const MARGIN = 54;
const WIDTH = 612 - 2 * MARGIN;

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
  doc.font('Helvetica-Bold').fontSize(16).fillColor('#1a4480').text(entity.name, MARGIN, MARGIN);
  const contact = [entity.contactPhone, entity.contactEmail].filter(Boolean).join('  ·  ');
  if (contact) doc.font('Helvetica').fontSize(9).fillColor('#555555').text(contact);
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(20).fillColor('#1b1b1b').text(title);
  doc
    .moveTo(MARGIN, doc.y + 4)
    .lineTo(MARGIN + WIDTH, doc.y + 4)
    .lineWidth(1)
    .strokeColor('#1a4480')
    .stroke();
  doc.moveDown(1);
}

/** Label: value rows in two columns. */
function fields(doc: PDFKit.PDFDocument, rows: [string, string][]) {
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.font('Helvetica').fontSize(10).fillColor('#555555').text(label, MARGIN, y, { width: 170 });
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .fillColor('#1b1b1b')
      .text(value, MARGIN + 180, y, { width: WIDTH - 180 });
    doc.moveDown(0.35);
  }
  doc.x = MARGIN;
}

/** A simple table: column widths in points, right-aligned where asked. */
function table(
  doc: PDFKit.PDFDocument,
  columns: { label: string; width: number; right?: boolean }[],
  rows: string[][],
  opts: { bold?: boolean } = {},
) {
  const line = (cells: string[], font: string, color: string) => {
    const y = doc.y;
    let x = MARGIN;
    let height = 0;
    cells.forEach((cell, i) => {
      const col = columns[i]!;
      doc.font(font).fontSize(10).fillColor(color);
      const h = doc.heightOfString(cell, { width: col.width - 6 });
      doc.text(cell, x, y, { width: col.width - 6, align: col.right ? 'right' : 'left' });
      height = Math.max(height, h);
      x += col.width;
    });
    doc.y = y + height + 4;
    doc.x = MARGIN;
  };
  line(
    columns.map((c) => c.label),
    'Helvetica-Bold',
    '#1b1b1b',
  );
  doc
    .moveTo(MARGIN, doc.y - 2)
    .lineTo(MARGIN + WIDTH, doc.y - 2)
    .lineWidth(0.5)
    .strokeColor('#999999')
    .stroke();
  for (const row of rows) {
    if (doc.y > 700) doc.addPage();
    line(row, opts.bold ? 'Helvetica-Bold' : 'Helvetica', '#1b1b1b');
  }
}

function footer(doc: PDFKit.PDFDocument, lang: Language) {
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // The footer sits inside the bottom margin; without this pdfkit would start a new page.
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#555555')
      .text(t(lang, 'documents:deposit.page', { page: i + 1, pages: range.count }), MARGIN, 792 - 40, {
        width: WIDTH,
        align: 'right',
        lineBreak: false,
      });
  }
}

export async function receiptPdf(p: PaymentDetail, lang: Language, entity: Entity): Promise<Buffer> {
  const k = (key: string, v?: Record<string, unknown>) => t(lang, `documents:receipt.${key}`, v);
  const { doc, done } = newDocument(`${k('title')} ${p.receiptNumber}`, lang);
  letterhead(doc, entity, k('title'));
  const rows: [string, string][] = [
    [k('number'), p.receiptNumber],
    [k('date'), day(lang, p.receivedOn)],
    [k('payer'), p.payer.name],
    [k('method'), k('methodName', { method: p.method })],
  ];
  if (p.checkNumber) rows.push([k('checkNumber'), p.checkNumber]);
  if (p.recordedBy) rows.push([k('clerk'), p.recordedBy]);
  rows.push([k('amount'), money(lang, p.amountCents)]);
  fields(doc, rows);
  doc.moveDown(1).font('Helvetica-Bold').fontSize(13).text(k('appliedTo'), MARGIN);
  doc.moveDown(0.4);
  table(
    doc,
    [
      { label: k('reference'), width: 110 },
      { label: k('description'), width: WIDTH - 220 },
      { label: k('applied'), width: 110, right: true },
    ],
    p.allocations.map((a) => [a.referenceCode, a.description[lang], money(lang, a.amountCents)]),
  );
  if (p.unappliedCents > 0) {
    doc.moveDown(0.3);
    fields(doc, [[k('credit'), money(lang, p.unappliedCents)]]);
  }
  const refunded = p.refunds.reduce((s, r) => s + r.amountCents, 0);
  if (refunded > 0)
    doc
      .moveDown(0.5)
      .font('Helvetica')
      .fontSize(10)
      .text(k('refunded', { amount: money(lang, refunded) }));
  if (p.status === 'reversed')
    doc.moveDown(0.5).font('Helvetica-Bold').fillColor('#b50909').text(k('reversed'));
  doc.moveDown(1.5).font('Helvetica').fontSize(10).fillColor('#1b1b1b').text(k('thanks'), MARGIN);
  doc
    .moveDown(0.3)
    .fontSize(8)
    .fillColor('#555555')
    .text(k('printed', { date: day(lang, new Date().toISOString()) }));
  footer(doc, lang);
  doc.end();
  return done;
}

export async function refundPdf(
  p: PaymentDetail,
  refundId: string,
  lang: Language,
  entity: Entity,
): Promise<Buffer | undefined> {
  const r = p.refunds.find((x) => x.id === refundId);
  if (!r) return undefined;
  const k = (key: string) => t(lang, `documents:refund.${key}`);
  const { doc, done } = newDocument(`${k('title')} ${r.refundNumber}`, lang);
  letterhead(doc, entity, k('title'));
  const charge = r.chargeId ? p.allocations.find((a) => a.chargeId === r.chargeId) : undefined;
  fields(doc, [
    [k('number'), r.refundNumber],
    [k('date'), day(lang, r.refundedOn)],
    [k('payee'), p.payer.name],
    [k('original'), p.receiptNumber],
    [k('charge'), charge ? `${charge.referenceCode} — ${charge.description[lang]}` : k('credit')],
    [k('reason'), r.reason],
    [k('amount'), money(lang, r.amountCents)],
  ]);
  doc.moveDown(1.5).font('Helvetica').fontSize(10).fillColor('#1b1b1b').text(k('note'), MARGIN);
  footer(doc, lang);
  doc.end();
  return done;
}

export async function depositPdf(report: DepositReport, lang: Language, entity: Entity): Promise<Buffer> {
  const k = (key: string, v?: Record<string, unknown>) => t(lang, `documents:deposit.${key}`, v);
  const method = (m: string) => t(lang, 'documents:receipt.methodName', { method: m });
  const { doc, done } = newDocument(`${k('title')} ${report.date}`, lang);
  letterhead(doc, entity, k('title'));
  fields(doc, [[k('date'), day(lang, report.date)]]);
  if (report.clerks.length === 0) doc.moveDown(1).font('Helvetica').fontSize(11).text(k('none'), MARGIN);
  const columns = [
    { label: k('receipt'), width: 100 },
    { label: k('method'), width: 70 },
    { label: k('checkNumber'), width: 80 },
    { label: k('payer'), width: WIDTH - 350 },
    { label: k('amount'), width: 100, right: true },
  ];
  for (const group of report.clerks) {
    if (doc.y > 640) doc.addPage();
    doc
      .moveDown(1)
      .font('Helvetica-Bold')
      .fontSize(12)
      .fillColor('#1b1b1b')
      .text(k('clerk', { name: group.clerk }), MARGIN);
    doc.moveDown(0.3);
    table(
      doc,
      columns,
      group.lines.map((l) => [
        l.receiptNumber,
        method(l.method),
        l.checkNumber ?? '',
        l.status === 'reversed' ? `${l.payerName} (${k('returned')})` : l.payerName,
        money(lang, l.amountCents),
      ]),
    );
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(
        k('subtotal', { checks: money(lang, group.checksCents), cash: money(lang, group.cashCents) }) +
          `   ${money(lang, group.totalCents)}`,
        MARGIN,
        doc.y + 2,
        { width: WIDTH, align: 'right' },
      );
  }
  doc.moveDown(1.5);
  fields(doc, [
    [k('checks', { count: report.checkCount }), money(lang, report.checksCents)],
    [k('cash', { count: report.cashCount }), money(lang, report.cashCents)],
    [k('total'), money(lang, report.totalCents)],
  ]);
  doc.moveDown(2).font('Helvetica').fontSize(10).fillColor('#1b1b1b').text(k('signature'), MARGIN);
  footer(doc, lang);
  doc.end();
  return done;
}
