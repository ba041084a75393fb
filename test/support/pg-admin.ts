import pg from 'pg';

/**
 * The PostgreSQL server the tests use (CI's PostgreSQL run), if any, and the few statements run
 * on it outside any test database. No vitest import: the global setup uses this from the main process.
 */
export const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

/** The server URL pointing at another database on the same server. */
export function databaseUrl(name: string): string {
  const u = new URL(serverUrl!);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
