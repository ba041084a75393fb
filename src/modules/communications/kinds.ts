import { z } from 'zod';
import type { FieldType, NoticeKind } from '../../kernel/notices.js';
import { derived } from '../../kernel/modules.js';

export type { FieldType, NoticeKind } from '../../kernel/notices.js';

/**
 * The notice kinds of every installed module (each lists its own in its manifest, with the
 * words in locales/<lang>/notices.json under the kind's key). This file checks their data;
 * it is not edited when a module arrives.
 */

/**
 * True when `s` holds a C0 control character or DEL; `allowBreaks` lets tab, LF and CR through.
 * Control characters have no place in a notice, and PostgreSQL cannot store NUL at all: one
 * would fail the INSERT and abort the caller's transaction, so they are refused up front.
 */
export function hasControlChars(s: string, allowBreaks = false): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 || c === 0x7f) && !(allowBreaks && (c === 0x09 || c === 0x0a || c === 0x0d))) return true;
  }
  return false;
}
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((v) => !hasControlChars(v, true), 'invalid');

const fieldSchema: Record<FieldType, z.ZodType> = {
  text: text(500),
  // integer cents, never floats
  money: z.number().int().safe(),
  // a calendar date, YYYY-MM-DD
  date: z.iso.date(),
  // links residents are asked to follow: web addresses only (no javascript:, data: …)
  url: z.url({ protocol: /^https?$/ }).max(2000),
  localized: z.object({ en: text(500), es: text(500) }),
};

const registry = derived(
  (modules) => new Map(modules.flatMap((m) => m.noticeKinds ?? []).map((k) => [k.kind, k])),
);

export function noticeKind(kind: string): NoticeKind | undefined {
  return registry().get(kind);
}

export function noticeKinds(): NoticeKind[] {
  return [...registry().values()].sort((a, b) => a.kind.localeCompare(b.kind));
}

/** A zod schema for a kind's data: every declared field present and of its type, nothing else. */
export function dataSchema(def: NoticeKind) {
  return z.strictObject(Object.fromEntries(Object.entries(def.fields).map(([k, t]) => [k, fieldSchema[t]])));
}
