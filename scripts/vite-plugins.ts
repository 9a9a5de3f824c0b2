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
 * Styles may be inline: React and recharts set style attributes. Who may frame a page
 * (frame-ancestors) cannot be said in a <meta>: the `_headers` file below says it, and the full
 * app's own frame check (src/ui/shell/FramedRefusal.tsx) refuses to run in a foreign frame.
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

/**
 * The embed demo's policy (public/embed-demo.html carries it as a <meta>; a unit test keeps the two
 * equal): a host page that runs its own script file and frames the widgets, nothing else.
 */
export const EMBED_DEMO_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
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

/**
 * Response headers a host should send, as a `_headers` file (the format of Netlify and Cloudflare
 * Pages; other hosts: the README lists the same headers). The full app may be framed only by its
 * own origin; embed.html, the widget, by any site. Paths carry the base path when it is absolute.
 */
export function hostHeadersFile(base: string): string {
  const prefix = base.startsWith('/') ? base.replace(/\/?$/, '/') : '/';
  const common = ['  X-Content-Type-Options: nosniff', '  Referrer-Policy: strict-origin-when-cross-origin'];
  const page = (paths: string[], ancestors: string, extra: string[] = []) =>
    paths.map((path) => [`${prefix}${path}`, `  Content-Security-Policy: ${CONTENT_SECURITY_POLICY}; frame-ancestors ${ancestors}`, ...extra, ...common].join('\n')).join('\n\n');
  return [
    '# Headers for the built playground (scripts/vite-plugins.ts writes this file; see the README, "Robustness").',
    '# The full app: framed by its own origin only (the page also checks, for hosts that ignore this file).',
    page(['', 'index.html'], "'self'", ['  X-Frame-Options: SAMEORIGIN']),
    '',
    '# The widget: any site may frame it (that is what it is for).',
    page(['embed.html'], '*'),
    '',
    '# The embed demo: a host page, framed by nobody.',
    [`${prefix}embed-demo.html`, `  Content-Security-Policy: ${EMBED_DEMO_POLICY}; frame-ancestors 'none'`, '  X-Frame-Options: DENY', ...common].join('\n'),
    '',
  ].join('\n');
}

/**
 * embed.html, the widget's page: the same page as index.html under its own name (main.tsx starts
 * the widget when the path ends in embed.html), so a host can let any site frame it and no other
 * page. A copy rather than a second entry: a second entry splits the shared code into more chunks
 * and costs the first visit about 5 kB gzip. In dev, the server answers /embed.html with index.html.
 */
export function embedPage(): Plugin {
  return {
    name: 'playground-embed-page',
    // After Vite's own HTML plugin has put index.html into the bundle.
    enforce: 'post',
    configureServer(server) {
      server.middlewares.use((request, _response, next) => {
        if (request.url && /\/embed\.html(\?|$)/.test(request.url)) request.url = request.url.replace(/embed\.html/, 'index.html');
        next();
      });
    },
    generateBundle(_options, bundle) {
      const index = bundle['index.html'];
      if (!index || index.type !== 'asset') return;
      const html = String(index.source).replace('<title>Regularization Playground</title>', '<title>Regularization Playground (embedded)</title>');
      this.emitFile({ type: 'asset', fileName: 'embed.html', source: html });
    },
  };
}

/**
 * The page's first script: `entry` (src/earlyStart.ts, which starts the training worker) built as
 * its own entry and put into the page before the app's bundle, so it runs as soon as it arrives
 * instead of after the app's whole module graph (Vite would fold a second <script> in index.html
 * into the app's own entry). embed.html, a copy of index.html, carries it too; the script itself
 * knows when not to start anything.
 */
export function earlyScript(entry: string): Plugin {
  return {
    name: 'playground-early-script',
    config: (_config, { command }) => (command === 'build' ? { build: { rolldownOptions: { input: { index: 'index.html', earlyStart: entry } } } } : {}),
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        if (context.server) return html.replace('<script type="module" src="/src/main.tsx">', `<script type="module" src="/${entry}"></script>\n    <script type="module" src="/src/main.tsx">`);
        const early = Object.values(context.bundle ?? {}).find((chunk) => chunk.type === 'chunk' && chunk.isEntry && chunk.name === 'earlyStart');
        const app = context.chunk;
        if (!early || !app) throw new Error('playground-early-script: the early script or the app entry is missing from the bundle');
        const appTag = new RegExp(`<script type="module" crossorigin src="([^"]*)${app.fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"></script>`);
        const match = appTag.exec(html);
        if (!match) throw new Error('playground-early-script: the app entry\'s <script> is not in the page');
        return html.replace(match[0], `<script type="module" crossorigin src="${match[1]}${early.fileName}"></script>\n    ${match[0]}`);
      },
    },
  };
}

/** What a chunking group may ask of the module graph (rolldown's ChunkingContext). */
interface ModuleGraph {
  getModuleInfo(id: string): { isEntry: boolean; importers: readonly string[] } | null;
}

/**
 * A chunking group (build.rolldownOptions.output.codeSplitting.groups) that puts every module the
 * page (`entryPattern`: its HTML entry) imports statically, however deep, into one chunk named
 * `name`. Left to itself the bundler cut that first load into about twenty files wherever a lazy
 * view shared a module with it, and over HTTP/1.1 (six connections, a busy server) the page waited
 * on them in rounds before it could run anything. Lazily loaded views keep their own chunks; the
 * bytes loaded first stay the same (test/e2e/budget.spec.ts).
 */
export function firstLoadChunk(name: string, entryPattern: RegExp) {
  const loadedFirst = new Map<string, boolean>();
  // Whether `id` is reachable from the entry through static imports (walking its importers back).
  const reaches = (id: string, graph: ModuleGraph, seen: Set<string>): boolean => {
    if (loadedFirst.get(id)) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    const info = graph.getModuleInfo(id);
    if (!info) return false;
    const found = info.isEntry ? entryPattern.test(id) : info.importers.some((importer) => reaches(importer, graph, seen));
    // Only a found path is certain here: a cycle cut short by `seen` may hide one.
    if (found) loadedFirst.set(id, true);
    return found;
  };
  return {
    name: (id: string, graph: ModuleGraph): string | null => {
      if (!loadedFirst.has(id)) loadedFirst.set(id, reaches(id, graph, new Set()));
      return loadedFirst.get(id) ? name : null;
    },
  };
}

/** Emits `_headers` beside index.html. */
export function hostHeaders(base: string): Plugin {
  return {
    name: 'playground-host-headers',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: hostHeadersFile(base) });
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
    // After the HTML pages (index.html, embed.html) are in the bundle, so they are precached too.
    enforce: 'post',
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle).filter((file) => !file.endsWith('.map') && file !== '_headers');
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
    event.respondWith(fetch(request).catch(() => caches.match(request, { ignoreSearch: true, ignoreVary: true }).then((page) => page || caches.match('./', { ignoreSearch: true, ignoreVary: true }))));
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
