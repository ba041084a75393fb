import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('has working development defaults and seeds the demo', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      env: 'development',
      port: 3000,
      databaseUrl: undefined,
      seedDemo: true,
      demoPassword: 'esperanza-demo-2026',
    });
    expect(c.dataDir).toMatch(/data$/);
  });

  it('refuses to start in production without a strong secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', CIVQ_SECRET: 'too-short' })).toThrow(/CIVQ_SECRET/);
  });

  it('never seeds demo data in production', () => {
    const c = loadConfig({ NODE_ENV: 'production', CIVQ_SECRET: 'x'.repeat(40) });
    expect(c.seedDemo).toBe(false);
    expect(c.secret).toBe('x'.repeat(40));
  });

  it('rejects malformed settings with a message naming them', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ CIVQ_DEMO_PASSWORD: 'short' })).toThrow(/CIVQ_DEMO_PASSWORD/);
  });
});
