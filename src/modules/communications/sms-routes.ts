import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { inTenant } from '../../kernel/http.js';
import { Problem } from '../../kernel/problem.js';
import type { Platform } from '../../kernel/platform.js';
import type { Language } from '../../lib/i18n.js';
import { currentTenantProfile } from '../tenancy/index.js';
import { CommunicationsEvents } from './events.js';
import { noticeKind } from './kinds.js';
import { publicBaseUrl, queueMessage } from './service.js';
import { SMS_INBOUND_PATH, SMS_STATUS_PATH, smsKeyword, validSmsSignature } from './sms.js';

const E164 = /^\+[1-9]\d{7,14}$/;
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

// The provider's statuses in the order they can follow one another; a late `sent` never
// overwrites `delivered` (callbacks may arrive out of order).
const RANK: Record<string, number> = {
  accepted: 1,
  scheduled: 1,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
};
const OUR_STATUS: Record<string, string> = {
  sent: 'sent',
  delivered: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
};

/**
 * The SMS provider's webhooks, on each entity's own host: delivery status callbacks and
 * inbound texts (STOP / START / HELP). Both are accepted only with a valid provider
 * signature (X-Twilio-Signature over the URL and the sorted form parameters); anything else
 * is a 403 and changes nothing.
 */
export async function smsWebhookRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    const params: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(String(body))) params[k] = v;
    done(null, params);
  });
  // Documented for the operator who points the provider here; the form body is the provider's
  // (application/x-www-form-urlencoded) and is trusted only once its signature checks out.
  const webhook = (summary: string) => ({
    tags: ['communications'],
    summary,
    description: 'Called by the SMS provider, signed with X-Twilio-Signature; 403 without a valid signature.',
  });

  /** The form, once its signature is checked against the URL the provider called. */
  async function signedForm(request: FastifyRequest, tx: Tx): Promise<Record<string, string>> {
    const sms = platform.config.sms;
    const params = (request.body ?? {}) as Record<string, string>;
    if (typeof params !== 'object' || !sms) throw new Problem(403, 'sms_signature_invalid');
    const tenant = await currentTenantProfile(tx);
    const urls = [
      `${publicBaseUrl(platform.config, tenant.primaryHost)}${request.url}`,
      `${request.protocol}://${request.headers.host ?? ''}${request.url}`,
    ];
    const signature = request.headers['x-twilio-signature'];
    if (
      !validSmsSignature(sms.authToken, typeof signature === 'string' ? signature : undefined, urls, params)
    )
      throw new Problem(403, 'sms_signature_invalid');
    if (params.AccountSid && params.AccountSid !== sms.accountSid)
      throw new Problem(403, 'sms_signature_invalid');
    return params;
  }

  app.post(
    SMS_STATUS_PATH,
    {
      schema: webhook('SMS delivery status callback'),
      bodyLimit: 64 * 1024,
      config: { rateLimit: { max: 6000, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      await inTenant(platform, request, async (tx) => {
        const p = await signedForm(request, tx);
        const status = (p.MessageStatus ?? p.SmsStatus ?? '').toLowerCase();
        if (!p.MessageSid || !(status in RANK)) return;
        const error = p.ErrorCode ? `${status} ${p.ErrorCode}` : null;
        await tx.execute(sql`
          UPDATE messages
          SET provider_status = ${status}, provider_status_at = now(), updated_at = now(),
              status = coalesce(${OUR_STATUS[status] ?? null}, status),
              last_error = coalesce(${error}, last_error)
          WHERE channel = 'sms' AND provider_message_id = ${p.MessageSid}
            AND status IN ('sent', 'delivered', 'undelivered', 'failed')
            AND ${RANK[status]!} >= (CASE provider_status
              WHEN 'delivered' THEN 4 WHEN 'undelivered' THEN 4 WHEN 'failed' THEN 4
              WHEN 'sent' THEN 3 WHEN 'sending' THEN 2 ELSE 1 END)`);
      });
      return reply.code(204).send();
    },
  );

  app.post(
    SMS_INBOUND_PATH,
    {
      schema: webhook('Inbound text message (STOP, START, HELP)'),
      bodyLimit: 64 * 1024,
      config: { rateLimit: { max: 300, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      await inTenant(platform, request, async (tx) => {
        const p = await signedForm(request, tx);
        const keyword = smsKeyword(p.Body ?? '');
        const from = p.From ?? '';
        if (!keyword || !E164.test(from) || !p.MessageSid) return;
        // The person's language: the one we last texted them in, else the keyword's.
        const [last] = await queryRows<{ language: Language }>(
          tx,
          sql`SELECT language FROM messages WHERE channel = 'sms' AND recipient = ${from}
              ORDER BY created_at DESC LIMIT 1`,
        );
        const language: Language = last?.language ?? keyword.language ?? 'en';
        const answer = async (kind: string, data: Record<string, unknown> = {}) =>
          queueMessage(tx, platform.config, {
            def: noticeKind(kind)!,
            channel: 'sms',
            address: from,
            requested: 'sms',
            reason: null,
            language,
            data,
            name: null,
            contact: { phone: from },
            idempotencyKey: `sms-inbound:${p.MessageSid}`,
          });
        const event = (type: string) =>
          platform.events.record(tx, {
            type,
            subjectType: 'phone',
            subjectId: from,
            actor: { type: 'public', id: null },
            payload: { keyword: (p.Body ?? '').trim().slice(0, 20) },
          });
        if (keyword.action === 'stop') {
          const inserted = await queryRows(
            tx,
            sql`INSERT INTO sms_opt_outs (tenant_id, phone, keyword)
                VALUES (civq_current_tenant(), ${from}, ${(p.Body ?? '').trim().slice(0, 20)})
                ON CONFLICT DO NOTHING RETURNING phone`,
          );
          // One confirmation: a second STOP from a number already opted out gets none.
          if (inserted.length > 0) {
            await event(CommunicationsEvents.smsOptedOut);
            await answer('sms.opted_out');
          }
        } else if (keyword.action === 'start') {
          const deleted = await queryRows(
            tx,
            sql`DELETE FROM sms_opt_outs WHERE phone = ${from} RETURNING phone`,
          );
          if (deleted.length > 0) {
            await event(CommunicationsEvents.smsOptedIn);
            await answer('sms.opted_in');
          }
        } else {
          const tenant = await currentTenantProfile(tx);
          const contact =
            [tenant.contactPhone, tenant.contactEmail].filter(Boolean).join(', ') ||
            publicBaseUrl(platform.config, tenant.primaryHost);
          await answer('sms.help', { contact });
        }
      });
      return reply.code(200).type('text/xml').send(EMPTY_TWIML);
    },
  );
}
