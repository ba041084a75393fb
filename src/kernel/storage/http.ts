import type { FastifyReply } from 'fastify';
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
