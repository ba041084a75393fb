import crypto from 'node:crypto';
import { Problem } from '../problem.js';

/** How long a download link works unless the caller says otherwise. */
export const DEFAULT_LINK_SECONDS = 300;

type Payload = { t: string; k: string; e: number };

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/**
 * Short-lived download links: `payload.signature`, the payload naming the tenant, the key and
 * the expiry, signed with HMAC-SHA256 under a key derived from CIVQ_SECRET for this purpose
 * only. A link opens only within the tenant it was made for, so a link that leaks from one
 * entity's site is useless on another's.
 */
export class FileLinks {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(crypto.hkdfSync('sha256', secret, 'civq-file-links-v1', 'download', 32));
  }

  sign(tenantId: string, key: string, ttlSeconds = DEFAULT_LINK_SECONDS, now = Date.now()): string {
    const payload: Payload = { t: tenantId, k: key, e: Math.floor(now / 1000) + ttlSeconds };
    const body = b64(JSON.stringify(payload));
    return `${body}.${b64(this.mac(body))}`;
  }

  /** The storage key the token names, if it is genuine, unexpired and for `tenantId`; else a Problem. */
  verify(token: string, tenantId: string, now = Date.now()): string {
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) throw new Problem(403, 'link_invalid');
    const given = Buffer.from(signature, 'base64url');
    const expected = this.mac(body);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      throw new Problem(403, 'link_invalid');
    }
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    } catch {
      throw new Problem(403, 'link_invalid');
    }
    // Another entity's genuine link answers as an invalid one: it says nothing about that entity.
    if (payload.t !== tenantId || !payload.k.startsWith(`${tenantId}/`))
      throw new Problem(403, 'link_invalid');
    if (payload.e * 1000 <= now) throw new Problem(410, 'link_expired');
    return payload.k;
  }

  private mac(body: string): Buffer {
    return crypto.createHmac('sha256', this.key).update(body).digest();
  }
}
