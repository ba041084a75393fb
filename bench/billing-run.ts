/**
 * A billing run at city scale: N accounts (default 100,000), each with a water meter read in
 * the cycle's window, on water (tiered), sewer (on water use, with a minimum) and trash (flat)
 * rates. Measures, through the product's own code,
 *   - calculate: calculateCycle (drafts, meter rows, line items, balance forward), one transaction;
 *   - issue: issueCycle (numbers, one ledger charge per statement, events), chunk by chunk;
 * and, on PostgreSQL in the same run, the floor: COPY of the same statement, meter and line
 * rows into tables shaped like the real ones (same columns, checks and indexes, no RLS, no
 * foreign keys) — what merely writing that much data costs on this machine.
 * Data generation writes set-based SQL directly (it is a generator, not the product path).
 *
 * Then it renders --pdfs (500) random statements' PDFs one after another: the throughput of the
 * statement PDF (load + render) on one core.
 *
 *   node --import tsx bench/billing-run.ts [--accounts 100000] [--chunk 2000] [--pdfs 500]   # PGlite (in memory)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/billing-run.ts
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { queryRows } from '../src/db/rows.js';
import { withSystem, withTenant } from '../src/db/tenant-context.js';
import { luhnDigit } from '../src/lib/codes.js';
import { createTenant } from '../src/modules/tenancy/index.js';
import {
  calculateCycle,
  createCycle,
  issueCycle,
  saveAccountType,
  saveSchedule,
  statementById,
} from '../src/modules/utilities/index.js';
import { statementPdf } from '../src/modules/utilities/billing/index.js';
import { createPlatform } from '../src/server/platform.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('accounts', 100_000);
const CHUNK = arg('chunk', 2_000);
const seconds = (t0: bigint) => +(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(2);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const arr = (xs: string[]) => `{${xs.map((v) => `"${v}"`).join(',')}}`;

async function open(): Promise<{ db: Database; kind: string; url?: string; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    return { db: await openDatabase({}), kind: 'PGlite (embedded, in memory)', drop: async () => {} };
  }
  const name = `civq_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    db: await openDatabase({ databaseUrl: u.toString(), poolSize: 4 }),
    kind: 'PostgreSQL 15 server (same host)',
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function generate(db: Database, tenantId: string) {
  const numbers = new Set<string>();
  while (numbers.size < N) {
    const body = String(crypto.randomInt(100_000_000, 1_000_000_000));
    numbers.add(body + luhnDigit(body));
  }
  const all = [...numbers];
  await withTenant(db, tenantId, async (tx) => {
    for (let i = 0; i < N; i += 10_000) {
      const chunk = all.slice(i, i + 10_000);
      await tx.execute(sql`
        INSERT INTO utility_accounts (account_number, customer_name, email, street, city, state, zip, language, account_type)
        SELECT n, 'Customer ' || n, CASE WHEN random() < 0.7 THEN 'c' || n || '@example.com' END,
          (100 + (hashtext(n) & 8191)) || ' Calle Sol', 'Esperanza', 'TX', '78501',
          CASE WHEN random() < 0.55 THEN 'es' ELSE 'en' END, 'residential'
        FROM unnest(${arr(chunk)}::text[]) AS u(n)`);
    }
    await tx.execute(sql`
      INSERT INTO meters (serial, service, unit, dials, multiplier, status, account_id)
      SELECT 'WM-' || account_number, 'water', 'gal', 6, 1, 'active', id FROM utility_accounts`);
    await tx.execute(sql`
      INSERT INTO meter_assignments (meter_id, account_id, installed_on)
      SELECT id, account_id, date '2026-09-30' FROM meters`);
    await tx.execute(sql`
      INSERT INTO meter_reads (meter_id, account_id, read_on, value, method, purpose, consumption)
      SELECT id, account_id, date '2026-09-30', 10000, 'manual', 'initial', NULL FROM meters
      UNION ALL
      SELECT id, account_id, date '2026-10-31', 10000 + u, 'amr', 'regular', u
      FROM (SELECT id, account_id, 1500 + (hashtext(id::text) & 16383) AS u FROM meters) m`);
  });
  await db.rawQuery('ANALYZE');
}

/** COPY the run's statement, meter and line rows out, then into look-alike tables: the floor. */
async function copyFloor(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = ['utility_statements', 'statement_meters', 'statement_lines'];
    const data: Record<string, Buffer> = {};
    for (const t of tables) {
      const chunks: Buffer[] = [];
      const out = client.query(copyTo(`COPY ${t} TO STDOUT`));
      for await (const c of out) chunks.push(c as Buffer);
      data[t] = Buffer.concat(chunks);
      await client.query(
        `CREATE TABLE floor_${t} (LIKE ${t} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
      );
    }
    const rows: Record<string, number> = {};
    const t0 = process.hrtime.bigint();
    await client.query('BEGIN');
    for (const t of tables) {
      await pipeline(Readable.from([data[t]!]), client.query(copyFrom(`COPY floor_${t} FROM STDIN`)));
    }
    await client.query('COMMIT');
    const elapsed = seconds(t0);
    for (const t of tables) {
      rows[t] = Number((await client.query(`SELECT count(*) AS n FROM floor_${t}`)).rows[0].n);
    }
    return { seconds: elapsed, rows };
  } finally {
    await client.end();
  }
}

async function main() {
  const { db, kind, url, drop } = await open();
  try {
    await migrate(db);
    const platform = createPlatform(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), db);
    const tenant = await withSystem(db, (tx) =>
      createTenant(tx, {
        slug: 'bench',
        name: { en: 'Bench City', es: 'Ciudad Bench' },
        hosts: ['bench.test'],
      }),
    );
    const actor = { type: 'staff' as const, id: crypto.randomUUID() };
    const ctx = <T>(fn: (c: Parameters<typeof saveSchedule>[0]) => Promise<T>) =>
      withTenant(db, tenant.id, (tx) => fn({ tx, events: platform.events, actor }));
    let t0 = process.hrtime.bigint();
    const cycleId = await ctx(async (c) => {
      await saveAccountType(c, { code: 'residential', name: { en: 'Residential', es: 'Residencial' } });
      const base = {
        accountType: 'residential',
        effectiveFrom: '2026-01-01',
        minimumChargeCents: null,
        flatServices: [],
      };
      await saveSchedule(c, {
        ...base,
        service: 'water',
        baseChargeCents: 1250,
        tiers: [
          { upTo: 2000, rate: '0.00425' },
          { upTo: 10000, rate: '0.0051' },
          { upTo: null, rate: '0.0068' },
        ],
        usage: 'own_meter',
      });
      await saveSchedule(c, {
        ...base,
        service: 'sewer',
        baseChargeCents: 900,
        tiers: [{ upTo: null, rate: '0.0045' }],
        minimumChargeCents: 1500,
        usage: 'water_use',
        sewerCapUnits: 8000,
      });
      await saveSchedule(c, {
        ...base,
        service: 'trash',
        baseChargeCents: 0,
        tiers: [],
        usage: 'none',
        flatServices: [
          { name: { en: 'Trash', es: 'Basura' }, amountCents: 2250 },
          { name: { en: 'Storm drainage', es: 'Drenaje pluvial' }, amountCents: 475 },
        ],
      });
      return (
        await createCycle(c, {
          name: 'October 2026',
          periodStart: '2026-10-01',
          periodEnd: '2026-10-31',
          readFrom: '2026-10-01',
          readTo: '2026-10-31',
          billDate: '2026-10-31',
          dueDate: '2026-11-20',
          penaltyDate: '2026-11-25',
        })
      ).id;
    });
    await generate(db, tenant.id);
    const generation = seconds(t0);

    let c0 = cpu();
    t0 = process.hrtime.bigint();
    const calc = await ctx((c) => calculateCycle(c, cycleId));
    const calculate = { seconds: seconds(t0), cpuSeconds: +(cpu() - c0).toFixed(2) };

    c0 = cpu();
    t0 = process.hrtime.bigint();
    let chunks = 0;
    await issueCycle(platform, tenant.id, actor, cycleId, {
      chunkSize: CHUNK,
      onChunk: () => {
        chunks++;
      },
    });
    const issue = { seconds: seconds(t0), cpuSeconds: +(cpu() - c0).toFixed(2), chunks };

    const [check] = await withTenant(db, tenant.id, (tx) =>
      queryRows<{ statements: number; lines: number; charges: number; charged: string; billed: string }>(
        tx,
        sql`SELECT (SELECT count(*)::int FROM utility_statements WHERE state = 'issued') AS statements,
                   (SELECT count(*)::int FROM statement_lines) AS lines,
                   (SELECT count(*)::int FROM charges) AS charges,
                   (SELECT sum(amount_cents)::text FROM charges) AS charged,
                   (SELECT sum(current_charges_cents)::text FROM utility_statements) AS billed`,
      ),
    );
    if (check!.statements !== N || check!.charges !== N || check!.charged !== check!.billed) {
      throw new Error(`run incomplete or ledger disagrees: ${JSON.stringify(check)}`);
    }
    const floor = url ? await copyFloor(url) : null;
    // Statement PDFs as staff or a resident open them: load the statement, render it in its language.
    const PDFS = arg('pdfs', 500);
    const sample = await withTenant(db, tenant.id, (tx) =>
      queryRows<{ id: string }>(tx, sql`SELECT id FROM utility_statements ORDER BY random() LIMIT ${PDFS}`),
    );
    c0 = cpu();
    t0 = process.hrtime.bigint();
    let bytes = 0;
    for (const { id } of sample) {
      const pdf = await withTenant(db, tenant.id, async (tx) => {
        const s = await statementById(tx, id);
        return statementPdf(s!, s!.language, { name: 'Bench City', contactEmail: null, contactPhone: null });
      });
      bytes += pdf.length;
    }
    const pdfSeconds = seconds(t0);
    const pdfs = {
      count: sample.length,
      seconds: pdfSeconds,
      perSecond: +(sample.length / pdfSeconds).toFixed(1),
      cpuSeconds: +(cpu() - c0).toFixed(2),
      averageKb: +(bytes / sample.length / 1000).toFixed(1),
    };
    const total = +(calculate.seconds + issue.seconds).toFixed(2);
    const report = {
      database: kind,
      node: process.version,
      cpus: os.cpus().length,
      accounts: N,
      issueChunk: CHUNK,
      generationSeconds: generation,
      calculate: { ...calculate, statements: calc.statements, withIssues: calc.withIssues },
      issue,
      totalSeconds: total,
      rows: { statements: check!.statements, lines: check!.lines, charges: check!.charges },
      ledgerCents: Number(check!.charged),
      copyFloor: floor && { ...floor, ratio: +(total / floor.seconds).toFixed(1) },
      statementPdfs: pdfs,
      loadAverage: os.loadavg().map((l) => +l.toFixed(1)),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await db.close();
    await drop();
  }
}

await main();
