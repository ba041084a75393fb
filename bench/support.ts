/**
 * What the benchmarks share: a throwaway database (embedded PGlite on disk, or a fresh
 * database on the PostgreSQL server DATABASE_URL names, dropped afterwards), a timer, and
 * percentiles.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/client.js';

export type BenchDatabase = { db: Database; kind: string; url?: string; drop: () => Promise<void> };

export async function openBenchDatabase(label: string): Promise<BenchDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `civq-bench-${label}-`));
    const db = await openDatabase({ dataDir: dir });
    return {
      db,
      kind: 'PGlite (embedded, on disk)',
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `civq_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: u.toString() });
  return {
    db,
    kind: `PostgreSQL server (${name}, same host)`,
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Milliseconds since `t0` (from process.hrtime.bigint()). */
export const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

export function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return { p50: q(0.5), p95: q(0.95), max: s[s.length - 1]! };
}

export const loadLine = () =>
  `load average: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}); node ${process.version}`;
