import type { NoticeKind } from '../../kernel/notices.js';

/** The answers to inbound STOP / START / HELP texts (transactional, urgent, SMS only). */
export const SMS_NOTICE_KINDS: NoticeKind[] = [
  { kind: 'sms.opted_out', optional: false, fields: {}, sample: {} },
  { kind: 'sms.opted_in', optional: false, fields: {}, sample: {} },
  {
    kind: 'sms.help',
    optional: false,
    fields: { contact: 'text' },
    sample: { contact: '(956) 555-0100, cityhall@esperanza.example.gov' },
  },
];
