import crypto from 'node:crypto';

/** What a one-click unsubscribe link stops: one kind of optional notice to one address. */
export type UnsubscribeGrant = { tenantId: string; channel: string; address: string; kind: string };

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');
const mac = (secret: string, payload: string) =>
  crypto.createHmac('sha256', secret).update(`civq-unsubscribe:${payload}`).digest();

/** A link token that works without signing in and cannot be forged or altered. */
export function signUnsubscribe(secret: string, grant: UnsubscribeGrant): string {
  const payload = b64(JSON.stringify([grant.tenantId, grant.channel, grant.address, grant.kind]));
  return `${payload}.${b64(mac(secret, payload))}`;
}

export function verifyUnsubscribe(secret: string, token: string): UnsubscribeGrant | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = mac(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  try {
    const [tenantId, channel, address, kind] = JSON.parse(
      Buffer.from(payload, 'base64url').toString('utf8'),
    ) as string[];
    if (!tenantId || !channel || !address || !kind) return null;
    return { tenantId, channel, address, kind };
  } catch {
    return null;
  }
}
