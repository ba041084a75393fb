import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Problem } from '../../../src/kernel/problem.js';
import {
  Files,
  FolderStorage,
  S3Storage,
  parseStorageUrl,
  acceptFileBodies,
  sendSignedFile,
  type FileStorage,
} from '../../../src/kernel/storage/index.js';
import { errorsPlugin } from '../../../src/server/plugins/errors.js';
import { languagePlugin } from '../../../src/server/plugins/language.js';
import { startS3Server, type S3TestServer } from '../../support/s3-server.js';

const TENANT_A = '0b6f2d4e-7c1a-4f1e-9a55-3c2b1d0e9f11';
const TENANT_B = '5e8a1c3b-2d4f-4a6b-8c9d-0e1f2a3b4c5d';
const SECRET = 'storage-test-secret-of-at-least-32-characters';
const MB = 1024 * 1024;

/** A PDF's first bytes followed by `size` bytes of noise, sent in 64 KiB chunks; counts what was read. */
function pdfStream(size: number) {
  const state = { chunksRead: 0 };
  const chunk = 64 * 1024;
  async function* gen() {
    yield Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1');
    for (let sent = 0; sent < size; sent += chunk) {
      state.chunksRead++;
      yield crypto.randomBytes(Math.min(chunk, size - sent));
    }
    yield Buffer.from('\n%%EOF\n');
  }
  return { stream: Readable.from(gen()), state };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

async function refusal(promise: Promise<unknown>): Promise<Problem> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Problem) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

/** A photo as a phone takes it: EXIF with the camera, a description and GPS coordinates. */
async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a7f5c' } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'CiVQTestCam', ImageDescription: 'pothole in front of my house' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '29/1 25/1 3/1',
        GPSLongitudeRef: 'W',
        GPSLongitude: '98/1 29/1 1/1',
      },
    })
    .toBuffer();
}

type Implementation = {
  name: string;
  open(): Promise<{ storage: FileStorage; leftovers(): Promise<string[]> }>;
};

let s3: S3TestServer;
const folders: string[] = [];
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.stop();
  for (const f of folders) fs.rmSync(f, { recursive: true, force: true });
});

