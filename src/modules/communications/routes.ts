import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTenant } from '../../kernel/http.js';
import { notFound, Problem } from '../../kernel/problem.js';
import type { Platform } from '../../kernel/platform.js';
import { problems } from '../../kernel/openapi-problem.js';
import { requireStaff, staffActor } from '../identity/index.js';
import { currentTenantProfile } from '../tenancy/index.js';
import { CommunicationsEvents } from './events.js';
import { noticeKind, noticeKinds } from './kinds.js';
import { renderNotice } from './render.js';
import {
  idParams,
  messageDetail,
  messageList,
  messageListQuery,
  preview,
  previewParams,
  previewQuery,
  templateList,
} from './schema.js';
import { publicBaseUrl } from './service.js';
import { smsSegments } from './sms.js';
import { messages } from './tables.js';
import { signUnsubscribe } from './unsubscribe.js';

/** "maria.lopez@example.com" -> "m•••@example.com": enough to recognise, not to harvest. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${address[0]}•••${address.slice(at)}`;
}

type Row = typeof messages.$inferSelect;
const summary = (m: Row, mask: boolean) => ({
  id: m.id,
  kind: m.kind,
  channel: m.channel,
  language: m.language,
  recipient: mask ? maskAddress(m.recipient) : m.recipient,
  subject: m.subject,
  status: m.status,
  attempts: m.attempts,
  deliveredVia: m.deliveredVia,
  createdAt: m.createdAt.toISOString(),
  sentAt: m.sentAt?.toISOString() ?? null,
  lastError: m.lastError,
});

/** Staff API: the communications log, resend, and template previews. */
export async function communicationsRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { events } = platform;

  r.get(
    '/api/v1/communications/messages',
    {
      schema: {
        tags: ['communications'],
        summary: 'The communications log, newest first',
        querystring: messageListQuery,
        response: { 200: messageList, ...problems(400, 401, 403) },
      },
      preHandler: requireStaff('communications.read'),
    },
    async (request) =>
      inTenant(platform, request, async (tx) => {
        const { status, kind, limit, offset } = request.query;
        const where: SQL[] = [];
        if (status) where.push(eq(messages.status, status));
        if (kind) where.push(eq(messages.kind, kind));
        const rows = await tx
          .select()
          .from(messages)
          .where(and(...where))
          .orderBy(desc(messages.createdAt), desc(messages.id))
          .limit(limit)
          .offset(offset);
        const [total] = await tx
          .select({ n: count() })
          .from(messages)
          .where(and(...where));
        return { items: rows.map((m) => summary(m, true)), total: total!.n };
      }),
  );

  r.get(
    '/api/v1/communications/messages/:id',
    {
      schema: {
        tags: ['communications'],
        summary: 'One message, exactly as sent',
        params: idParams,
        response: { 200: messageDetail, ...problems(400, 401, 403, 404) },
      },
      preHandler: requireStaff('communications.read'),
    },
    async (request) => {
      const [m] = await inTenant(platform, request, (tx) =>
        tx.select().from(messages).where(eq(messages.id, request.params.id)),
      );
      if (!m) throw notFound('message_not_found');
      return {
        ...summary(m, false),
        recipientName: m.recipientName,
        optional: m.optional,
        bodyText: m.bodyText,
        bodyHtml: m.bodyHtml,
        providerMessageId: m.providerMessageId,
        nextAttemptAt: m.nextAttemptAt.toISOString(),
        updatedAt: m.updatedAt.toISOString(),
      };
    },
  );

  r.post(
    '/api/v1/communications/messages/:id/resend',
    {
      schema: {
        tags: ['communications'],
        summary: 'Queue a failed message again',
        params: idParams,
        response: {
          202: z.object({ id: z.uuid(), status: z.literal('queued') }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
      preHandler: requireStaff('communications.resend'),
    },
    async (request, reply) => {
      await inTenant(platform, request, async (tx) => {
        const [m] = await tx.select().from(messages).where(eq(messages.id, request.params.id)).for('update');
        if (!m) throw notFound('message_not_found');
        if (m.status !== 'failed') throw new Problem(409, 'message_not_failed');
        await tx
          .update(messages)
          .set({ status: 'queued', attempts: 0, nextAttemptAt: new Date(), updatedAt: new Date() })
          .where(eq(messages.id, m.id));
        await events.record(tx, {
          type: CommunicationsEvents.resendRequested,
          subjectType: 'message',
          subjectId: m.id,
          actor: staffActor(request),
          payload: { kind: m.kind, lastError: m.lastError },
        });
      });
      return reply.code(202).send({ id: request.params.id, status: 'queued' as const });
    },
  );

  r.get(
    '/api/v1/communications/templates',
    {
      schema: {
        tags: ['communications'],
        summary: 'The notice kinds and their placeholders',
        response: { 200: templateList, ...problems(401, 403) },
      },
      preHandler: requireStaff('communications.read'),
    },
    async () => ({ items: noticeKinds().map(({ kind, optional, fields }) => ({ kind, optional, fields })) }),
  );

  r.get(
    '/api/v1/communications/templates/:kind/preview',
    {
      schema: {
        tags: ['communications'],
        summary: 'A notice rendered with sample data, in either language',
        params: previewParams,
        querystring: previewQuery,
        response: { 200: preview, ...problems(400, 401, 403, 404) },
      },
      preHandler: requireStaff('communications.read'),
    },
    async (request) => {
      const def = noticeKind(request.params.kind);
      if (!def) throw notFound('notice_kind_unknown');
      const lang = request.query.language;
      const tenant = await inTenant(platform, request, (tx) => currentTenantProfile(tx));
      const unsubscribeUrl = def.optional
        ? `${publicBaseUrl(platform.config, tenant.primaryHost)}/unsubscribe/${signUnsubscribe(
            platform.config.secret,
            {
              tenantId: tenant.id,
              channel: 'email',
              address: 'preview@example.com',
              kind: def.kind,
            },
          )}`
        : null;
      const rendered = renderNotice(def, lang, def.sample, {
        entity: tenant.name[lang],
        contactEmail: tenant.contactEmail,
        contactPhone: tenant.contactPhone,
        unsubscribeUrl,
      });
      return { ...rendered, smsSegments: smsSegments(rendered.sms) };
    },
  );
}
