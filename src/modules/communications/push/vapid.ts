import { sql } from 'drizzle-orm';
import webpush from 'web-push';
import { z } from 'zod';
import type { Config } from '../../../config.js';
import type { Database } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { withSystem } from '../../../db/tenant-context.js';
import { createSealer } from '../../../lib/sealed.js';

export type VapidKeys = {
  /** Uncompressed P-256 point, base64url: what browsers get as applicationServerKey. */
  publicKey: string;
  privateKey: string;
  /** The contact the push services may use (RFC 8292 "sub"): mailto: or https:. */
  subject: string;
  source: 'environment' | 'database';
};

const base64url = /^[A-Za-z0-9_-]+$/;
const envSchema = z.object({
  VAPID_PUBLIC_KEY: z.string().regex(base64url).length(87).optional(),
  VAPID_PRIVATE_KEY: z.string().regex(base64url).length(43).optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'must start with mailto: or https://')
    .optional(),
});

const SEAL_PURPOSE = 'vapid-private-key';
const SEAL_AAD = 'push_vapid_keys:1';

/** The contact of the VAPID claims: VAPID_SUBJECT, else the address notices are sent from. */
function defaultSubject(config: Pick<Config, 'mailFrom'>): string {
  const address = /<([^>]+)>/.exec(config.mailFrom)?.[1] ?? config.mailFrom;
  return `mailto:${address.trim()}`;
}

/**
 * VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY when both are set (an install that keeps its keys
 * elsewhere); one without the other is a configuration error rather than a silent new pair.
 */
export function vapidFromEnvironment(
  env: NodeJS.ProcessEnv,
  config: Pick<Config, 'mailFrom'>,
): VapidKeys | null {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid VAPID configuration: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  if (!e.VAPID_PUBLIC_KEY && !e.VAPID_PRIVATE_KEY) return null;
  if (!e.VAPID_PUBLIC_KEY || !e.VAPID_PRIVATE_KEY) {
    throw new Error('Set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither');
  }
  return {
    publicKey: e.VAPID_PUBLIC_KEY,
    privateKey: e.VAPID_PRIVATE_KEY,
    subject: e.VAPID_SUBJECT ?? defaultSubject(config),
    source: 'environment',
  };
}

type KeyRow = { public_key: string; private_key_sealed: Buffer | Uint8Array; seal_key_id: string };

/**
 * The install's key pair from the database, made on first use. Several app servers starting
 * together each try to insert a pair; ON CONFLICT keeps the first, and all read that one back.
 * After a CIVQ_SECRET rotation the private key is sealed again with the current secret.
 */
async function vapidFromDatabase(db: Database, config: Config, subject: string): Promise<VapidKeys> {
  const sealer = createSealer([config.secret, ...config.previousSecrets], SEAL_PURPOSE);
  return withSystem(db, async (tx) => {
    const fresh = webpush.generateVAPIDKeys();
    const { sealed, keyId } = sealer.seal(fresh.privateKey, SEAL_AAD);
    await tx.execute(sql`
      INSERT INTO push_vapid_keys (id, public_key, private_key_sealed, seal_key_id)
      VALUES (1, ${fresh.publicKey}, ${sealed}, ${keyId})
      ON CONFLICT (id) DO NOTHING`);
    const [row] = await queryRows<KeyRow>(
      tx,
      sql`SELECT public_key, private_key_sealed, seal_key_id FROM push_vapid_keys WHERE id = 1`,
    );
    const privateKey = sealer.open(Buffer.from(row!.private_key_sealed), row!.seal_key_id, SEAL_AAD);
    if (sealer.needsReseal(row!.seal_key_id)) {
      const again = sealer.seal(privateKey, SEAL_AAD);
      await tx.execute(sql`
        UPDATE push_vapid_keys SET private_key_sealed = ${again.sealed}, seal_key_id = ${again.keyId}
        WHERE id = 1`);
    }
    return {
      publicKey: row!.public_key,
      privateKey,
      subject,
      source: 'database' as const,
    };
  });
}

const cache = new WeakMap<Database, Promise<VapidKeys>>();

/** The VAPID keys of this install: from the environment, else from (or made in) the database. Cached. */
export function vapidKeys(
  db: Database,
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): Promise<VapidKeys> {
  let keys = cache.get(db);
  if (!keys) {
    const fromEnv = vapidFromEnvironment(env, config);
    keys = fromEnv
      ? Promise.resolve(fromEnv)
      : vapidFromDatabase(db, config, env.VAPID_SUBJECT ?? defaultSubject(config));
    keys.catch(() => cache.delete(db));
    cache.set(db, keys);
  }
  return keys;
}
