import crypto from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Tx } from '../../db/client.js';
import type { EventBus } from '../../events/bus.js';
import { PUBLIC_ACTOR } from '../../events/types.js';
import type { Language } from '../../lib/i18n.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../lib/passwords.js';
import { invalid, Problem } from '../../kernel/problem.js';
import { publicBaseUrl, type Communications } from '../communications/index.js';
import { currentTenantProfile } from '../tenancy/index.js';
import { ResidentsEvents } from './events.js';
import { closeAllResidentSessions, hashSecret, openResidentSession, randomToken } from './sessions.js';
import { residents, residentTokens, type Resident, type TokenPurpose } from './tables.js';

/** Five wrong passwords in a row lock sign-in for fifteen minutes (as for staff). */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
/** A code allows five wrong tries, then a new one must be sent. */
export const MAX_CODE_ATTEMPTS = 5;
export const CODE_MINUTES = 30;
export const RESET_MINUTES = 30;

export type ResidentContext = { tx: Tx; events: EventBus; communications: Communications; config: Config };

export type SignInOutcome =
  { ok: true; resident: Resident; token: string; csrfToken: string } | { ok: false; problem: Problem };

const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function residentByEmail(tx: Tx, email: string): Promise<Resident | undefined> {
  const [row] = await tx
    .select()
    .from(residents)
    .where(eq(residents.email, normalizeEmail(email)));
  return row;
}

export async function residentById(tx: Tx, id: string): Promise<Resident | undefined> {
  const [row] = await tx.select().from(residents).where(eq(residents.id, id));
  return row;
}

async function baseUrl(ctx: ResidentContext): Promise<string> {
  const tenant = await currentTenantProfile(ctx.tx);
  return publicBaseUrl(ctx.config, tenant.primaryHost);
}

/** Stores a new one-time secret for `purpose`, ending any earlier one of the same purpose. */
async function issueSecret(
  tx: Tx,
  residentId: string,
  purpose: TokenPurpose,
  secret: string,
  minutes: number,
  target: string | null = null,
): Promise<void> {
  await tx
    .update(residentTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(residentTokens.residentId, residentId),
        eq(residentTokens.purpose, purpose),
        isNull(residentTokens.usedAt),
      ),
    );
  await tx.insert(residentTokens).values({
    tenantId: sql`civq_current_tenant()`,
    residentId,
    purpose,
    secretHash: hashSecret(`${residentId}:${purpose}:${secret}`),
    target,
    expiresAt: sql`now() + make_interval(mins => ${minutes})`,
  });
}

export const sixDigitCode = () => String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');

/**
 * Checks a six-digit code against the resident's live secret of `purpose`. A wrong code
 * counts against the secret; the fifth wrong one ends it. Returns the secret's target.
 */
