import { z } from 'zod';
import { CHANNELS, MESSAGE_STATUSES } from './tables.js';

export const messageListQuery = z.strictObject({
  /** Only messages in this status. */
  status: z.enum(MESSAGE_STATUSES).optional(),
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
  /** queued, sending, sent, failed, or suppressed (the recipient unsubscribed). */
  status: z.enum(MESSAGE_STATUSES),
  /** Delivery attempts so far. */
  attempts: z.number().int(),
  /** smtp, or log when no mail server is configured. */
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
  /** The provider's id for the message (SMTP Message-ID). */
  providerMessageId: z.string().nullable(),
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
export const preview = z.object({
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  /** The SMS version and how many segments it takes. */
  sms: z.string(),
  smsSegments: z.number().int(),
});
