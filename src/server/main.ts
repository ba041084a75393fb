import { loadConfig, ConfigError } from '../config.js';
import { openDatabase } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { EventDispatcher } from '../events/dispatcher.js';
import { createJobQueue } from '../jobs/queue.js';
import {
  LogEmailChannel,
  smsChannelFor,
  MessageWorker,
  PushChannel,
  SmtpEmailChannel,
  vapidKeys,
  type Channel,
} from '../modules/communications/index.js';
import { registerJobs } from '../jobs/schedules.js';
import { DEMO_STAFF, isEmpty, seedDemo } from '../seed/demo.js';
import { buildApp, loggerOptions } from './app.js';
import { prettyLogStream } from './log-format.js';
import { createPlatform } from './platform.js';

/** `npm start`: open the database, migrate, seed the demo on an empty one, serve, and stop cleanly. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const started = performance.now();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrate(db);
  const platform = createPlatform(config, db);
  const seeded = config.seedDemo && (await isEmpty(platform));
  const seedSteps: Record<string, number> = {};
  let seedMs = 0;
  if (seeded) {
    process.stdout.write('Seeding the demo entity (first start on an empty database)…\n');
    const t = performance.now();
    await seedDemo(platform, config.demoPassword, (step, ms) => (seedSteps[step] = Math.round(ms)));
    seedMs = performance.now() - t;
  }

  const logger = {
    ...(loggerOptions(config.logLevel) as object),
    ...(config.logFormat === 'pretty' && { stream: prettyLogStream() }),
  };
  const app = await buildApp(platform, { logger });
  if (seeded) app.log.debug({ stepsMs: seedSteps }, 'demo seeded');
  const dispatcher = new EventDispatcher(db, platform.events, { pollMs: config.eventPollMs, log: app.log });
  const boss = createJobQueue(db, config.databaseUrl);
  boss.on('error', (err) => app.log.error({ err }, 'job queue error'));
  await boss.start();
  await registerJobs(boss, platform, app.log);
  const email: Channel = config.smtpUrl
    ? new SmtpEmailChannel(config.smtpUrl, config.mailFrom)
    : new LogEmailChannel(app.log);
  await vapidKeys(db, config); // made and kept at first start, shared by every app server
  const channels = new Map<'email' | 'sms' | 'push', Channel>([
    ['email', email],
    smsChannelFor(config, app.log),
    ['push', new PushChannel(db, config)],
  ]);
  const messageWorker = new MessageWorker(db, channels, { pollMs: 1000, log: app.log });
  dispatcher.start();
  messageWorker.start();
  await app.listen({ port: config.port, host: config.host });

  const url = `http://localhost:${config.port}`;
  const where = config.databaseUrl
    ? 'PostgreSQL server (DATABASE_URL)'
    : `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
  const mail = config.smtpUrl
    ? 'sent through SMTP_URL'
    : `not sent (no SMTP_URL): read them on the staff Communications page, ${url}/dashboard/communications`;
  const lines = [
    ``,
    `CiVQ is running at ${url}  (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
    `  resident portal: ${url}/portal    API docs: ${url}/api/docs`,
    `  database: ${where}`,
    `  emails, sign-up codes and notices: ${mail}`,
  ];
  if (config.seedDemo) {
    lines.push(`  staff sign-in: ${url}/dashboard  (demo password: ${config.demoPassword})`);
    for (const s of DEMO_STAFF) lines.push(`    ${s.email.padEnd(24)} ${s.role}`);
    if (seeded) lines.push(`  demo entity City of Esperanza, TX seeded in ${(seedMs / 1000).toFixed(1)} s`);
  }
  lines.push(`  logs: ${config.logFormat} at level ${config.logLevel} (LOG_FORMAT, LOG_LEVEL)`);
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await app.close(); // stops accepting, lets in-flight requests finish
    await dispatcher.stop();
    await messageWorker.stop();
    await email.close();
    await platform.files.storage.close();
    await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(
    `CiVQ failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
