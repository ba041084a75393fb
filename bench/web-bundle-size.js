#!/usr/bin/env node
// How much JavaScript (and CSS) a first visit downloads, from the Vite manifest of the last
// build (npm run build): the portal's entry and everything it imports statically, and for the
// dashboard that plus the lazily loaded dashboard chunk and its static imports.
// Sizes are raw, gzip (level 9) and brotli (quality 11) — the build writes .gz/.br files and
// the server sends them to browsers that accept them. The budget: portal JS ≤ 150 kB gzip.
//   node bench/web-bundle-size.js [--json]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist', 'web');
const MANIFEST = path.join(DIST, '.vite', 'manifest.json');
const PORTAL_BUDGET_GZ = 150_000;

if (!fs.existsSync(MANIFEST)) {
  process.stderr.write('No build found: run `npm run build` first.\n');
  process.exit(1);
}
const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));

/** The chunk keys a first load of `key` fetches: itself and its static imports, recursively. */
function staticClosure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) staticClosure(dep, seen);
  return seen;
}

function sizes(files) {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const file of files) {
    const data = fs.readFileSync(path.join(DIST, file));
    raw += data.length;
    gzip += zlib.gzipSync(data, { level: 9 }).length;
    brotli += zlib.brotliCompressSync(data, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length;
  }
  return { files: files.length, raw, gzip, brotli };
}

function load(keys) {
  const js = [...new Set([...keys].map((k) => manifest[k].file))];
  const css = [...new Set([...keys].flatMap((k) => manifest[k].css ?? []))];
  return { js: sizes(js), css: sizes(css), jsFiles: js };
}

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const dashboardKey = Object.keys(manifest).find((k) => /dashboard\/DashboardApp\.tsx$/.test(k));
if (!entryKey || !dashboardKey) throw new Error('entry or dashboard chunk not found in the manifest');

const portalKeys = staticClosure(entryKey);
const dashboardKeys = staticClosure(dashboardKey, new Set(portalKeys));
const portal = load(portalKeys);
const dashboard = load(dashboardKeys);
if (portal.jsFiles.some((f) => /Dashboard/.test(f))) throw new Error('the portal loads dashboard code');

const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ portal, dashboard }, null, 2)}\n`);
} else {
  const rows = [
    ['first load of', 'JS files', 'JS raw', 'JS gzip', 'JS brotli', 'CSS gzip'],
    [
      '/ (portal)',
      portal.js.files,
      kB(portal.js.raw),
      kB(portal.js.gzip),
      kB(portal.js.brotli),
      kB(portal.css.gzip),
    ],
    [
      '/dashboard',
      dashboard.js.files,
      kB(dashboard.js.raw),
      kB(dashboard.js.gzip),
      kB(dashboard.js.brotli),
      kB(dashboard.css.gzip),
    ],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const r of rows) process.stdout.write(`${r.map((c, i) => String(c).padEnd(widths[i])).join('  ')}\n`);
  process.stdout.write(
    `\nportal JS budget ${kB(PORTAL_BUDGET_GZ)} gzip: ${portal.js.gzip <= PORTAL_BUDGET_GZ ? 'within' : 'OVER'} ` +
      `(${kB(PORTAL_BUDGET_GZ - portal.js.gzip)} to spare)\n`,
  );
  process.stdout.write(
    `dashboard chunk on top of the portal: ${kB(dashboard.js.gzip - portal.js.gzip)} gzip\n`,
  );
}
process.exit(portal.js.gzip <= PORTAL_BUDGET_GZ ? 0 : 1);
