import crypto from 'node:crypto';
import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
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
  resendBody,
  settingsBody,
  settingsView,
  templateList,
} from './schema.js';
import { publicBaseUrl, queueMessage } from './service.js';
import { communicationSettingsOf, routeNotice } from './routing.js';
import { smsEncoding, smsSegments } from './sms.js';
import { CHANNELS, communicationSettings, messages, type ChannelName } from './tables.js';
import { signUnsubscribe } from './unsubscribe.js';

/**
 * "maria.lopez@example.com" -> "m•••@example.com", "+19565550142" -> "+1•••0142": enough to
 * recognise, not to harvest.
 */
export function maskAddress(address: string): string {
  if (/^\+\d{8,15}$/.test(address)) return `${address.slice(0, 2)}•••${address.slice(-4)}`;
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
  requestedChannel: m.requestedChannel && m.requestedChannel !== m.channel ? m.requestedChannel : null,
  channelReason: m.channelReason,
  segments: m.segments,
  providerMessageId: m.providerMessageId,
  providerStatus: m.providerStatus,
  attempts: m.attempts,
  deliveredVia: m.deliveredVia,
  createdAt: m.createdAt.toISOString(),
  sentAt: m.sentAt?.toISOString() ?? null,
  lastError: m.lastError,
});

/** Its own channel when it failed; email or text when the message knows that address. */
function resendChannels(m: Row): ChannelName[] {
  const out: ChannelName[] = [];
  if (m.status === 'failed' || m.status === 'undelivered') out.push(m.channel);
  if (m.channel !== 'email' && m.contact?.email) out.push('email');
  if (m.channel !== 'sms' && m.contact?.phone) out.push('sms');
  return out;
}

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
        const { status, kind, channel, limit, offset } = request.query;
        const where: SQL[] = [];
        if (status) where.push(eq(messages.status, status));
        if (channel) where.push(eq(messages.channel, channel));
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
        resendChannels: resendChannels(m),
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
        summary: 'Send a message again: a failed one on its channel, or any one on another channel',
        params: idParams,
        body: resendBody,
        response: {
          202: z.object({
            id: z.uuid(),
            status: z.enum(['queued', 'suppressed']),
            channel: z.enum(CHANNELS),
          }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
      preHandler: requireStaff('communications.resend'),
    },
    async (request, reply) => {
      const result = await inTenant(platform, request, async (tx) => {
        const [m] = await tx.select().from(messages).where(eq(messages.id, request.params.id)).for('update');
        if (!m) throw notFound('message_not_found');
        const channel = request.body?.channel ?? m.channel;
        let out: { id: string; status: 'queued' | 'suppressed'; channel: ChannelName };
        if (channel === m.channel) {
          if (m.status !== 'failed' && m.status !== 'undelivered')
            throw new Problem(409, 'message_not_failed');
          await tx
            .update(messages)
            .set({ status: 'queued', attempts: 0, nextAttemptAt: new Date(), updatedAt: new Date() })
            .where(eq(messages.id, m.id));
          out = { id: m.id, status: 'queued', channel };
        } else {
          // Another channel: the notice is rendered afresh from its data, for the address on
          // that channel (a phone that texted STOP, or none, is refused rather than emailed).
          const def = noticeKind(m.kind);
          const contact = m.contact ?? {};
          const address =
            channel === 'email'
              ? (contact.email ?? null)
              : channel === 'sms'
                ? (contact.phone ?? null)
                : null;
          if (!def || !m.data || (channel !== 'push' && !address))
            throw new Problem(409, 'resend_channel_unavailable', { channel });
          const route = await routeNotice(tx, channel, {
            email: contact.email ?? null,
            phone: contact.phone ?? null,
            residentId: contact.residentId ?? null,
          });
          if (route.channel !== channel || !route.address) {
            throw new Problem(409, 'resend_channel_unavailable', { channel });
          }
          const queued = await queueMessage(tx, platform.config, {
            def,
            channel,
            address: route.address,
            requested: channel,
            reason: null,
            language: m.language,
            data: m.data,
            name: m.recipientName,
            contact,
            idempotencyKey: `${m.idempotencyKey}:resend:${channel}:${crypto.randomUUID()}`,
          });
          out = { id: queued.messageId, status: queued.status, channel };
        }
        await events.record(tx, {
          type: CommunicationsEvents.resendRequested,
          subjectType: 'message',
          subjectId: m.id,
          actor: staffActor(request),
          payload: { kind: m.kind, lastError: m.lastError, channel, newMessageId: out.id },
        });
        return out;
      });
      return reply.code(202).send(result);
    },
  );

  r.get(
    '/api/v1/communications/settings',
    {
      schema: {
        tags: ['communications'],
        summary: 'Quiet hours and the SMS sender of this entity',
        response: { 200: settingsView, ...problems(401, 403) },
      },
      preHandler: requireStaff('communications.read'),
    },
    async (request) => settingsOut(await inTenant(platform, request, (tx) => communicationSettingsOf(tx))),
  );

  r.put(
    '/api/v1/communications/settings',
    {
      schema: {
        tags: ['communications'],
        summary: 'Change quiet hours and the SMS sender (admin; audit-logged)',
        body: settingsBody,
        response: { 200: settingsView, ...problems(400, 401, 403) },
      },
      preHandler: requireStaff('communications.settings'),
    },
    async (request) =>
      settingsOut(
        await inTenant(platform, request, async (tx) => {
          const b = request.body;
          const values = {
            timeZone: b.timeZone,
            quietStartMinute: minutes(b.quietStart),
            quietEndMinute: minutes(b.quietEnd),
            smsFrom: b.smsFrom,
            smsMessagingServiceSid: b.smsMessagingServiceSid,
            updatedAt: new Date(),
          };
          const [row] = await tx
            .insert(communicationSettings)
            .values({ tenantId: sql`civq_current_tenant()`, ...values })
            .onConflictDoUpdate({ target: communicationSettings.tenantId, set: values })
            .returning();
          await events.record(tx, {
            type: CommunicationsEvents.settingsChanged,
            subjectType: 'tenant',
            subjectId: row!.tenantId,
            actor: staffActor(request),
            payload: b,
          });
          return row!;
        }),
      ),
  );

  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const minutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  const settingsOut = (s: Awaited<ReturnType<typeof communicationSettingsOf>>) => ({
    timeZone: s.timeZone,
    quietStart: hhmm(s.quietStartMinute),
    quietEnd: hhmm(s.quietEndMinute),
    smsFrom: s.smsFrom,
    smsMessagingServiceSid: s.smsMessagingServiceSid,
    smsVia: platform.config.sms ? ('provider' as const) : ('log' as const),
  });

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
      return {
        ...rendered,
        smsSegments: smsSegments(rendered.sms),
        smsEncoding: smsEncoding(rendered.sms),
        smsLength: [...rendered.sms].length,
      };
    },
  );
}
