import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Tx } from '../../db/client.js';
import { invalid, Problem, type FieldError } from '../../kernel/problem.js';
import { zodIssueToFieldError } from '../../kernel/field-errors.js';
import type { NotifyInput, NotifyResult } from '../../kernel/notices.js';
import { currentTenantProfile } from '../tenancy/index.js';
import type { Language } from '../../lib/i18n.js';
import { dataSchema, hasControlChars, noticeKind, type NoticeKind } from './kinds.js';
import { renderNotice } from './render.js';
import { communicationSettingsOf, isUrgent, localDate, routeNotice } from './routing.js';
import { smsSegments } from './sms.js';
import { CHANNELS, messages, unsubscribes, type ChannelName, type MessageContact } from './tables.js';
import { signUnsubscribe } from './unsubscribe.js';

export type { NotifyInput, NotifyResult } from '../../kernel/notices.js';

const recipientSchema = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  // The name goes into the To header: no control characters at all, line breaks included.
  name: z
    .string()
    .trim()
    .max(200)
    .refine((v) => !hasControlChars(v), 'invalid')
    .nullish(),
});

/** The base URL of the entity's site, for links in notices. */
export function publicBaseUrl(
  config: Pick<Config, 'publicUrl' | 'env' | 'port'>,
  host: string | null,
): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/$/, '');
  const h = host ?? 'localhost';
  return config.env === 'production' ? `https://${h}` : `http://${h}:${config.port}`;
}

// The entity's name, contacts and host, read once per transaction: a statement run calls
// notify thousands of times in a few transactions, and no caller changes the entity mid-way.
const profiles = new WeakMap<Tx, ReturnType<typeof currentTenantProfile>>();
function tenantProfile(tx: Tx): ReturnType<typeof currentTenantProfile> {
  let profile = profiles.get(tx);
  if (!profile) {
    profile = currentTenantProfile(tx);
    profiles.set(tx, profile);
  }
  return profile;
}

const E164 = /^\+[1-9]\d{7,14}$/;

// Quiet hours and time zone, read once per transaction like the profile.
const settingsCache = new WeakMap<Tx, ReturnType<typeof communicationSettingsOf>>();
function settingsOf(tx: Tx): ReturnType<typeof communicationSettingsOf> {
  let s = settingsCache.get(tx);
  if (!s) {
    s = communicationSettingsOf(tx);
    settingsCache.set(tx, s);
  }
  return s;
}

/**
 * The one call every module makes to tell someone something. It runs in the caller's
 * transaction: the rendered message is stored there and is sent only if that transaction
 * commits. Bad input is refused here, with field errors, before anything is written.
 *
 * `channel` is the one the person chose; routing sends it there when that channel can reach
 * them (SMS: a verified number that has not texted STOP) and by email otherwise, recording why.
 */
export async function notify(tx: Tx, config: Config, input: NotifyInput): Promise<NotifyResult> {
  const requested = input.channel ?? 'email';
  if (!(CHANNELS as readonly string[]).includes(requested)) {
    throw new Problem(422, 'channel_unavailable', { channel: String(requested) });
  }
  const def = noticeKind(input.kind);
  if (!def) throw new Problem(422, 'notice_kind_unknown', { kind: input.kind });
  if (input.language !== 'en' && input.language !== 'es') {
    throw invalid([{ field: 'language', code: 'invalid_choice' }]);
  }
  const fieldErrors: FieldError[] = [];
  // reportInput lets the field errors tell a wrong value (12.5 cents) from a missing one.
  const to = recipientSchema.safeParse(input.to, { reportInput: true });
  if (!to.success) fieldErrors.push(...issues(to.error, 'to'));
  const phone = input.to?.phone ?? null;
  if (phone !== null && (typeof phone !== 'string' || !E164.test(phone))) {
    fieldErrors.push({ field: 'to.phone', code: 'phone_invalid' });
  }
  const data = dataSchema(def).safeParse(input.data, { reportInput: true });
  if (!data.success) fieldErrors.push(...issues(data.error, 'data'));
  if (
    typeof input.idempotencyKey !== 'string' ||
    !input.idempotencyKey ||
    input.idempotencyKey.length > 300 ||
    hasControlChars(input.idempotencyKey)
  )
    fieldErrors.push({ field: 'idempotencyKey', code: 'invalid' });
  if (fieldErrors.length > 0 || !to.success || !data.success) throw invalid(fieldErrors);

  const email = to.data.email;
  const residentId = input.to.residentId ?? null;
  const route = await routeNotice(tx, requested, { email, phone, residentId });
  return queueMessage(tx, config, {
    def,
    channel: route.channel,
    address: route.address ?? email,
    requested,
    reason: route.reason,
    language: input.language,
    data: data.data,
    name: to.data.name ?? null,
    contact: { email, phone, name: to.data.name ?? null, residentId },
    idempotencyKey: input.idempotencyKey,
  });
}

