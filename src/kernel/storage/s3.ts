import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { assertKey, type FileStorage, type StoredObject } from './types.js';

export type S3Location = { bucket: string; prefix: string; client: S3ClientConfig };

/**
 * Reads STORAGE_URL: `s3://[accessKeyId:secretAccessKey@]bucket[/prefix]?region=…&endpoint=…&forcePathStyle=true`.
 * Without credentials in the URL the AWS SDK's usual chain applies (AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY, a profile, an instance role). `endpoint` names any S3-compatible
 * server (MinIO, Ceph, R2…); most of them want `forcePathStyle=true`.
 */
export function parseStorageUrl(value: string): S3Location {
  const url = new URL(value);
  if (url.protocol !== 's3:' || !url.hostname)
    throw new Error('STORAGE_URL must look like s3://bucket?region=…');
  const q = url.searchParams;
  const client: S3ClientConfig = {
    region: q.get('region') ?? process.env.AWS_REGION ?? 'us-east-1',
    forcePathStyle: q.get('forcePathStyle') === 'true',
  };
  const endpoint = q.get('endpoint');
  if (endpoint) client.endpoint = endpoint;
  if (url.username) {
    client.credentials = {
      accessKeyId: decodeURIComponent(url.username),
      secretAccessKey: decodeURIComponent(url.password),
    };
  }
  const prefix = url.pathname.replace(/^\/+|\/+$/g, '');
  return { bucket: url.hostname, prefix: prefix ? `${prefix}/` : '', client };
}

const missing = (err: unknown) =>
  err instanceof S3ServiceException &&
  (err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404);

/**
 * Objects in an S3-compatible bucket (AWS SDK v3). S3 makes an object visible only once its
 * upload completes, so a failed or refused upload leaves nothing readable; a multipart upload
 * that fails is aborted by `Upload`.
 */
export class S3Storage implements FileStorage {
  readonly kind = 's3' as const;
  private readonly s3: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(location: S3Location) {
    this.s3 = new S3Client(location.client);
    this.bucket = location.bucket;
    this.prefix = location.prefix;
  }

  private name(key: string): string {
    assertKey(key);
    return this.prefix + key;
  }

  async put(key: string, body: Buffer | Readable, meta: { contentType: string }): Promise<StoredObject> {
    const upload = new Upload({
      client: this.s3,
      params: { Bucket: this.bucket, Key: this.name(key), Body: body, ContentType: meta.contentType },
      queueSize: 2,
      leavePartsOnError: false,
    });
    await upload.done();
    const info = await this.stat(key);
    if (!info) throw new Error(`Object ${key} is missing right after its upload`);
    return info;
  }

  async get(key: string): Promise<{ info: StoredObject; stream: Readable } | null> {
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.name(key) }));
      return {
        info: {
          key,
          size: res.ContentLength ?? 0,
          contentType: res.ContentType ?? 'application/octet-stream',
        },
        stream: res.Body as Readable,
      };
    } catch (err) {
      if (missing(err)) return null;
      throw err;
    }
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const res = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.name(key) }));
      return {
        key,
        size: res.ContentLength ?? 0,
        contentType: res.ContentType ?? 'application/octet-stream',
      };
    } catch (err) {
      if (missing(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.name(key) }));
  }

  async close(): Promise<void> {
    this.s3.destroy();
  }
}
