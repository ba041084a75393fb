import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Tx } from '../../../db/client.js';
import type { Language } from '../../../lib/i18n.js';
import { currentTenantProfile } from '../../tenancy/index.js';
import type { Entity } from './pdf-layout.js';

/** The OpenAPI response of a route answering with a PDF. */
export const pdfResponse = z.any().describe('application/pdf');
/** `?lang=` of a document route: the document's language (the customer's when omitted). */
export const pdfQuery = z.object({ lang: z.enum(['en', 'es']).optional() });

/** The issuer printed on a document: the tenant, named in the document's language. */
export async function entityFor(tx: Tx, lang: Language): Promise<Entity> {
  const tenant = await currentTenantProfile(tx);
  return { name: tenant.name[lang], contactEmail: tenant.contactEmail, contactPhone: tenant.contactPhone };
}

export function sendPdf(reply: FastifyReply, name: string, pdf: Buffer) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${name}.pdf"`)
    .header('cache-control', 'private, no-store')
    .send(pdf);
}
