import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The import boundaries of docs/ARCHITECTURE.md: the lint rules (eslint.config.js) fire on
 * snippets that cross them and stay quiet on those that do not, and the real import graph
 * of src/ has no cycle through the server assembly.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');

async function ruleHits(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const snippet = (specifier: string) => `import { x } from '${specifier}';\nexport const y = x;\n`;

describe('import boundaries (lint)', () => {
  it.each([
    [
      'a module importing the server assembly',
      'src/modules/payments/x.ts',
      '../../server/app.js',
      /src\/server/,
    ],
    [
      'a sub-module importing the server',
      'src/modules/utilities/billing/x.ts',
      '../../../server/platform.js',
      /src\/server/,
    ],
    [
      "a module reaching into another's files",
      'src/modules/payments/x.ts',
      '../utilities/accounts.js',
      /index\.js only/,
    ],
    [
      "a module reaching into another's sub-module",
      'src/modules/payments/x.ts',
      '../utilities/billing/index.js',
      /index\.js only/,
    ],
    [
      "a sub-module reaching into a sibling's files",
      'src/modules/utilities/billing/x.ts',
      '../accounts/queries.js',
      /index\.js only/,
    ],
    [
      "a sub-module reaching into another module's files",
      'src/modules/utilities/billing/x.ts',
      '../../payments/bulk.js',
      /index\.js only/,
    ],
    [
      'the kernel importing a module',
      'src/kernel/x.ts',
      '../modules/payments/index.js',
      /kernel imports no module/,
    ],
    [
      'the kernel importing the server',
      'src/kernel/storage/x.ts',
      '../../server/app.js',
      /kernel imports no module/,
    ],
  ])('refuses %s', async (_what, file, specifier, message) => {
    const hits = await ruleHits(file, snippet(specifier));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatch(message);
  });

  it('refuses a type-only import across the boundary too', async () => {
    const hits = await ruleHits(
      'src/modules/payments/x.ts',
      "import type { X } from '../utilities/views.js';\nexport type Y = X;\n",
    );
    expect(hits).toHaveLength(1);
  });

  it.each([
    ['another module through its index', 'src/modules/payments/x.ts', '../utilities/index.js'],
    ["a module's own sub-folder", 'src/modules/utilities/x.ts', './billing/calculate.js'],
    ['a sibling sub-module through its index', 'src/modules/utilities/billing/x.ts', '../accounts/index.js'],
    [
      'another module through its index, from a sub-module',
      'src/modules/utilities/billing/x.ts',
      '../../payments/index.js',
    ],
    ['the kernel, from a sub-module', 'src/modules/utilities/billing/x.ts', '../../../kernel/http.js'],
    ['the database layer, from the kernel', 'src/kernel/x.ts', '../db/client.js'],
    ['the module list, from the server', 'src/server/x.ts', '../modules/index.js'],
  ])('allows %s', async (_what, file, specifier) => {
    expect(await ruleHits(file, snippet(specifier))).toEqual([]);
  });
});

/** Static imports and re-exports (type-only included: they are edges for a reader too). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) out.push(m[1]!);
  for (const m of text.matchAll(/^\s*import\s+'(\.[^']+)'/gm)) out.push(m[1]!);
  return out
    .map((spec) => path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts'))
    .filter((target) => fs.existsSync(target));
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('import graph of src/', () => {
  const graph = new Map(sourceFiles(SRC).map((f) => [f, importsOf(f)]));
  const rel = (f: string) => path.relative(ROOT, f);

  it('is read (sanity: the server reaches the module list)', () => {
    expect(graph.get(path.join(SRC, 'server/app.ts'))).toContain(path.join(SRC, 'modules/index.ts'));
  });

  it('has no cycle through src/server', () => {
    // From each server file, is there a path back to it? (Depth-first reachability.)
    const cycles: string[] = [];
    for (const start of graph.keys()) {
      if (!start.startsWith(path.join(SRC, 'server') + path.sep)) continue;
      const seen = new Set<string>();
      const stack = [...(graph.get(start) ?? [])];
      while (stack.length > 0) {
        const f = stack.pop()!;
        if (f === start) {
          cycles.push(rel(start));
          break;
        }
        if (seen.has(f)) continue;
        seen.add(f);
        stack.push(...(graph.get(f) ?? []));
      }
    }
    expect(cycles).toEqual([]);
  });

  it('has no module or kernel file importing src/server, and no kernel file importing a module', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = rel(file);
      for (const target of targets.map(rel)) {
        const intoServer = target.startsWith('src/server/');
        const intoModule = target.startsWith('src/modules/');
        if (
          (from.startsWith('src/modules/') && intoServer) ||
          (from.startsWith('src/kernel/') && (intoServer || intoModule))
        )
          wrong.push(`${from} -> ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
