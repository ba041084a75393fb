import type { FollowersNotice, NotifyInput } from '../../kernel/notices.js';
import type { LedgerContext } from './service.js';
import type { PaymentDetail } from './views.js';

/** What a receipt notice needs to know of a payment (a bulk import has it without loading it back). */
export type ReceiptFacts = Pick<
  PaymentDetail,
  'id' | 'payer' | 'source' | 'receiptNumber' | 'amountCents' | 'receivedOn' | 'method'
> & { allocations: { description: { en: string; es: string } }[] };

/**
 * The receipt notice of a payment: to the payer's email, or, with none, to the residents who
 * linked the source (communications' `about`, who hear of it in their language either way).
 * Null when nobody is to be told.
 */
function receiptNotice(p: ReceiptFacts): NotifyInput | FollowersNotice | null {
  const about = p.source ?? undefined;
  if (!p.payer.email && !about) return null;
  const lines = p.allocations.map((a) => ({ en: a.description.en, es: a.description.es }));
  const description =
    lines.length > 0
      ? { en: lines.map((l) => l.en).join('; '), es: lines.map((l) => l.es).join('; ') }
      : { en: 'Credit on account', es: 'Saldo a favor en la cuenta' };
  const notice = {
    kind: 'payment.receipt',
    data: {
      name: p.payer.name,
      receiptNumber: p.receiptNumber,
      amount: p.amountCents,
      paidOn: p.receivedOn,
      method: p.method,
      description,
    },
  };
  if (p.payer.email)
    return {
      ...notice,
      to: { email: p.payer.email, name: p.payer.name },
      language: p.payer.language,
      idempotencyKey: `payment:${p.id}:receipt:email:${p.payer.email}`,
      ...(about && { about }),
    };
  return { ...notice, about: about!, idempotencyKey: `payment:${p.id}:receipt` };
}

export async function sendReceipt(ctx: LedgerContext, p: ReceiptFacts): Promise<void> {
  const notice = receiptNotice(p);
  if (!notice) return;
  if ('to' in notice) await ctx.communications.notify(ctx.tx, notice);
  else await ctx.communications.notifyFollowers(ctx.tx, notice);
}

/** sendReceipt for many payments, with the followers of all their sources looked up at once. */
export async function sendReceipts(ctx: LedgerContext, payments: ReceiptFacts[]): Promise<void> {
  const notices = payments.map(receiptNotice).filter((n) => n !== null);
  if (notices.length > 0) await ctx.communications.notifyMany(ctx.tx, notices);
}
