import path from 'node:path';
import { z } from 'zod';

/**
 * Runtime configuration, read once from the environment.
 * Development defaults make `npm start` work on a fresh clone; production refuses to start
 * without the secrets it needs (see `loadConfig`).
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** TCP port the HTTP server listens on. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind. */
  HOST: z.string().default('0.0.0.0'),
  /** Folder of the embedded PGlite database, used when DATABASE_URL is not set. */
  DATA_DIR: z.string().default('./data'),
  /** postgres://… selects a PostgreSQL server instead of the embedded database. */
  DATABASE_URL: z.string().url().optional(),
  /** Secret for signing tokens (unsubscribe links, etc.). Required in production. */
  CIVQ_SECRET: z.string().optional(),
  /** Earlier values of CIVQ_SECRET, comma-separated, kept while sealed data is re-sealed after a rotation. */
  CIVQ_PREVIOUS_SECRETS: z.string().optional(),
  /** Password of the demo staff logins seeded on an empty development database. */
  CIVQ_DEMO_PASSWORD: z.string().min(12).default('esperanza-demo-2026'),
  /** Trust X-Forwarded-* headers from a reverse proxy. */
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** json: one JSON object a line (for log collectors); pretty: a short human line. Default json in production, pretty otherwise. */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** How often the event dispatcher looks for pending deliveries, in milliseconds. */
  EVENT_POLL_MS: z.coerce.number().int().min(10).default(500),
  /** smtp://user:pass@host:port (or smtps://) for email; without it email is recorded to the log only. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  /** The From address of notices, e.g. "City of Esperanza <no-reply@esperanza.gov>". */
  MAIL_FROM: z.string().min(3).default('CiVQ <no-reply@civq.localhost>'),
  /** s3://bucket?region=…&endpoint=… stores uploaded files in S3-compatible object storage instead of DATA_DIR/files. */
  STORAGE_URL: z
    .string()
    .regex(/^s3:\/\/[^/?#]+/, 'must look like s3://bucket?region=…')
    .optional(),
  /** Public base URL for links in notices (single-entity installs); otherwise the entity's first hostname. */
  PUBLIC_URL: z.url().optional(),
  /** SMS provider API base (Twilio's shape: https://api.twilio.com); without it texts are recorded to the log only. */
  SMS_URL: z.url().optional(),
  /** Provider account (Twilio Account SID) and auth token: basic auth, and the key of callback signatures. */
  SMS_ACCOUNT_SID: z.string().min(1).optional(),
  SMS_AUTH_TOKEN: z.string().min(1).optional(),
  /** The install's sender (E.164 number or messaging service MG…) for entities that set none of their own. */
  SMS_FROM: z
    .string()
    .regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 number like +19565550100')
    .optional(),
  SMS_MESSAGING_SERVICE_SID: z.string().optional(),
});

export type Config = {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  secret: string;
  /** Earlier secrets that may still open data sealed before a rotation (never used to seal). */
  previousSecrets: string[];
  demoPassword: string;
  trustProxy: boolean;
  logLevel: string;
  logFormat: 'json' | 'pretty';
  eventPollMs: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  publicUrl: string | undefined;
  /** The SMS provider; undefined = texts are recorded to the log (development). */
  sms:
    | {
        url: string;
        accountSid: string;
        authToken: string;
        from: string | null;
        messagingServiceSid: string | null;
      }
    | undefined;
  /** Object storage for uploaded files (s3://…); undefined = a folder in dataDir. */
  storageUrl: string | undefined;
  /** Seed the demo entity on an empty database (never in production). */
  seedDemo: boolean;
};

/** Development-only secret: stable so signed links survive a restart on a developer's machine. */
const DEV_SECRET = 'civq-development-secret-not-for-production-use';

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production) {
    const missing: string[] = [];
    if (!e.CIVQ_SECRET || e.CIVQ_SECRET.length < 32) missing.push('CIVQ_SECRET (at least 32 characters)');
    if (missing.length) {
      throw new ConfigError(`Refusing to start in production without: ${missing.join(', ')}`);
    }
  }
  if (e.SMS_URL && (!e.SMS_ACCOUNT_SID || !e.SMS_AUTH_TOKEN)) {
    throw new ConfigError('Invalid configuration:\n  SMS_URL needs SMS_ACCOUNT_SID and SMS_AUTH_TOKEN');
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    secret: e.CIVQ_SECRET ?? DEV_SECRET,
    previousSecrets: (e.CIVQ_PREVIOUS_SECRETS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    demoPassword: e.CIVQ_DEMO_PASSWORD,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (production ? 'json' : 'pretty'),
    eventPollMs: e.EVENT_POLL_MS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: e.PUBLIC_URL,
    storageUrl: e.STORAGE_URL,
    sms: e.SMS_URL
      ? {
          url: e.SMS_URL,
          accountSid: e.SMS_ACCOUNT_SID!,
          authToken: e.SMS_AUTH_TOKEN!,
          from: e.SMS_FROM ?? null,
          messagingServiceSid: e.SMS_MESSAGING_SERVICE_SID ?? null,
        }
      : undefined,
    seedDemo: !production,
  };
}
