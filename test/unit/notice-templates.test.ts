import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { hasMessage, INTL_LOCALE, LANGUAGES, loadCatalog, type Language } from '../../src/lib/i18n.js';
import { noticeKinds, renderNotice, type NoticeKind } from '../../src/modules/communications/index.js';
import { dataSchema } from '../../src/modules/communications/kinds.js';
import { formatValues, templateKeys } from '../../src/modules/communications/render.js';
import { smsSegments } from '../../src/modules/communications/sms.js';
// The assembled server, so kinds that other modules register are checked too.
import '../../src/server/app.js';

/**
 * Every registered notice kind, in both languages, rendered with its sample data: nothing
 * missing, nothing left unfilled, and the SMS short enough to send.
 */
const catalogs = { en: loadCatalog('en'), es: loadCatalog('es') };
const ENTITY = { en: 'City of Esperanza, TX', es: 'Ciudad de Esperanza, TX' };
const ctx = (def: NoticeKind, lang: Language) => ({
  entity: ENTITY[lang],
  contactEmail: 'cityhall@esperanza-tx.example',
  contactPhone: '(956) 555-0100',
  unsubscribeUrl: def.optional ? 'https://esperanza.example.gov/unsubscribe/abc.def' : null,
});

function placeholders(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of elements) {
    if ('value' in el && el.type !== TYPE.literal) out.add(String(el.value));
    if ('options' in el) for (const opt of Object.values(el.options)) placeholders(opt.value, out);
    if ('children' in el) placeholders(el.children, out);
  }
  return out;
}

const kinds = noticeKinds();
const cases = kinds.flatMap((def) => LANGUAGES.map((lang) => [def.kind, lang, def] as const));

describe('notice templates', () => {
  it('cover the kinds the issue asks for', () => {
    expect(kinds.map((k) => k.kind)).toEqual(
      expect.arrayContaining([
        'payment.receipt',
        'payment.refund',
        'utility.statement_issued',
        'utility.late_fee',
        'utility.shutoff_warning',
        'utility.autopay_returned',
        'staff.invite',
      ]),
    );
  });

  it.each(cases)('%s (%s) has every key in its own language', (kind, lang) => {
    for (const key of [...Object.values(templateKeys(kind)), `notices:kind_names.${kind}`]) {
      expect(hasMessage(key, lang), `${key} in ${lang}`).toBe(true);
      expect(catalogs[lang].get(key)!.trim(), key).not.toBe('');
    }
  });

  it.each(cases)('%s (%s) uses exactly its declared placeholders', (kind, lang, def) => {
    const keys = templateKeys(kind);
    const used = new Set<string>();
    for (const key of Object.values(keys)) placeholders(parse(catalogs[lang].get(key)!), used);
    // A template may use only declared fields and the entity's name…
    const allowed = new Set([...Object.keys(def.fields), 'entity']);
    expect(
      [...used].filter((p) => !allowed.has(p)),
      'undeclared placeholders',
    ).toEqual([]);
    // …and every declared field must show up somewhere (the name in the greeting).
    const shown = new Set([
      ...placeholders(parse(catalogs[lang].get(keys.subject)!)),
      ...placeholders(parse(catalogs[lang].get(keys.body)!)),
    ]);
    if ('name' in def.fields) shown.add('name');
    expect(
      Object.keys(def.fields).filter((f) => !shown.has(f)),
      'fields never shown',
    ).toEqual([]);
  });

  it.each(cases)('%s (%s) renders its sample data completely', (kind, lang, def) => {
    expect(dataSchema(def).safeParse(def.sample).success, 'sample data fits the kind').toBe(true);
    const r = renderNotice(def, lang, def.sample, ctx(def, lang));
    for (const [part, value] of Object.entries(r)) {
      expect(value.trim(), `${part} is empty`).not.toBe('');
      expect(value, `${part} has a leftover placeholder`).not.toMatch(/[{}]/);
    }
    expect(r.subject).not.toMatch(/\n/);
    expect(r.text).toContain(ENTITY[lang]);
    expect(r.html).toContain(`<html lang="${lang}">`);
    // Money and dates appear as the recipient's locale writes them.
    const formatted = formatValues(def, lang, def.sample);
    for (const [field, type] of Object.entries(def.fields)) {
      if (type === 'money' || type === 'date') expect(r.text, field).toContain(formatted[field]);
    }
    const money = Object.entries(def.fields).find(([, type]) => type === 'money');
    if (money) {
      const expected = new Intl.NumberFormat(INTL_LOCALE[lang], {
        style: 'currency',
        currency: 'USD',
      }).format((def.sample[money[0]] as number) / 100);
      expect(r.text).toContain(expected);
    }
    // Only optional notices offer the unsubscribe link.
    expect(r.text.includes('/unsubscribe/'), 'unsubscribe link').toBe(def.optional);
  });

  it.each(cases)('%s (%s) fits its SMS in two segments', (kind, lang, def) => {
    const { sms } = renderNotice(def, lang, def.sample, ctx(def, lang));
    expect(smsSegments(sms), `${sms.length} characters: ${sms}`).toBeLessThanOrEqual(2);
  });

  it.each(kinds.map((d) => [d.kind, d] as const))('%s reads differently in Spanish', (_kind, def) => {
    const en = renderNotice(def, 'en', def.sample, ctx(def, 'en'));
    const es = renderNotice(def, 'es', def.sample, ctx(def, 'es'));
    expect(es.subject).not.toBe(en.subject);
    expect(es.text).not.toBe(en.text);
  });

  it('fails loudly, rather than sending a half-filled notice, when a placeholder value is missing', () => {
    const def = kinds.find((k) => k.kind === 'payment.receipt')!;
    const { amount: _amount, ...withoutAmount } = def.sample;
    for (const lang of LANGUAGES) {
      expect(() => renderNotice(def, lang, withoutAmount, ctx(def, lang))).toThrow(/amount/);
    }
  });

  it('counts SMS segments the way carriers do', () => {
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments('ñ'.repeat(160))).toBe(1); // ñ is in the GSM 7-bit alphabet
    expect(smsSegments('á'.repeat(70))).toBe(1); // á is not: the text goes as UCS-2
    expect(smsSegments('á'.repeat(71))).toBe(2);
    expect(smsSegments('á'.repeat(135))).toBe(3);
  });
});
