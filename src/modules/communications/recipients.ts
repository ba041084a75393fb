import type { Config } from '../../config.js';
import type { Tx } from '../../db/client.js';
import type { NoticeSubject, RecipientResolver, ResolvedRecipient } from '../../kernel/notices.js';
import { notify, type NotifyInput, type NotifyResult } from './service.js';

export type { NoticeSubject, RecipientResolver, ResolvedRecipient } from '../../kernel/notices.js';

/**
 * notify() with routing: a notice that says what it is about also reaches everyone the
 * resolvers name, each in their own language. When one of them is the notice's own recipient
 * (the resident's email is the one on the account), that one message switches to their
 * language instead of going twice.
 */
export class NoticeRouter {
  private readonly resolvers: RecipientResolver[] = [];

  constructor(private readonly config: Config) {}

  addRecipientResolver(resolver: RecipientResolver): void {
    this.resolvers.push(resolver);
  }

  private async resolve(tx: Tx, about: NoticeSubject | undefined): Promise<ResolvedRecipient[]> {
    if (!about) return [];
    const out: ResolvedRecipient[] = [];
    for (const r of this.resolvers) out.push(...(await r(tx, about)));
    return out;
  }

  async notify(tx: Tx, input: NotifyInput): Promise<NotifyResult> {
    const followers = await this.resolve(tx, input.about);
    const primary = input.to.email.trim().toLowerCase();
    const self = followers.find((f) => f.email === primary);
    const result = await notify(tx, this.config, self ? { ...input, language: self.language } : input);
    for (const f of followers) {
      if (f.email === primary) continue;
      await notify(tx, this.config, {
        ...input,
        to: { email: f.email, name: null },
        language: f.language,
        idempotencyKey: `${input.idempotencyKey}:${f.key}`,
      });
    }
    return result;
  }

  /** For a record with no address of its own: only its followers hear of it. */
  async notifyFollowers(
    tx: Tx,
    input: Omit<NotifyInput, 'to' | 'language' | 'about'> & { about: NoticeSubject },
  ): Promise<number> {
    const followers = await this.resolve(tx, input.about);
    for (const f of followers) {
      await notify(tx, this.config, {
        ...input,
        to: { email: f.email, name: null },
        language: f.language,
        idempotencyKey: `${input.idempotencyKey}:${f.key}`,
      });
    }
    return followers.length;
  }
}
