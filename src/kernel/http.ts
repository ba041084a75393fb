import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { withTenant } from '../db/tenant-context.js';
import type { Platform } from './platform.js';

/**
 * Runs `fn` in a transaction of the request's tenant (row-level security on), the way nearly
 * every route reaches its service.
 */
export function inTenant<T>(
  platform: Platform,
  request: FastifyRequest,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return withTenant(platform.db, request.tenant.id, fn);
}

/** `/…/:id` where the id is a row's uuid; anything else is a 400 before the handler runs. */
export const idParams = z.object({ id: z.uuid() });
