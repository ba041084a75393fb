import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../../lib/passwords.js';
import { NOTICE_CHANNELS } from './tables.js';

const email = z.string().trim().min(1).max(254).pipe(z.email());
const language = z.enum(['en', 'es']);
const code = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'code_format');

export const signUpBody = z
  .object({
    /** Email address; it is verified with a code before the account can be used. */
    email,
    /** 12 to 128 characters, not a common password (NIST SP 800-63B); no composition rules. */
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
    /** Language of the portal and of account emails. */
    language: language.optional(),
  })
  .strict();

export const verifyEmailBody = z.object({
  /** The address the code was sent to. */
  email,
  /** The six-digit code from the email. */
  code,
});

export const emailBody = z.object({
  /** Email address. */
  email,
});

export const loginBody = z.object({
  /** Email address (case does not matter). */
  email,
  /** Password. */
  password: z.string().min(1).max(1024),
});

export const resetBody = z.object({
  /** The token from the reset link (after #token=). */
  token: z.string().min(10).max(200),
  /** The new password (same rules as sign-up). */
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

const tenantView = z.object({
  slug: z.string(),
  name: z.object({ en: z.string(), es: z.string() }),
  logoUrl: z.string().nullable(),
});

export const residentSessionView = z.object({
  /** The signed-in resident. */
  resident: z.object({
    id: z.uuid(),
    /** Sign-in email, lower case. */
    email: z.string(),
    /** Portal language. */
    language,
  }),
  /** The entity this account belongs to. */
  tenant: tenantView,
  /** Send back as the x-csrf-token header on every write. */
  csrfToken: z.string(),
});

export const acceptedView = z.object({
  /** Always "accepted": the answer never says whether the address has an account. */
  status: z.literal('accepted'),
});

export const claimUtilityBody = z
  .object({
    /** The 10-digit account number from a bill (dashes and spaces are ignored). */
    accountNumber: z.string().trim().min(1).max(40),
    /** The 5-digit ZIP code of the service address. */
    zip: z
      .string()
      .trim()
      .regex(/^\d{5}(-\d{4})?$/, 'zip_invalid'),
    /** The last name on the account (either surname works for two). */
    lastName: z.string().trim().min(1).max(120),
  })
  .strict();

export const linkView = z.object({
  /** Link id (use it to unlink). */
  id: z.uuid(),
  /** The module of the linked record: utilities. */
  module: z.string(),
  /** Id of the linked record. */
  refId: z.string(),
  /** When it was linked, ISO 8601. */
  linkedAt: z.string(),
  /** For a utility account: what the resident sees of it. */
  utility: z.object({ accountNumber: z.string(), serviceAddress: z.string(), status: z.string() }).nullable(),
});

export const linksView = z.object({ items: z.array(linkView) });

// Shared by every module's /:id routes.
export { idParams } from '../../kernel/http.js';

/** Built when the route registers: the kinds are those of the installed modules' projectors. */
export const activityQuery = (kinds: readonly string[]) =>
  z.object({
    /** Only entries of this kind. */
    kind: z.enum(kinds).optional(),
    /** The `next` value of the previous page. */
    cursor: z.string().max(200).optional(),
    /** Page size. */
    limit: z.coerce.number().int().min(1).max(100).default(20),
  });

export const activityEntryView = z.object({
  /** Entry id. */
  id: z.string(),
  /** When it happened, ISO 8601. */
  occurredAt: z.string(),
  /** statement, charge, payment or refund (more kinds as modules join). */
  kind: z.string(),
  /** The event, e.g. payments.payment.recorded. */
  action: z.string(),
  /** The linked record it belongs to. */
  scope: z.object({ module: z.string(), id: z.string(), label: z.string().nullable() }),
  /** The thing itself and its current status. */
  item: z.object({ type: z.string(), id: z.string(), status: z.string().nullable() }),
  /** Amounts (cents), numbers and dates to show. */
  data: z.record(z.string(), z.unknown()),
  /** Where a receipt PDF can be downloaded, for payments. */
  receiptUrl: z.string().nullable(),
});

export const activityPageView = z.object({
  items: z.array(activityEntryView),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  next: z.string().nullable(),
});

export const summaryView = z.object({
  /** What the linked accounts' charges still owe, in cents. */
  owedCents: z.number().int(),
  /** Unapplied credit, in cents. */
  creditCents: z.number().int(),
  /** owed − credit. */
  balanceCents: z.number().int(),
  /** Payments in the last 12 months, net of refunds, in cents. */
  paidCents: z.number().int(),
  /** Start of that period, YYYY-MM-DD. */
  paidSince: z.string(),
  accounts: z.array(
    z.object({
      linkId: z.string(),
      accountNumber: z.string(),
      balanceCents: z.number().int(),
      paidCents: z.number().int(),
    }),
  ),
});

export const preferencesBody = z
  .object({
    /** How notices reach you: email, sms or push (email when the chosen one cannot reach you; the view says why). */
    channel: z.enum(NOTICE_CHANNELS),
    /** The language of notices. */
    language,
  })
  .strict();

export const preferencesView = z.object({
  channel: z.enum(NOTICE_CHANNELS),
  language,
  /** When they were last saved; null = never (notices follow each account's language). */
  savedAt: z.string().nullable(),
  /** The channel notices actually use now: the chosen one, or email when it cannot reach you. */
  deliveredBy: z.enum(NOTICE_CHANNELS),
  /** Why notices go by email instead: no_verified_phone, sms_opted_out, no_push_subscription …; null = as chosen. */
  deliveredReason: z.string().nullable(),
  /** Verified or pending phone number, E.164. */
  phone: z.string().nullable(),
  phoneVerified: z.boolean(),
  /** When the resident agreed to texts, and the version of the wording they agreed to. */
  smsConsentAt: z.string().nullable(),
  smsConsentVersion: z.string().nullable(),
  /** The number texted STOP: nothing is texted to it until it texts START. */
  smsOptedOut: z.boolean(),
});

export const phoneBody = z
  .object({
    /** A phone number with area code. */
    phone: z.string().trim().min(1).max(40),
    /** Must be true: the resident agrees to the consent text shown with the field. */
    consent: z.boolean(),
  })
  .strict();

export const codeBody = z.object({ code });

export const deleteBody = z.object({
  /** The current password, to confirm. */
  password: z.string().min(1).max(1024),
});

export const passkeyOptionsView = z.object({
  /** Send back with the response. */
  challengeId: z.uuid(),
  /** PublicKeyCredential{Creation,Request}OptionsJSON for @simplewebauthn/browser. */
  options: z.record(z.string(), z.unknown()),
});

export const passkeyRegisterBody = z.object({
  challengeId: z.uuid(),
  /** A name to recognize it by ("My phone"). */
  label: z.string().trim().min(1).max(60),
  /** RegistrationResponseJSON from startRegistration(). */
  response: z.record(z.string(), z.unknown()),
});

export const passkeyLoginBody = z.object({
  challengeId: z.uuid(),
  /** AuthenticationResponseJSON from startAuthentication(). */
  response: z.record(z.string(), z.unknown()),
});

export const passkeyView = z.object({
  id: z.uuid(),
  label: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});

export const linkedResidentsView = z.object({
  items: z.array(
    z.object({
      residentId: z.uuid(),
      email: z.string(),
      linkedAt: z.string(),
      /** The channel the resident chose for notices. */
      noticeChannel: z.enum(NOTICE_CHANNELS),
      /** Their phone (E.164), verified or pending. */
      phone: z.string().nullable(),
      phoneVerified: z.boolean(),
      /** When they agreed to texts, and the version of the wording. */
      smsConsentAt: z.string().nullable(),
      smsConsentVersion: z.string().nullable(),
      /** The phone texted STOP. */
      smsOptedOut: z.boolean(),
    }),
  ),
});
