// Web push, a sub-module of communications: VAPID keys, residents' browser subscriptions, the
// push channel and its policy. Routing (which channel a notice takes) asks
// hasLivePushSubscription / residentsWithLivePush and queues with queuePush.
export { PushChannel, type PushPayload } from './channel.js';
export { pushPolicy, type PushUrgency } from './policy.js';
export { queuePush, DEFAULT_PUSH_PATH, type PushNoticeInput } from './queue.js';
export {
  checkSubscription,
  deviceLabel,
  hasLivePushSubscription,
  listDevices,
  removeDevice,
  residentsWithLivePush,
  subscribe,
  type PushDevice,
  type SubscriptionInput,
} from './subscriptions.js';
export { vapidKeys, vapidFromEnvironment, type VapidKeys } from './vapid.js';
