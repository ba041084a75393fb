import type { Tx } from '../../../db/client.js';
import type { Language } from '../../../lib/i18n.js';
import { notFound } from '../../../kernel/problem.js';
import { entityFor } from '../shared/index.js';
import { statementPdf } from './statement-pdf.js';
import { statementById } from './statements.js';

/** An issued (or voided) statement as a PDF, in the given language or the customer's (404 otherwise). */
export async function statementPdfFor(tx: Tx, id: string, lang: Language | undefined) {
  const s = await statementById(tx, id);
  if (!s || (s.state !== 'issued' && s.state !== 'void')) throw notFound();
  const language = lang ?? s.language;
  return { name: s.number!, data: await statementPdf(s, language, await entityFor(tx, language)) };
}
