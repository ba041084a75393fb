import type { Tx } from '../../db/client.js';
import { chargeById, PaymentsEvents } from '../payments/index.js';
import type { ActivityProjector, Projection, Scope } from './types.js';

const utilitiesScope = (id: unknown): Scope => ({ module: 'utilities', id: String(id) });

/**
 * Utility statements (events emitted by the utilities module's billing runs):
 *   utilities.statement.issued          { accountId, statementNumber, cycleId, totalDueCents,
 *                                         currentChargesCents, dueDate, issuedOn }
 *   utilities.statement.voided          { accountId, statementNumber, status }
 *   utilities.statement.status_changed  { accountId, statementNumber, status }
 */
export const statementProjector: ActivityProjector = {
  name: 'utility-statements',
  accepts: (type) => type.startsWith('utilities.statement.'),
  async project(_tx, event) {
    const p = event.payload as {
      accountId?: string;
      statementNumber?: string;
      totalDueCents?: number;
      currentChargesCents?: number;
      dueDate?: string;
      issuedOn?: string;
      status?: string;
    };
    if (!p.accountId) return [];
    const scope = utilitiesScope(p.accountId);
    const item = { type: 'utility_statement', id: event.subjectId };
    if (event.type === 'utilities.statement.issued') {
      const data = {
        statementNumber: p.statementNumber ?? null,
        totalDueCents: p.totalDueCents ?? null,
        currentChargesCents: p.currentChargesCents ?? null,
        dueDate: p.dueDate ?? null,
        issuedOn: p.issuedOn ?? null,
      };
      return [{ scope, item: { ...item, status: 'issued', data }, entry: { kind: 'statement', data } }];
    }
    const status = event.type === 'utilities.statement.voided' ? 'void' : p.status;
    if (!status) return [];
    return [
      {
        scope,
        item: { ...item, status },
        entry: { kind: 'statement', data: { statementNumber: p.statementNumber ?? null, status } },
      },
    ];
  },
};

const isUtilitySource = (source: unknown) =>
  typeof source === 'object' && source !== null && (source as Scope).module === 'utilities';

async function chargeStatuses(tx: Tx, ids: string[]) {
  const out: { type: string; id: string; status: string }[] = [];
  for (const id of ids) {
    const c = await chargeById(tx, id);
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
  accepts: (type, payload) =>
    ((type === PaymentsEvents.chargeCreated || type === PaymentsEvents.paymentRecorded) &&
      isUtilitySource(payload.source)) ||
    type === PaymentsEvents.paymentReversed ||
    type === PaymentsEvents.refundIssued ||
    type === PaymentsEvents.chargeVoided ||
    type === PaymentsEvents.creditApplied,
  async project(tx, event, ctx): Promise<Projection[]> {
    const p = event.payload;
    switch (event.type) {
      case PaymentsEvents.chargeCreated: {
        const c = await chargeById(tx, event.subjectId);
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
            related: await chargeStatuses(tx, chargeIds),
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
            related: await chargeStatuses(tx, chargeIds),
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
        const [status] = await chargeStatuses(tx, [chargeId]);
        return status ? [{ scope: known.scope, item: { ...status } }] : [];
      }
      default:
        return [];
    }
  },
};

export const defaultProjectors: ActivityProjector[] = [statementProjector, paymentsProjector];
