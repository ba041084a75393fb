import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
// @ts-expect-error s3rver ships no type declarations
import S3rver from '@20minutes/s3rver';

type S3rverInstance = { run(): Promise<AddressInfo>; close(): Promise<void> };

/**
 * An S3-compatible server on 127.0.0.1 (s3rver: real S3 REST and SigV4 signatures, objects
 * in a temporary folder), with one bucket. `url` is a STORAGE_URL for it.
 */
export type S3TestServer = {
  url: string;
  bucket: string;
  /** Everything the server holds for the bucket, to prove a refused upload left nothing behind. */
  keys(): Promise<string[]>;
  stop(): Promise<void>;
};

export async function startS3Server(bucket = 'civq-test'): Promise<S3TestServer> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'civq-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  }) as S3rverInstance;
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  // s3rver checks SigV4 signatures against its one built-in key pair.
  const url = `s3://S3RVER:S3RVER@${bucket}?endpoint=${encodeURIComponent(endpoint)}&region=us-east-1&forcePathStyle=true`;
  return {
    url,
    bucket,
    // Read from the server's own folder (one `<key>._S3rver_object` file per object, multipart
    // parts elsewhere): s3rver's listing answers today's SDK with a signature mismatch.
    async keys() {
      const root = path.join(directory, bucket);
      if (!fs.existsSync(root)) return [];
      return fs
        .readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
        .filter((k) => !k.endsWith('._S3rver_metadata.json') && !k.endsWith('._S3rver_object.md5'))
        .map((k) => k.replace(/\._S3rver_object$/, ''));
    },
    async stop() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
