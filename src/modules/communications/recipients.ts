import type { Config } from '../../config.js';
import type { Tx } from '../../db/client.js';
import {
  noticeSubjectKey,
  type FollowersNotice,
  type NoticeSubject,
  type RecipientResolver,
  type ResolvedRecipient,
} from '../../kernel/notices.js';
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

  /** resolve() for many records: one query per resolver that can answer for many at once. */
  private async resolveMany(tx: Tx, subjects: NoticeSubject[]): Promise<Map<string, ResolvedRecipient[]>> {
    const unique = [...new Map(subjects.map((s) => [noticeSubjectKey(s), s])).values()];
    const out = new Map(unique.map((s) => [noticeSubjectKey(s), [] as ResolvedRecipient[]]));
    for (const r of this.resolvers) {
      if (r.many) {
        const found = await r.many(tx, unique);
        for (const [key, list] of out) list.push(...(found.get(key) ?? []));
      } else {
        for (const s of unique) out.get(noticeSubjectKey(s))!.push(...(await r(tx, s)));
      }
    }
    return out;
  }

  async notify(tx: Tx, input: NotifyInput): Promise<NotifyResult> {
    return this.send(tx, input, await this.resolve(tx, input.about));
  }

  /** For a record with no address of its own: only its followers hear of it. */
  async notifyFollowers(tx: Tx, input: FollowersNotice): Promise<number> {
    return this.sendToFollowers(tx, input, await this.resolve(tx, input.about));
  }

  async notifyMany(tx: Tx, inputs: (NotifyInput | FollowersNotice)[]): Promise<void> {
    const subjects = inputs.flatMap((i) => (i.about ? [i.about] : []));
    const followers = subjects.length > 0 ? await this.resolveMany(tx, subjects) : new Map();
    const of = (about: NoticeSubject | undefined) => (about ? followers.get(noticeSubjectKey(about))! : []);
    for (const input of inputs) {
      if ('to' in input) await this.send(tx, input, of(input.about));
      else await this.sendToFollowers(tx, input, of(input.about));
    }
  }

  private async send(tx: Tx, input: NotifyInput, followers: ResolvedRecipient[]): Promise<NotifyResult> {
    const primary = input.to.email.trim().toLowerCase();
    const self = followers.find((f) => f.email === primary);
    const result = await notify(tx, this.config, self ? { ...input, ...asFollower(input, self) } : input);
    for (const f of followers) {
      if (f.email === primary) continue;
      await notify(tx, this.config, { ...input, ...asFollower(input, f) });
    }
    return result;
  }

  private async sendToFollowers(
    tx: Tx,
    input: FollowersNotice,
    followers: ResolvedRecipient[],
  ): Promise<number> {
    for (const f of followers) await notify(tx, this.config, { ...input, ...asFollower(input, f) });
    return followers.length;
  }
}

/**
 * A follower gets the notice in their language on the channel they chose (routing falls back
 * to email when it cannot reach them); their own copy is keyed by them, except when they are
 * the notice's own recipient.
 */
function asFollower(input: NotifyInput | FollowersNotice, f: ResolvedRecipient) {
  const self = 'to' in input && input.to.email.trim().toLowerCase() === f.email;
  return {
    to: {
      email: f.email,
      name: self ? (input.to.name ?? null) : null,
      phone: f.phone ?? null,
      residentId: f.residentId ?? null,
    },
    language: f.language,
    channel: f.requestedChannel,
    ...(!self && { idempotencyKey: `${input.idempotencyKey}:${f.key}` }),
  };
}
