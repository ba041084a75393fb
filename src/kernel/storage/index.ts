import path from 'node:path';
import type { Readable } from 'node:stream';
import { FolderStorage } from './folder.js';
import { DEFAULT_LINK_SECONDS, FileLinks } from './links.js';
import { parseStorageUrl, S3Storage } from './s3.js';
import { acceptUpload, type StoredFile, type UploadPolicy } from './uploads.js';
import type { FileStorage } from './types.js';

export type { FileStorage, StoredObject } from './types.js';
export { FolderStorage } from './folder.js';
export { S3Storage, parseStorageUrl } from './s3.js';
export { FileLinks, DEFAULT_LINK_SECONDS } from './links.js';
export { acceptUpload, FILE_KINDS, type FileKind, type StoredFile, type UploadPolicy } from './uploads.js';
export { acceptFileBodies, sendSignedFile } from './http.js';

/** STORAGE_URL (s3://…) selects object storage; without it files live in DATA_DIR/files. */
export function createFileStorage(config: { dataDir: string; storageUrl?: string | undefined }): FileStorage {
  if (config.storageUrl) return new S3Storage(parseStorageUrl(config.storageUrl));
  return new FolderStorage(path.join(config.dataDir, 'files'));
}

/** What a module that takes uploads needs: the store, the upload rules and download links. */
export class Files {
  readonly links: FileLinks;

  constructor(
    readonly storage: FileStorage,
    secret: string,
  ) {
    this.links = new FileLinks(secret);
  }

  /** Stores an upload for `tenantId` under `folder` (e.g. "311-photos"); see acceptUpload. */
  accept(tenantId: string, folder: string, source: Readable, policy: UploadPolicy): Promise<StoredFile> {
    return acceptUpload(this.storage, tenantId, folder, source, policy);
  }

  /** A token for a download route; it works for `ttlSeconds` and only within `tenantId`. */
  link(tenantId: string, key: string, ttlSeconds = DEFAULT_LINK_SECONDS): string {
    if (!key.startsWith(`${tenantId}/`)) throw new Error('A link is made only for a file of the same tenant');
    return this.links.sign(tenantId, key, ttlSeconds);
  }

  remove(key: string): Promise<void> {
    return this.storage.delete(key);
  }
}

export function createFiles(config: {
  dataDir: string;
  storageUrl?: string | undefined;
  secret: string;
}): Files {
  return new Files(createFileStorage(config), config.secret);
}
