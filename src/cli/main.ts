import { Command, InvalidArgumentError } from 'commander';
import { loadConfig, ConfigError } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { withSystem, withTenant } from '../db/tenant-context.js';
import { SYSTEM_ACTOR } from '../events/types.js';
import { t, type Language } from '../lib/i18n.js';
import { createStaff, STAFF_ROLES, type StaffRole } from '../modules/identity/index.js';
import { createTenant, findTenantBySlug } from '../modules/tenancy/index.js';
import { BANK_DETAILS_PURPOSE, resealBankDetails } from '../modules/utilities/index.js';
import { createSealer } from '../lib/sealed.js';
import { isEmpty, seedDemo } from '../seed/demo.js';
import { createPlatform, type Platform } from '../server/platform.js';
import { Problem } from '../kernel/problem.js';
import { problemBody } from '../server/plugins/errors.js';
import { readPassword } from './read-password.js';

/**
 * `civq` — operator commands. Messages follow the operator's locale (LANG=es… → Spanish).
 * Every command opens the database the server would (DATA_DIR or DATABASE_URL) and migrates it.
 */
const lang: Language = /^es/i.test(process.env.CIVQ_LANG ?? process.env.LANG ?? '') ? 'es' : 'en';
const say = (key: string, values?: Record<string, unknown>) =>
  process.stdout.write(`${t(lang, `cli:${key}`, values)}\n`);

async function withPlatform<T>(fn: (platform: Platform, db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    await migrate(db);
    return await fn(createPlatform(config, db), db);
  } finally {
    await db.close();
  }
}

const slugArg = (v: string) => {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(v)) throw new InvalidArgumentError(t(lang, 'cli:invalid_slug'));
  return v;
};
const roleArg = (v: string) => {
  if (!(STAFF_ROLES as readonly string[]).includes(v)) {
    throw new InvalidArgumentError(t(lang, 'cli:invalid_role', { roles: STAFF_ROLES.join(', ') }));
  }
  return v as StaffRole;
};
const collect = (v: string, prev: string[]) => [...prev, v];

const program = new Command('civq').description(t(lang, 'cli:description')).showHelpAfterError();

program
  .command('migrate')
  .description(t(lang, 'cli:migrate.description'))
  .action(async () => {
    const db = await (async () => {
      const config = loadConfig();
      return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
    })();
    try {
      const result = await migrate(db);
      say('migrate.done', { applied: result.applied.length, existing: result.alreadyApplied });
    } finally {
      await db.close();
    }
  });

const tenant = program.command('tenant').description(t(lang, 'cli:tenant.description'));
tenant
  .command('create')
  .description(t(lang, 'cli:tenant.create.description'))
  .requiredOption('--slug <slug>', t(lang, 'cli:tenant.create.slug'), slugArg)
  .requiredOption('--name <name>', t(lang, 'cli:tenant.create.name'))
  .option('--name-es <name>', t(lang, 'cli:tenant.create.name_es'))
  .option('--host <hostname>', t(lang, 'cli:tenant.create.host'), collect, [])
  .action(async (opts: { slug: string; name: string; nameEs?: string; host: string[] }) => {
    await withPlatform(async (platform) => {
      const created = await withSystem(platform.db, async (tx) => {
        if (await findTenantBySlug(tx, opts.slug)) throw new Problem(409, 'slug_taken');
        return createTenant(tx, {
          slug: opts.slug,
          name: { en: opts.name, es: opts.nameEs ?? opts.name },
          hosts: opts.host,
        });
      });
      say('tenant.create.done', { slug: created.slug, id: created.id, hosts: opts.host.join(', ') || '—' });
    });
  });

const staff = program.command('staff').description(t(lang, 'cli:staff.description'));
staff
  .command('create')
  .description(t(lang, 'cli:staff.create.description'))
  .requiredOption('--tenant <slug>', t(lang, 'cli:staff.create.tenant'), slugArg)
  .requiredOption('--email <email>', t(lang, 'cli:staff.create.email'))
  .requiredOption('--role <role>', t(lang, 'cli:staff.create.role'), roleArg)
  .option('--name <displayName>', t(lang, 'cli:staff.create.name'))
  .action(async (opts: { tenant: string; email: string; role: StaffRole; name?: string }) => {
    const password = await readPassword(t(lang, 'cli:staff.create.password_prompt'));
    await withPlatform(async (platform) => {
      const found = await withSystem(platform.db, (tx) => findTenantBySlug(tx, opts.tenant));
      if (!found) throw new Problem(404, 'tenant_not_found');
      const displayName = opts.name ?? opts.email.split('@')[0] ?? opts.email;
      const user = await withTenant(platform.db, found.id, (tx) =>
        createStaff(tx, platform.events, SYSTEM_ACTOR, {
          email: opts.email,
          displayName,
          role: opts.role,
          password,
        }),
      );
      say('staff.create.done', { email: user.email, role: user.role, tenant: found.slug });
    });
  });

const seed = program.command('seed').description(t(lang, 'cli:seed.description'));
seed
  .command('demo')
  .description(t(lang, 'cli:seed.demo.description'))
  .action(async () => {
    await withPlatform(async (platform) => {
      if (platform.config.env === 'production') throw new Problem(409, 'demo_in_production');
      if (!(await isEmpty(platform))) {
        say('seed.demo.skipped');
        return;
      }
      const created = await seedDemo(platform, platform.config.demoPassword);
      say('seed.demo.done', { name: created.name[lang] });
    });
  });

const autopay = program.command('autopay').description(t(lang, 'cli:autopay.description'));
autopay
  .command('reseal')
  .description(t(lang, 'cli:autopay.reseal.description'))
  .action(async () => {
    await withPlatform(async (platform) => {
      const { secret, previousSecrets } = platform.config;
      const sealer = createSealer([secret, ...previousSecrets], BANK_DETAILS_PURPOSE);
      // A batch per transaction; resealed rows drop out of the next batch's query.
      let total = 0;
      for (;;) {
        const n = await withSystem(platform.db, (tx) => resealBankDetails(tx, sealer));
        if (n === 0) break;
        total += n;
      }
      say('autopay.reseal.done', { count: total });
    });
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else if (err instanceof Problem) {
    const body = problemBody(lang, err, 'cli');
    const fields = (body.errors ?? []).map((e) => `\n  ${e.field}: ${e.message}`).join('');
    process.stderr.write(`${body.title}: ${body.detail}${fields}\n`);
  } else {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exitCode = 1;
});
