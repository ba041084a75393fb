import type { FastifyInstance, FastifyReply } from 'fastify';
import { Problem } from '../problem.js';
import type { Files } from './index.js';

/**
 * Answers a download route with the file a signed link names, after checking the link is
 * genuine, unexpired and made for `tenantId` (the request's tenant). The link travels in the
 * query string (`?link=`): tokens are longer than Fastify's 100-character path parameters,
 * and query strings never reach the logs. Usage in a module:
 *
 *   app.get('/api/v1/requests/photo', async (request, reply) =>
 *     sendSignedFile(reply, files, request.query.link, request.tenant.id));
 */
export async function sendSignedFile(
  reply: FastifyReply,
  files: Files,
  token: string | undefined,
  tenantId: string,
  options: { downloadName?: string } = {},
): Promise<FastifyReply> {
  if (typeof token !== 'string') throw new Problem(403, 'link_invalid');
  const key = files.links.verify(token, tenantId);
  const found = await files.storage.get(key);
  if (!found) throw new Problem(404, 'file_not_found');
  const disposition = options.downloadName
    ? `attachment; filename*=UTF-8''${encodeURIComponent(options.downloadName)}`
    : 'inline';
  return reply
    .header('content-type', found.info.contentType)
    .header('content-length', String(found.info.size))
    .header('content-disposition', disposition)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(found.stream);
}

/**
 * Lets routes in `scope` (an encapsulated plugin) take a file as the raw request body — the
 * web app sends `fetch(url, { body: file })` — as a stream, unread: `files.accept` applies
 * the size limit and the type check while it reads. (Fastify's JSON body limit does not apply.)
 */
export function acceptFileBodies(scope: FastifyInstance): void {
  const raw = (_request: unknown, payload: unknown, done: (err: null, body: unknown) => void) =>
    done(null, payload);
  scope.addContentTypeParser(['application/octet-stream', 'application/pdf'], raw);
  scope.addContentTypeParser(/^image\/[a-z0-9.+-]+$/, raw);
  // A refused upload is answered before its body has all arrived. Closing the connection after
  // the answer stops the client sending the rest (reading it would waste the bandwidth the
  // limit protects; leaving it unread would hold the connection open forever).
  scope.addHook('onSend', async (request, reply, payload) => {
    if (!request.raw.complete) reply.header('connection', 'close');
    return payload;
  });
}
