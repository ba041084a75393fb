import type { Tx } from '../db/client.js';
import type { Language } from '../lib/i18n.js';

/**
 * What modules hand to communications and what communications hands back. The communications
 * module implements these; they live in the kernel so the Platform type and module manifests
 * can name them without importing a module.
 */
export type FieldType = 'text' | 'money' | 'date' | 'url' | 'localized';

/**
 * A notice kind names its placeholders and their types (so money and dates are formatted for
 * the recipient's locale), says whether recipients may unsubscribe from it, and carries sample
 * data for previews and the template tests. The words live in locales/<lang>/notices.json
 * under the kind's key. A module lists its kinds in its manifest.
 */
export type NoticeKind = {
  kind: string;
  /** Optional notices can be unsubscribed from (RFC 8058); transactional ones cannot. */
  optional: boolean;
  fields: Record<string, FieldType>;
  sample: Record<string, unknown>;
};

export type NoticeChannel = 'email' | 'sms' | 'push';

export type NotifyInput = {
  /** `phone` (a verified mobile, E.164) and `residentId` let SMS and push reach them. */
  to: { email: string; name?: string | null; phone?: string | null; residentId?: string | null };
  language: Language;
  kind: string;
  /** The kind's placeholders (money in integer cents, dates as YYYY-MM-DD). */
  data: Record<string, unknown>;
  /** Source event + recipient + channel, e.g. `payment.recorded:123:email:ana@example.com`. */
  idempotencyKey: string;
  channel?: NoticeChannel;
  /** What the notice is about; people following that record receive it too (recipient resolvers). */
  about?: { module: string; id: string };
};

export type NotifyResult = {
  messageId: string;
  duplicate: boolean;
  status: 'queued' | 'suppressed';
  /** The channel it goes by (email when the chosen one cannot reach them). */
  channel?: NoticeChannel;
};

/** What a notice is about: a record of another module, e.g. { module: 'utilities', id: accountId }. */
export type NoticeSubject = { module: string; id: string };

/** Someone who asked to hear about a record, in their language (e.g. a resident who linked it). */
export type ResolvedRecipient = {
  /** Stable and unique per person; it extends the notice's idempotency key. */
  key: string;
  email: string;
  language: Language;
  /** The channel they chose; email when that channel cannot reach them (routing says why). */
  requestedChannel: NoticeChannel;
  /** Their verified mobile number (E.164), if any. */
  phone?: string | null;
  residentId?: string | null;
};

/** Contributed by a module that knows who follows records (residents); asked on every notice with `about`. */
export type RecipientResolver = ((tx: Tx, about: NoticeSubject) => Promise<ResolvedRecipient[]>) & {
  /**
   * The same for many records in one query (a bulk import's receipts), keyed by
   * noticeSubjectKey; without it, notifyMany asks the resolver once per record.
   */
  many?: (tx: Tx, about: NoticeSubject[]) => Promise<Map<string, ResolvedRecipient[]>>;
};

export const noticeSubjectKey = (s: NoticeSubject) => `${s.module}:${s.id}`;

/** A notice for a record with no address of its own: only the people following it get it. */
export type FollowersNotice = Omit<NotifyInput, 'to' | 'language' | 'about'> & { about: NoticeSubject };

/** What other modules are handed (platform.communications). */
export type Communications = {
  notify(tx: Tx, input: NotifyInput): Promise<NotifyResult>;
  /** A notice about a record with no address of its own: only the people following it get it. */
  notifyFollowers(tx: Tx, input: FollowersNotice): Promise<number>;
  /**
   * notify (a notice with `to`) or notifyFollowers (one without) for many notices, in order,
   * with the followers of all their records looked up at once instead of once per notice.
   */
  notifyMany(tx: Tx, inputs: (NotifyInput | FollowersNotice)[]): Promise<void>;
  /** Adds who else hears of notices about a record (the platform adds each manifest's resolvers). */
  addRecipientResolver(resolver: RecipientResolver): void;
};
