// Notices end to end: queue N `utility.statement_issued` notices through notify() (in
// transactions of --tx), then deliver them with the real MessageWorker and SmtpEmailChannel
// to an SMTP sink (smtp-server, in its own process on 127.0.0.1) that counts Message-IDs.
// Fails unless the sink received exactly N distinct Message-IDs, once each, and every
// message is recorded as sent.
//   node --import tsx bench/notices-delivery.ts [--count 10000] [--tx 500] [--batch 100]
//        [--connections 5] [--json]
// With DATABASE_URL set it runs on a fresh database on that PostgreSQL server (dropped after);
// otherwise on a fresh in-memory PGlite.
import { fork } from 'node:child_process';
import crypto from 'node:crypto';
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
  SmtpEmailChannel,
} from '../src/modules/communications/index.js';
import { createTenant } from '../src/modules/tenancy/index.js';

const SELF = fileURLToPath(import.meta.url);

if (process.argv.includes('--sink')) await runSink();
else await main();

/** The SMTP peer: accepts everything, keeps only the Message-ID of each message. */
async function runSink(): Promise<void> {
  const counts = new Map<string, number>();
  let accepted = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 500,
    onData(stream, _session, callback) {
      let head = '';
      let done = false;
      stream.on('data', (chunk: Buffer) => {
        if (done) return;
        head += chunk.toString('latin1');
        if (head.includes('\r\n\r\n')) done = true;
      });
      stream.on('end', () => {
        const headers = head.slice(0, head.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
        const id = /^message-id:\s*(<[^>]+>)/im.exec(headers)?.[1] ?? '(none)';
        counts.set(id, (counts.get(id) ?? 0) + 1);
        accepted++;
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.server.address() as { port: number };
    process.send!({ port });
  });
  process.on('message', (msg: { report?: boolean }) => {
    if (!msg.report) return;
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    const cpu = process.cpuUsage();
    process.send!({
      accepted,
      distinct: counts.size,
      duplicates,
      noId: counts.get('(none)') ?? 0,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    });
    server.close(() => process.exit(0));
  });
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      count: { type: 'string', default: '10000' },
      tx: { type: 'string', default: '500' },
      batch: { type: 'string', default: '100' },
      connections: { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
    },
  });
  const count = Number(args.count);
  const perTx = Number(args.tx);
  const batchSize = Number(args.batch);
  const connections = Number(args.connections);

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
  const communications = createCommunications(config);

  // 1. Queue: notify() inside the callers' transactions, as a statement run would.
  const names = ['María López', 'James Carter', 'Begoña Muñoz', 'Rosa Hernández', 'Tomás Peña'];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const chunkMs: number[] = [];
  for (let start = 0; start < count; start += perTx) {
    const tc = performance.now();
    await withTenant(db, tenant.id, async (tx) => {
      for (let i = start; i < Math.min(start + perTx, count); i++) {
        const account = `10-${String(1000 + (i % 9000)).padStart(4, '0')}-${String(i % 100).padStart(2, '0')}`;
        await communications.notify(tx, {
          to: { email: `resident${i}@example.com`, name: names[i % names.length]! },
          language: i % 3 === 0 ? 'es' : 'en',
          kind: 'utility.statement_issued',
          data: {
            name: names[i % names.length]!,
            accountNumber: account,
            amountDue: 2500 + ((i * 37) % 20000),
            dueDate: '2026-12-15',
            portalUrl: 'https://esperanza.bench.test/portal',
          },
          idempotencyKey: `bench:statement:${i}`,
        });
      }
    });
    chunkMs.push(performance.now() - tc);
  }
  const queueMs = performance.now() - t0;
  const queueCpu = process.cpuUsage(c0);

  // 2. Deliver: the real worker and channel, to the sink in its own process.
  const sink = fork(SELF, ['--sink'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const port = await new Promise<number>((resolve) =>
    sink.once('message', (m: { port: number }) => resolve(m.port)),
  );
  const channel = new SmtpEmailChannel(
    `smtp://127.0.0.1:${port}`,
    'City of Esperanza <no-reply@esperanza.bench.test>',
    {
      maxConnections: connections,
    },
  );
  const quiet = { info() {}, warn() {}, error() {} };
  const worker = new MessageWorker(db, new Map([['email', channel]]), { pollMs: 50, batchSize, log: quiet });
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  await worker.drain();
  const deliverMs = performance.now() - t1;
  const deliverCpu = process.cpuUsage(c1);
  await channel.close();

  const report = await new Promise<{
    accepted: number;
    distinct: number;
    duplicates: number;
    noId: number;
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
    report.noId === 0 &&
    states!.sent === count &&
    states!.other === 0;
  const result = {
    database: where,
    count,
    perTransaction: perTx,
    batchSize,
    smtpConnections: connections,
    queueSeconds: round(queueMs / 1000),
    queuePerSecond: Math.round(count / (queueMs / 1000)),
    // Does notify slow down as the table grows? The first and the last transaction.
    firstTransactionSeconds: round(chunkMs[0]! / 1000),
    lastTransactionSeconds: round(chunkMs.at(-1)! / 1000),
    // CPU time of this process (database, rendering, SMTP client): on a shared machine it says
    // more than the wall clock, which also counts waiting for a core.
    queueCpuSeconds: round((queueCpu.user + queueCpu.system) / 1e6),
    deliverSeconds: round(deliverMs / 1000),
    deliverCpuSeconds: round((deliverCpu.user + deliverCpu.system) / 1e6),
    sinkCpuSeconds: round(report.cpuSeconds),
    loadAverage1m: round(os.loadavg()[0]!),
    deliverPerSecond: Math.round(count / (deliverMs / 1000)),
    sinkAccepted: report.accepted,
    distinctMessageIds: report.distinct,
    duplicateMessageIds: report.duplicates,
    recordedSent: states!.sent,
    ok,
  };
  if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(
      [
        `notices delivery — ${count} utility.statement_issued notices, ${where}`,
        `  queue   (notify, ${perTx} per transaction): ${result.queueSeconds} s  (${result.queuePerSecond}/s;` +
          ` first transaction ${result.firstTransactionSeconds} s, last ${result.lastTransactionSeconds} s)`,
        `          CPU ${result.queueCpuSeconds} s`,
        `  deliver (worker batch ${batchSize}, ${connections} SMTP connections): ${result.deliverSeconds} s  (${result.deliverPerSecond}/s)`,
        `          CPU ${result.deliverCpuSeconds} s, sink process CPU ${result.sinkCpuSeconds} s`,
        `  load average (1 min) at the end: ${result.loadAverage1m} on ${os.cpus().length} cores`,
        `  sink: ${report.accepted} accepted, ${report.distinct} distinct Message-IDs, ${report.duplicates} duplicated`,
        `  database: ${states!.sent} sent, ${states!.other} not sent`,
        ok ? '  OK' : '  FAILED: the sink did not receive every message exactly once',
        '',
      ].join('\n'),
    );
  }
  process.exit(ok ? 0 : 1);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
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
