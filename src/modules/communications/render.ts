import { hasMessage, INTL_LOCALE, t, type Language } from '../../lib/i18n.js';
import { Problem } from '../../kernel/problem.js';
import type { NoticeKind } from './kinds.js';

export type RenderContext = {
  /** The entity's name in the recipient's language. */
  entity: string;
  contactEmail: string | null;
  contactPhone: string | null;
  /** Signed one-click link, for optional notices only. */
  unsubscribeUrl: string | null;
};

export type RenderedNotice = { subject: string; text: string; html: string; sms: string };

// Built once per language: constructing Intl formatters costs far more than using them, and a
// statement run renders thousands of notices.
const formatters = Object.fromEntries(
  (Object.keys(INTL_LOCALE) as Language[]).map((lang) => [
    lang,
    {
      money: new Intl.NumberFormat(INTL_LOCALE[lang], { style: 'currency', currency: 'USD' }),
      date: new Intl.DateTimeFormat(INTL_LOCALE[lang], { dateStyle: 'long', timeZone: 'UTC' }),
    },
  ]),
) as Record<Language, { money: Intl.NumberFormat; date: Intl.DateTimeFormat }>;

/** Formats a kind's data for the recipient's locale: money and dates through Intl. */
export function formatValues(
  def: NoticeKind,
  lang: Language,
  data: Record<string, unknown>,
): Record<string, string> {
  const { money, date } = formatters[lang];
  const out: Record<string, string> = {};
  for (const [field, type] of Object.entries(def.fields)) {
    const v = data[field];
    if (v === undefined) continue; // the template's own check reports it
    if (type === 'money') out[field] = money.format(Number(v) / 100);
    else if (type === 'date') out[field] = date.format(new Date(`${String(v)}T00:00:00Z`));
    else if (type === 'localized') out[field] = (v as Record<Language, string>)[lang];
    else out[field] = String(v);
  }
  return out;
}

export function templateKeys(kind: string) {
  return { subject: `notices:${kind}.subject`, body: `notices:${kind}.body`, sms: `notices:${kind}.sms` };
}

/** Renders one notice. A missing template or placeholder is an error, never a half-filled message. */
export function renderNotice(
  def: NoticeKind,
  lang: Language,
  data: Record<string, unknown>,
  ctx: RenderContext,
): RenderedNotice {
  const keys = templateKeys(def.kind);
  for (const key of Object.values(keys)) {
    if (!hasMessage(key, lang))
      throw new Problem(422, 'notice_template_missing', { kind: def.kind, language: lang });
  }
  const values = { ...formatValues(def, lang, data), entity: ctx.entity };
  const subject = t(lang, keys.subject, values);
  const paragraphs = t(lang, keys.body, values).split(/\n{2,}/);
  const sms = t(lang, keys.sms, values);
  const name = typeof data.name === 'string' ? data.name : null;
  const greeting = name ? t(lang, 'notices:layout.greeting', { name }) : null;
  const contactParts = [ctx.contactPhone, ctx.contactEmail].filter(Boolean).join(' · ');
  const contact = contactParts
    ? t(lang, 'notices:layout.contact', { entity: ctx.entity, contact: contactParts })
    : t(lang, 'notices:layout.contact_none', { entity: ctx.entity });
  const why = t(lang, def.optional ? 'notices:layout.optional' : 'notices:layout.transactional', {
    entity: ctx.entity,
  });

  const textLines = [greeting, ...paragraphs, '—', contact, why];
  if (def.optional && ctx.unsubscribeUrl) {
    textLines.push(t(lang, 'notices:layout.unsubscribe_text', { url: ctx.unsubscribeUrl }));
  }
  const text = `${textLines.filter((l): l is string => l !== null).join('\n\n')}\n`;

  const html = emailHtml({
    lang,
    subject,
    official: t(lang, 'notices:layout.official', { entity: ctx.entity }),
    greeting,
    paragraphs,
    footer: [contact, why],
    unsubscribe:
      def.optional && ctx.unsubscribeUrl
        ? { url: ctx.unsubscribeUrl, label: t(lang, 'notices:layout.unsubscribe') }
        : null,
  });
  return { subject, text, html, sms };
}

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Escapes text and turns bare https links into anchors (a trailing period stays outside). */
function richText(s: string): string {
  return escapeHtml(s).replace(
    /https?:\/\/[^\s<]+?(?=[.,;:)]?(?:\s|$))/g,
    (url) => `<a href="${url}" style="color:#005ea2">${url}</a>`,
  );
}

/**
 * A deliberately plain HTML email: one centered table, system fonts, inline styles (mail
 * clients drop <style>), real text rather than images, and lang set for screen readers.
 */
function emailHtml(p: {
  lang: Language;
  subject: string;
  official: string;
  greeting: string | null;
  paragraphs: string[];
  footer: string[];
  unsubscribe: { url: string; label: string } | null;
}): string {
  const para = (s: string) =>
    `<p style="margin:0 0 16px 0;font-size:16px;line-height:1.5;color:#1b1b1b">${richText(s)}</p>`;
  const small = (s: string) =>
    `<p style="margin:0 0 8px 0;font-size:13px;line-height:1.4;color:#565c65">${richText(s)}</p>`;
  return `<!doctype html>
<html lang="${p.lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(p.subject)}</title></head>
<body style="margin:0;padding:0;background:#f0f0f0">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f0f0f0"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-top:6px solid #162e51;font-family:'Source Sans Pro','Helvetica Neue',Helvetica,Arial,sans-serif">
<tr><td style="padding:20px 28px 4px 28px;font-size:14px;font-weight:bold;color:#162e51">${escapeHtml(p.official)}</td></tr>
<tr><td style="padding:8px 28px 8px 28px"><h1 style="margin:0 0 16px 0;font-size:22px;line-height:1.3;color:#1b1b1b">${escapeHtml(p.subject)}</h1>
${p.greeting ? para(p.greeting) : ''}${p.paragraphs.map(para).join('\n')}
</td></tr>
<tr><td style="padding:16px 28px 24px 28px;border-top:1px solid #dfe1e2">${p.footer.map(small).join('\n')}${
    p.unsubscribe
      ? `<p style="margin:8px 0 0 0;font-size:13px"><a href="${escapeHtml(p.unsubscribe.url)}" style="color:#005ea2">${escapeHtml(p.unsubscribe.label)}</a></p>`
      : ''
  }</td></tr>
</table></td></tr></table>
</body></html>
`;
}
