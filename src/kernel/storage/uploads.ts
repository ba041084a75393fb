import crypto from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { Problem } from '../problem.js';
import { assertKey, type FileStorage } from './types.js';

/**
 * The kinds of file CiVQ accepts, told apart by their bytes. HEIC (iPhone photos) is not among
 * them: the prebuilt sharp can read AVIF but not HEVC-coded HEIC, and phones send JPEG when a
 * web form asks for an image with `accept="image/jpeg,image/png,image/webp"`.
 */
export const FILE_KINDS = {
  jpeg: { mime: 'image/jpeg', ext: 'jpg', image: true },
  png: { mime: 'image/png', ext: 'png', image: true },
  webp: { mime: 'image/webp', ext: 'webp', image: true },
  pdf: { mime: 'application/pdf', ext: 'pdf', image: false },
} as const;
export type FileKind = keyof typeof FILE_KINDS;

export type UploadPolicy = {
  /** Bytes of the upload as sent; one byte more and it is refused. */
  maxBytes: number;
  allow: readonly FileKind[];
};

export type StoredFile = { key: string; kind: FileKind; contentType: string; size: number };

const SAMPLE_BYTES = 4100; // what file-type needs to tell every format it knows

/**
 * Takes an upload stream for a tenant and stores it under `<tenantId>/<folder>/<uuid>.<ext>`:
 * - refuses it (413 file_too_large) the moment it passes `maxBytes`, without reading the rest;
 * - decides its kind from its first bytes, never its name (415 file_type_not_allowed);
 * - re-encodes images with every metadata block dropped (EXIF with GPS, XMP, IPTC, comments),
 *   after turning them upright by their EXIF orientation; stores PDFs as sent, streamed;
 * - leaves nothing in storage when anything fails.
 */
export async function acceptUpload(
  storage: FileStorage,
  tenantId: string,
  folder: string,
  source: Readable,
  policy: UploadPolicy,
): Promise<StoredFile> {
  const limited = limit(source, policy.maxBytes);
  const chunks = limited[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let key: string | undefined;
  try {
    const sample = await readSample(chunks);
    const detected = await fileTypeFromBuffer(sample);
    const kind = (Object.keys(FILE_KINDS) as FileKind[]).find((k) => FILE_KINDS[k].mime === detected?.mime);
    if (!kind || !policy.allow.includes(kind)) {
      throw new Problem(415, 'file_type_not_allowed', { allowed: policy.allow.join(', ') });
    }
    const spec = FILE_KINDS[kind];
    key = `${tenantId}/${folder}/${crypto.randomUUID()}.${spec.ext}`;
    assertKey(key);
    const rest = async function* () {
      yield sample;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    };
    if (!spec.image) {
      const stored = await storage.put(key, Readable.from(rest()), { contentType: spec.mime });
      return { key, kind, contentType: spec.mime, size: stored.size };
    }
    const parts: Buffer[] = [];
    for await (const part of rest()) parts.push(part);
    const clean = await reencode(Buffer.concat(parts), kind);
    const stored = await storage.put(key, clean, { contentType: spec.mime });
    return { key, kind, contentType: spec.mime, size: stored.size };
  } catch (err) {
    limited.destroy();
    if (key) await storage.delete(key).catch(() => {});
    throw err;
  }
}

/** A new image from the decoded pixels: sharp writes no metadata unless asked to keep it. */
async function reencode(input: Buffer, kind: FileKind): Promise<Buffer> {
  try {
    const image = sharp(input, { failOn: 'error', limitInputPixels: 100_000_000 }).rotate();
    if (kind === 'png') return await image.png({ compressionLevel: 9 }).toBuffer();
    if (kind === 'webp') return await image.webp({ quality: 85 }).toBuffer();
    return await image.jpeg({ quality: 85 }).toBuffer();
  } catch {
    throw new Problem(422, 'file_unreadable');
  }
}

async function readSample(chunks: AsyncIterator<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  while (size < SAMPLE_BYTES) {
    const next = await chunks.next();
    if (next.done) break;
    parts.push(next.value);
    size += next.value.length;
  }
  return Buffer.concat(parts);
}

/** Passes bytes through until `max`; past it, fails with file_too_large. */
function limit(source: Readable, max: number): Transform {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      seen += chunk.length;
      if (seen > max) {
        done(new Problem(413, 'file_too_large', { maxMegabytes: Math.round((max / 1024 / 1024) * 10) / 10 }));
        return;
      }
      done(null, chunk);
    },
  });
  // An aborted request fails the upload instead of leaving it waiting. The source itself is
  // left open past the limit, so the HTTP layer can still answer 413 on its socket.
  source.on('error', (err) => counter.destroy(err));
  counter.on('error', () => source.unpipe(counter));
  source.pipe(counter);
  return counter;
}
