import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from '../problem.js';

/**
 * Serves the built single-page app (dist/web): hashed assets with long caching, and
 * index.html for every portal and dashboard route, its <html lang> set to the reader's
 * language so the first paint is already in the right language.
 */
export async function webPlugin(app: FastifyInstance, opts: { distDir: string }) {
  const indexPath = path.join(opts.distDir, 'index.html');
  const built = fs.existsSync(indexPath);
  if (built) {
    await app.register(fastifyStatic, {
      root: opts.distDir,
      prefix: '/',
      wildcard: false,
      index: false,
      setHeaders(res, filePath) {
        if (filePath.includes(`${path.sep}assets${path.sep}`)) {
          res.setHeader('cache-control', 'public, max-age=31536000, immutable');
        }
      },
    });
    // Everything under the build folder except index.html, e.g. /assets/*, /favicon.svg.
    app.get('/assets/*', { schema: { hide: true } }, (request, reply) =>
      reply.sendFile(path.join('assets', (request.params as { '*': string })['*'])),
    );
  }
  const indexHtml = built ? fs.readFileSync(indexPath, 'utf8') : '';

  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!built) throw new Problem(503, 'web_not_built');
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(indexHtml.replace(/<html lang="[a-z-]*"/i, `<html lang="${request.lang}"`));
  };
  for (const url of ['/', '/portal', '/portal/*', '/dashboard', '/dashboard/*']) {
    app.get(url, { schema: { hide: true } }, page);
  }
}
