import type { Readable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { EventDispatcher } from '../../src/events/dispatcher.js';
import { createJobQueue } from '../../src/jobs/queue.js';
import { retryOnDeadlock } from '../../src/jobs/schedules.js';
import { acceptFileBodies, createFiles, sendSignedFile } from '../../src/kernel/storage/index.js';
import { buildApp } from '../../src/server/app.js';
import { createPlatform } from '../../src/server/platform.js';
import { PROBE_QUEUE, probeConsumer } from './multi-server-probe.js';

/**
 * One app server of the two-server test (multi-server.test.ts): the real app (buildApp), the
 * event dispatcher and pg-boss as main.ts runs them, on a database the test has migrated, plus
 * a probe consumer, a probe job and two small upload/download routes over the kernel's files.
 */
const name = process.env.SERVER_NAME ?? 'server';
const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 5 });
const platform = createPlatform(config, db);
platform.events.register(probeConsumer(name));
const app = await buildApp(platform);
const files = createFiles(config);

await app.register(async (scope) => {
  acceptFileBodies(scope);
  scope.post('/api/v1/test-files', async (request) => {
    const stored = await files.accept(request.tenant.id, 'probe', request.body as Readable, {
      maxBytes: 10 * 1024 * 1024,
      allow: ['jpeg', 'png', 'pdf'],
    });
    return { ...stored, link: files.link(request.tenant.id, stored.key), server: name };
  });
  scope.get<{ Querystring: { link?: string } }>('/api/v1/test-files', async (request, reply) =>
    sendSignedFile(reply, files, request.query.link, request.tenant.id),
  );
});

const dispatcher = new EventDispatcher(db, platform.events, { pollMs: config.eventPollMs, log: app.log });
const boss = createJobQueue(db, config.databaseUrl);
boss.on('error', (err) => process.stderr.write(`${name} job queue: ${String(err)}\n`));
await boss.start();
// Both servers create the probe queue at the same moment: the same race registerJobs handles.
await retryOnDeadlock(() => boss.createQueue(PROBE_QUEUE));
await boss.work<{ n: number }>(PROBE_QUEUE, { pollingIntervalSeconds: 0.5, batchSize: 1 }, async (jobs) => {
  for (const job of jobs) {
    await db.rawQuery(`INSERT INTO multi_server_probe (kind, item, handled_by) VALUES ('job', $1, $2)`, [
      job.id,
      name,
    ]);
  }
});
dispatcher.start();
await app.listen({ port: config.port, host: '127.0.0.1' });
process.stdout.write(`${name} ready\n`);

process.on('SIGTERM', () => {
  void (async () => {
    await app.close();
    await dispatcher.stop();
    await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
    await files.storage.close();
    await db.close();
    process.exit(0);
  })();
});
