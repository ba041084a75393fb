// Push notices end to end: N residents with one browser subscription each, N push notices
// queued with queuePush() (in transactions of --tx), then delivered by the real MessageWorker
// and PushChannel (web-push: aes128gcm encryption and a VAPID JWT per request) over HTTPS to a
// local Web Push service in its own process, which counts requests per subscription.
// Fails unless every subscription received exactly one request and every message is `sent`.
//   node --import tsx bench/notices-push.ts [--count 10000] [--tx 500] [--batch 100] [--json]
// With DATABASE_URL set it runs on a fresh database on that PostgreSQL server (dropped after);
// otherwise on a fresh in-memory PGlite.
import { execFileSync, fork } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openPglite, openPostgres, type Database } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { queryRows } from '../src/db/rows.js';
import { withSystem, withTenant } from '../src/db/tenant-context.js';
import { MessageWorker, noticeKind, PushChannel, queuePush } from '../src/modules/communications/index.js';
import '../src/modules/index.js'; // installs the modules: their notice kinds
import { createTenant } from '../src/modules/tenancy/index.js';

const SELF = fileURLToPath(import.meta.url);

if (process.argv.includes('--sink')) runSink();
else await main();

/** The push service: HTTPS on 127.0.0.1, 201 to every POST /push/<id>, counting per id. */
function runSink(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civq-bench-push-'));
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
      ...['-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1'],
      ...['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    ],
    { stdio: 'ignore' },
  );
  const cert = fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
  const key = fs.readFileSync(path.join(dir, 'key.pem'), 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
  const counts = new Map<string, number>();
  let accepted = 0;
  const server = https.createServer({ cert, key }, (req, res) => {
    req.resume();
    req.on('end', () => {
      const id = /^\/push\/([0-9a-f-]+)$/.exec(req.url ?? '')?.[1];
      if (req.method !== 'POST' || !id || req.headers['content-encoding'] !== 'aes128gcm') {
        res.writeHead(400).end();
        return;
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
      accepted++;
      res.writeHead(201, { location: `/message/${accepted}` }).end();
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    process.send!({ port, cert });
  });
  process.on('message', (msg: { report?: boolean }) => {
    if (!msg.report) return;
    const cpu = process.cpuUsage();
    process.send!({
      accepted,
      distinct: counts.size,
      duplicates: [...counts.values()].filter((n) => n > 1).length,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    });
    server.close(() => process.exit(0));
    server.closeAllConnections();
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

  const sink = fork(SELF, ['--sink'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  process.on('exit', () => sink.kill());
  const { port, cert } = await new Promise<{ port: number; cert: string }>((resolve) =>
    sink.once('message', resolve),
  );

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
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });

  // Residents and their browsers (data set-up, not measured). One P-256 key for every browser:
  // the channel does the same work per message whatever the key.
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.generateKeys();
  const p256dh = ecdh.getPublicKey().toString('base64url');
  const residentIds = await withTenant(db, tenant.id, async (tx) => {
    await tx.execute(sql`
      INSERT INTO residents (email, password_hash, email_verified_at, notice_channel, notice_language, preferences_saved_at)
      SELECT 'resident' || i || '@example.com', 'bench-no-login', now(), 'push',
             CASE WHEN i % 3 = 0 THEN 'es' ELSE 'en' END, now()
      FROM generate_series(1, ${count}) AS i`);
    await tx.execute(sql`
      INSERT INTO push_subscriptions (resident_id, endpoint, p256dh, auth, device)
      SELECT id, ${`https://127.0.0.1:${port}/push/`} || id, ${p256dh},
             ${crypto.randomBytes(16).toString('base64url')}, 'bench'
      FROM residents`);
    return (
      await queryRows<{ id: string; notice_language: 'en' | 'es' }>(
        tx,
        sql`SELECT id, notice_language FROM residents ORDER BY email`,
      )
    ).map((r) => ({ id: r.id, language: r.notice_language }));
  });

  // 1. Queue: queuePush() inside the callers' transactions, as routing would in a statement run.
  const sample = noticeKind('utility.statement_issued')!.sample;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let start = 0; start < count; start += perTx) {
    await withTenant(db, tenant.id, async (tx) => {
      for (let i = start; i < Math.min(start + perTx, count); i++) {
        const r = residentIds[i]!;
        await queuePush(tx, config, {
          residentId: r.id,
          language: r.language,
          kind: 'utility.statement_issued',
          data: { ...sample, amountDue: 2500 + ((i * 37) % 20000) },
          idempotencyKey: `bench:push:${i}`,
          url: `/portal/account/activity?statement=${i}`,
        });
      }
    });
  }
  const queueMs = performance.now() - t0;
  const queueCpu = process.cpuUsage(c0);

  // 2. Deliver: the real worker and channel.
  const agent = new https.Agent({ ca: cert, keepAlive: true, maxSockets: 50 });
  const channel = new PushChannel(db, config, { agent });
  const quiet = { info() {}, warn() {}, error() {} };
  const worker = new MessageWorker(db, new Map([['push', channel]]), { pollMs: 50, batchSize, log: quiet });
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  await worker.drain();
  const deliverMs = performance.now() - t1;
  const deliverCpu = process.cpuUsage(c1);
  agent.destroy();

  const report = await new Promise<{
    accepted: number;
    distinct: number;
    duplicates: number;
    cpuSeconds: number;
  }>((resolve) => {
    sink.once('message', resolve);
    sink.send({ report: true });
  });
  const [states] = await withSystem(db, (tx) =>
    queryRows<{ sent: number; other: number }>(
      tx,
      sql`SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent,
                 count(*) FILTER (WHERE status <> 'sent')::int AS other FROM messages`,
    ),
  );
  await db.close();
  await drop();

  const ok =
    report.accepted === count &&
    report.distinct === count &&
    report.duplicates === 0 &&
    states!.sent === count &&
    states!.other === 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  const result = {
    database: where,
    count,
    perTransaction: perTx,
    batchSize,
    queueSeconds: round(queueMs / 1000),
    queueCpuSeconds: round((queueCpu.user + queueCpu.system) / 1e6),
    deliverSeconds: round(deliverMs / 1000),
    deliverPerSecond: Math.round(count / (deliverMs / 1000)),
    deliverCpuSeconds: round((deliverCpu.user + deliverCpu.system) / 1e6),
    sinkCpuSeconds: round(report.cpuSeconds),
    loadAverage1m: round(os.loadavg()[0]!),
    sinkAccepted: report.accepted,
    recordedSent: states!.sent,
    ok,
  };
  if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else
    process.stdout.write(
      [
        `push notices — ${count} utility.statement_issued, ${where}`,
        `  queue   (queuePush, ${perTx} per transaction): ${result.queueSeconds} s, CPU ${result.queueCpuSeconds} s`,
        `  deliver (worker batch ${batchSize}): ${result.deliverSeconds} s (${result.deliverPerSecond}/s),` +
          ` CPU ${result.deliverCpuSeconds} s, push service CPU ${result.sinkCpuSeconds} s`,
        `  load average (1 min) at the end: ${result.loadAverage1m} on ${os.cpus().length} cores`,
        `  push service: ${report.accepted} accepted, ${report.distinct} subscriptions, ${report.duplicates} twice`,
        `  database: ${states!.sent} sent, ${states!.other} not sent`,
        ok ? '  OK' : '  FAILED: not every subscription received its notice exactly once',
        '',
      ].join('\n'),
    );
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
