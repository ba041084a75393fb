import crypto from 'node:crypto';

/**
 * Signed links to a statement's PDF, so the statement notice can link to it and a resident
 * opens it without signing in. The token names the tenant and the statement and is an HMAC
 * with the install's secret (as unsubscribe links are): it cannot be forged, altered or moved
 * to another statement or entity. It reveals what the notice's recipient already has.
 */
const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');
const mac = (secret: string, payload: string) =>
  crypto.createHmac('sha256', secret).update(`civq-statement-pdf:${payload}`).digest();

export function signStatementLink(secret: string, tenantId: string, statementId: string): string {
  const payload = b64(JSON.stringify([tenantId, statementId]));
  return `${payload}.${b64(mac(secret, payload))}`;
}

/** The statement id the token grants, or null when it is not a valid token for this tenant. */
export function verifyStatementLink(secret: string, tenantId: string, token: string): string | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = mac(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  try {
    const [tenant, statement] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown[];
    return tenant === tenantId && typeof statement === 'string' ? statement : null;
  } catch {
    return null;
  }
}

export const statementPdfPath = (secret: string, tenantId: string, statementId: string) =>
  `/api/v1/portal/statements/${statementId}/pdf?t=${signStatementLink(secret, tenantId, statementId)}`;
