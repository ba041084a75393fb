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
import { queryRows } from '../../db/rows.js';
import { routeNotice, smsOptedOut } from '../communications/index.js';
import { checkCode, CODE_MINUTES, sixDigitCode, type ResidentContext } from './service.js';
import { residentLinks, residents, residentTokens, type NoticeChannel, type Resident } from './tables.js';

/**
 * The version of the SMS consent wording (locales/<lang>/account.json phone.consent) a
 * resident agrees to. Change it whenever that wording changes in either language.
 */
export const SMS_CONSENT_VERSION = '2026-12.2';

/** At most this many phone codes per resident per hour (texts cost money and annoy). */
export const MAX_PHONE_CODES_PER_HOUR = 5;

/**
 * Preferences as the page shows them, with the channel notices actually use and why: a
 * resident who chose SMS without a verified phone, or whose number texted STOP, gets email.
 */
export async function preferencesView(tx: Tx, r: Resident) {
  const phone = r.phoneVerifiedAt && r.smsConsentAt ? r.phone : null;
  const route = await routeNotice(tx, r.noticeChannel, { email: r.email, phone, residentId: r.id });
  return {
    channel: r.noticeChannel,
    language: r.noticeLanguage,
    savedAt: r.preferencesSavedAt?.toISOString() ?? null,
    deliveredBy: route.channel as NoticeChannel,
    deliveredReason: route.reason,
    phone: r.phone,
    phoneVerified: r.phoneVerifiedAt !== null,
    smsConsentAt: r.smsConsentAt?.toISOString() ?? null,
    smsConsentVersion: r.smsConsentVersion,
    smsOptedOut: r.phone ? await smsOptedOut(tx, r.phone) : false,
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

// Toll-free and premium-rate numbers cannot receive texts from a city's sender.
const NOT_MOBILE = /^\+1(800|833|844|855|866|877|888|900)/;

/**
 * Starts phone verification: a six-digit code goes BY TEXT to the number, so entering it
 * proves the resident holds that phone. Refused, with nothing written: a malformed or
 * non-mobile number, no consent, a number that texted STOP (it would never arrive), and more
 * than MAX_PHONE_CODES_PER_HOUR codes in an hour. The code is urgent: it ignores quiet hours.
 */
export async function startPhoneVerification(
  ctx: ResidentContext,
  resident: Resident,
  input: { phone: string; consent: boolean },
): Promise<{ phone: string; sentTo: 'sms' }> {
  const phone = toE164(input.phone);
  if (!phone) throw invalid([{ field: 'phone', code: 'phone_invalid' }]);
  if (NOT_MOBILE.test(phone)) throw invalid([{ field: 'phone', code: 'phone_not_mobile' }]);
  if (input.consent !== true) throw invalid([{ field: 'consent', code: 'sms_consent_required' }]);
  if (await smsOptedOut(ctx.tx, phone)) throw new Problem(409, 'phone_opted_out');
  const [recent] = await queryRows<{ n: number }>(
    ctx.tx,
    sql`SELECT count(*)::int AS n FROM resident_tokens
        WHERE resident_id = ${resident.id} AND purpose = 'verify_phone' AND created_at > now() - interval '1 hour'`,
  );
  if (recent!.n >= MAX_PHONE_CODES_PER_HOUR) throw new Problem(429, 'phone_codes_too_many');
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
    to: { email: resident.email, phone, residentId: resident.id },
    channel: 'sms',
    language: resident.noticeLanguage,
    kind: 'resident.phone_code',
    data: { code, phone },
    idempotencyKey: `resident:${resident.id}:phone:${crypto.randomUUID()}`,
  });
  return { phone, sentTo: 'sms' };
}

/**
 * The code proves the phone; consent to texts is recorded with the time, the wording's
 * version and the language it was read in. A wrong, expired or already used code changes
 * nothing. Audit-logged.
 */
export async function confirmPhone(
  ctx: ResidentContext,
  resident: Resident,
  code: string,
  language: Language,
) {
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
      smsConsentLanguage: language,
      updatedAt: sql`now()`,
    })
    .where(eq(residents.id, resident.id))
    .returning()) as [Resident];
  await ctx.events.record(ctx.tx, {
    type: ResidentsEvents.phoneVerified,
    subjectType: 'resident',
    subjectId: resident.id,
    actor: { type: 'resident', id: resident.id },
    payload: { smsConsentVersion: SMS_CONSENT_VERSION, smsConsentLanguage: language },
  });
  return { ok: true as const, resident: after };
}

/**
 * Communications asks this for every notice about a record (e.g. a receipt about utility
 * account X): each resident linked to it who has saved preferences receives the notice in
 * their language on the channel they chose (communications falls back to email, and says why,
 * when that channel cannot reach them).
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
      // Only a verified phone with consent on file may be texted.
      phone: sql<
        string | null
      >`CASE WHEN ${residents.phoneVerifiedAt} IS NOT NULL AND ${residents.smsConsentAt} IS NOT NULL THEN ${residents.phone} END`,
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
      {
        key: `resident:${r.id}`,
        email: r.email,
        language: r.language,
        requestedChannel: r.channel,
        phone: r.phone,
        residentId: r.id,
      },
    ]);
  }
  return out;
}

export const residentRecipients: RecipientResolver = Object.assign(
  async (tx: Tx, about: NoticeSubject) => (await followersOf(tx, [about])).get(noticeSubjectKey(about)) ?? [],
  { many: followersOf },
);