export async function checkCode(
  tx: Tx,
  residentId: string,
  purpose: TokenPurpose,
  code: string,
): Promise<{ ok: true; target: string | null } | { ok: false }> {
  const [live] = await tx
    .select()
    .from(residentTokens)
    .where(
      and(
        eq(residentTokens.residentId, residentId),
        eq(residentTokens.purpose, purpose),
        isNull(residentTokens.usedAt),
        gt(residentTokens.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(residentTokens.createdAt))
    .limit(1);
  if (!live || live.attempts >= MAX_CODE_ATTEMPTS) return { ok: false };
  const expected = Buffer.from(live.secretHash);
  const given = Buffer.from(hashSecret(`${residentId}:${purpose}:${code}`));
  if (!crypto.timingSafeEqual(expected, given)) {
    // Counted in one statement, so concurrent guesses cannot all read the same count.
    await tx
      .update(residentTokens)
      .set({ attempts: sql`${residentTokens.attempts} + 1` })
      .where(and(eq(residentTokens.id, live.id), isNull(residentTokens.usedAt)))
      .returning({ attempts: residentTokens.attempts });
    return { ok: false };
  }
  // Used up in the same statement that checks it is still live: a code sent twice at once
  // (or replayed later) is accepted once.
  const [used] = await tx
    .update(residentTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(residentTokens.id, live.id),
        isNull(residentTokens.usedAt),
        sql`${residentTokens.attempts} < ${MAX_CODE_ATTEMPTS}`,
        gt(residentTokens.expiresAt, sql`now()`),
      ),
    )
    .returning({ target: residentTokens.target });
  if (!used) return { ok: false };
  return { ok: true, target: used.target };
}

export type SignUpInput = { email: string; password: string; language: Language };

/**
 * Opt-in sign-up. The answer is the same whether or not the address already has an account,
 * so sign-up cannot be used to learn who has one: a new (or still unverified) address gets a
 * verification code, a verified one gets a note that it already has an account.
 */
export async function signUp(ctx: ResidentContext, input: SignUpInput): Promise<void> {
  const email = normalizeEmail(input.email);
  const weak = passwordProblem(input.password, [email.split('@')[0] ?? '']);
  if (weak) throw invalid([{ field: 'password', code: weak }]);
  const existing = await residentByEmail(ctx.tx, email);
  const url = await baseUrl(ctx);
  if (existing?.emailVerifiedAt) {
    await ctx.communications.notify(ctx.tx, {
      to: { email },
      language: input.language,
      kind: 'resident.account_exists',
      data: { signInUrl: `${url}/portal/account/sign-in`, resetUrl: `${url}/portal/account/forgot` },
      idempotencyKey: `resident:${existing.id}:exists:${crypto.randomUUID()}`,
    });
    return;
  }
  const passwordHash = await hashPassword(input.password);
  let resident: Resident;
  if (existing) {
    // Still unverified: the latest sign-up's password and language win, and only its code works.
    [resident] = (await ctx.tx
      .update(residents)
      .set({ passwordHash, locale: input.language, noticeLanguage: input.language, updatedAt: sql`now()` })
      .where(eq(residents.id, existing.id))
      .returning()) as [Resident];
  } else {
    [resident] = (await ctx.tx
      .insert(residents)
      .values({
        tenantId: sql`civq_current_tenant()`,
        email,
        passwordHash,
        locale: input.language,
        noticeLanguage: input.language,
      })
      .returning()) as [Resident];
    await ctx.events.record(ctx.tx, {
      type: ResidentsEvents.signedUp,
      subjectType: 'resident',
      subjectId: resident.id,
      actor: { type: 'resident', id: resident.id },
    });
  }
  await sendVerification(ctx, resident, url);
}

async function sendVerification(ctx: ResidentContext, resident: Resident, url: string): Promise<void> {
  const code = sixDigitCode();
  await issueSecret(ctx.tx, resident.id, 'verify_email', code, CODE_MINUTES);
  await ctx.communications.notify(ctx.tx, {
    to: { email: resident.email },
    language: resident.locale,
    kind: 'resident.verify_email',
    data: { code, verifyUrl: `${url}/portal/account/verify?email=${encodeURIComponent(resident.email)}` },
    idempotencyKey: `resident:${resident.id}:verify:${crypto.randomUUID()}`,
  });
}

/** Sends a fresh code to an unverified address; says nothing about addresses it does not know. */
export async function resendVerification(ctx: ResidentContext, email: string): Promise<void> {
  const resident = await residentByEmail(ctx.tx, email);
  if (!resident || resident.emailVerifiedAt) return;
  await sendVerification(ctx, resident, await baseUrl(ctx));
}

const CODE_INVALID = () => new Problem(400, 'verification_code_invalid');

/**
 * The code from the email proves the address: the account is verified and signed in.
 * Returns the outcome so a wrong code's attempt count commits.
 */
export async function verifyEmail(ctx: ResidentContext, email: string, code: string): Promise<SignInOutcome> {
  const resident = await residentByEmail(ctx.tx, email);
  if (!resident || resident.emailVerifiedAt) return { ok: false, problem: CODE_INVALID() };
  const check = await checkCode(ctx.tx, resident.id, 'verify_email', code);
  if (!check.ok) return { ok: false, problem: CODE_INVALID() };
  const [verified] = (await ctx.tx
    .update(residents)
    .set({ emailVerifiedAt: sql`now()`, lastLoginAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(residents.id, resident.id))
    .returning()) as [Resident];
  await ctx.events.record(ctx.tx, {
    type: ResidentsEvents.emailVerified,
    subjectType: 'resident',
    subjectId: resident.id,
    actor: { type: 'resident', id: resident.id },
  });
  return { ok: true, resident: verified, ...(await openResidentSession(ctx.tx, resident.id)) };
}

/** Sign-in with email and password; lockout after five failures, as for staff. */
export async function signIn(ctx: ResidentContext, email: string, password: string): Promise<SignInOutcome> {
  const resident = await residentByEmail(ctx.tx, email);
  const lockedFor = resident?.lockedUntil
    ? Math.ceil((resident.lockedUntil.getTime() - Date.now()) / 1000)
    : 0;
  if (resident && lockedFor > 0) {
    return {
      ok: false,
      problem: new Problem(
        429,
        'account_locked',
        { minutes: Math.ceil(lockedFor / 60) },
        { retryAfterSeconds: lockedFor },
      ),
    };
  }
  const valid = await verifyPassword(resident?.passwordHash ?? null, password);
  if (!resident || !valid) {
    if (resident) await recordFailure(ctx, resident);
    return { ok: false, problem: new Problem(401, 'invalid_credentials') };
  }
  if (!resident.emailVerifiedAt) return { ok: false, problem: new Problem(403, 'email_not_verified') };
  return completeSignIn(ctx, resident, 'password');
}

export async function completeSignIn(
  ctx: ResidentContext,
  resident: Resident,
  method: 'password' | 'passkey',
): Promise<SignInOutcome> {
  await ctx.tx
    .update(residents)
    .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: sql`now()` })
    .where(eq(residents.id, resident.id));
  await ctx.events.record(ctx.tx, {
    type: ResidentsEvents.signedIn,
    subjectType: 'resident',
    subjectId: resident.id,
    actor: { type: 'resident', id: resident.id },
    payload: { method },
  });
  return { ok: true, resident, ...(await openResidentSession(ctx.tx, resident.id)) };
}

