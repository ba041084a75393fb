import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isLanguage, negotiateLanguage } from '../../lib/i18n.js';

export const LANGUAGE_COOKIE = 'civq_lang';

/**
 * Sets request.lang. For the API an explicit Accept-Language wins (the web app sends the
 * language it shows); for pages the resident's saved choice (cookie) wins over the browser's.
 */
export const languagePlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('lang', 'en');
  app.addHook('onRequest', async (request) => {
    const cookie = request.cookies[LANGUAGE_COOKIE];
    const saved = isLanguage(cookie) ? cookie : undefined;
    const header = negotiateLanguage(request.headers['accept-language']);
    const api = request.url.startsWith('/api/');
    request.lang = (api ? (header ?? saved) : (saved ?? header)) ?? 'en';
  });
});
