import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MessageWorker, SmtpEmailChannel, type Channel } from '../../../src/modules/communications/index.js';
import type { OutgoingMessage } from '../../../src/modules/communications/channels.js';
import type { Tenant } from '../../../src/modules/tenancy/index.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import {
  addCity,
  leasesRunOut,
  MAIL_FROM,
  messageRow,
  notice,
  notifyAs,
  quietLog,
  retriesComeDue,
} from '../../support/communications.js';
import { startSmtpSink, type SinkOptions, type SmtpSink } from '../../support/smtp-sink.js';

/**
 * Two workers and one message, with the interleavings a stalled or dying worker produces made
 * deterministic: each worker's real SMTP channel is wrapped so the test decides when it proceeds.
 */
const HOST = 'leases.city.test';

/** A real channel that waits for the test before sending, and says when a send has begun. */
function gated(inner: Channel) {
  let release!: () => void;
  let began!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const started = new Promise<void>((r) => (began = r));
  const channel: Channel = {
    name: inner.name,
    via: inner.via,
    async send(m: OutgoingMessage) {
      began();
      await gate;
      return inner.send(m);
    },
    close: () => inner.close(),
  };
  return { channel, release, started };
}

/** A real channel whose worker dies right after the server accepted the message (it never returns). */
function diesAfterSending(inner: Channel) {
  let sent!: () => void;
  const accepted = new Promise<void>((r) => (sent = r));
  const channel: Channel = {
    name: inner.name,
    via: inner.via,
    async send(m: OutgoingMessage) {
      await inner.send(m);
      sent();
      return new Promise(() => {}); // the process is gone before it can record anything
    },
    close: () => inner.close(),
  };
  return { channel, accepted };
}

describe('message leases', () => {
  let t: TestApp;
  let tenant: Tenant;
  const cleanups: (() => Promise<void>)[] = [];

  async function sinkAndChannel(options: SinkOptions = {}) {
    const sink = await startSmtpSink({ parse: false, ...options });
    const channel = new SmtpEmailChannel(sink.url, MAIL_FROM, { timeoutMs: 10_000 });
    cleanups.push(
      () => channel.close(),
      () => sink.close(),
    );
    return { sink, channel };
  }
  const workerWith = (channel: Channel) =>
    new MessageWorker(t.platform.db, new Map([['email', channel]]), {
      pollMs: 50,
      leaseMs: 60_000,
      backoffBaseMs: 1000,
      log: quietLog,
    });
  const copiesOf = (sink: SmtpSink, id: string) => sink.countsByMessageId().get(`<${id}@${HOST}>`) ?? 0;

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await addCity(t.platform, 'Leases', HOST);
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  afterAll(() => t?.close());

  it("does not let a stalled worker whose lease ran out overwrite the new owner's outcome", async () => {
    // The stalled worker's send ends in a temporary failure; the new owner's send succeeds.
    const slow = await sinkAndChannel({ onMessage: () => ({ reject: { code: 451, text: 'Try later' } }) });
    const good = await sinkAndChannel();
    const a = gated(slow.channel);
    const b = gated(good.channel);
    const stalled = workerWith(a.channel);
    const owner = workerWith(b.channel);
    const { messageId } = await notifyAs(
      t.platform,
      tenant,
      notice('payment.receipt', 'lease@example.com', 'fence'),
    );

    const aRound = stalled.runOnce();
    await a.started;
    expect(await messageRow(t.platform.db, messageId)).toMatchObject({ status: 'sending', attempts: 1 });
    await leasesRunOut(t.platform.db);
    const bRound = owner.runOnce();
    await b.started;
    expect(await messageRow(t.platform.db, messageId)).toMatchObject({ status: 'sending', attempts: 2 });

    a.release();
    expect(await aRound).toBe(1);
    // The stale failure is not recorded: the message is still the new owner's, in flight.
    expect(await messageRow(t.platform.db, messageId)).toMatchObject({
      status: 'sending',
      attempts: 2,
      last_error: null,
    });
    expect(slow.sink.refused).toBe(1);

    b.release();
    expect(await bRound).toBe(1);
    expect(await messageRow(t.platform.db, messageId)).toMatchObject({ status: 'sent', attempts: 2 });
    await retriesComeDue(t.platform.db);
    await owner.drain();
    expect(copiesOf(good.sink, messageId)).toBe(1);
  });

  it('re-sends under the same Message-ID when a worker dies between the server accepting and recording it', async () => {
    // Delivery is at least once: this is the one window where a message goes out twice, and the
    // repeated Message-ID lets the receiving mail system recognise the copy.
    const { sink, channel } = await sinkAndChannel();
    const dying = diesAfterSending(channel);
    const next = workerWith(channel);
    const { messageId } = await notifyAs(
      t.platform,
      tenant,
      notice('payment.receipt', 'twice@example.com', 'dies'),
    );

    void workerWith(dying.channel).runOnce(); // never finishes: its process "died"
    await dying.accepted;
    expect(copiesOf(sink, messageId)).toBe(1);
    expect(await messageRow(t.platform.db, messageId)).toMatchObject({ status: 'sending', attempts: 1 });

    await next.drain();
    expect(copiesOf(sink, messageId)).toBe(1); // its lease is still live
    await leasesRunOut(t.platform.db);
    await next.drain();
    expect(await messageRow(t.platform.db, messageId)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(copiesOf(sink, messageId)).toBe(2);
    expect(sink.received.map((m) => m.messageId)).toEqual([
      `<${messageId}@${HOST}>`,
      `<${messageId}@${HOST}>`,
    ]);
  });
});
