import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { verifyPassword } from '../../lib/passwords.js';
import { Problem } from '../../kernel/problem.js';
import { allEntries, forgetResident } from '../activity/index.js';
import { listDevices } from '../communications/index.js';
import { sourceBalance, sourcePaidSince } from '../payments/index.js';
import { listLinks } from './claims.js';
import { ResidentsEvents } from './events.js';
import { listPasskeys } from './passkeys.js';
import { preferencesView } from './preferences.js';
import type { ResidentContext } from './service.js';
import { residents, type Resident } from './tables.js';

/** "What I owe / what I paid" over the resident's linked utility accounts, from the payments ledger. */
export async function moneySummary(tx: Tx, residentId: string, today = new Date()) {
  const since = new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth(), today.getUTCDate()))
    .toISOString()
    .slice(0, 10);
  const accounts = [];
  let owed = 0;
  let credit = 0;
  let paid = 0;
  for (const link of await listLinks(tx, residentId)) {
    if (link.module !== 'utilities' || !link.utility) continue;
    const source = { module: 'utilities', id: link.refId };
    const balance = await sourceBalance(tx, source);
    const paidCents = await sourcePaidSince(tx, source, since);
    owed += balance.owedCents;
    credit += balance.creditCents;
    paid += paidCents;
    accounts.push({
      linkId: link.id,
      accountNumber: link.utility.accountNumber,
      balanceCents: balance.balanceCents,
      paidCents,
    });
  }
  return {
    owedCents: owed,
    creditCents: credit,
    balanceCents: owed - credit,
    paidCents: paid,
    paidSince: since,
    accounts,
  };
}

/** Everything the account holds about the resident, as one JSON document. */
export async function exportData(ctx: ResidentContext, resident: Resident) {
  return {
    exportedAt: new Date().toISOString(),
    account: {
      id: resident.id,
      email: resident.email,
      emailVerifiedAt: resident.emailVerifiedAt?.toISOString() ?? null,
      language: resident.locale,
      createdAt: resident.createdAt.toISOString(),
      lastSignInAt: resident.lastLoginAt?.toISOString() ?? null,
    },
    preferences: {
      ...(await preferencesView(ctx.tx, resident)),
      smsConsentLanguage: resident.smsConsentLanguage,
    },
    passkeys: (await listPasskeys(ctx, resident.id)).map((p) => ({
      id: p.id,
      label: p.label,
      createdAt: p.createdAt.toISOString(),
      lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
    })),
    pushDevices: (await listDevices(ctx.tx, resident.id)).map((d) => ({
      ...d,
      createdAt: d.createdAt.toISOString(),
      lastSentAt: d.lastSentAt?.toISOString() ?? null,
    })),
    links: await listLinks(ctx.tx, resident.id),
    activity: await allEntries(ctx.tx, resident.id),
  };
}

/**
 * Deletes the account after the password is confirmed: sessions, codes, passkeys, links,
 * preferences and My Activity go; the city's records (accounts, statements, payments) stay,
 * and notices about them go back to the account's own address and language.
 */
export async function deleteAccount(
  ctx: ResidentContext,
  resident: Resident,
  password: string,
): Promise<void> {
  if (!(await verifyPassword(resident.passwordHash, password))) throw new Problem(403, 'password_incorrect');
  await forgetResident(ctx.tx, resident.id);
  await ctx.tx.delete(residents).where(eq(residents.id, resident.id));
  await ctx.events.record(ctx.tx, {
    type: ResidentsEvents.deleted,
    subjectType: 'resident',
    subjectId: resident.id,
    actor: { type: 'resident', id: resident.id },
  });
}
