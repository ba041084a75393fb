import type { Readable } from 'node:stream';

/** What a store knows about one stored object. */
export type StoredObject = { key: string; size: number; contentType: string };

/**
 * Where uploaded files live: a folder under DATA_DIR (one machine) or an S3-compatible
 * object store (several app servers). Keys are `/`-separated paths of safe characters; the
 * upload service makes them (tenant first), so a module never builds one from user input.
 */
export interface FileStorage {
  readonly kind: 'folder' | 's3';
  /** Writes the whole body under `key`, replacing any object there; nothing is visible until it is complete. */
  put(key: string, body: Buffer | Readable, meta: { contentType: string }): Promise<StoredObject>;
  /** The object's bytes as a stream, or null when there is none. */
  get(key: string): Promise<{ info: StoredObject; stream: Readable } | null>;
  /** Size and type without the bytes, or null when there is none. */
  stat(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Refuses keys that could leave the store's folder or mean different things to different stores. */
export function assertKey(key: string): void {
  const parts = key.split('/');
  const ok =
    key.length > 0 &&
    key.length <= 512 &&
    parts.every((p) => SEGMENT.test(p) && p !== '.' && p !== '..' && !p.includes('..'));
  if (!ok) throw new Error(`Invalid storage key: ${JSON.stringify(key.slice(0, 80))}`);
}

/** The stores save a type with each object; the folder store derives it from the key's extension. */
export const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  pdf: 'application/pdf',
};

export function contentTypeOfKey(key: string): string {
  const ext = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}
