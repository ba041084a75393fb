import type { NoticeKind } from '../../kernel/notices.js';

/** The notices money movements send (payments manifest); none is optional: each answers a payment. */
export const PAYMENT_NOTICE_KINDS: NoticeKind[] = [
  {
    kind: 'payment.receipt',
    optional: false,
    fields: {
      name: 'text',
      receiptNumber: 'text',
      amount: 'money',
      paidOn: 'date',
      method: 'text',
      description: 'localized',
    },
    sample: {
      name: 'María López',
      receiptNumber: 'R-2026-000123',
      amount: 12345,
      paidOn: '2026-11-20',
      method: 'check',
      description: {
        en: 'Water and sewer, account 10-2043-01',
        es: 'Agua y alcantarillado, cuenta 10-2043-01',
      },
    },
  },
  {
    kind: 'payment.refund',
    optional: false,
    fields: { name: 'text', receiptNumber: 'text', amount: 'money', refundedOn: 'date', reason: 'text' },
    sample: {
      name: 'María López',
      receiptNumber: 'R-2026-000123',
      amount: 2500,
      refundedOn: '2026-11-21',
      reason: 'Duplicate payment',
    },
  },
];
