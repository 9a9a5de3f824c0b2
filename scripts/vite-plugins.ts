/**
 * Build-only additions: a strict Content-Security-Policy for the built page (vite dev needs an
 * inline script, so it is never applied there) and an offline service worker whose precache list
 * is the build's own output.
 */
import type { Plugin } from 'vite';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * No inline scripts, no eval ('wasm-unsafe-eval' only, for the engine's WebAssembly kernel).
 * Framing is allowed on purpose: embedding is a feature (frame-ancestors is not settable by <meta>).
 * Styles may be inline: React and recharts set style attributes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/** Adds the CSP <meta> to the built index.html. */
export function contentSecurityPolicy(): Plugin {
  return {
    name: 'playground-csp',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`);
    },
  };
}

function listFiles(directory: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) files.push(...listFiles(path));
    else files.push(path);
  }
  return files;
}

/** Files larger than this are cached on first use instead of on install. */
const PRECACHE_MAX_BYTES = 3_000_000;

/**
 * Emits sw.js: precaches every file of the build (pages, scripts, styles, the digits data) so the
 * playground works offline after the first visit. The cache name carries a hash of the file
 * list, so a new build replaces the old cache.
 */
export function offlineServiceWorker(publicDirectory: string): Plugin {
  return {
    name: 'playground-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle).filter((file) => !file.endsWith('.map'));
      // Large files (the 28x28 digits) are cached when first used, not on every first visit.
      const fromPublic = listFiles(publicDirectory)
        .filter((file) => statSync(file).size <= PRECACHE_MAX_BYTES)
        .map((file) => relative(publicDirectory, file).split('\\').join('/'));
      const files = ['./', ...[...built, ...fromPublic].map((file) => `./${file}`)];
      let hash = 0;
      for (const file of files.join('|')) hash = (Math.imul(hash, 31) + file.charCodeAt(0)) | 0;
      const source = `// Generated at build time by scripts/vite-plugins.ts: offline cache of the whole playground.
const CACHE = 'regularization-playground-${(hash >>> 0).toString(36)}';
const FILES = ${JSON.stringify(files)};
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name)))).then(() => self.clients.claim()),
  );
});
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // Pages: the network first (fresh deploys), the cached page when offline. Everything else is
  // content-hashed or static: the cache first.
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match('./', { ignoreSearch: true, ignoreVary: true }).then((page) => page || caches.match(request, { ignoreSearch: true, ignoreVary: true }))));
    return;
  }
  event.respondWith(
    caches.match(request, { ignoreSearch: true, ignoreVary: true }).then(
      (cached) =>
        cached ||
        fetch(request).then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        }),
    ),
  );
});
`;
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
