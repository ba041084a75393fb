import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/lib/i18n.js';

/** A module brings its words in its own files, even for shared namespaces (notices, errors). */
function catalogDir(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civq-locales-'));
  fs.mkdirSync(path.join(dir, 'en'));
  for (const [name, body] of Object.entries(files))
    fs.writeFileSync(path.join(dir, 'en', name), JSON.stringify(body));
  return dir;
}

describe('catalog files', () => {
  it('merge <namespace>.<module>.json into the namespace, and keep hyphenated namespaces whole', () => {
    const dir = catalogDir({
      'notices.json': { 'payment.receipt': { subject: 'Receipt' } },
      'notices.requests.json': { 'request.received': { subject: 'Received' } },
      'dashboard-billing.json': { title: 'Billing' },
    });
    expect(Object.fromEntries(loadCatalog('en', dir))).toEqual({
      'notices:payment.receipt.subject': 'Receipt',
      'notices:request.received.subject': 'Received',
      'dashboard-billing:title': 'Billing',
    });
  });

  it('refuse a key defined in two files rather than let one silently win', () => {
    const dir = catalogDir({
      'errors.json': { forbidden: { title: 'Forbidden' } },
      'errors.requests.json': { forbidden: { title: 'Not allowed' } },
    });
    expect(() => loadCatalog('en', dir)).toThrow(/errors:forbidden\.title is defined twice/);
  });
});
