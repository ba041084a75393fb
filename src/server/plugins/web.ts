import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from '../../kernel/problem.js';
import { sendProblem } from './errors.js';

/**
 * Serves the built single-page app (dist/web): hashed assets under /assets with a long cache
 * life, and index.html — with <html lang> set to the request's language — for every page path
 * of the portal (/ and /portal/…) and the dashboard (/dashboard/…).
 */
export async function webPlugin(app: FastifyInstance, opts: { distDir: string }) {
  const indexFile = path.join(opts.distDir, 'index.html');
  const built = fs.existsSync(indexFile);
  let template: string | undefined;

  if (built) {
    await app.register(fastifyStatic, {
      root: opts.distDir,
      prefix: '/',
      index: false,
      wildcard: false,
      // The build writes .br/.gz beside each asset; send those to browsers that accept them.
      preCompressed: true,
      // Vite names assets by content hash, so they never change under the same URL. (send's own
      // Cache-Control is turned off: it is applied after setHeaders and would replace this one.)
      cacheControl: false,
      setHeaders: (res, filePath) => {
        const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
        res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
        res.setHeader('vary', 'accept-encoding');
      },
    });
  }

  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!built) return sendProblem(request, reply, new Problem(503, 'web_not_built'));
    template ??= fs.readFileSync(indexFile, 'utf8');
    const html = template.replace(/<html lang="[^"]*"/, `<html lang="${request.lang}"`);
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  };
  const hide = { schema: { hide: true } };
  app.get('/', hide, page);
  app.get('/portal', hide, page);
  app.get('/portal/*', hide, page);
  app.get('/dashboard', hide, page);
  app.get('/dashboard/*', hide, page);
}
