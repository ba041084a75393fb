import crypto from 'node:crypto';
import { expect, type APIRequestContext } from '@playwright/test';
import { adminApi } from './support.ts';

export const RESIDENT_PASSWORD = 'a long walk by the river';

/**
 * Signs a resident up through the API and confirms the email with the code, read back from
 * the message log through the staff API (the shared e2e server has no SMTP). `resident` keeps
 * the session cookie.
 */
export async function createVerifiedResident(
  resident: APIRequestContext,
): Promise<{ email: string; password: string; csrfToken: string }> {
  const { api: admin, dispose } = await adminApi();
  const email = `e2e-resident-${crypto.randomBytes(5).toString('hex')}@example.com`;
  const up = await resident.post('/api/v1/resident/signup', {
    data: { email, password: RESIDENT_PASSWORD, language: 'en' },
  });
  expect(up.status()).toBe(202);
  let code: string | undefined;
  await expect(async () => {
    const list = await admin.get('/api/v1/communications/messages?kind=resident.verify_email&limit=50');
    for (const m of ((await list.json()) as { items: { id: string }[] }).items) {
      const d = (await (await admin.get(`/api/v1/communications/messages/${m.id}`)).json()) as {
        recipient: string;
        bodyText: string;
      };
      if (d.recipient === email) code = /\b(\d{6})\b/.exec(d.bodyText)?.[1];
    }
    expect(code).toBeDefined();
  }).toPass({ timeout: 10_000 });
  const verified = await resident.post('/api/v1/resident/verify-email', { data: { email, code } });
  expect(verified.status()).toBe(200);
  const { csrfToken } = (await verified.json()) as { csrfToken: string };
  await dispose();
  return { email, password: RESIDENT_PASSWORD, csrfToken };
}
