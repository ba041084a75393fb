import { groupAccountNumber } from '../../../lib/codes.js';
import { t, type Language } from '../../../lib/i18n.js';
import {
  contactOf,
  day,
  fields,
  footer,
  GREY,
  INK,
  letterhead,
  MARGIN,
  money,
  newDocument,
  remittanceStub,
  WIDTH,
  type Entity,
} from '../shared/index.js';
import type { StatementDetail } from '../billing/index.js';

/** The shutoff warning (disconnect notice) as a print-ready PDF, with a payment stub. */
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
