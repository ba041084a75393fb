import { sql } from 'drizzle-orm';
import type { Config } from '../../../config.js';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { invalid, Problem } from '../../../kernel/problem.js';
import type { Language } from '../../../lib/i18n.js';
import { currentTenantProfile } from '../../tenancy/index.js';
import { dataSchema, noticeKind } from '../kinds.js';
import { renderNotice } from '../render.js';
import { publicBaseUrl } from '../service.js';

export type PushNoticeInput = {
  residentId: string;
  language: Language;
  kind: string;
  data: Record<string, unknown>;
  idempotencyKey: string;
  /** The item's page in the portal: a path (/portal/…) on the entity's site, or an absolute URL on it. */
  url?: string;
};

/** The portal page a push notification opens when the notice names none. */
export const DEFAULT_PUSH_PATH = '/portal/account/activity';

/**
 * Queues one push notice to a resident, in the caller's transaction (sent only if it commits).
 * The message's recipient is the resident's id: the push channel sends it to each of their
 * devices. Title: the kind's subject; body: its short (SMS) text; link: the item's page.
 * Nothing else of the notice leaves CiVQ through the push service.
 */
export async function queuePush(
  tx: Tx,
  config: Config,
  input: PushNoticeInput,
): Promise<{ messageId: string; duplicate: boolean }> {
  const def = noticeKind(input.kind);
  if (!def) throw new Problem(422, 'notice_kind_unknown', { kind: input.kind });
  const data = dataSchema(def).safeParse(input.data);
  if (!data.success) throw invalid([{ field: 'data', code: 'invalid' }]);
  const tenant = await currentTenantProfile(tx);
  const base = publicBaseUrl(config, tenant.primaryHost);
  const link = new URL(input.url ?? DEFAULT_PUSH_PATH, `${base}/`);
  if (link.origin !== new URL(base).origin) throw invalid([{ field: 'url', code: 'invalid' }]);
  const rendered = renderNotice(def, input.language, data.data, {
    entity: tenant.name[input.language],
    contactEmail: tenant.contactEmail,
    contactPhone: tenant.contactPhone,
    unsubscribeUrl: null,
  });
  const inserted = await queryRows<{ id: string }>(
    tx,
    sql`
    INSERT INTO messages (tenant_id, kind, channel, language, recipient, optional, subject, body_text,
                          idempotency_key, link_url)
    VALUES (civq_current_tenant(), ${def.kind}, 'push', ${input.language}, ${input.residentId}, ${def.optional},
            ${rendered.subject}, ${rendered.sms}, ${input.idempotencyKey}, ${link.href})
    ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
    RETURNING id`,
  );
  if (inserted[0]) return { messageId: inserted[0].id, duplicate: false };
  const [existing] = await queryRows<{ id: string }>(
    tx,
    sql`SELECT id FROM messages WHERE idempotency_key = ${input.idempotencyKey}`,
  );
  return { messageId: existing!.id, duplicate: true };
}