export type QueueInput = {
  def: NoticeKind;
  channel: ChannelName;
  /** The email address, phone number or push endpoint id it goes to. */
  address: string;
  requested: ChannelName;
  reason: string | null;
  language: Language;
  data: Record<string, unknown>;
  name: string | null;
  contact: MessageContact;
  idempotencyKey: string;
};

/**
 * Renders and stores one message for one channel (already routed and validated). Email gets
 * subject, text and HTML with the unsubscribe link of optional kinds; a text gets the kind's
 * short SMS wording and its segment count. Idempotent on the key.
 */
export async function queueMessage(tx: Tx, config: Config, q: QueueInput): Promise<NotifyResult> {
  const { def, channel, address } = q;
  const tenant = await tenantProfile(tx);
  const unsubscribeUrl =
    def.optional && channel === 'email'
      ? `${publicBaseUrl(config, tenant.primaryHost)}/unsubscribe/${signUnsubscribe(config.secret, {
          tenantId: tenant.id,
          channel,
          address,
          kind: def.kind,
        })}`
      : null;
  const rendered = renderNotice(def, q.language, q.data, {
    entity: tenant.name[q.language],
    contactEmail: tenant.contactEmail,
    contactPhone: tenant.contactPhone,
    unsubscribeUrl,
  });
  const optedOut =
    def.optional &&
    (
      await tx
        .select({ kind: unsubscribes.kind })
        .from(unsubscribes)
        .where(
          and(
            eq(unsubscribes.channel, channel),
            eq(unsubscribes.address, address),
            eq(unsubscribes.kind, def.kind),
          ),
        )
    ).length > 0;
  const status = optedOut ? 'suppressed' : 'queued';
  let urgent = false;
  if (channel !== 'email') {
    const settings = await settingsOf(tx);
    urgent = isUrgent(def.kind, q.data, localDate(new Date(), settings.timeZone));
  }
  const email = channel === 'email';
  const [row] = await tx
    .insert(messages)
    .values({
      tenantId: sql`civq_current_tenant()`,
      kind: def.kind,
      channel,
      language: q.language,
      recipient: address,
      recipientName: q.name,
      optional: def.optional,
      subject: rendered.subject,
      bodyText: email ? rendered.text : rendered.sms,
      bodyHtml: email ? rendered.html : null,
      unsubscribeUrl,
      idempotencyKey: q.idempotencyKey,
      status,
      segments: channel === 'sms' ? smsSegments(rendered.sms) : null,
      requestedChannel: q.requested,
      channelReason: q.reason,
      urgent,
      data: q.data,
      contact: q.contact,
      linkUrl: channel === 'push' ? itemLink(def, q.data) : null,
    })
    .onConflictDoNothing()
    .returning({ id: messages.id });
  if (row) return { messageId: row.id, duplicate: false, status, channel };
  const [existing] = await tx
    .select({ id: messages.id, status: messages.status, channel: messages.channel })
    .from(messages)
    .where(eq(messages.idempotencyKey, q.idempotencyKey));
  return {
    messageId: existing!.id,
    duplicate: true,
    status: existing!.status === 'suppressed' ? 'suppressed' : 'queued',
    channel: existing!.channel,
  };
}

/** The page a push opens: the notice's own link (its first url field), else the channel's default. */
function itemLink(def: NoticeKind, data: Record<string, unknown>): string | null {
  const field = Object.entries(def.fields).find(([, type]) => type === 'url')?.[0];
  const url = field ? data[field] : undefined;
  return typeof url === 'string' ? url : null;
}

function issues(error: z.ZodError, prefix: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    // "data has an unknown field" is not much help: name each placeholder the kind does not have.
    if (issue.code === 'unrecognized_keys') {
      const at = [prefix, ...issue.path.map(String)].join('.');
      return issue.keys.map((key) => ({ field: `${at}.${key}`, code: 'unknown_field' }));
    }
    const fe = zodIssueToFieldError({
      keyword: issue.code,
      instancePath: `/${issue.path.join('/')}`,
      message: issue.message,
      params: issue as unknown as Record<string, unknown>,
    });
    return { ...fe, field: fe.field === '(body)' ? prefix : `${prefix}.${fe.field}` };
  });
}

/** Records that an address no longer wants one kind of optional notice. Idempotent. */
export async function unsubscribe(
  tx: Tx,
  grant: { channel: string; address: string; kind: string },
): Promise<void> {
  await tx
    .insert(unsubscribes)
    .values({ tenantId: sql`civq_current_tenant()`, ...grant })
    .onConflictDoNothing();
}
