import { registerNoticeKind } from '../communications/index.js';

// Account emails a resident gets. None is optional: they answer something the resident did.
registerNoticeKind({
  kind: 'resident.verify_email',
  optional: false,
  fields: { code: 'text', verifyUrl: 'url' },
  sample: { code: '482913', verifyUrl: 'https://esperanza.example.gov/portal/account/verify' },
});
registerNoticeKind({
  kind: 'resident.account_exists',
  optional: false,
  fields: { signInUrl: 'url', resetUrl: 'url' },
  sample: {
    signInUrl: 'https://esperanza.example.gov/portal/account/sign-in',
    resetUrl: 'https://esperanza.example.gov/portal/account/forgot',
  },
});
registerNoticeKind({
  kind: 'resident.password_reset',
  optional: false,
  fields: { resetUrl: 'url' },
  sample: { resetUrl: 'https://esperanza.example.gov/portal/account/reset#token=abc' },
});
registerNoticeKind({
  kind: 'resident.phone_code',
  optional: false,
  fields: { code: 'text', phone: 'text' },
  sample: { code: '482913', phone: '+19565550100' },
});
