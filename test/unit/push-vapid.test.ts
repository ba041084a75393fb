import webpush from 'web-push';
import { describe, expect, it } from 'vitest';
import {
  checkSubscription,
  deviceLabel,
  pushPolicy,
  vapidFromEnvironment,
} from '../../src/modules/communications/index.js';

const config = { mailFrom: 'City of Esperanza <no-reply@esperanza.example.gov>' };

describe('VAPID keys from the environment', () => {
  it('uses both keys when both are set, with MAIL_FROM as the default contact', () => {
    const pair = webpush.generateVAPIDKeys();
    expect(
      vapidFromEnvironment({ VAPID_PUBLIC_KEY: pair.publicKey, VAPID_PRIVATE_KEY: pair.privateKey }, config),
    ).toEqual({
      publicKey: pair.publicKey,
      privateKey: pair.privateKey,
      subject: 'mailto:no-reply@esperanza.example.gov',
      source: 'environment',
    });
    expect(vapidFromEnvironment({}, config)).toBeNull();
  });

  it('refuses one key without the other, a malformed key and a subject that is not mailto:/https:', () => {
    const pair = webpush.generateVAPIDKeys();
    expect(() => vapidFromEnvironment({ VAPID_PUBLIC_KEY: pair.publicKey }, config)).toThrow(/both/);
    expect(() =>
      vapidFromEnvironment({ VAPID_PUBLIC_KEY: 'short', VAPID_PRIVATE_KEY: pair.privateKey }, config),
    ).toThrow(/VAPID_PUBLIC_KEY/);
    expect(() => vapidFromEnvironment({ VAPID_SUBJECT: 'admin@example.gov' }, config)).toThrow(
      /VAPID_SUBJECT/,
    );
  });
});

describe('push subscription checks and policy', () => {
  it('names browser and system only', () => {
    expect(
      deviceLabel(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari · iOS');
    expect(
      deviceLabel('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'),
    ).toBe('Firefox · Windows');
    expect(deviceLabel(undefined)).toBe('');
  });

  it('accepts a real subscription shape and reports each bad field', () => {
    const keys = webpush.generateVAPIDKeys(); // any P-256 point will do for p256dh
    const good = {
      endpoint: 'https://updates.push.services.mozilla.com/wpush/v2/abc',
      keys: { p256dh: keys.publicKey, auth: Buffer.alloc(16, 7).toString('base64url') },
    };
    expect(checkSubscription(good)).toEqual([]);
    expect(
      checkSubscription({ endpoint: 'http://x.example/1', keys: { p256dh: 'AAAA', auth: 'AAAA' } }).map(
        (e) => e.field,
      ),
    ).toEqual(['endpoint', 'keys.p256dh', 'keys.auth']);
  });

  it('sets TTL and urgency per kind', () => {
    expect(pushPolicy({ kind: 'utility.shutoff_warning', optional: false })).toEqual({
      ttl: 86_400,
      urgency: 'high',
    });
    expect(pushPolicy({ kind: 'resident.phone_code', optional: false }).urgency).toBe('high');
    expect(pushPolicy({ kind: 'something.optional', optional: true })).toEqual({
      ttl: 604_800,
      urgency: 'low',
    });
    expect(pushPolicy({ kind: 'payment.receipt', optional: false })).toEqual({
      ttl: 259_200,
      urgency: 'normal',
    });
  });
});
