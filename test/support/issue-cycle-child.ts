// Child process for utilities-billing-crash.test.ts: issues one cycle in small chunks and
// prints "issued <n>" after each committed chunk, so the test can SIGKILL it mid-run.
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { SYSTEM_ACTOR } from '../../src/events/types.js';
import { issueCycle } from '../../src/modules/utilities/index.js';
import { createPlatform } from '../../src/server/platform.js';

const db = await openDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.DATA_DIR,
  poolSize: 2,
});
const platform = createPlatform(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), db);
await issueCycle(platform, process.env.TENANT_ID!, SYSTEM_ACTOR, process.env.CYCLE_ID!, {
  chunkSize: Number(process.env.CHUNK_SIZE ?? 10),
  onChunk: ({ issued }) => {
    process.stdout.write(`issued ${issued}\n`);
  },
});
process.stdout.write('done\n');
await db.close();
