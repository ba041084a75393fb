import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { hasLivePushSubscription } from './push/subscriptions.js';
import { communicationSettings, smsOptOuts, type ChannelName } from './tables.js';

/** Who a notice is for, as routing sees them: every address we know of. */
export type RoutingRecipient = {
  email: string | null;
  /** A verified mobile number (E.164); the residents module passes it only once verified. */
  phone?: string | null;
  residentId?: string | null;
};

export type Availability = { ok: true; address: string } | { ok: false; reason: string };

/**
 * A channel other than email says whether it can reach a recipient right now (SMS: a verified
 * number that has not texted STOP; push: a live subscription). When it cannot, the notice
 * goes by email and the message records the reason.
 */
export type ChannelRoute = (tx: Tx, recipient: RoutingRecipient) => Promise<Availability>;

const routes = new Map<ChannelName, ChannelRoute>();

/** Plugs a channel's availability check in (SMS here; the push module adds its own). */
export function registerChannelRoute(channel: ChannelName, route: ChannelRoute): void {
  routes.set(channel, route);
}

/** Where a notice for `requested` goes: that channel when it can reach them, else email and why. */
export async function routeNotice(
  tx: Tx,
  requested: ChannelName,
  recipient: RoutingRecipient,
): Promise<{ channel: ChannelName; address: string | null; reason: string | null }> {
  if (requested === 'email') return { channel: 'email', address: recipient.email, reason: null };
  const route = routes.get(requested);
  const found: Availability = route
    ? await route(tx, recipient)
    : { ok: false, reason: 'channel_not_configured' };
  if (found.ok) return { channel: requested, address: found.address, reason: null };
  return { channel: 'email', address: recipient.email, reason: found.reason };
}

export async function smsOptedOut(tx: Tx, phone: string): Promise<boolean> {
  const rows = await tx
    .select({ phone: smsOptOuts.phone })
    .from(smsOptOuts)
    .where(and(eq(smsOptOuts.phone, phone)));
  return rows.length > 0;
}

registerChannelRoute('push', async (tx, r) => {
  if (!r.residentId) return { ok: false, reason: 'no_push_subscription' };
  if (!(await hasLivePushSubscription(tx, r.residentId)))
    return { ok: false, reason: 'no_push_subscription' };
  return { ok: true, address: r.residentId };
});

registerChannelRoute('sms', async (tx, r) => {
  if (!r.phone) return { ok: false, reason: 'no_verified_phone' };
  if (await smsOptedOut(tx, r.phone)) return { ok: false, reason: 'sms_opted_out' };
  return { ok: true, address: r.phone };
});

export type QuietHours = { timeZone: string; startMinute: number; endMinute: number };
export const DEFAULT_SETTINGS = {
  timeZone: 'America/Chicago',
  quietStartMinute: 21 * 60,
  quietEndMinute: 8 * 60,
  smsFrom: null as string | null,
  smsMessagingServiceSid: null as string | null,
};

/** The current entity's settings, or the defaults when it never changed them. */
export async function communicationSettingsOf(tx: Tx) {
  const [row] = await tx.select().from(communicationSettings);
  return row ?? { ...DEFAULT_SETTINGS, updatedAt: null };
}

/** Minutes after local midnight at `at` in `timeZone`. */
export function localMinute(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** The local calendar day (YYYY-MM-DD) at `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/**
 * When quiet hours end, if `at` falls inside them; null when texts may go now. Quiet hours may
 * wrap midnight (21:00–08:00) or not (13:00–14:00); equal start and end means none.
 */
export function quietUntil(at: Date, q: QuietHours): Date | null {
  const { startMinute: s, endMinute: e } = q;
  if (s === e) return null;
  const m = localMinute(at, q.timeZone);
  const quiet = s < e ? m >= s && m < e : m >= s || m < e;
  if (!quiet) return null;
  const wait = (e - m + 1440) % 1440;
  const until = new Date(at.getTime() + wait * 60_000);
  until.setUTCSeconds(0, 0);
  return until;
}

/**
 * Urgent notices go at once even in quiet hours: a verification code the person is waiting
 * for, their replies to STOP/START/HELP, and a shutoff warning on its last day (the shutoff
 * date is today or tomorrow in the entity's time zone).
 */
export function isUrgent(kind: string, data: Record<string, unknown>, today: string): boolean {
  if (kind === 'resident.phone_code' || kind.startsWith('sms.')) return true;
  if (kind === 'utility.shutoff_warning' && typeof data.shutoffDate === 'string') {
    const tomorrow = new Date(`${today}T00:00:00Z`);
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    return data.shutoffDate <= tomorrow.toISOString().slice(0, 10);
  }
  return false;
}
