// Public API of the communications module: notify inside your transaction; the worker delivers.
import type { Config } from '../../config.js';
import type { Communications } from '../../kernel/notices.js';
import { NoticeRouter } from './recipients.js';
import { publicBaseUrl } from './service.js';
import { LogSmsChannel, SmsChannel, TwilioSmsProvider } from './sms.js';
import type { Channel } from './channels.js';

export type { NotifyInput, NotifyResult } from './service.js';
export { publicBaseUrl } from './service.js';
export type { NoticeSubject, RecipientResolver, ResolvedRecipient } from './recipients.js';
export { noticeKind, noticeKinds, type NoticeKind } from './kinds.js';
export type { Communications } from '../../kernel/notices.js';
export { manifest } from './manifest.js';
export { renderNotice } from './render.js';
export { MessageWorker } from './worker.js';
export { SmtpEmailChannel, LogEmailChannel, DeliveryError, type Channel } from './channels.js';
export { communicationsConsumer } from './consumer.js';
export { communicationsRoutes } from './routes.js';
export { unsubscribeRoutes } from './unsubscribe-routes.js';
export { CommunicationsEvents } from './events.js';

export function createCommunications(config: Config): Communications {
  const router = new NoticeRouter(config);
  return {
    notify: (tx, input) => router.notify(tx, input),
    notifyFollowers: (tx, input) => router.notifyFollowers(tx, input),
    notifyMany: (tx, inputs) => router.notifyMany(tx, inputs),
    addRecipientResolver: (resolver) => router.addRecipientResolver(resolver),
  };
}
export * from './push/index.js'; // web push: subscriptions, PushChannel, queuePush, hasLivePushSubscription
export {
  registerChannelRoute,
  routeNotice,
  smsOptedOut,
  type ChannelRoute,
  type RoutingRecipient,
} from './routing.js';
export { SmsChannel, LogSmsChannel, TwilioSmsProvider, smsSegments, type SmsProvider } from './sms.js';

/** The SMS channel of this install: the provider when SMS_URL is set, else the log. */
export function smsChannelFor(
  config: Config,
  log: { debug(obj: object, msg: string): void },
): ['sms', Channel] {
  if (!config.sms) return ['sms', new LogSmsChannel(log)];
  const { url, accountSid, authToken, from, messagingServiceSid } = config.sms;
  return [
    'sms',
    new SmsChannel(
      new TwilioSmsProvider({ url, accountSid, authToken }),
      (domain) => publicBaseUrl(config, domain),
      { from, messagingServiceSid },
    ),
  ];
}
