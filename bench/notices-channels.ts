// Notices on every channel: N `utility.statement_issued` notices whose recipients chose email,
// text (SMS) or push in turn, queued through notify() (routing decides the channel), then
// delivered with the real MessageWorker: email through SmtpEmailChannel to an SMTP sink, texts
// through SmsChannel + TwilioSmsProvider to an HTTP sink that answers like the provider's
// Messages API, pushes through PushChannel (aes128gcm + VAPID) to a local Web Push service over
// HTTPS. The SMTP and SMS sinks run in their own processes on 127.0.0.1; the push service runs
// in this process (its TLS and bookkeeping count against the worker's CPU). The push third goes
// to 200 residents with one subscribed browser each. Fails unless every message reached its
// sink exactly once and is recorded as sent.
//   node --import tsx bench/notices-channels.ts [--count 10000] [--tx 500] [--batch 100] [--json]
// With DATABASE_URL set it runs on a fresh database on that PostgreSQL server (dropped after);
// otherwise on a fresh in-memory PGlite.
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../src/config.js';
import { openPglite, openPostgres, type Database } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { queryRows } from '../src/db/rows.js';
import { withSystem, withTenant } from '../src/db/tenant-context.js';
import {
  createCommunications,
  MessageWorker,
  PushChannel,
  smsChannelFor,
  SmtpEmailChannel,
  vapidKeys,
} from '../src/modules/communications/index.js';
import { startPushService } from '../test/support/push-service.js';
import { createTenant } from '../src/modules/tenancy/index.js';
// The notice kinds come from the installed modules' manifests.
import '../src/modules/index.js';

const SELF = fileURLToPath(import.meta.url);
const ACCOUNT = 'AC00000000000000000000000000bench';
const TOKEN = 'bench-token';

if (process.argv.includes('--smtp-sink')) runSmtpSink();
else if (process.argv.includes('--sms-sink')) runSmsSink();
else await main();

type SinkReport = { accepted: number; distinct: number; cpuSeconds: number };

function reportOnRequest(counts: Map<string, number>, close: () => void): void {
  // A sink never outlives the bench that started it.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (msg: { report?: boolean }) => {
    if (!msg.report) return;
    const cpu = process.cpuUsage();
    const accepted = [...counts.values()].reduce((a, b) => a + b, 0);
    process.send!({ accepted, distinct: counts.size, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
    close();
  });
}

/** The SMTP peer: accepts everything, counts Message-IDs. */
function runSmtpSink(): void {
  const counts = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 500,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (!head.includes('\r\n\r\n')) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const id = /^message-id:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '(none)';
        counts.set(id, (counts.get(id) ?? 0) + 1);
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1', () =>
    process.send!({ port: (server.server.address() as { port: number }).port }),
  );
  reportOnRequest(counts, () => server.close(() => process.exit(0)));
}

