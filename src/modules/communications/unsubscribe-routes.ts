import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { inTenant } from '../../kernel/http.js';
import { t, type Language } from '../../lib/i18n.js';
import type { Platform } from '../../kernel/platform.js';
import { CommunicationsEvents } from './events.js';
import { unsubscribe } from './service.js';
import { verifyUnsubscribe, type UnsubscribeGrant } from './unsubscribe.js';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The link at the foot of optional notices, usable without signing in:
 * GET shows a confirmation page (a link scanner that follows it changes nothing);
 * POST unsubscribes — from that page's button, or one-click from the mail client (RFC 8058).
 */
export async function unsubscribeRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  // Mail clients send RFC 8058 one-click requests as a form: multipart/form-data (what the RFC
  // says they SHOULD use) or urlencoded (MAY). The body carries nothing we need, so it is not parsed.
  app.addContentTypeParser(
    ['application/x-www-form-urlencoded', 'multipart/form-data'],
    { parseAs: 'string' },
    (_req, body, done) => done(null, body),
  );
  // The token is a wildcard, not a `:token` parameter: Fastify answers 414 to a parameter over
  // 100 characters, and a token (tenant id, address, kind, signature) is longer than that.
  const params = z.object({ '*': z.string().min(10).max(2000) });
  const hide = { hide: true };

  const grantFor = (request: FastifyRequest): UnsubscribeGrant | null => {
    const parsed = params.safeParse(request.params);
    const grant = parsed.success ? verifyUnsubscribe(platform.config.secret, parsed.data['*']) : null;
    return grant && grant.tenantId === request.tenant.id ? grant : null;
  };

  app.get('/unsubscribe/*', { schema: hide }, async (request, reply) => {
    const grant = grantFor(request);
    if (!grant) return page(reply, request.lang, 404, 'invalid');
    return page(reply, request.lang, 200, 'confirm', grant);
  });

  app.post(
    '/unsubscribe/*',
    { schema: hide, bodyLimit: 16 * 1024, config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const grant = grantFor(request);
      if (!grant) return page(reply, request.lang, 404, 'invalid');
      await inTenant(platform, request, async (tx) => {
        await unsubscribe(tx, grant);
        await platform.events.record(tx, {
          type: CommunicationsEvents.unsubscribed,
          subjectType: 'address',
          subjectId: grant.address,
          actor: { type: 'public', id: null },
          payload: { kind: grant.kind, channel: grant.channel },
        });
      });
      return page(reply, request.lang, 200, 'done', grant);
    },
  );

  function page(
    reply: FastifyReply,
    lang: Language,
    status: number,
    state: 'confirm' | 'done' | 'invalid',
    grant?: UnsubscribeGrant,
  ) {
    const entity = reply.request.tenant.name[lang];
    const kindName = grant ? t(lang, `notices:kind_names.${grant.kind}`) : '';
    const m = (key: string) =>
      escapeHtml(
        t(lang, `notices:unsubscribe_page.${key}`, { entity, kind: kindName, address: grant?.address ?? '' }),
      );
    const body =
      state === 'confirm'
        ? `<p>${m('confirm_text')}</p><form method="post"><button type="submit">${m('confirm_button')}</button></form>`
        : state === 'done'
          ? `<p>${m('done_text')}</p>`
          : `<p>${m('invalid_text')}</p>`;
    const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${m(`${state}_title`)}</title>
<style>body{font-family:'Source Sans Pro',Helvetica,Arial,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.5}header{border-top:6px solid #162e51;padding-top:.5rem;color:#162e51;font-weight:bold}button{background:#005ea2;color:#fff;border:0;border-radius:4px;padding:.75rem 1.25rem;font-size:1rem;cursor:pointer}button:focus{outline:3px solid #2491ff;outline-offset:2px}</style></head>
<body><header>${escapeHtml(entity)}</header><main><h1>${m(`${state}_title`)}</h1>${body}</main></body></html>`;
    return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  }
}
