import type { NoticeKind } from '../kinds.js';

export type PushUrgency = 'very-low' | 'low' | 'normal' | 'high';

/**
 * How long a push service keeps a notice for a browser that is offline (TTL, seconds) and how
 * eagerly it wakes a device on battery (RFC 8030 Urgency). A code is useless after its few
 * minutes; a shutoff warning must not wait; a statement can wait for the next time the
 * phone is on Wi-Fi.
 */
const BY_KIND: Record<string, { ttl: number; urgency: PushUrgency }> = {
  'resident.phone_code': { ttl: 10 * 60, urgency: 'high' },
  'resident.verify_email': { ttl: 10 * 60, urgency: 'high' },
  'resident.password_reset': { ttl: 30 * 60, urgency: 'high' },
  'utility.shutoff_warning': { ttl: 24 * 3600, urgency: 'high' },
  'utility.autopay_returned': { ttl: 3 * 24 * 3600, urgency: 'normal' },
  'utility.statement_issued': { ttl: 7 * 24 * 3600, urgency: 'low' },
};

const DAY = 24 * 3600;

export function pushPolicy(def: Pick<NoticeKind, 'kind' | 'optional'>): {
  ttl: number;
  urgency: PushUrgency;
} {
  return (
    BY_KIND[def.kind] ??
    (def.optional ? { ttl: 7 * DAY, urgency: 'low' } : { ttl: 3 * DAY, urgency: 'normal' })
  );
}
