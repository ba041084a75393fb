import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shutoffWarningPdf } from '../../src/modules/utilities/delinquency/index.js';
import { statementPdf, type StatementDetail } from '../../src/modules/utilities/billing/index.js';

/** Keeps each PDF under test-results/ for a person to look at (pdftoppm -png -r 60). */
function keep(name: string, pdf: Buffer): Buffer {
  const dir = path.resolve('test-results/pdf');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), pdf);
  return pdf;
}

/** The statement PDF from a statement as statementById returns it, read back with pdftotext. */
function pdfText(pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('pdftotext', ['-layout', '-', '-']);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`pdftotext exited ${code}`))));
    child.stdin.end(pdf);
  });
}

const entity = {
  name: 'City of Esperanza, TX',
  contactEmail: 'utilities@esperanza.gov',
  contactPhone: '(956) 555-0100',
};

function statement(over: Partial<StatementDetail> = {}): StatementDetail {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    cycle_id: '00000000-0000-4000-8000-000000000002',
    cycle_name: 'Cycle 1',
    account_id: '00000000-0000-4000-8000-000000000003',
    number: 'S7-000123',
    state: 'issued',
    stage: 'none',
    customer_name: 'María José Ñúñez',
    account_number: '1234567897',
    language: 'es',
    email: null,
    service_address: '412 Calle Sol, Esperanza, TX 78501',
    account_type: 'residential',
    period_start: '2026-10-01',
    period_end: '2026-10-31',
    bill_date: '2026-10-31',
    due_date: '2026-11-20',
    previous_balance_cents: 8065,
    payments_cents: 5000,
    adjustments_cents: 500,
    current_charges_cents: 4575,
    total_due_cents: 8065 - 5000 + 500 + 4575,
    issues: [],
    estimated: true,
    autopay: false,
    charge_id: null,
    void_reason: null,
    issued_at: '2026-10-31T12:00:00Z',
    status: 'issued',
    balanceCents: null,
    meters: [
      {
        serial: 'WM-1001',
        service: 'water',
        unit: 'gal',
        prior_read: '9800',
        prior_read_on: '2026-09-30',
        current_read: '150',
        current_read_on: '2026-10-31',
        consumption: '3500',
        estimated: false,
        rollover: true,
      },
      {
        serial: 'WM-1002',
        service: 'water',
        unit: 'gal',
        prior_read: '1200',
        prior_read_on: '2026-09-30',
        current_read: null,
        current_read_on: null,
        consumption: '1000',
        estimated: true,
        rollover: false,
      },
    ],
    lines: [
      {
        service: 'water',
        kind: 'base',
        label: { en: 'Water, base charge', es: 'Agua, cargo base' },
        quantity: null,
        rate: null,
        amount_cents: '1250',
      },
      {
        service: 'water',
        kind: 'tier',
        label: { en: 'Water, 0–2,000 gal', es: 'Agua, 0–2,000 gal' },
        quantity: '2000',
        rate: '0.00425',
        amount_cents: '850',
      },
      {
        service: 'water',
        kind: 'tier',
        label: { en: 'Water, 2,001–10,000 gal', es: 'Agua, 2,001–10,000 gal' },
        quantity: '2500',
        rate: '0.0051',
        amount_cents: '1275',
      },
      {
        service: 'trash',
        kind: 'flat',
        label: { en: 'Trash', es: 'Basura' },
        quantity: null,
        rate: null,
        amount_cents: '1200',
      },
    ],
    ...over,
  } as StatementDetail;
}

describe('statement PDF', () => {
  it('prints reads with estimate and rollover marks, the balance forward and tiers as quantity × rate (es)', async () => {
    const text = await pdfText(keep('unit-statement-es.pdf', await statementPdf(statement(), 'es', entity)));
    for (const words of [
      'Estado de cuenta de servicios públicos',
      '1234-567-897',
      'María José Ñúñez',
      '1 oct 2026 al 31 oct 2026',
      '20 de noviembre de 2026',
      'Vuelta del medidor',
      'Estimada',
      '3,500 galones',
      'Saldo anterior',
      '$80.65',
      '-$50.00',
      'Saldo pendiente',
      '$35.65',
      '2,500',
      '× $0.0051',
      '$12.75',
      '$81.40',
      'Una lectura estimada',
      '(956) 555-0100',
      'Talón de pago',
    ]) {
      expect(text).toContain(words);
    }
    // No day-first numeric date a Texas reader would take for month-first.
    expect(text).not.toMatch(/\b\d{1,2}\/\d{1,2}\/\d{4}\b/);
  });

  it('says so when the account holds a credit (en), and keeps the stub on the last page of a long bill', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      service: 'trash',
      kind: 'flat',
      label: { en: `Service ${i + 1}`, es: `Servicio ${i + 1}` },
      quantity: null,
      rate: null,
      amount_cents: '100',
    }));
    const pdf = await statementPdf(
      statement({ lines: many, total_due_cents: -482, estimated: false }),
      'en',
      entity,
    );
    const text = await pdfText(keep('unit-statement-long-en.pdf', pdf));
    expect(text).toContain('Your account has a credit of $4.82');
    expect(text).toContain('Page 2 of 2');
    const pages = text.split('\f');
    expect(pages[0]).not.toContain('Payment stub');
    expect(pages[1]).toContain('Payment stub');
    expect(text).not.toContain('estimated read');
  });

  it('prints a shutoff warning with the amount, the date and the reconnection fee', async () => {
    const text = await pdfText(
      await shutoffWarningPdf(
        {
          statement: statement(),
          warnedOn: '2026-12-05',
          shutoffDate: '2026-12-15',
          owedCents: 9432,
          reconnectFeeCents: 5000,
        },
        'en',
        entity,
      ),
    );
    for (const words of [
      'Disconnection notice',
      'December 5, 2026',
      '$94.32',
      'December 15, 2026',
      '$50.00',
      'S7-000123',
    ]) {
      expect(text).toContain(words);
    }
  });
});
