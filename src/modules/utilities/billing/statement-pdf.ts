import { groupAccountNumber } from '../../../lib/codes.js';
import { t, type Language } from '../../../lib/i18n.js';
import {
  contactOf,
  count,
  day,
  fields,
  footer,
  GREY,
  heading,
  INK,
  letterhead,
  MARGIN,
  money,
  newDocument,
  rateText,
  remittanceStub,
  rule,
  shortDay,
  table,
  WIDTH,
  type Entity,
} from '../shared/index.js';
import type { StatementDetail } from './statements.js';

/**
 * The customer's statement as a print-ready PDF. Every word comes from
 * locales/<lang>/statement.json; the data is statementById's, as issued.
 */
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
