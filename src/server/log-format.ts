/**
 * LOG_FORMAT=pretty (the default outside production): pino still produces its JSON objects,
 * and this stream turns each into one short line a developer can read in a terminal —
 * `14:02:07 INFO  request completed GET /api/v1/auth/me 200 3ms`. Production keeps the JSON
 * lines for log collectors. No extra dependency: pino's `stream` option takes any writer.
 */
const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

// Fields every line has, or that get their own place in the line.
const SKIP = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'req', 'res', 'responseTime', 'err']);

// Requests in flight: "incoming request" names the route, "request completed" the outcome.
const inFlight = new Map<string, { method?: string; path?: string }>();

export function formatLogLine(line: string): string | null {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const reqId = typeof o.reqId === 'string' ? o.reqId : undefined;
  // In a terminal one line per request is enough: the completed one, with the route.
  if (o.msg === 'incoming request') {
    if (reqId && inFlight.size < 10_000) inFlight.set(reqId, o.req as { method?: string; path?: string });
    return null;
  }
  const time = typeof o.time === 'number' ? new Date(o.time).toISOString().slice(11, 19) : '';
  const parts = [time, (LEVELS[o.level as number] ?? String(o.level)).padEnd(5), String(o.msg ?? '')];
  const req =
    (o.req as { method?: string; path?: string } | undefined) ?? (reqId ? inFlight.get(reqId) : undefined);
  if (reqId && o.res) inFlight.delete(reqId);
  if (req?.method) parts.push(`${req.method} ${req.path ?? ''}`);
  const res = o.res as { statusCode?: number } | undefined;
  if (res?.statusCode) parts.push(String(res.statusCode));
  if (typeof o.responseTime === 'number') parts.push(`${Math.round(o.responseTime)}ms`);
  for (const [k, v] of Object.entries(o)) {
    if (SKIP.has(k) || v === undefined) continue;
    parts.push(`${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  let out = `${parts.join(' ')}\n`;
  const err = o.err as { stack?: string; message?: string } | undefined;
  if (err) out += `${(err.stack ?? err.message ?? '').replace(/^/gm, '    ')}\n`;
  return out;
}

/** A pino destination writing the human format to `out`. */
export function prettyLogStream(out: { write(s: string): unknown } = process.stdout): {
  write(s: string): void;
} {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) {
        if (!line) continue;
        const formatted = formatLogLine(line);
        if (formatted) out.write(formatted);
      }
    },
  };
}