/** The SMS provider's Messages API: basic auth, form body, a Twilio-shaped 201; counts texts per number. */
function runSmsSink(): void {
  const counts = new Map<string, number>();
  const auth = `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.headers.authorization !== auth) {
        res.writeHead(401).end();
        return;
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString());
      const to = form.get('To') ?? '';
      counts.set(to, (counts.get(to) ?? 0) + 1);
      const sid = `SM${crypto.randomBytes(16).toString('hex')}`;
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sid, account_sid: ACCOUNT, to, status: 'queued', num_segments: '1' }));
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as { port: number }).port }));
  reportOnRequest(counts, () => server.close(() => process.exit(0)));
}

async function startSink(flag: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(SELF, [flag], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m: { port: number }) => resolve(m.port)),
  );
  return { child, port };
}

function report(child: ChildProcess): Promise<SinkReport> {
  return new Promise<SinkReport>((resolve) => {
    child.once('message', resolve);
    child.send({ report: true });
  });
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      count: { type: 'string', default: '10000' },
      tx: { type: 'string', default: '500' },
      batch: { type: 'string', default: '100' },
      json: { type: 'boolean', default: false },
    },
  });
  const count = Number(args.count);
  const perTx = Number(args.tx);
  const batchSize = Number(args.batch);

  const smtp = await startSink('--smtp-sink');
  const smsSink = await startSink('--sms-sink');
  const { db, where, drop } = await openFreshDatabase();
  await migrate(db);
  const tenant = await withSystem(db, (tx) =>
    createTenant(tx, {
      slug: 'bench',
      name: { en: 'City of Esperanza, TX', es: 'Ciudad de Esperanza, TX' },
      hosts: ['esperanza.bench.test'],
      contactEmail: 'cityhall@esperanza.bench.test',
      contactPhone: '(956) 555-0100',
    }),
  );
  // No quiet hours for the bench entity: the measurement must not depend on the time of day.
  await withTenant(db, tenant.id, (tx) =>
    tx.execute(sql`INSERT INTO communication_settings (quiet_start_minute, quiet_end_minute) VALUES (0, 0)`),
  );
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SMS_URL: `http://127.0.0.1:${smsSink.port}`,
    SMS_ACCOUNT_SID: ACCOUNT,
    SMS_AUTH_TOKEN: TOKEN,
    SMS_FROM: '+19565550000',
  });
  const communications = createCommunications(config);
  const pushService = await startPushService();
  const browsers = new Map<string, ReturnType<typeof pushService.browser>>();
  const PUSH_RESIDENTS = 200;
  const pushResidents = await withTenant(db, tenant.id, async (tx) => {
    const ids: string[] = [];
    for (let r = 0; r < PUSH_RESIDENTS; r++) {
      const [row] = await queryRows<{ id: string }>(
        tx,
        sql`INSERT INTO residents (email, password_hash, email_verified_at)
            VALUES (${`push${r}@example.com`}, 'not-a-hash', now()) RETURNING id`,
      );
      const browser = pushService.browser();
      browsers.set(browser.id, browser);
      const { subscription } = browser;
      await tx.execute(sql`
        INSERT INTO push_subscriptions (resident_id, endpoint, p256dh, auth, device)
        VALUES (${row!.id}, ${subscription.endpoint}, ${subscription.keys.p256dh}, ${subscription.keys.auth}, 'Bench')`);
      ids.push(row!.id);
    }
    return ids;
  });
  await vapidKeys(db, config);

  const channels = ['email', 'sms', 'push'] as const;
  const names = ['María López', 'James Carter', 'Begoña Muñoz', 'Rosa Hernández', 'Tomás Peña'];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let start = 0; start < count; start += perTx) {
    await withTenant(db, tenant.id, async (tx) => {
      for (let i = start; i < Math.min(start + perTx, count); i++) {
        await communications.notify(tx, {
          to: {
            email: `resident${i}@example.com`,
            name: names[i % names.length]!,
            phone: `+1956${String(2000000 + i).padStart(7, '0')}`,
            ...(i % 3 === 2 && { residentId: pushResidents[i % PUSH_RESIDENTS]! }),
          },
          channel: channels[i % 3]!,
          language: i % 2 === 0 ? 'es' : 'en',
          kind: 'utility.statement_issued',
          data: {
            name: names[i % names.length]!,
            accountNumber: `10-${String(1000 + (i % 9000)).padStart(4, '0')}-${String(i % 100).padStart(2, '0')}`,
            amountDue: 2500 + ((i * 37) % 20000),
            dueDate: '2026-12-15',
            portalUrl: 'https://esperanza.bench.test/portal',
          },
          idempotencyKey: `bench:statement:${i}`,
        });
      }
    });
  }
  const queueMs = performance.now() - t0;
  const queueCpu = process.cpuUsage(c0);

  const email = new SmtpEmailChannel(
    `smtp://127.0.0.1:${smtp.port}`,
    'Esperanza <no-reply@esperanza.bench.test>',
    {
      maxConnections: 5,
    },
  );
  const quiet = { info() {}, warn() {}, error() {}, debug() {} };
  const push = new PushChannel(db, config, { agent: pushService.agent });
  const worker = new MessageWorker(
    db,
    new Map([['email', email], smsChannelFor(config, quiet), ['push', push]]),
    {
      pollMs: 50,
      batchSize,
      log: quiet,
    },
  );
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  await worker.drain();
  const deliverMs = performance.now() - t1;
  const deliverCpu = process.cpuUsage(c1);
  await email.close();
  const pushed = pushService.received.length;
  // Exactly once: each notification's tag is its message id, read back by decrypting as the browser would.
  const pushedDistinct = new Set(
    pushService.received.map(
      (r) => (JSON.parse(browsers.get(r.subscriptionId)!.decrypt(r.body)) as { tag: string }).tag,
    ),
  ).size;
  await pushService.close();

  const mail = await report(smtp.child);
  const texts = await report(smsSink.child);
  const byChannel = await withSystem(db, (tx) =>
    queryRows<{ channel: string; reason: string | null; sent: number; other: number }>(
      tx,
      sql`SELECT channel, channel_reason AS reason,
                 count(*) FILTER (WHERE status = 'sent')::int AS sent,
                 count(*) FILTER (WHERE status <> 'sent')::int AS other
          FROM messages GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
  );
  await db.close();
  await drop();

  const total = (ch: string) => byChannel.filter((r) => r.channel === ch).reduce((n, r) => n + r.sent, 0);
  const unsent = byChannel.reduce((n, r) => n + r.other, 0);
  const ok =
    unsent === 0 &&
    mail.accepted === total('email') &&
    mail.distinct === total('email') &&
    texts.accepted === total('sms') &&
    texts.distinct === total('sms') &&
    pushed === total('push') &&
    pushedDistinct === pushed &&
    total('email') + total('sms') + total('push') === count;
  const round = (n: number) => Math.round(n * 100) / 100;
  const result = {
    database: where,
    count,
    perTransaction: perTx,
    batchSize,
    byChannel,
    queueSeconds: round(queueMs / 1000),
    queueCpuSeconds: round((queueCpu.user + queueCpu.system) / 1e6),
    deliverSeconds: round(deliverMs / 1000),
    deliverCpuSeconds: round((deliverCpu.user + deliverCpu.system) / 1e6),
    totalSeconds: round((queueMs + deliverMs) / 1000),
    smtpSink: mail,
    smsSink: texts,
    pushService: { accepted: pushed, distinct: pushedDistinct },
    loadAverage1m: round(os.loadavg()[0]!),
    cores: os.cpus().length,
    ok,
  };
  if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(
      [
        `notices on channels — ${count} utility.statement_issued notices (chosen: email / sms / push in turn), ${where}`,
        `  queue   (notify with routing, ${perTx} per transaction): ${result.queueSeconds} s, CPU ${result.queueCpuSeconds} s`,
        `  deliver (worker batch ${batchSize}): ${result.deliverSeconds} s, CPU ${result.deliverCpuSeconds} s`,
        ...byChannel.map(
          (r) =>
            `    ${r.channel.padEnd(5)} ${r.reason ? `(fallback: ${r.reason})` : '(as chosen)'}: ${r.sent} sent, ${r.other} not`,
        ),
        `  SMTP sink: ${mail.accepted} accepted, ${mail.distinct} distinct; SMS sink: ${texts.accepted} accepted, ${texts.distinct} distinct numbers; push service: ${pushed} accepted, ${pushedDistinct} distinct`,
        `  total ${result.totalSeconds} s; load average (1 min) at the end: ${result.loadAverage1m} on ${result.cores} cores`,
        ok ? '  OK' : '  FAILED: a sink did not receive every message exactly once',
        '',
      ].join('\n'),
    );
  }
  process.exit(ok ? 0 : 1);
}

/** A fresh database: in-memory PGlite, or a new database on the DATABASE_URL server. */
async function openFreshDatabase(): Promise<{ db: Database; where: string; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) return { db: await openPglite(), where: 'embedded PGlite (in memory)', drop: async () => {} };
  const name = `civq_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(text).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    db: await openPostgres(u.toString(), 10),
    where: 'PostgreSQL server (DATABASE_URL)',
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
