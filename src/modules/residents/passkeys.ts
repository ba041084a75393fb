import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { and, eq, gt, sql } from 'drizzle-orm';
import { Problem, notFound } from '../../kernel/problem.js';
import { ResidentsEvents } from './events.js';
import { completeSignIn, residentById, type ResidentContext, type SignInOutcome } from './service.js';
import { residentPasskeys, residentWebauthnChallenges, type Resident } from './tables.js';

/** Where the ceremony happens: the relying party is the tenant's host the request came to. */
export type RelyingParty = { id: string; name: string; origin: string };

const CHALLENGE_MINUTES = 5;
const bytes = (b64url: string) => new Uint8Array(Buffer.from(b64url, 'base64url'));
const refused = () => new Problem(400, 'passkey_not_verified');

async function storeChallenge(
  ctx: ResidentContext,
  purpose: 'register' | 'login',
  challenge: string,
  residentId: string | null,
): Promise<string> {
  // Abandoned ceremonies are cleared as new ones start, so the table stays small.
  await ctx.tx.delete(residentWebauthnChallenges).where(sql`${residentWebauthnChallenges.expiresAt} < now()`);
  const [row] = await ctx.tx
    .insert(residentWebauthnChallenges)
    .values({
      tenantId: sql`civq_current_tenant()`,
      residentId,
      purpose,
      challenge,
      expiresAt: sql`now() + make_interval(mins => ${CHALLENGE_MINUTES})`,
    })
    .returning({ id: residentWebauthnChallenges.id });
  return row!.id;
}

/** Takes a live challenge once: a replayed response finds nothing. */
async function takeChallenge(ctx: ResidentContext, id: string, purpose: 'register' | 'login') {
  const [row] = await ctx.tx
    .delete(residentWebauthnChallenges)
    .where(
      and(
        eq(residentWebauthnChallenges.id, id),
        eq(residentWebauthnChallenges.purpose, purpose),
        gt(residentWebauthnChallenges.expiresAt, sql`now()`),
      ),
    )
    .returning();
  return row;
}

export async function registrationOptions(ctx: ResidentContext, rp: RelyingParty, resident: Resident) {
  const existing = await ctx.tx
    .select({ id: residentPasskeys.credentialId, transports: residentPasskeys.transports })
    .from(residentPasskeys)
    .where(eq(residentPasskeys.residentId, resident.id));
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: resident.email,
    userID: new Uint8Array(Buffer.from(resident.id.replace(/-/g, ''), 'hex')),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  const challengeId = await storeChallenge(ctx, 'register', options.challenge, resident.id);
  return { challengeId, options: options as unknown as Record<string, unknown> };
}

export async function registerPasskey(
  ctx: ResidentContext,
  rp: RelyingParty,
  resident: Resident,
  input: { challengeId: string; label: string; response: RegistrationResponseJSON },
) {
  const challenge = await takeChallenge(ctx, input.challengeId, 'register');
  if (!challenge || challenge.residentId !== resident.id) throw refused();
  const result = await verifyRegistrationResponse({
    response: input.response,
    expectedChallenge: challenge.challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: false,
  }).catch(() => null);
  if (!result?.verified) throw refused();
  const { credential } = result.registrationInfo;
  const [row] = await ctx.tx
    .insert(residentPasskeys)
    .values({
      tenantId: sql`civq_current_tenant()`,
      residentId: resident.id,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ?? [],
      label: input.label,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new Problem(409, 'passkey_exists');
  await ctx.events.record(ctx.tx, {
    type: ResidentsEvents.passkeyAdded,
    subjectType: 'resident',
    subjectId: resident.id,
    actor: { type: 'resident', id: resident.id },
    payload: { passkeyId: row.id },
  });
  return row;
}

/** Options for a passkey sign-in with a discoverable credential: no email needed, none revealed. */
export async function loginOptions(ctx: ResidentContext, rp: RelyingParty) {
  const options = await generateAuthenticationOptions({ rpID: rp.id, userVerification: 'preferred' });
  const challengeId = await storeChallenge(ctx, 'login', options.challenge, null);
  return { challengeId, options: options as unknown as Record<string, unknown> };
}

export async function signInWithPasskey(
  ctx: ResidentContext,
  rp: RelyingParty,
  input: { challengeId: string; response: AuthenticationResponseJSON },
): Promise<SignInOutcome> {
  const challenge = await takeChallenge(ctx, input.challengeId, 'login');
  if (!challenge) return { ok: false, problem: refused() };
  const [key] = await ctx.tx
    .select()
    .from(residentPasskeys)
    .where(eq(residentPasskeys.credentialId, input.response.id));
  if (!key) return { ok: false, problem: refused() };
  const result = await verifyAuthenticationResponse({
    response: input.response,
    expectedChallenge: challenge.challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    credential: {
      id: key.credentialId,
      publicKey: bytes(key.publicKey),
      counter: key.counter,
      transports: key.transports,
    },
    requireUserVerification: false,
  }).catch(() => null);
  if (!result?.verified) return { ok: false, problem: refused() };
  await ctx.tx
    .update(residentPasskeys)
    .set({ counter: result.authenticationInfo.newCounter, lastUsedAt: sql`now()` })
    .where(eq(residentPasskeys.id, key.id));
  const resident = await residentById(ctx.tx, key.residentId);
  if (!resident?.emailVerifiedAt) return { ok: false, problem: refused() };
  return completeSignIn(ctx, resident, 'passkey');
}

export async function listPasskeys(ctx: ResidentContext, residentId: string) {
  return ctx.tx
    .select({
      id: residentPasskeys.id,
      label: residentPasskeys.label,
      createdAt: residentPasskeys.createdAt,
      lastUsedAt: residentPasskeys.lastUsedAt,
    })
    .from(residentPasskeys)
    .where(eq(residentPasskeys.residentId, residentId))
    .orderBy(residentPasskeys.createdAt);
}

export async function removePasskey(ctx: ResidentContext, residentId: string, id: string): Promise<void> {
  const [gone] = await ctx.tx
    .delete(residentPasskeys)
    .where(and(eq(residentPasskeys.id, id), eq(residentPasskeys.residentId, residentId)))
    .returning({ id: residentPasskeys.id });
  if (!gone) throw notFound();
  await ctx.events.record(ctx.tx, {
    type: ResidentsEvents.passkeyRemoved,
    subjectType: 'resident',
    subjectId: residentId,
    actor: { type: 'resident', id: residentId },
    payload: { passkeyId: id },
  });
}
