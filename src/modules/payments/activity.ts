import type { Tx } from '../../db/client.js';
import type { ActivityProjector, Projection, Scope } from '../../kernel/activity.js';
import { PaymentsEvents } from './events.js';
import { chargeById, selectCharges, type ChargeRow } from './queries.js';
import { toPgArray } from '../../events/bus.js';
import { sql } from 'drizzle-orm';

const isUtilitySource = (source: unknown) =>
  typeof source === 'object' && source !== null && (source as Scope).module === 'utilities';

/** Charges read once for a batch of events (prefetch); anything not in it is read on its own. */
type Charges = Map<string, ChargeRow>;
const charge = async (tx: Tx, charges: Charges | undefined, id: string) =>
  charges?.get(id) ?? (await chargeById(tx, id));

async function chargeStatuses(tx: Tx, ids: string[], charges?: Charges) {
  const out: { type: string; id: string; status: string }[] = [];
  for (const id of ids) {
    const c = await charge(tx, charges, id);
    if (c) out.push({ type: 'charge', id, status: c.status });
  }
  return out;
}

/**
 * The payments ledger, for charges whose source is a utility account (other sources join
 * when their module links them to residents). Statuses are read from the ledger when the
 * event is projected, so the feed shows the charge as it is, not as it was.
 */
export const paymentsProjector: ActivityProjector = {
  name: 'payments',
  kinds: ['charge', 'payment', 'refund'],
  accepts: (type, payload) =>
    ((type === PaymentsEvents.chargeCreated || type === PaymentsEvents.paymentRecorded) &&
      isUtilitySource(payload.source)) ||
    type === PaymentsEvents.paymentReversed ||
    type === PaymentsEvents.refundIssued ||
    type === PaymentsEvents.chargeVoided ||
    type === PaymentsEvents.creditApplied,
  // The charges the events name, as they stand (the activity consumer writes no charges, so
  // they stay so while the batch is projected); reversals and refunds name theirs through
  // the projected payment, and read them one by one.
  async prefetch(tx, events): Promise<Charges> {
    const ids = new Set<string>();
    for (const e of events) {
      const p = e.payload ?? {};
      if (e.type === PaymentsEvents.chargeCreated) ids.add(e.subjectId);
      for (const id of (p.chargeIds as string[] | undefined) ?? []) ids.add(String(id));
      if (e.type === PaymentsEvents.creditApplied) ids.add(String(p.chargeId));
    }
    if (ids.size === 0) return new Map();
    const rows = await selectCharges(tx, sql`c.id = ANY(${toPgArray([...ids])}::uuid[])`);
    return new Map(rows.map((r) => [r.id, r]));
  },
  async project(tx, event, ctx): Promise<Projection[]> {
    const p = event.payload;
    const charges = ctx.prefetched as Charges | undefined;
    switch (event.type) {
      case PaymentsEvents.chargeCreated: {
        const c = await charge(tx, charges, event.subjectId);
        if (!c) return [];
        const data = {
          referenceCode: c.reference_code,
          chargeKind: c.kind,
          description: c.description,
          amountCents: c.amount_cents,
          dueDate: c.due_date,
        };
        return [
          {
            scope: p.source as Scope,
            item: { type: 'charge', id: c.id, status: c.status, data },
            entry: { kind: 'charge', data },
          },
        ];
      }
      case PaymentsEvents.paymentRecorded: {
        const chargeIds = (p.chargeIds as string[] | undefined) ?? [];
        const data = {
          receiptNumber: p.receiptNumber,
          method: p.method,
          amountCents: p.amountCents,
          chargeIds,
        };
        return [
          {
            scope: p.source as Scope,
            item: { type: 'payment', id: event.subjectId, status: 'completed', data },
            entry: { kind: 'payment', data: { receiptNumber: p.receiptNumber, amountCents: p.amountCents } },
            related: await chargeStatuses(tx, chargeIds, charges),
          },
        ];
      }
      case PaymentsEvents.paymentReversed:
      case PaymentsEvents.refundIssued: {
        const known = await ctx.item('payment', event.subjectId);
        if (!known) return [];
        const reversed = event.type === PaymentsEvents.paymentReversed;
        const chargeIds = (known.data.chargeIds as string[] | undefined) ?? [];
        return [
          {
            scope: known.scope,
            item: { type: 'payment', id: event.subjectId, status: reversed ? 'reversed' : known.status },
            entry: reversed
              ? { kind: 'payment', data: { receiptNumber: p.receiptNumber, amountCents: p.amountCents } }
              : {
                  kind: 'refund',
                  data: {
                    receiptNumber: known.data.receiptNumber,
                    refundNumber: p.refundNumber,
                    amountCents: p.amountCents,
                  },
                },
            related: await chargeStatuses(tx, chargeIds, charges),
          },
        ];
      }
      case PaymentsEvents.chargeVoided: {
        const known = await ctx.item('charge', event.subjectId);
        if (!known) return [];
        return [
          {
            scope: known.scope,
            item: { type: 'charge', id: event.subjectId, status: 'void' },
            entry: { kind: 'charge', data: { ...known.data, status: 'void' } },
          },
        ];
      }
      case PaymentsEvents.creditApplied: {
        // A credit paid a charge: no entry of its own, but the charge's status moved.
        const chargeId = String(p.chargeId);
        const known = await ctx.item('charge', chargeId);
        if (!known) return [];
        const [status] = await chargeStatuses(tx, [chargeId], charges);
        return status ? [{ scope: known.scope, item: { ...status } }] : [];
      }
      default:
        return [];
    }
  },
};
