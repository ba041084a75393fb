import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Decision 007: utilities' sub-modules import each other only through their index.ts, never the
// parent's index.ts, and the import graph (type-only imports included) has no circle.
const ROOT = fileURLToPath(new URL('../../src/modules/utilities/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const file of files(ROOT)) {
    const text = readFileSync(file, 'utf8');
    const deps = [...text.matchAll(/(?:from|import) '(\.[^']+)'/g)]
      .map((m) => path.resolve(path.dirname(file), m[1]!).replace(/\.js$/, '.ts'))
      .filter((d) => d.startsWith(ROOT));
    g.set(
      path.relative(ROOT, file),
      deps.map((d) => path.relative(ROOT, d)),
    );
  }
  return g;
}

describe('utilities imports', () => {
  const g = graph();

  it('reach another sub-module only through its index.ts, and never the parent index', () => {
    const breaks: string[] = [];
    for (const [from, deps] of g) {
      const [fromTop] = from.split(path.sep);
      for (const to of deps) {
        const parts = to.split(path.sep);
        if (from.includes(path.sep) && parts.length === 1) breaks.push(`${from} → ${to}`);
        else if (from.includes(path.sep) && parts[0] !== fromTop && parts.slice(1).join('/') !== 'index.ts')
          breaks.push(`${from} → ${to}`);
      }
    }
    expect(breaks).toEqual([]);
  });

  it('have no circle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (f: string, trail: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        circles.push([...trail.slice(trail.indexOf(f)), f].join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const d of g.get(f) ?? []) visit(d, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of g.keys()) visit(f, []);
    expect(circles).toEqual([]);
    expect(g.size).toBeGreaterThan(40);
  });
});
