/**
 * What My Activity knows how to show, by the module whose events feed it (the server's
 * activity projectors). A module that adds a projector adds an entry here: its kinds (the
 * filter, `activity.kinds.<kind>`), its actions (`activity.actions.<action with _>`), the item
 * statuses it tags (`activity.status.<status>`), and which action links its receipt.
 */
export type ActivitySource = {
  module: string;
  kinds: readonly string[];
  actions: readonly string[];
  statuses: readonly string[];
  receiptActions?: readonly string[];
  /** From an entry's data: the code in its title ({number}), a line about it, the page it opens (`activity.links.<kind>`). */
  reference?: (data: Record<string, unknown>) => string | undefined;
  summary?: (data: Record<string, unknown>) => { en: string; es: string } | undefined;
  link?: (data: Record<string, unknown>) => string | undefined;
};

export const ACTIVITY_SOURCES: readonly ActivitySource[] = [
  {
    module: 'utilities',
    kinds: ['statement'],
    actions: [
      'utilities.statement.issued',
      'utilities.statement.status_changed',
      'utilities.statement.voided',
    ],
    statuses: ['issued', 'partially_paid', 'paid', 'past_due', 'shutoff_warned', 'void'],
  },
  {
    module: 'payments',
    kinds: ['charge', 'payment', 'refund'],
    actions: [
      'payments.charge.created',
      'payments.charge.voided',
      'payments.payment.recorded',
      'payments.payment.reversed',
      'payments.refund.issued',
    ],
    statuses: ['pending', 'refunded', 'completed', 'reversed'],
    receiptActions: ['payments.payment.recorded'],
  },
  {
    module: 'requests',
    kinds: ['request'],
    actions: [
      'request.submitted',
      'request.status_changed',
      'request.public_note_added',
      'request.reopened',
      'request.marked_duplicate',
    ],
    statuses: ['submitted', 'acknowledged', 'in_progress', 'closed'],
    reference: (d) => (typeof d.trackingCode === 'string' ? d.trackingCode : undefined),
    summary: (d) => d.category as { en: string; es: string } | undefined,
    link: (d) => (typeof d.link === 'string' ? d.link : undefined),
  },
];

export const ACTIVITY_KINDS = ACTIVITY_SOURCES.flatMap((s) => s.kinds);
export const ACTIVITY_ACTIONS = new Set(ACTIVITY_SOURCES.flatMap((s) => s.actions));
export const ACTIVITY_STATUSES = new Set(ACTIVITY_SOURCES.flatMap((s) => s.statuses));
export const RECEIPT_ACTIONS = new Set(ACTIVITY_SOURCES.flatMap((s) => s.receiptActions ?? []));
/** The source that writes entries of `kind`. */
export const sourceOfKind = (kind: string) => ACTIVITY_SOURCES.find((s) => s.kinds.includes(kind));
