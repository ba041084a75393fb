import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertKey, contentTypeOfKey, type FileStorage, type StoredObject } from './types.js';

/**
 * Files in a folder (DATA_DIR/files by default). A write goes to a temporary file in the same
 * folder tree and is renamed into place, so a reader sees the old object or the whole new one,
 * never half of it, and a failed write leaves nothing behind.
 */
export class FolderStorage implements FileStorage {
  readonly kind = 'folder' as const;
  private readonly root: string;
  private readonly staging: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.staging = path.join(this.root, '.staging');
  }

  private pathOf(key: string): string {
    assertKey(key);
    const full = path.resolve(this.root, key);
    // assertKey already refuses "..": this is the second lock on the same door.
    if (!full.startsWith(this.root + path.sep) || full.startsWith(this.staging + path.sep)) {
      throw new Error('Invalid storage key');
    }
    return full;
  }

  async put(key: string, body: Buffer | Readable, meta: { contentType: string }): Promise<StoredObject> {
    const target = this.pathOf(key);
    await fsp.mkdir(this.staging, { recursive: true });
    const temp = path.join(this.staging, `${crypto.randomUUID()}.part`);
    try {
      const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
      await pipeline(source, fs.createWriteStream(temp, { flags: 'wx', mode: 0o640 }));
      await fsp.mkdir(path.dirname(target), { recursive: true });
      await fsp.rename(temp, target);
    } catch (err) {
      await fsp.rm(temp, { force: true });
      throw err;
    }
    const { size } = await fsp.stat(target);
    return { key, size, contentType: meta.contentType };
  }

  async get(key: string): Promise<{ info: StoredObject; stream: Readable } | null> {
    const full = this.pathOf(key);
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(full, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const { size } = await handle.stat();
    return { info: { key, size, contentType: contentTypeOfKey(key) }, stream: handle.createReadStream() };
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const { size } = await fsp.stat(this.pathOf(key));
      return { key, size, contentType: contentTypeOfKey(key) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  async close(): Promise<void> {}
}
