import { describe, expect, it } from 'vitest';
import { formatLogLine, prettyLogStream } from '../../src/server/log-format.js';
import { loadConfig } from '../../src/config.js';

describe('the development log format', () => {
  const time = Date.UTC(2026, 11, 4, 14, 2, 7);

  it('turns a request line into one short line', () => {
    const line = JSON.stringify({
      level: 30,
      time,
      pid: 1,
      hostname: 'h',
      reqId: 'req-1',
      req: { method: 'GET', path: '/api/v1/auth/me' },
      res: { statusCode: 200 },
      responseTime: 3.4,
      msg: 'request completed',
    });
    expect(formatLogLine(line)).toBe(
      '14:02:07 INFO  request completed GET /api/v1/auth/me 200 3ms reqId=req-1\n',
    );
  });

  it('names the route on the completed line, from the incoming one it drops', () => {
    const incoming = {
      level: 30,
      time,
      reqId: 'r2',
      req: { method: 'POST', path: '/api/v1/x' },
      msg: 'incoming request',
    };
    expect(formatLogLine(JSON.stringify(incoming))).toBeNull();
    const done = {
      level: 30,
      time,
      reqId: 'r2',
      res: { statusCode: 201 },
      responseTime: 7,
      msg: 'request completed',
    };
    expect(formatLogLine(JSON.stringify(done))).toBe(
      '14:02:07 INFO  request completed POST /api/v1/x 201 7ms reqId=r2\n',
    );
  });

  it('keeps error stacks', () => {
    const out = formatLogLine(
      JSON.stringify({
        level: 50,
        time,
        msg: 'job failed',
        err: { message: 'boom', stack: 'Error: boom\n  at x' },
      }),
    );
    expect(out).toBe('14:02:07 ERROR job failed\n    Error: boom\n      at x\n');
  });

  it('passes through what is not JSON, line by line', () => {
    const written: string[] = [];
    prettyLogStream({ write: (s) => written.push(s) }).write(
      `${JSON.stringify({ level: 40, time, msg: 'slow', ms: 12 })}\nplain text\n`,
    );
    expect(written).toEqual(['14:02:07 WARN  slow ms=12\n', 'plain text\n']);
  });

  it('is the default outside production; production logs JSON', () => {
    expect(loadConfig({}).logFormat).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'production', CIVQ_SECRET: 'x'.repeat(32) }).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
  });
});
