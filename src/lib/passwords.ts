import { hash, verify } from '@node-rs/argon2';

/**
 * Password hashing (argon2id, the library's defaults: 19 MiB, 2 passes — OWASP's minimum)
 * and the password rules of NIST SP 800-63B: long, no composition rules, not a common one.
 */
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A hash of a random string, verified when the email is unknown so timing tells nothing. */
const DECOY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$Ot+DIkqziNMMjk4cNXPODw$7+DE4ydVs2HYdJDZvd6e7FxeALvVgkgyAFjuqFckyTM';

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    const ok = await verify(passwordHash ?? DECOY_HASH, password);
    return passwordHash !== null && ok;
  } catch {
    return false;
  }
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

// The most common passwords of 12+ characters in public breach corpora; a longer list can
// replace this set without changing callers.
const COMMON = new Set([
  '123456789012',
  '1234567890123',
  'password1234',
  'password12345',
  'qwertyuiop12',
  'qwertyuiopas',
  '111111111111',
  '000000000000',
  'iloveyou1234',
  'passwordpassword',
  'administrator',
  'welcome12345',
  'letmein12345',
  'abcdefghijkl',
  'abc123abc123',
  'qwerty123456',
  '1q2w3e4r5t6y',
  'changeme1234',
  'contraseña123',
  'contrasena123',
  'contrasena1234',
  'passw0rd1234',
  'p@ssw0rd1234',
  'football1234',
]);

/** Returns the catalog code of the rule a password breaks, or null when it is acceptable. */
export function passwordProblem(password: string, context: string[] = []): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'password_too_short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'password_too_long';
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(password)) return 'password_common';
  for (const word of context) {
    if (word.length >= 4 && lower.includes(word.toLowerCase())) return 'password_contains_personal';
  }
  return null;
}
