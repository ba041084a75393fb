import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { Language } from '../../lib/i18n.js';
import { toE164 } from '../../lib/phone.js';
import { invalid, Problem } from '../../kernel/problem.js';
import { toPgArray } from '../../events/bus.js';
import {
  noticeSubjectKey,
  type NoticeSubject,
  type RecipientResolver,
  type ResolvedRecipient,
} from '../../kernel/notices.js';
import { ResidentsEvents } from './events.js';
import { checkCode, CODE_MINUTES, sixDigitCode, type ResidentContext } from './service.js';
import { residentLinks, residents, residentTokens, type NoticeChannel, type Resident } from './tables.js';

/** The version of the SMS consent wording (locales/<lang>/account.json preferences.smsConsent) a resident agreed to. */
export const SMS_CONSENT_VERSION = '2026-12';

/** Channels that can deliver today; the others fall back to email until their channel exists. */
export const LIVE_CHANNELS: readonly NoticeChannel[] = ['email'];

export function preferencesView(r: Resident) {
  return {
    channel: r.noticeChannel,
    language: r.noticeLanguage,
    savedAt: r.preferencesSavedAt?.toISOString() ?? null,
    deliveredBy: (LIVE_CHANNELS.includes(r.noticeChannel) ? r.noticeChannel : 'email') as NoticeChannel,
    phone: r.phone,
    phoneVerified: r.phoneVerifiedAt !== null,
    smsConsentAt: r.smsConsentAt?.toISOString() ?? null,
  };
}

/** Saves channel and language. SMS needs a verified phone with consent on file. Audit-logged. */
export async function savePreferences(
  ctx: ResidentContext,
  resident: Resident,
  input: { channel: NoticeChannel; language: Language },
): Promise<Resident> {
  if (input.channel === 'sms' && (!resident.phoneVerifiedAt || !resident.smsConsentAt)) {
    throw new Problem(409, 'sms_needs_verified_phone');
  }
  const [after] = (await ctx.tx
    .update(residents)
    .set({
      noticeChannel: input.channel,
      noticeLanguage: input.language,
      preferencesSavedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(eq(residents.id, resident.id))
    .returning()) as [Resident];
  await ctx.events.record(ctx.tx, {
    type: ResidentsEvents.preferencesChanged,
    subjectType: 'resident',
    subjectId: resident.id,
    actor: { type: 'resident', id: resident.id },
    payload: {
      from: resident.preferencesSavedAt
        ? { channel: resident.noticeChannel, language: resident.noticeLanguage }
        : null,
      to: { channel: input.channel, language: input.language },
    },
  });
  return after;
}

/**
 * Starts phone verification: the number and the consent are kept with a six-digit code. Until
 * an SMS provider is configured the code goes to the resident's verified email, and the page
 * says so.
 */
export async function startPhoneVerification(
  ctx: ResidentContext,
  resident: Resident,
  input: { phone: string; consent: boolean },
): Promise<{ phone: string; sentTo: 'email' }> {
  const phone = toE164(input.phone);
  if (!phone) throw invalid([{ field: 'phone', code: 'phone_invalid' }]);
  if (input.consent !== true) throw invalid([{ field: 'consent', code: 'sms_consent_required' }]);
  const code = sixDigitCode();
  await ctx.tx
    .update(residentTokens)
    .set({ usedAt: sql`now()` })
    .where(
      sql`${residentTokens.residentId} = ${resident.id} AND ${residentTokens.purpose} = 'verify_phone' AND ${residentTokens.usedAt} IS NULL`,
    );
  await ctx.tx.insert(residentTokens).values({
    tenantId: sql`civq_current_tenant()`,
    residentId: resident.id,
    purpose: 'verify_phone',
    secretHash: crypto.createHash('sha256').update(`${resident.id}:verify_phone:${code}`).digest('hex'),
    target: phone,
    expiresAt: sql`now() + make_interval(mins => ${CODE_MINUTES})`,
  });
  await ctx.communications.notify(ctx.tx, {
    to: { email: resident.email },
    language: resident.noticeLanguage,
    kind: 'resident.phone_code',
    data: { code, phone },
    idempotencyKey: `resident:${resident.id}:phone:${crypto.randomUUID()}`,
  });
  return { phone, sentTo: 'email' };
}

/** The code proves the phone; consent to texts is recorded with the wording's version. Audit-logged. */
export async function confirmPhone(ctx: ResidentContext, resident: Resident, code: string) {
  const check = await checkCode(ctx.tx, resident.id, 'verify_phone', code);
  if (!check.ok || !check.target)
    return { ok: false as const, problem: new Problem(400, 'verification_code_invalid') };
  const [after] = (await ctx.tx
    .update(residents)
    .set({
      phone: check.target,
      phoneVerifiedAt: sql`now()`,
      smsConsentAt: sql`now()`,
      smsConsentVersion: SMS_CONSENT_VERSION,
      updatedAt: sql`now()`,
    })
    .where(eq(residents.id, resident.id))
    .returning()) as [Resident];
  await ctx.events.record(ctx.tx, {
    type: ResidentsEvents.phoneVerified,
    subjectType: 'resident',
    subjectId: resident.id,
    actor: { type: 'resident', id: resident.id },
    payload: { smsConsentVersion: SMS_CONSENT_VERSION },
  });
  return { ok: true as const, resident: after };
}

/**
 * Communications asks this for every notice about a record (e.g. a receipt about utility
 * account X): each resident linked to it who has saved preferences receives the notice in
 * their language, by email for now (SMS and push fall back to email until they exist).
 * `many` answers for a whole batch of records (a bulk import's receipts) in one query.
 */
async function followersOf(tx: Tx, about: NoticeSubject[]): Promise<Map<string, ResolvedRecipient[]>> {
  const rows = await tx
    .select({
      id: residents.id,
      module: residentLinks.module,
      refId: residentLinks.refId,
      email: residents.email,
      channel: residents.noticeChannel,
      language: residents.noticeLanguage,
    })
    .from(residentLinks)
    .innerJoin(residents, eq(residents.id, residentLinks.residentId))
    .where(
      sql`(${residentLinks.module}, ${residentLinks.refId}) IN (
            SELECT m, r FROM unnest(${toPgArray(about.map((a) => a.module))}::text[],
                                    ${toPgArray(about.map((a) => a.id))}::text[]) AS u(m, r))
          AND ${residents.preferencesSavedAt} IS NOT NULL AND ${residents.emailVerifiedAt} IS NOT NULL`,
    );
  const out = new Map<string, ResolvedRecipient[]>();
  for (const r of rows) {
    const key = noticeSubjectKey({ module: r.module, id: r.refId });
    out.set(key, [
      ...(out.get(key) ?? []),
      { key: `resident:${r.id}`, email: r.email, language: r.language, requestedChannel: r.channel },
    ]);
  }
  return out;
}

export const residentRecipients: RecipientResolver = Object.assign(
  async (tx: Tx, about: NoticeSubject) => (await followersOf(tx, [about])).get(noticeSubjectKey(about)) ?? [],
  { many: followersOf },
);
