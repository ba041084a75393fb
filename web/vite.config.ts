import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(webDir, '..');
const apiTarget = process.env.CIVQ_API_URL ?? 'http://127.0.0.1:3001';

/**
 * Writes .br and .gz beside each text asset so the server (@fastify/static with
 * preCompressed) sends compressed files without compressing on every request.
 */
function precompress(): Plugin {
  return {
    name: 'civq-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css|svg|json)$/.test(fileName) || fileName.startsWith('.vite/')) continue;
        const file = path.join(options.dir!, fileName);
        const data = fs.readFileSync(file);
        if (data.length < 1024) continue;
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
        fs.writeFileSync(
          `${file}.br`,
          zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

/**
 * The SPA lives in web/ and builds to dist/web, which the CiVQ server serves. Message
 * catalogs are read from the shared locales/ folder at the repository root, so the dev
 * server may read files there. The manifest lets bench/web-bundle-size.js measure what a
 * first load downloads.
 */
export default defineConfig({
  root: webDir,
  plugins: [react(), precompress()],
  build: {
    outDir: path.join(repoRoot, 'dist/web'),
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    // USWDS icons are small; inlining them (data: URLs are allowed by the CSP) saves requests.
    assetsInlineLimit: 4096,
  },
  server: {
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': apiTarget,
      '/healthz': apiTarget,
      '/readyz': apiTarget,
    },
  },
});