/** Every file under a folder, staging included: what a refused upload must not leave. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

const implementations: Implementation[] = [
  {
    name: 'folder under DATA_DIR',
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civq-files-'));
      folders.push(dir);
      return { storage: new FolderStorage(dir), leftovers: async () => filesUnder(dir) };
    },
  },
  {
    name: 'S3-compatible object storage',
    async open() {
      // A prefix per test keeps the tests of one bucket apart.
      const prefix = crypto.randomBytes(4).toString('hex');
      const url = s3.url.replace('@civq-test?', `@civq-test/${prefix}?`);
      return {
        storage: new S3Storage(parseStorageUrl(url)),
        leftovers: async () => (await s3.keys()).filter((k) => k.startsWith(`${prefix}/`)),
      };
    },
  },
];

describe.each(implementations)('file storage: $name', (impl) => {
  it('stores, describes, streams back and deletes an object', async () => {
    const { storage, leftovers } = await impl.open();
    const body = crypto.randomBytes(300_000);
    const put = await storage.put(`${TENANT_A}/docs/a.pdf`, Readable.from([body]), {
      contentType: 'application/pdf',
    });
    expect(put).toEqual({ key: `${TENANT_A}/docs/a.pdf`, size: body.length, contentType: 'application/pdf' });
    expect(await storage.stat(`${TENANT_A}/docs/a.pdf`)).toEqual(put);
    const got = await storage.get(`${TENANT_A}/docs/a.pdf`);
    expect(got!.info).toEqual(put);
    expect((await readAll(got!.stream)).equals(body)).toBe(true);
    // A second put replaces the object whole.
    await storage.put(`${TENANT_A}/docs/a.pdf`, Buffer.from('%PDF-short'), {
      contentType: 'application/pdf',
    });
    expect((await readAll((await storage.get(`${TENANT_A}/docs/a.pdf`))!.stream)).toString()).toBe(
      '%PDF-short',
    );
    await storage.delete(`${TENANT_A}/docs/a.pdf`);
    expect(await storage.get(`${TENANT_A}/docs/a.pdf`)).toBeNull();
    expect(await storage.stat(`${TENANT_A}/docs/a.pdf`)).toBeNull();
    await storage.delete(`${TENANT_A}/docs/a.pdf`); // already gone: not an error
    expect(await leftovers()).toEqual([]);
    await storage.close();
  });

  it('refuses keys that could leave their place', async () => {
    const { storage } = await impl.open();
    for (const key of [
      '../escape.pdf',
      `${TENANT_A}/../../etc/passwd`,
      '/abs.pdf',
      'a//b.pdf',
      '.staging/x',
      '',
    ]) {
      await expect(storage.put(key, Buffer.from('x'), { contentType: 'text/plain' })).rejects.toThrow(
        /Invalid storage key/,
      );
      await expect(storage.get(key)).rejects.toThrow(/Invalid storage key/);
    }
    await storage.close();
  });

  it('takes a PDF upload as sent, under the tenant, and a 6 MB one too (multipart on S3)', async () => {
    const { storage } = await impl.open();
    const files = new Files(storage, SECRET);
    const { stream } = pdfStream(6 * MB);
    const stored = await files.accept(TENANT_A, 'records', stream, { maxBytes: 10 * MB, allow: ['pdf'] });
    expect(stored.key).toMatch(new RegExp(`^${TENANT_A}/records/[0-9a-f-]{36}\\.pdf$`));
    expect(stored.kind).toBe('pdf');
    expect(stored.size).toBeGreaterThan(6 * MB);
    const back = await readAll((await storage.get(stored.key))!.stream);
    expect(back.length).toBe(stored.size);
    expect(back.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    await storage.close();
  });

  it('refuses an upload the moment it passes the size limit and leaves nothing behind', async () => {
    const { storage, leftovers } = await impl.open();
    const files = new Files(storage, SECRET);
    const { stream, state } = pdfStream(8 * MB);
    const problem = await refusal(
      files.accept(TENANT_A, 'records', stream, { maxBytes: 1 * MB, allow: ['pdf'] }),
    );
    expect(problem.status).toBe(413);
    expect(problem.code).toBe('file_too_large');
    expect(problem.params).toEqual({ maxMegabytes: 1 });
    // 1 MB is 16 chunks of 64 KiB; stream buffers allow a few more, not the whole 8 MB (128).
    expect(state.chunksRead).toBeLessThan(40);
    expect(await leftovers()).toEqual([]);
    await storage.close();
  });

  it('decides the type from the bytes: a text file named .jpg is refused', async () => {
    const { storage, leftovers } = await impl.open();
    const files = new Files(storage, SECRET);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civq-upload-'));
    folders.push(dir);
    const fake = path.join(dir, 'pothole.jpg');
    fs.writeFileSync(fake, 'This is not a photo, only words in a file named like one.\n'.repeat(50));
    const problem = await refusal(
      files.accept(TENANT_A, 'photos', fs.createReadStream(fake), {
        maxBytes: MB,
        allow: ['jpeg', 'png', 'webp'],
      }),
    );
    expect([problem.status, problem.code]).toEqual([415, 'file_type_not_allowed']);
    // A real PDF where only images are allowed is refused the same way.
    const pdf = await refusal(
      files.accept(TENANT_A, 'photos', pdfStream(1000).stream, { maxBytes: MB, allow: ['jpeg'] }),
    );
    expect(pdf.code).toBe('file_type_not_allowed');
    expect(await leftovers()).toEqual([]);
    await storage.close();
  });

  it('re-encodes a photo with its EXIF and GPS removed', async () => {
    const { storage } = await impl.open();
    const files = new Files(storage, SECRET);
    const original = await photoWithGps();
    const before = await sharp(original).metadata();
    expect(before.exif?.toString('latin1')).toContain('CiVQTestCam'); // the test photo does carry EXIF
    expect(original.includes('GPS') || before.exif!.length > 100).toBe(true);

    const stored = await files.accept(TENANT_A, 'photos', Readable.from([original]), {
      maxBytes: 5 * MB,
      allow: ['jpeg', 'png', 'webp'],
    });
    expect(stored.contentType).toBe('image/jpeg');
    const back = await readAll((await storage.get(stored.key))!.stream);
    const after = await sharp(back).metadata();
    expect(after.format).toBe('jpeg');
    expect([after.width, after.height]).toEqual([640, 480]);
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(back.includes('CiVQTestCam')).toBe(false);
    expect(back.includes('Exif')).toBe(false);
    expect(back.includes('pothole')).toBe(false);
    await storage.close();
  });

  it('an upload route streams the request body and answers 413 / 415 as problems, in Spanish too', async () => {
    const { storage, leftovers } = await impl.open();
    const files = new Files(storage, SECRET);
    const app = Fastify();
    await app.register(errorsPlugin);
    await app.register(fastifyCookie);
    await app.register(languagePlugin);
    await app.register(async (scope) => {
      acceptFileBodies(scope);
      scope.post('/api/v1/upload', async (request) =>
        files.accept(TENANT_A, 'photos', request.body as Readable, { maxBytes: MB, allow: ['jpeg', 'pdf'] }),
      );
    });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const send = (body: Buffer, type: string, lang = 'en') =>
        fetch(`${base}/api/v1/upload`, {
          method: 'POST',
          headers: { 'content-type': type, 'accept-language': lang },
          body: new Uint8Array(body),
        });
      const ok = await send(await photoWithGps(), 'image/jpeg');
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { kind: string }).kind).toBe('jpeg');

      const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(3 * MB)]);
      const tooBig = await send(big, 'application/pdf', 'es');
      expect(tooBig.status).toBe(413);
      expect(await tooBig.json()).toMatchObject({
        code: 'file_too_large',
        title: 'Archivo demasiado grande',
      });

      const text = await send(Buffer.from('just words, sent as a photo'), 'image/jpeg');
      expect(text.status).toBe(415);
      const body = (await text.json()) as { code: string; detail: string };
      expect(body.code).toBe('file_type_not_allowed');
      expect(body.detail).toContain('jpeg, pdf');
      expect((await leftovers()).filter((k) => !k.includes('/photos/') || k.endsWith('.pdf'))).toEqual([]);
      expect(await leftovers()).toHaveLength(1); // the one accepted photo
    } finally {
      await app.close();
      await storage.close();
    }
  });

  describe('signed download links', () => {
    let app: FastifyInstance;
    let files: Files;
    let key: string;
    beforeAll(async () => {
      const { storage } = await impl.open();
      files = new Files(storage, SECRET);
      key = (
        await files.accept(TENANT_A, 'photos', Readable.from([await photoWithGps()]), {
          maxBytes: MB,
          allow: ['jpeg'],
        })
      ).key;
      app = Fastify();
      await app.register(errorsPlugin);
      await app.register(fastifyCookie);
      await app.register(languagePlugin);
      // In the app the tenant comes from the Host (plugins/tenant.ts); here a header stands in.
      app.get<{ Querystring: { link: string } }>('/api/v1/files', async (request, reply) =>
        sendSignedFile(reply, files, request.query.link, String(request.headers['x-tenant'])),
      );
    });
    afterAll(async () => {
      await app.close();
      await files.storage.close();
    });
    const open = (token: string, tenant = TENANT_A, lang = 'en') =>
      app.inject({
        url: `/api/v1/files?link=${encodeURIComponent(token)}`,
        headers: { 'x-tenant': tenant, 'accept-language': lang },
      });

    it('serves the file within its tenant while the link is fresh', async () => {
      const res = await open(files.link(TENANT_A, key));
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect((await sharp(res.rawPayload).metadata()).width).toBe(640);
    });

    it('refuses an expired link, in both languages', async () => {
      const stale = files.links.sign(TENANT_A, key, 60, Date.now() - 61_000);
      const en = await open(stale);
      expect(en.statusCode).toBe(410);
      expect(en.json()).toMatchObject({ code: 'link_expired', title: 'Link expired' });
      const es = await open(stale, TENANT_A, 'es');
      expect(es.json()).toMatchObject({ code: 'link_expired', title: 'Enlace vencido' });
    });

    it('refuses a tampered link', async () => {
      const token = files.link(TENANT_A, key);
      const [body, sig] = token.split('.') as [string, string];
      const forged = JSON.parse(Buffer.from(body, 'base64url').toString());
      forged.e += 3600; // a longer life
      const longer = `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${sig}`;
      const flipped = `${body}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
      for (const bad of [longer, flipped, body, `${token}.x`, 'nonsense']) {
        const res = await open(bad);
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('link_invalid');
      }
      // Signed with another secret: refused too.
      const other = new Files(files.storage, 'another-secret-of-at-least-32-characters!!');
      expect((await open(other.link(TENANT_A, key))).json().code).toBe('link_invalid');
    });

    it("refuses another tenant's link, and never makes one for another tenant's file", async () => {
      const res = await open(files.link(TENANT_A, key), TENANT_B);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('link_invalid');
      expect(() => files.link(TENANT_B, key)).toThrow(/same tenant/);
    });

    it('answers 404 file_not_found for a genuine link to a removed file', async () => {
      const token = files.link(TENANT_A, key);
      await files.remove(key);
      const res = await open(token);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('file_not_found');
    });
  });
});

describe('STORAGE_URL', () => {
  it('names bucket, prefix, region, endpoint, path style and optional credentials', () => {
    const full = parseStorageUrl(
      's3://AKIA%2Fx:s%3Acret@civq-files/esperanza/uploads?region=us-west-2&endpoint=http%3A%2F%2F127.0.0.1%3A9000&forcePathStyle=true',
    );
    expect(full.bucket).toBe('civq-files');
    expect(full.prefix).toBe('esperanza/uploads/');
    expect(full.client).toMatchObject({
      region: 'us-west-2',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIA/x', secretAccessKey: 's:cret' },
    });
    const bare = parseStorageUrl('s3://civq-files');
    expect(bare.prefix).toBe('');
    expect(bare.client.credentials).toBeUndefined(); // the AWS SDK's own chain (env, profile, role)
    expect(bare.client.forcePathStyle).toBe(false);
    expect(() => parseStorageUrl('https://civq-files')).toThrow(/s3:\/\/bucket/);
  });
});
