import { request, type FullConfig } from '@playwright/test';
import { baseURL, DEMO, DEMO_PASSWORD, statePath } from './support.ts';

/**
 * Signs in once per run as the demo admin and the demo clerk and saves their cookies, so the
 * tests stay well under the sign-in rate limit (20 a minute per address).
 */
export default async function globalSetup(_config: FullConfig): Promise<void> {
  for (const role of ['admin', 'clerk'] as const) {
    const api = await request.newContext({ baseURL: baseURL() });
    const res = await api.post('/api/v1/auth/login', {
      data: { email: DEMO[role], password: DEMO_PASSWORD },
    });
    if (res.status() !== 200)
      throw new Error(`Could not sign in as ${DEMO[role]}: ${res.status()} ${await res.text()}`);
    await api.storageState({ path: statePath(role) });
    await api.dispose();
  }
}
