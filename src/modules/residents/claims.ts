import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { EventBus } from '../../events/bus.js';
import { isValidAccountNumber, normalizeAccountNumber } from '../../lib/codes.js';
import { invalid, notFound, Problem } from '../../kernel/problem.js';
import { follow, unfollow } from '../activity/index.js';
import { accountById, accountByNumber } from '../utilities/index.js';
import { ResidentsEvents } from './events.js';
import { residentLinks, residents, type Resident } from './tables.js';

/** Five failed claims lock claiming for an hour (on top of the per-address rate limit). */
export const MAX_FAILED_CLAIMS = 5;
export const CLAIM_LOCK_MINUTES = 60;

/** "Peña-Garza", "PENA GARZA " -> "pena garza": case, accents, hyphens and spacing do not matter. */
export function foldName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Whether `lastName` is the customer's last name: the words given must be a run of the
 * account name's words after the first (the given name). "María Peña Garza" is matched by
 * "Peña", "Garza" or "Peña Garza" — people with two surnames use either or both.
 */
export function lastNameMatches(customerName: string, lastName: string): boolean {
  const words = foldName(customerName).split(' ').filter(Boolean);
  const given = foldName(lastName).split(' ').filter(Boolean);
  if (given.length === 0) return false;
  const start = words.length > 1 ? 1 : 0;
  for (let i = start; i + given.length <= words.length; i++) {
    if (given.every((w, j) => words[i + j] === w)) return true;
  }
  return false;
}

export type ClaimInput = { accountNumber: string; zip: string; lastName: string };

/**
 * Links a utility account to the resident after proof only the customer has: the service
 * ZIP code and the last name on the account. Any mismatch — unknown or closed number, wrong
 * ZIP, wrong name — is the same answer, so a failure says nothing about which part was
 * wrong. Failures count per resident and lock claiming after five. Returns the outcome so
 * the failure count commits.
 */
export async function claimUtilityAccount(
  tx: Tx,
  events: EventBus,
  resident: Resident,
  input: ClaimInput,
): Promise<{ ok: true; linkId: string } | { ok: false; problem: Problem }> {
  const digits = normalizeAccountNumber(input.accountNumber);
  if (!digits || digits.length !== 10)
    throw invalid([{ field: 'accountNumber', code: 'account_number_length' }]);
  if (!isValidAccountNumber(digits))
    throw invalid([{ field: 'accountNumber', code: 'account_number_invalid' }]);
  const [fresh] = await tx.select().from(residents).where(eq(residents.id, resident.id)).for('update');
  const lockedFor = fresh!.claimsLockedUntil
    ? Math.ceil((fresh!.claimsLockedUntil.getTime() - Date.now()) / 1000)
    : 0;
  if (lockedFor > 0) {
    return {
      ok: false,
      problem: new Problem(
        429,
        'claims_locked',
        { minutes: Math.ceil(lockedFor / 60) },
        { retryAfterSeconds: lockedFor },
      ),
    };
  }
  const account = await accountByNumber(tx, digits);
  const proven =
    account !== undefined &&
    account.status !== 'closed' &&
    account.zip.slice(0, 5) === input.zip.trim().slice(0, 5) &&
    lastNameMatches(account.customer_name, input.lastName);
  if (!proven) {
    const failures = fresh!.failedClaimCount + 1;
    const lock = failures >= MAX_FAILED_CLAIMS;
    await tx
      .update(residents)
      .set(
        lock
          ? {
              failedClaimCount: 0,
              claimsLockedUntil: sql`now() + make_interval(mins => ${CLAIM_LOCK_MINUTES})`,
            }
          : { failedClaimCount: failures },
      )
      .where(eq(residents.id, resident.id));
    await events.record(tx, {
      type: ResidentsEvents.claimFailed,
      subjectType: 'resident',
      subjectId: resident.id,
      actor: { type: 'resident', id: resident.id },
      payload: { module: 'utilities', failures, locked: lock },
    });
    return { ok: false, problem: new Problem(422, 'claim_not_matched') };
  }
  await tx.update(residents).set({ failedClaimCount: 0 }).where(eq(residents.id, resident.id));
  const [link] = await tx
    .insert(residentLinks)
    .values({
      tenantId: sql`civq_current_tenant()`,
      residentId: resident.id,
      module: 'utilities',
      refId: account.id,
    })
    .onConflictDoNothing()
    .returning({ id: residentLinks.id });
  if (!link) return { ok: false, problem: new Problem(409, 'already_linked') };
  await follow(tx, resident.id, { module: 'utilities', id: account.id });
  await events.record(tx, {
    type: ResidentsEvents.linked,
    subjectType: 'utility_account',
    subjectId: account.id,
    actor: { type: 'resident', id: resident.id },
    payload: {
      residentId: resident.id,
      linkId: link.id,
      module: 'utilities',
      accountNumber: account.account_number,
    },
  });
  return { ok: true, linkId: link.id };
}

export type LinkView = {
  id: string;
  module: string;
  refId: string;
  linkedAt: string;
  utility: { accountNumber: string; serviceAddress: string; status: string } | null;
};

/** The resident's links, with what the portal shows of each utility account (no other customer data). */
export async function listLinks(tx: Tx, residentId: string): Promise<LinkView[]> {
  const rows = await tx
    .select()
    .from(residentLinks)
    .where(eq(residentLinks.residentId, residentId))
    .orderBy(residentLinks.createdAt);
  const out: LinkView[] = [];
  for (const l of rows) {
    const a = l.module === 'utilities' ? await accountById(tx, l.refId) : undefined;
    out.push({
      id: l.id,
      module: l.module,
      refId: l.refId,
      linkedAt: l.createdAt.toISOString(),
      utility: a
        ? {
            accountNumber: a.account_number,
            serviceAddress: [a.street, a.unit].filter(Boolean).join(' '),
            status: a.status,
          }
        : null,
    });
  }
  return out;
}

/** Removes one of the resident's own links; another resident's link id is simply not found. */
export async function unlink(tx: Tx, events: EventBus, residentId: string, linkId: string): Promise<void> {
  const [gone] = await tx
    .delete(residentLinks)
    .where(and(eq(residentLinks.id, linkId), eq(residentLinks.residentId, residentId)))
    .returning();
  if (!gone) throw notFound();
  await unfollow(tx, residentId, { module: gone.module, id: gone.refId });
  await events.record(tx, {
    type: ResidentsEvents.unlinked,
    subjectType: gone.module === 'utilities' ? 'utility_account' : gone.module,
    subjectId: gone.refId,
    actor: { type: 'resident', id: residentId },
    payload: { residentId, linkId: gone.id, module: gone.module },
  });
}

/** Residents linked to one record (the staff account view: who is in the household). */
export async function residentsLinkedTo(tx: Tx, module: string, refId: string) {
  return tx
    .select({
      residentId: residents.id,
      email: residents.email,
      linkedAt: residentLinks.createdAt,
      // Staff see how the resident is reached: channel, phone and its consent, and STOP.
      noticeChannel: residents.noticeChannel,
      phone: residents.phone,
      phoneVerifiedAt: residents.phoneVerifiedAt,
      smsConsentAt: residents.smsConsentAt,
      smsConsentVersion: residents.smsConsentVersion,
      smsOptedOut: sql<boolean>`EXISTS (SELECT 1 FROM sms_opt_outs o WHERE o.phone = ${residents.phone})`,
    })
    .from(residentLinks)
    .innerJoin(residents, eq(residents.id, residentLinks.residentId))
    .where(and(eq(residentLinks.module, module), eq(residentLinks.refId, refId)))
    .orderBy(residentLinks.createdAt);
}
