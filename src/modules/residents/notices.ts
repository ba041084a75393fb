import type { NoticeKind } from '../../kernel/notices.js';

/** Account emails a resident gets (residents manifest). None is optional: they answer something the resident did. */
export const RESIDENT_NOTICE_KINDS: NoticeKind[] = [
  {
    kind: 'resident.verify_email',
    optional: false,
    fields: { code: 'text', verifyUrl: 'url' },
    sample: { code: '482913', verifyUrl: 'https://esperanza.example.gov/portal/account/verify' },
  },
  {
    kind: 'resident.account_exists',
    optional: false,
    fields: { signInUrl: 'url', resetUrl: 'url' },
    sample: {
      signInUrl: 'https://esperanza.example.gov/portal/account/sign-in',
      resetUrl: 'https://esperanza.example.gov/portal/account/forgot',
    },
  },
  {
    kind: 'resident.password_reset',
    optional: false,
    fields: { resetUrl: 'url' },
    sample: { resetUrl: 'https://esperanza.example.gov/portal/account/reset#token=abc' },
  },
  {
    kind: 'resident.phone_code',
    optional: false,
    fields: { code: 'text', phone: 'text' },
    sample: { code: '482913', phone: '+19565550100' },
  },
];
