import crypto from 'node:crypto';

/**
 * Sealing small secrets at rest (bank routing and account numbers) with AES-256-GCM from
 * node:crypto. Keys are never stored: each is derived with HKDF-SHA256 from a configured
 * secret (CIVQ_SECRET, and previous secrets while a rotation is under way) and a purpose
 * label, so a key for bank details cannot open anything sealed for another purpose.
 *
 * Every sealed value is stored with the `keyId` of the key that sealed it (a fingerprint of
 * the key, not the key). Opening picks the key by that id, so after CIVQ_SECRET changes the
 * old secret can stay in CIVQ_PREVIOUS_SECRETS until `needsReseal` rows are sealed again.
 * `aad` binds a value to where it is stored (e.g. tenant + row id): a sealed value copied onto
 * another row does not open.
 */

const IV_BYTES = 12;
const TAG_BYTES = 16;

type Key = { id: string; key: Buffer };

export type Sealer = {
  /** Id of the key new values are sealed with. */
  readonly currentKeyId: string;
  seal(plaintext: string, aad: string): { sealed: Buffer; keyId: string };
  /** Throws when the key id is unknown or the value was altered or moved. */
  open(sealed: Buffer, keyId: string, aad: string): string;
  needsReseal(keyId: string): boolean;
};

function deriveKey(secret: string, purpose: string): Key {
  const key = Buffer.from(crypto.hkdfSync('sha256', secret, 'civq-sealed-v1', purpose, 32));
  const id = crypto.createHmac('sha256', key).update('key-id').digest('hex').slice(0, 16);
  return { id, key };
}

/** A sealer for one purpose; the first secret seals, all of them open. */
export function createSealer(secrets: string[], purpose: string): Sealer {
  if (secrets.length === 0 || secrets.some((s) => s.length === 0)) throw new Error('a secret is required');
  const keys = secrets.map((s) => deriveKey(s, purpose));
  const current = keys[0]!;
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  return {
    currentKeyId: current.id,
    seal(plaintext, aad) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return { sealed: Buffer.concat([iv, cipher.getAuthTag(), body]), keyId: current.id };
    },
    open(sealed, keyId, aad) {
      const key = byId.get(keyId);
      if (!key) throw new Error(`no key with id ${keyId} is configured`);
      if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('sealed value is too short');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([
        decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    },
    needsReseal: (keyId) => keyId !== current.id,
  };
}
