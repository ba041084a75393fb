/** Domain events of the payments module. Payloads carry ids, amounts and codes; no card data. */
export const PaymentsEvents = {
  chargeCreated: 'payments.charge.created',
  /** Many charges at once (a billing run); each is also named by its module's own event. */
  chargesPosted: 'payments.charges.posted',
  chargeVoided: 'payments.charge.voided',
  paymentRecorded: 'payments.payment.recorded',
  paymentReversed: 'payments.payment.reversed',
  refundIssued: 'payments.refund.issued',
  creditApplied: 'payments.credit.applied',
} as const;
