import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** One message the sink accepted (answered 250 to its DATA). */
export type Received = {
  /** The envelope recipients (RCPT TO), which may differ from the To header. */
  rcptTo: string[];
  raw: Buffer;
  /** The Message-ID header, with its angle brackets. */
  messageId: string | undefined;
  /** Parsed with mailparser, unless the sink was started with `parse: false`. */
  parsed: ParsedMail | undefined;
};

/** What the test tells the sink to answer for one message: accept, reject (code + text), or hang. */
export type Verdict = { reject: { code: number; text: string } } | 'accept' | 'hang';

export type SinkOptions = {
  /** A fixed port (to bring a server "back" where a worker has been failing); any free one otherwise. */
  port?: number;
  /** Parse each message with mailparser (tests); off for the benchmark, which only counts ids. */
  parse?: boolean;
  /** Answer to RCPT TO for an address; accept when absent. */
  onRcpt?: (address: string) => Verdict;
  /** Answer to the end of DATA, decided after the message has been read; accept when absent. */
  onMessage?: (message: Omit<Received, 'parsed'>) => Verdict;
};

export type SmtpSink = {
  /** smtp://127.0.0.1:<port> for SmtpEmailChannel. */
  url: string;
  port: number;
  /** Accepted messages, in the order the sink answered 250. */
  received: Received[];
  /** How many RCPT TO / DATA the sink refused or left hanging. */
  refused: number;
  /** How many times each Message-ID was accepted. */
  countsByMessageId(): Map<string, number>;
  close(): Promise<void>;
};

const smtpError = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

const headerSection = (raw: Buffer) => {
  const end = raw.indexOf('\r\n\r\n');
  return raw.subarray(0, end < 0 ? raw.length : end).toString('latin1');
};

/** The Message-ID read straight from the header section (a folded header is unfolded first). */
export function rawMessageId(raw: Buffer): string | undefined {
  const headers = headerSection(raw).replace(/\r\n[ \t]+/g, ' ');
  return /^message-id:\s*(<[^>]+>)/im.exec(headers)?.[1];
}

/**
 * A real SMTP server on 127.0.0.1 (smtp-server), the peer the email channel talks to in tests
 * and benchmarks. No TLS and no AUTH: the channel connects to it the way it would to a local relay.
 */
export async function startSmtpSink(options: SinkOptions = {}): Promise<SmtpSink> {
  const received: Received[] = [];
  const sink = { refused: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // Tests open many pooled connections; the default (100) is enough, but say it.
    maxClients: 200,
    // Closing with a hung session still open must not keep the test waiting.
    closeTimeout: 100,
    onRcptTo(address, _session, callback) {
      const verdict = options.onRcpt?.(address.address) ?? 'accept';
      if (verdict === 'hang') {
        sink.refused++;
        return; // the client waits until its own timeout, or its process dies
      }
      if (verdict !== 'accept') {
        sink.refused++;
        return callback(smtpError(verdict.reject.code, verdict.reject.text));
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const message = {
          rcptTo: session.envelope.rcptTo.map((a) => a.address),
          raw,
          messageId: rawMessageId(raw),
        };
        const verdict = options.onMessage?.(message) ?? 'accept';
        if (verdict === 'hang') {
          sink.refused++;
          return;
        }
        if (verdict !== 'accept') {
          sink.refused++;
          return callback(smtpError(verdict.reject.code, verdict.reject.text));
        }
        if (options.parse === false) {
          received.push({ ...message, parsed: undefined });
          return callback();
        }
        simpleParser(raw).then(
          (parsed) => {
            received.push({ ...message, parsed });
            callback();
          },
          (err: Error) => callback(smtpError(451, `sink could not parse the message: ${err.message}`)),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => {}); // a client killed mid-session is expected in the crash test
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    get refused() {
      return sink.refused;
    },
    countsByMessageId() {
      const counts = new Map<string, number>();
      for (const m of received) counts.set(m.messageId ?? '', (counts.get(m.messageId ?? '') ?? 0) + 1);
      return counts;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
