import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { openDatabase, type Database } from '../../../src/db/client.js';
import { migrate } from '../../../src/db/migrate.js';
import { withSystem, withTenant } from '../../../src/db/tenant-context.js';
import { createCommunications } from '../../../src/modules/communications/index.js';
import { createTenant } from '../../../src/modules/tenancy/index.js';
import { leasesRunOut, messageRows, notice, smtpWorker } from '../../support/communications.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../../support/database.js';
import { runNode, waitFor } from '../../support/process.js';
import { startSmtpSink } from '../../support/smtp-sink.js';

/**
 * A worker process killed (SIGKILL) in the middle of a batch: some messages accepted by the
 * SMTP server and recorded, some in flight, the rest not yet claimed. A new worker delivers
 * every message, and the SMTP server receives each Message-ID exactly once.
 * On the embedded database the data lives in a folder so the child process can open it.
 */
const HOST = 'crash.city.test';
const TOTAL = 25;
const BATCH = 10;
const ACCEPTED_BEFORE_KILL = 4;

describe('a message worker killed mid-batch', () => {
  let server: TestDatabase | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civq-mail-crash-'));
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    await server?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const open = async (): Promise<Database> => {
    if (!serverUrl) return openDatabase({ dataDir });
    server ??= await createTestDatabase({ migrated: false });
    return openDatabase({ databaseUrl: server.url, poolSize: 4 });
  };

  it('leaves nothing undelivered and nothing delivered twice after a restart', async () => {
    let db = await open();
    await migrate(db);
    const tenant = await withSystem(db, (tx) =>
      createTenant(tx, { slug: 'crash', name: { en: 'Crash', es: 'Crash' }, hosts: [HOST] }),
    );
    const communications = createCommunications(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }));
    await withTenant(db, tenant.id, async (tx) => {
      for (let i = 0; i < TOTAL; i++) {
        await communications.notify(
          tx,
          notice('utility.statement_issued', `resident${i}@example.com`, `statement:${i}`),
        );
      }
    });

    // The server accepts the first few messages, then leaves every further DATA unanswered, so
    // the killed worker has messages in flight that the server never accepted.
    let open250 = false;
    let admitted = 0;
    const sink = await startSmtpSink({
      parse: false,
      onMessage: () => (open250 || admitted++ < ACCEPTED_BEFORE_KILL ? 'accept' : 'hang'),
    });
    cleanups.push(() => sink.close());
    if (db.kind === 'pglite') await db.close(); // the folder has one owner at a time

    const child = runNode(['test/support/message-worker-child.ts'], {
      DATA_DIR: dataDir,
      DATABASE_URL: server?.url,
      SMTP_URL: sink.url,
      BATCH_SIZE: String(BATCH),
    });
    cleanups.push(async () => {
      if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
    });
    await waitFor(() => child.output().includes(`sent ${ACCEPTED_BEFORE_KILL}\n`), 'the first messages');
    child.child.kill('SIGKILL');
    expect(await child.exited).toBeNull(); // killed by a signal, not a normal exit
    expect(sink.received).toHaveLength(ACCEPTED_BEFORE_KILL);

    if (db.kind === 'pglite') db = await open();
    cleanups.push(() => db.close());
    const byStatus = async () => {
      const counts: Record<string, number> = {};
      for (const r of await messageRows(db)) counts[r.status] = (counts[r.status] ?? 0) + 1;
      return counts;
    };
    // Accepted and recorded; claimed and in flight (a dead worker's lease); never claimed.
    expect(await byStatus()).toEqual({
      sent: ACCEPTED_BEFORE_KILL,
      sending: BATCH - ACCEPTED_BEFORE_KILL,
      queued: TOTAL - BATCH,
    });

    open250 = true;
    const { worker, channel } = smtpWorker(db, sink.url, { batchSize: BATCH });
    cleanups.push(() => channel.close());
    await worker.drain();
    // The dead worker's messages wait for its lease to run out: a live lease is never taken over.
    expect(await byStatus()).toEqual({
      sent: TOTAL - (BATCH - ACCEPTED_BEFORE_KILL),
      sending: BATCH - ACCEPTED_BEFORE_KILL,
    });

    await leasesRunOut(db);
    await worker.drain();
    const rows = await messageRows(db);
    expect(rows.map((r) => r.status)).toEqual(Array(TOTAL).fill('sent'));
    const retried = rows.filter((r) => r.attempts === 2);
    expect(retried).toHaveLength(BATCH - ACCEPTED_BEFORE_KILL);

    // At the SMTP server: every message once, under the Message-ID the database recorded.
    const counts = sink.countsByMessageId();
    expect(sink.received).toHaveLength(TOTAL);
    expect(counts.size).toBe(TOTAL);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(counts.keys())).toEqual(new Set(rows.map((r) => r.provider_message_id)));
    expect(new Set(sink.received.map((m) => m.rcptTo[0]))).toEqual(new Set(rows.map((r) => r.recipient)));
    expect(rows.map((r) => r.provider_message_id)).toEqual(rows.map((r) => `<${r.id}@${HOST}>`));
  }, 120_000); // real worker processes, killed and restarted
});
