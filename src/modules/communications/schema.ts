import { z } from 'zod';
import { CHANNELS, MESSAGE_STATUSES } from './tables.js';

export const messageListQuery = z.strictObject({
  /** Only messages in this status. */
  status: z.enum(MESSAGE_STATUSES).optional(),
  /** Only this channel: email, sms or push. */
  channel: z.enum(CHANNELS).optional(),
  /** Only this notice kind, e.g. payment.receipt. */
  kind: z.string().max(100).optional(),
  /** Page size. */
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Skip this many (newest first). */
  offset: z.coerce.number().int().min(0).default(0),
});

const messageSummary = z.object({
  /** Message id. */
  id: z.uuid(),
  /** Notice kind. */
  kind: z.string(),
  /** email, sms or push. */
  channel: z.enum(CHANNELS),
  /** Language it was written in. */
  language: z.enum(['en', 'es']),
  /** The address, masked in lists (m•••@example.com); in full on the detail view. */
  recipient: z.string(),
  /** Subject line. */
  subject: z.string(),
  /** queued, sending, sent, delivered / undelivered (the SMS provider's report), failed, or suppressed (unsubscribed, or the number texted STOP). */
  status: z.enum(MESSAGE_STATUSES),
  /** The channel the person chose, when the message went by another one. */
  requestedChannel: z.enum(CHANNELS).nullable(),
  /** Why it went by email instead: no_verified_phone, sms_opted_out, no_push_subscription, channel_not_configured. */
  channelReason: z.string().nullable(),
  /** SMS segments (GSM-7 160/153 characters, UCS-2 70/67); null for email. */
  segments: z.number().int().nullable(),
  /** The provider's id for the message (SMTP Message-ID, SMS SID). */
  providerMessageId: z.string().nullable(),
  /** The provider's last reported status (SMS: queued, sent, delivered, undelivered, failed). */
  providerStatus: z.string().nullable(),
  /** Delivery attempts so far. */
  attempts: z.number().int(),
  /** smtp or twilio, or log when no mail server / SMS provider is configured. */
  deliveredVia: z.string().nullable(),
  /** Queued at, ISO 8601. */
  createdAt: z.string(),
  /** Sent at, ISO 8601. */
  sentAt: z.string().nullable(),
  /** The last delivery error. */
  lastError: z.string().nullable(),
});

export const messageList = z.object({ items: z.array(messageSummary), total: z.number().int() });

export const messageDetail = messageSummary.extend({
  /** Recipient's name, if known. */
  recipientName: z.string().nullable(),
  /** Can the recipient unsubscribe from this kind. */
  optional: z.boolean(),
  /** Exactly what was sent: plain text part. */
  bodyText: z.string(),
  /** Exactly what was sent: HTML part. */
  bodyHtml: z.string().nullable(),
  /** The channels staff may resend it on: its own when it failed, another when the address for it is known. */
  resendChannels: z.array(z.enum(CHANNELS)),
  /** Next attempt, when queued for a retry. */
  nextAttemptAt: z.string(),
  updatedAt: z.string(),
});

// Shared by every module's /:id routes.
export { idParams } from '../../kernel/http.js';

export const templateList = z.object({
  items: z.array(
    z.object({
      /** Notice kind. */
      kind: z.string(),
      /** Unsubscribable (optional) or transactional. */
      optional: z.boolean(),
      /** Placeholders and their types. */
      fields: z.record(z.string(), z.enum(['text', 'money', 'date', 'url', 'localized'])),
    }),
  ),
});

export const previewParams = z.object({ kind: z.string().max(100) });
export const previewQuery = z.strictObject({ language: z.enum(['en', 'es']) });
export const resendBody = z
  .strictObject({
    /** Send it again on this channel (default: the one it went by). Another channel renders the notice afresh. */
    channel: z.enum(CHANNELS).optional(),
  })
  .nullish();
export const settingsView = z.object({
  /** IANA time zone quiet hours are read in, e.g. America/Chicago. */
  timeZone: z.string(),
  /** Quiet hours for texts and pushes, HH:MM local time (default 21:00–08:00); equal = none. */
  quietStart: z.string(),
  quietEnd: z.string(),
  /** The entity's SMS sender (E.164) or messaging service (MG…); null = the install's SMS_FROM. */
  smsFrom: z.string().nullable(),
  smsMessagingServiceSid: z.string().nullable(),
  /** Is an SMS provider configured (SMS_URL), or are texts recorded to the log. */
  smsVia: z.enum(['provider', 'log']),
});
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time_invalid');
export const settingsBody = z.strictObject({
  timeZone: z
    .string()
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'time_zone_invalid'),
  quietStart: hhmm,
  quietEnd: hhmm,
  smsFrom: z
    .string()
    .regex(/^\+[1-9]\d{7,14}$/, 'phone_invalid')
    .nullable(),
  smsMessagingServiceSid: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/, 'invalid')
    .nullable(),
});
export const preview = z.object({
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  /** The SMS version and how many segments it takes. */
  sms: z.string(),
  smsSegments: z.number().int(),
  /** GSM-7 (160 characters a segment) or UCS-2 (70: any character outside GSM-7, like á or ó). */
  smsEncoding: z.enum(['gsm7', 'ucs2']),
  /** Characters in the SMS version. */
  smsLength: z.number().int(),
});