async function recordFailure(ctx: ResidentContext, resident: Resident): Promise<void> {
  const failures = resident.failedLoginCount + 1;
  const lock = failures >= MAX_FAILED_LOGINS;
  await ctx.tx
    .update(residents)
    .set(
      lock
        ? { failedLoginCount: 0, lockedUntil: sql`now() + make_interval(mins => ${LOCKOUT_MINUTES})` }
        : { failedLoginCount: failures },
    )
    .where(eq(residents.id, resident.id));
  await ctx.events.record(ctx.tx, {
    type: lock ? ResidentsEvents.lockedOut : ResidentsEvents.signInFailed,
    subjectType: 'resident',
    subjectId: resident.id,
    actor: PUBLIC_ACTOR,
    payload: { failures },
  });
}

/** Emails a reset link to a known address; the answer never says whether it is known. */
export async function forgotPassword(ctx: ResidentContext, email: string, language: Language): Promise<void> {
  const resident = await residentByEmail(ctx.tx, email);
  if (!resident) return;
  const token = randomToken();
  await issueSecret(ctx.tx, resident.id, 'reset_password', token, RESET_MINUTES);
  // The token rides in the fragment: it never reaches a server log or a Referer header.
  const url = `${await baseUrl(ctx)}/portal/account/reset#token=${token}.${resident.id}`;
  await ctx.communications.notify(ctx.tx, {
    to: { email: resident.email },
    language: resident.emailVerifiedAt ? resident.locale : language,
    kind: 'resident.password_reset',
    data: { resetUrl: url },
    idempotencyKey: `resident:${resident.id}:reset:${crypto.randomUUID()}`,
  });
}

/**
 * Sets a new password from a reset link. The link also proves the address, ends every
 * session of the account and lifts a lockout.
 */
export async function resetPassword(ctx: ResidentContext, link: string, password: string): Promise<void> {
  const [token, residentId] = link.split('.');
  const bad = () => new Problem(400, 'reset_link_invalid');
  if (!token || !residentId || !/^[0-9a-f-]{36}$/.test(residentId)) throw bad();
  const resident = await residentById(ctx.tx, residentId);
  if (!resident) throw bad();
  const weak = passwordProblem(password, [resident.email.split('@')[0] ?? '']);
  if (weak) throw invalid([{ field: 'password', code: weak }]);
  const [live] = await ctx.tx
    .select()
    .from(residentTokens)
    .where(
      and(
        eq(residentTokens.secretHash, hashSecret(`${residentId}:reset_password:${token}`)),
        isNull(residentTokens.usedAt),
        gt(residentTokens.expiresAt, sql`now()`),
      ),
    );
  if (!live) throw bad();
  await ctx.tx
    .update(residentTokens)
    .set({ usedAt: sql`now()` })
    .where(eq(residentTokens.id, live.id));
  await ctx.tx
    .update(residents)
    .set({
      passwordHash: await hashPassword(password),
      failedLoginCount: 0,
      lockedUntil: null,
      emailVerifiedAt: sql`coalesce(${residents.emailVerifiedAt}, now())`,
      updatedAt: sql`now()`,
    })
    .where(eq(residents.id, residentId));
  await closeAllResidentSessions(ctx.tx, residentId);
  await ctx.events.record(ctx.tx, {
    type: ResidentsEvents.passwordReset,
    subjectType: 'resident',
    subjectId: residentId,
    actor: { type: 'resident', id: residentId },
  });
}
