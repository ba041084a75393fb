import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { queryRows } from '../../src/db/rows.js';
import { withTenant } from '../../src/db/tenant-context.js';
import type { Platform } from '../../src/server/platform.js';

export const RESIDENT_PASSWORD = 'a long walk by the river';

export type ResidentSession = { cookie: string; csrf: string; id: string; email: string };

let nextIp = 1;
/** A fresh client address per call, so per-address rate limits belong to the test that probes them. */
export const freshIp = () => `10.8.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`;

export function residentCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'civq_resident');
  if (!c) throw new Error(`no resident cookie in response ${res.statusCode}: ${res.body}`);
  return `civq_resident=${c.value}`;
}

/** The newest message queued for an address (rendered subject and text, language, kind). */
export async function lastMessage(platform: Platform, tenantId: string, address: string, kind?: string) {
  const rows = await withTenant(platform.db, tenantId, (tx) =>
    queryRows<{ kind: string; language: string; subject: string; body_text: string; channel: string }>(
      tx,
      sql`SELECT kind, language, subject, body_text, channel FROM messages
          WHERE recipient = ${address.toLowerCase()} ${kind ? sql`AND kind = ${kind}` : sql``}
          ORDER BY created_at DESC, id DESC LIMIT 1`,
    ),
  );
  return rows[0];
}

export const codeIn = (text: string) => /\b(\d{6})\b/.exec(text)?.[1];

/** Signs up, reads the code from the queued email and verifies: the way a person does it. */
export async function signUpResident(
  app: FastifyInstance,
  platform: Platform,
  tenantId: string,
  host: string,
  email: string,
  language: 'en' | 'es' = 'en',
): Promise<ResidentSession> {
  const up = await app.inject({
    method: 'POST',
    url: '/api/v1/resident/signup',
    remoteAddress: freshIp(),
    headers: { host },
    payload: { email, password: RESIDENT_PASSWORD, language },
  });
  if (up.statusCode !== 202) throw new Error(`sign-up failed ${up.statusCode}: ${up.body}`);
  const message = await lastMessage(platform, tenantId, email, 'resident.verify_email');
  const code = codeIn(message!.body_text)!;
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/resident/verify-email',
    remoteAddress: freshIp(),
    headers: { host },
    payload: { email, code },
  });
  if (res.statusCode !== 200) throw new Error(`verification failed ${res.statusCode}: ${res.body}`);
  const body = res.json();
  return { cookie: residentCookie(res), csrf: body.csrfToken, id: body.resident.id, email };
}
