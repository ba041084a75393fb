import { and, inArray, isNotNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { ResolvedRecipient } from '../../kernel/notices.js';
import { residents } from './tables.js';

/**
 * Where and how residents hear of things, for a module that keeps its own list of residents
 * to tell (311 requests: reporters and followers). Only verified emails; keyed by resident id.
 */
export async function residentNoticeAddresses(
  tx: Tx,
  ids: string[],
): Promise<Map<string, ResolvedRecipient>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({
      id: residents.id,
      email: residents.email,
      language: residents.noticeLanguage,
      channel: residents.noticeChannel,
    })
    .from(residents)
    .where(and(inArray(residents.id, [...new Set(ids)]), isNotNull(residents.emailVerifiedAt)));
  return new Map(
    rows.map((r) => [
      r.id,
      { key: `resident:${r.id}`, email: r.email, language: r.language, requestedChannel: r.channel },
    ]),
  );
}
