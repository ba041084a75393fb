import fs from 'node:fs';
import path from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { hasMessage, loadCatalog, LOCALES_DIR } from '../../src/lib/i18n.js';

/**
 * The catalogs are the only home of user-visible text. English and Spanish must have the same
 * namespaces and keys, every message must be valid ICU, and both languages must use the same
 * placeholders (a Spanish message that drops {minutes} would show the wrong thing).
 */
const en = loadCatalog('en');
const es = loadCatalog('es');

function placeholders(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of elements) {
    if ('value' in el && el.type !== TYPE.literal) out.add(String(el.value));
    if ('options' in el) for (const opt of Object.values(el.options)) placeholders(opt.value, out);
    if ('children' in el) placeholders(el.children, out);
  }
  return out;
}

describe('message catalogs', () => {
  it('have the same namespaces in English and Spanish', () => {
    const files = (lang: string) => fs.readdirSync(path.join(LOCALES_DIR, lang)).sort();
    expect(files('es')).toEqual(files('en'));
    expect(files('en')).toContain('errors.json');
  });

  it('have every English key in Spanish and no Spanish-only keys', () => {
    const missingInEs = [...en.keys()].filter((k) => !es.has(k));
    const missingInEn = [...es.keys()].filter((k) => !en.has(k));
    expect(missingInEs).toEqual([]);
    expect(missingInEn).toEqual([]);
  });

  it('hold valid ICU messages with the same placeholders in both languages, none empty', () => {
    for (const [key, enMessage] of en) {
      const esMessage = es.get(key)!;
      expect(enMessage.trim(), key).not.toBe('');
      expect(esMessage.trim(), key).not.toBe('');
      const enVars = placeholders(parse(enMessage));
      const esVars = placeholders(parse(esMessage));
      expect([...esVars].sort(), key).toEqual([...enVars].sort());
    }
  });

  it('has a message for every problem code the server can raise', () => {
    const codes = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts')) {
          const source = fs.readFileSync(full, 'utf8');
          for (const m of source.matchAll(/new Problem\(\s*\d{3},\s*'([a-z_]+)'/g)) codes.add(m[1]!);
          for (const m of source.matchAll(/(?:notFound|conflict)\('([a-z_]+)'\)/g)) codes.add(m[1]!);
        }
      }
    };
    walk(path.resolve(LOCALES_DIR, '../src'));
    expect(codes.size).toBeGreaterThan(10);
    for (const code of codes) {
      expect(hasMessage(`errors:${code}.title`, 'en'), code).toBe(true);
      expect(hasMessage(`errors:${code}.detail`, 'es'), code).toBe(true);
    }
  });

  it('has a message for every validation code the error plugin emits', () => {
    const file = fs.readFileSync(path.resolve(LOCALES_DIR, '../src/kernel/field-errors.ts'), 'utf8');
    const source = file.slice(file.indexOf('export function zodIssueToFieldError'));
    const codes = [...source.matchAll(/(?:code: |\? |: )'([a-z_]+)'/g)].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThan(3);
    for (const code of codes) expect(hasMessage(`errors:validation.${code}`, 'es'), code).toBe(true);
  });
});
