import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/rows.js';
import type { Actor, NewEvent } from '../../events/types.js';
import { toPgArray } from '../../events/bus.js';
import { Problem } from '../../kernel/problem.js';
import { parseOrThrow } from '../../kernel/validate.js';
import { PaymentsEvents } from './events.js';
import { selectCharges, refreshChargeStatus, sourceKey, type ChargeRow, type Source } from './queries.js';
import { ledgerPaymentInput, type RecordPaymentInput } from './schema.js';
import { sendReceipts } from './receipt-notices.js';
import type { LedgerContext } from './service.js';

/**
 * recordPayment for many payments to a module's sources at once (history moved from an old
 * system, a day's lockbox file): the same rules — each source's ledger key held, the amount
 * spread over the source's open charges oldest first and the rest kept as credit, a receipt
 * number from the year's series in the order given, a payments.payment.recorded event and a
 * receipt notice for each — in a handful of set-based statements instead of some twenty
 * round trips per payment. At most one payment per source per call.
 */
export type BulkPayment = RecordPaymentInput & { source: Source; actor?: Actor };

const arr = (values: (string | number | null | undefined)[]) =>
  toPgArray(values.map((v) => (v === null || v === undefined ? '' : String(v))));

export async function recordSourcePayments(ctx: LedgerContext, raw: BulkPayment[]): Promise<string[]> {
  if (raw.length === 0) return [];
  const { tx } = ctx;
  const rows = raw.map((r) => ({
    ...parseOrThrow(ledgerPaymentInput, r),
    source: r.source,
    actor: r.actor ?? ctx.actor,
  }));
  const module = rows[0]!.source.module;
  const ids = rows.map((r) => r.source.id);
  if (rows.some((r) => r.source.module !== module) || new Set(ids).size !== ids.length)
    throw new RangeError('recordSourcePayments takes one payment per source, of one module');
  const keys = [...new Set(rows.map((r) => sourceKey(r.source)))].sort();
  await tx.execute(sql`
    SELECT pg_advisory_xact_lock(hashtextextended(civq_current_tenant()::text || ':' || k, 0))
    FROM unnest(${toPgArray(keys)}::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n`);

  // Every charge of these sources, void ones too (recordPayment knows a source by any charge
  // and names the payer of its latest one; a void charge has no balance, so is never paid),
  // oldest first (as openChargesOfSource orders them).
  const charges = await selectCharges(
    tx,
    sql`c.source_module = ${module} AND c.source_id = ANY(${toPgArray(ids)}::text[])`,
    sql`ORDER BY c.due_date NULLS LAST, c.created_at, c.id`,
  );
  const bySource = new Map<string, ChargeRow[]>();
  for (const c of charges) bySource.set(c.source_id!, [...(bySource.get(c.source_id!) ?? []), c]);
  for (const id of ids) if (!bySource.has(id)) throw new Problem(404, 'source_not_found');

  // Receipt numbers: each year's series moves on by its count, handed out in the given order.
  const today = new Date().toISOString().slice(0, 10);
  const years = new Map<number, number>();
  for (const r of rows) {
    const y = Number((r.receivedOn ?? today).slice(0, 4));
    years.set(y, (years.get(y) ?? 0) + 1);
  }
  const next = new Map<number, number>();
  for (const [year, n] of years) {
    const [row] = await queryRows<{ last_value: number }>(
      tx,
      sql`
      INSERT INTO payment_counters (series, year, last_value) VALUES ('R', ${year}, ${n})
      ON CONFLICT (tenant_id, series, year) DO UPDATE SET last_value = payment_counters.last_value + ${n}
      RETURNING last_value`,
    );
    next.set(year, row!.last_value - n + 1);
  }
  const planned = rows.map((r) => {
    const receivedOn = r.receivedOn ?? today;
    const year = Number(receivedOn.slice(0, 4));
    const seq = next.get(year)!;
    next.set(year, seq + 1);
    const all = bySource.get(r.source.id)!;
    const open = all.filter((c) => c.balance_cents > 0);
    // No open charge: the payer named on the source's latest charge, as recordPayment does.
    const latest = [...all].sort((a, b) => (a.created_at < b.created_at ? 1 : -1))[0]!;
    const party = open[0] ?? latest;
    const payer = r.payer ?? {
      name: party.party_name,
      email: party.party_email,
      language: party.party_language,
    };
    let left = r.amountCents;
    const allocations: { charge: ChargeRow; amount: number }[] = [];
    for (const c of open) {
      if (left === 0) break;
      const amount = Math.min(left, c.balance_cents);
      allocations.push({ charge: c, amount });
      left -= amount;
    }
    return {
      ...r,
      receivedOn,
      receiptNumber: `R-${year}-${String(seq).padStart(6, '0')}`,
      payer,
      allocations,
    };
  });

  const inserted = await queryRows<{ id: string; receipt_number: string }>(
    tx,
    sql`
    INSERT INTO payments (receipt_number, method, check_number, amount_cents, received_on, payer_name,
      payer_email, payer_language, source_module, source_id, recorded_by)
    SELECT num, method, nullif(chk, ''), amount::bigint, received::date, name, nullif(email, ''), lang,
      ${module}, sid, nullif(actor, '')::uuid
    FROM unnest(${arr(planned.map((p) => p.receiptNumber))}::text[], ${arr(planned.map((p) => p.method))}::text[],
      ${arr(planned.map((p) => (p.method === 'check' ? p.checkNumber : null)))}::text[],
      ${arr(planned.map((p) => p.amountCents))}::text[], ${arr(planned.map((p) => p.receivedOn))}::text[],
      ${arr(planned.map((p) => p.payer.name))}::text[], ${arr(planned.map((p) => p.payer.email))}::text[],
      ${arr(planned.map((p) => p.payer.language))}::text[], ${arr(planned.map((p) => p.source.id))}::text[],
      ${arr(planned.map((p) => p.actor.id))}::text[])
      WITH ORDINALITY AS u(num, method, chk, amount, received, name, email, lang, sid, actor, n)
    ORDER BY n
    RETURNING id, receipt_number`,
  );
  const idOf = new Map(inserted.map((r) => [r.receipt_number, r.id]));
  const lines = planned.flatMap((p) =>
    p.allocations.map((a) => ({
      payment: idOf.get(p.receiptNumber)!,
      charge: a.charge.id,
      amount: a.amount,
    })),
  );
  if (lines.length > 0) {
    await tx.execute(sql`
      INSERT INTO allocations (payment_id, charge_id, amount_cents)
      SELECT p::uuid, c::uuid, a::bigint
      FROM unnest(${arr(lines.map((l) => l.payment))}::text[], ${arr(lines.map((l) => l.charge))}::text[],
                  ${arr(lines.map((l) => l.amount))}::text[]) AS u(p, c, a)`);
    await refreshChargeStatus(tx, [...new Set(lines.map((l) => l.charge))]);
  }
  await ctx.events.recordMany(
    tx,
    planned.map((p): NewEvent => ({
      type: PaymentsEvents.paymentRecorded,
      subjectType: 'payment',
      subjectId: idOf.get(p.receiptNumber)!,
      actor: p.actor,
      payload: {
        receiptNumber: p.receiptNumber,
        method: p.method,
        amountCents: p.amountCents,
        source: p.source,
        chargeIds: p.allocations.map((a) => a.charge.id),
      },
    })),
  );
  await sendReceipts(
    ctx,
    planned.map((p) => ({
      id: idOf.get(p.receiptNumber)!,
      payer: { name: p.payer.name, email: p.payer.email ?? null, language: p.payer.language },
      source: p.source,
      receiptNumber: p.receiptNumber,
      amountCents: p.amountCents,
      receivedOn: p.receivedOn,
      method: p.method,
      allocations: p.allocations.map((a) => ({ description: a.charge.description })),
    })),
  );
  return planned.map((p) => idOf.get(p.receiptNumber)!);
}
