import type { NoticeKind } from '../../kernel/notices.js';

/** The invitation a new staff user gets (sent by communications on identity.staff.created). */
export const IDENTITY_NOTICE_KINDS: NoticeKind[] = [
  {
    kind: 'staff.invite',
    optional: false,
    fields: { name: 'text', email: 'text', role: 'text', signInUrl: 'url' },
    sample: {
      name: 'Carlos Treviño',
      email: 'clerk@demo.civq.test',
      role: 'clerk',
      signInUrl: 'https://esperanza.example.gov/dashboard',
    },
  },
];
