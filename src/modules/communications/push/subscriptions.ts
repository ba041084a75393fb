import crypto from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { Problem, notFound, type FieldError } from '../../../kernel/problem.js';
import { pushSubscriptions, type PushSubscriptionRow } from './tables.js';

/** What a browser's PushSubscription.toJSON() gives, as posted by the preferences page. */
export type SubscriptionInput = {
  endpoint: string;
  keys: { p256dh: string; auth: string };
};

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

function base64urlBytes(value: string): Buffer | null {
  if (!BASE64URL.test(value)) return null;
  return Buffer.from(value.replace(/=+$/, ''), 'base64url');
}

/** p256dh must be a point on P-256 (65 bytes, uncompressed), or no message could be encrypted to it. */
function isP256Point(bytes: Buffer): boolean {
  if (bytes.length !== 65 || bytes[0] !== 0x04) return false;
  try {
    crypto.createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: bytes.subarray(1, 33).toString('base64url'),
        y: bytes.subarray(33).toString('base64url'),
      },
      format: 'jwk',
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuses what a push service could not deliver to or that is not a push service at all: the
 * endpoint must be an https URL without credentials; the keys must be a P-256 point and a
 * 16-byte secret (RFC 8291). Each problem is reported on its field; nothing is stored.
 */
export function checkSubscription(input: SubscriptionInput): FieldError[] {
  const errors: FieldError[] = [];
  let url: URL | null = null;
  try {
    url = new URL(input.endpoint);
  } catch {
    url = null;
  }
  if (!url || url.protocol !== 'https:' || url.username || url.password || input.endpoint.length > 2000) {
    errors.push({ field: 'endpoint', code: 'push_endpoint_https' });
  }
  const p256dh = base64urlBytes(input.keys.p256dh);
  if (!p256dh || !isP256Point(p256dh)) errors.push({ field: 'keys.p256dh', code: 'push_key_invalid' });
  const auth = base64urlBytes(input.keys.auth);
  if (!auth || auth.length !== 16) errors.push({ field: 'keys.auth', code: 'push_auth_invalid' });
  return errors;
}

/** "Chrome · Android" from a User-Agent: product and system names only, nothing identifying. */
export function deviceLabel(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\//.test(ua)
      ? 'Opera'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /(Chrome|Chromium|CriOS)\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : null;
  const system = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /CrOS/.test(ua)
            ? 'ChromeOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : null;
  return [browser, system].filter(Boolean).join(' · ');
}

export type PushDevice = { id: string; device: string; createdAt: Date; lastSentAt: Date | null };

const deviceView = (r: PushSubscriptionRow): PushDevice => ({
  id: r.id,
  device: r.device,
  createdAt: r.createdAt,
  lastSentAt: r.lastSentAt,
});

/**
 * Stores the browser's subscription for the resident (in the transaction's tenant). The same
 * endpoint again (the same browser subscribing anew, perhaps signed in as someone else now)
 * replaces the earlier row: one browser, one owner, current keys.
 */
export async function subscribe(
  tx: Tx,
  residentId: string,
  input: SubscriptionInput,
  userAgent: string | undefined,
): Promise<PushDevice> {
  const errors = checkSubscription(input);
  if (errors.length > 0) throw new Problem(422, 'push_subscription_invalid', {}, { fieldErrors: errors });
  const values = {
    residentId,
    p256dh: input.keys.p256dh.replace(/=+$/, ''),
    auth: input.keys.auth.replace(/=+$/, ''),
    device: deviceLabel(userAgent),
  };
  const [row] = await tx
    .insert(pushSubscriptions)
    .values({ tenantId: sql`civq_current_tenant()`, endpoint: input.endpoint, ...values })
    .onConflictDoUpdate({
      target: [pushSubscriptions.tenantId, pushSubscriptions.endpoint],
      set: { ...values, createdAt: sql`now()`, lastSentAt: null },
    })
    .returning();
  return deviceView(row!);
}

export async function listDevices(tx: Tx, residentId: string): Promise<PushDevice[]> {
  const rows = await tx
    .select()
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.residentId, residentId))
    .orderBy(desc(pushSubscriptions.createdAt), desc(pushSubscriptions.id));
  return rows.map(deviceView);
}

/** Removes one of the resident's devices; another resident's id is "not found", as is a gone one. */
export async function removeDevice(tx: Tx, residentId: string, id: string): Promise<void> {
  const gone = await tx
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.id, id), eq(pushSubscriptions.residentId, residentId)))
    .returning({ id: pushSubscriptions.id });
  if (gone.length === 0) throw notFound('push_subscription_not_found');
}

/**
 * For routing: whether a push notice to this resident has somewhere to go. A subscription is
 * live until its push service answers 404/410 (then the channel deletes it), so "live" is
 * "stored". Runs in the caller's tenant transaction.
 */
export async function hasLivePushSubscription(tx: Tx, residentId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: pushSubscriptions.id })
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.residentId, residentId))
    .limit(1);
  return rows.length > 0;
}

/** hasLivePushSubscription for many residents at once (a statement run): the ids that have one. */
export async function residentsWithLivePush(tx: Tx, residentIds: string[]): Promise<Set<string>> {
  if (residentIds.length === 0) return new Set();
  const rows = await tx
    .selectDistinct({ residentId: pushSubscriptions.residentId })
    .from(pushSubscriptions)
    .where(inArray(pushSubscriptions.residentId, residentIds));
  return new Set(rows.map((r) => r.residentId));
}
