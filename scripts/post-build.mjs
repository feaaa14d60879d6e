// The last step of `make build` (scripts/build.mjs): builds the app and makes the page
// checkable and usable offline.
//
// 0. The app's WebAssembly, in a main module and lazy parts (scripts/build-app.mjs).
// 1. Start-up in boot-<hash>.js, loaded with Subresource Integrity; the WebAssembly is
//    fetched with its integrity checked too, and so is each lazy part.
// 2. A Content-Security-Policy <meta>: scripts only from this origin (plus
//    'wasm-unsafe-eval'), no inline script, object-src 'none', base-uri 'none'. The callback
//    page (the redirect_uri) gets its own, stricter one, and its script an integrity.
// 3. The key worker's loader checks the worker's code and WebAssembly against their hashes.
// 4. sw.js: a service worker that keeps this build's files for offline use. It caches only
//    the files listed here and never touches any other request (Send, discovery).
// 5. pkjwt.html: the whole page in one file (scripts, styles, WebAssembly, lazy parts and the
//    worker inlined) for air-gapped machines, opened from disk.
//
// `node scripts/post-build.mjs <dir>`: on build.mjs's staging directory.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp, inlineLoader } from './build-app.mjs';

const dir = process.argv[2];
if (!dir || !existsSync(join(dir, 'index.html'))) {
  console.error('post-build: no index.html in', dir);
  process.exit(1);
}

const read = (name) => readFileSync(join(dir, name));
const readText = (name) => readFileSync(join(dir, name), 'utf8');
const digest = (algorithm, data) => createHash(algorithm).update(data).digest('base64');
const integrity = (data) => `sha384-${digest('sha384', data)}`;
const shortHash = (data) => createHash('sha256').update(data).digest('hex').slice(0, 16);

// Relaunching the hook on an already processed directory must not stack changes.
for (const file of readdirSync(dir)) {
  if (/^(?:boot-[0-9a-f]+\.js|pkjwt-[0-9a-f]+(?:\.js|_bg\.wasm)|lazy-.*\.(?:js|wasm))$/.test(file) || file === 'sw.js' || file === 'pkjwt.html') rmSync(join(dir, file));
}

// 0. The app itself, in parts (scripts/build-app.mjs says why trunk does not build it).
const app = buildApp(dir);
const { js, wasm } = app;
let html = readText('index.html');
if (html.includes('<script type="module">')) {
  console.error('post-build: index.html has an inline start-up script: the app must not be a trunk rust link');
  process.exit(1);
}

// 1. Start-up, as an external module with the wasm fetched under its integrity.
const boot = `// pkjwt start-up (written by scripts/post-build.mjs): the WebAssembly is fetched with its
// integrity checked, and an offline copy of this build is kept by sw.js.
import init, * as bindings from './${js}';
const wasm = await init({ module_or_path: fetch('./${wasm}', { integrity: '${integrity(read(wasm))}' }) });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
// The offline copy is made once the page is up and the browser idle, so that it never
// competes with the first load (it includes the key worker, which the page loads lazily).
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  const register = () => navigator.serviceWorker.register('./sw.js').catch(() => {});
  const whenIdle = () => (self.requestIdleCallback ? requestIdleCallback(register, { timeout: 3000 }) : setTimeout(register, 1000));
  if (document.readyState === 'complete') whenIdle(); else addEventListener('load', whenIdle, { once: true });
}
`;
const bootName = `boot-${shortHash(boot)}.js`;
writeFileSync(join(dir, bootName), boot);
// The app's script is preloaded (boot imports it only once boot itself has arrived).
const appModules = [js, app.loader].filter(Boolean);
const preload = `<link rel="modulepreload" href="./${js}" crossorigin="anonymous" integrity="${integrity(read(js))}">`;
html = html.replace('</head>', `  <script type="module" src="./${bootName}" integrity="${integrity(boot)}"></script>\n    ${preload}\n  </head>`);
// boot's `import … from './pkjwt-….js'` (and the app's import of the lazy-part loader) carry
// no integrity of their own, and <link rel=modulepreload integrity> only covers them when the
// preload wins the race. An import map's "integrity" applies to every load of those modules,
// so an altered app script is always refused. It is the page's one inline script, allowed by
// its hash in the CSP below.
const importMap = JSON.stringify({ imports: {}, integrity: Object.fromEntries(appModules.map((name) => [`./${name}`, integrity(read(name))])) });
const importMapHash = `'sha256-${digest('sha256', importMap)}'`;
html = html.replace(/(<meta charset="utf-8" \/>)/, `$1\n    <script type="importmap">${importMap}</script>`);

// 2. Content-Security-Policy. connect-src allows http(s): Send and discovery go where the user
// says; nothing else in the page fetches anything.
const csp = [
  "default-src 'none'",
  `script-src 'self' ${importMapHash} 'wasm-unsafe-eval'`,
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' https: http:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
html = html.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${csp}" />\n    <meta name="referrer" content="no-referrer" />`);
writeFileSync(join(dir, 'index.html'), html);

// 2b. The callback page (the redirect_uri, public/callback.html): its one script under
// integrity, its one style block by hash, nothing else allowed (no fetch, no frames).
if (existsSync(join(dir, 'callback.html'))) {
  // The source's comments stay in public/callback.js; the served copy drops them (and the
  // indentation): the offline copy fetches it with the page.
  const callbackJs = readText('callback.js').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('//')).join('\n');
  writeFileSync(join(dir, 'callback.js'), `${callbackJs}\n`);
  let callback = readText('callback.html')
    .replace(/\n    <meta http-equiv="Content-Security-Policy"[^>]*>/, '')
    .replace(/<script src="\.\/callback\.js"[^>]*><\/script>/, '<script src="./callback.js"></script>');
  const callbackStyle = callback.match(/<style>([\s\S]*?)<\/style>/)?.[1] ?? '';
  const callbackCsp = [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'sha256-${digest('sha256', callbackStyle)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
  callback = callback
    .replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${callbackCsp}" />`)
    .replace('<script src="./callback.js"></script>', `<script src="./callback.js" integrity="${integrity(read('callback.js'))}"></script>`);
  writeFileSync(join(dir, 'callback.html'), callback);
}

// 3. The key worker: its loader checks its code and WebAssembly.
const workerJs = 'keygen_worker.js';
const workerWasm = 'keygen_worker_bg.wasm';
const hasWorker = existsSync(join(dir, workerJs));
if (hasWorker) {
  writeFileSync(join(dir, 'keygen_worker_loader.js'), `// pkjwt key worker loader (written by scripts/post-build.mjs): checks the worker's code and
// WebAssembly against their hashes before running them.
(async () => {
  const code = await fetch('./${workerJs}', { integrity: '${integrity(read(workerJs))}' }).then((r) => r.text());
  importScripts(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
  await wasm_bindgen({ module_or_path: fetch('./${workerWasm}', { integrity: '${integrity(read(workerWasm))}' }) });
})();
`);
}

// 4. The service worker, for offline use: exactly this build's files.
const files = readdirSync(dir).filter((f) => f !== 'sw.js' && f !== 'pkjwt.html').sort();
const version = shortHash(files.map((f) => `${f}:${digest('sha256', read(f))}`).join('\n'));
writeFileSync(join(dir, 'sw.js'), `// pkjwt offline copy (written by scripts/post-build.mjs). Keeps this build's own files and
// answers requests for them from the cache; every other request (Send, discovery) passes
// untouched: nothing a user sends or receives is ever stored here.
const CACHE = 'pkjwt-${version}';
const FILES = ${JSON.stringify(['./', ...files.map((f) => `./${f}`)])};
const scope = new URL('./', self.location).href;
const ours = new Set(FILES.map((f) => new URL(f, scope).href));

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith('pkjwt-') && n !== CACHE).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  url.hash = '';
  url.search = '';
  if (event.request.method !== 'GET' || !ours.has(url.href)) return;
  event.respondWith(caches.open(CACHE)
    .then((cache) => cache.match(url.href))
    .then((hit) => hit ?? fetch(event.request)));
});
`);

// 5. One file for air-gapped machines: everything inlined, opened from disk.
const css = readdirSync(dir).find((f) => /^main-.*\.css$/.test(f));
const icon = readdirSync(dir).find((f) => /^favicon-.*\.svg$/.test(f));
const base64 = (name) => read(name).toString('base64');
// The lazy parts' loader goes inside the app's module, its chunks inlined.
const appModule = app.loader ? inlineLoader(readText(js), app.loader, readText(app.loader), read) : readText(js);
const workerSource = hasWorker
  ? `${readText(workerJs)}\nwasm_bindgen({ module_or_path: Uint8Array.from(atob('${base64(workerWasm)}'), (c) => c.charCodeAt(0)) });\n`
  : '';
const single = `${appModule}
// pkjwt in one file (scripts/post-build.mjs): the WebAssembly is inlined, the key worker runs
// from a Blob made here, and nothing is fetched.
globalThis.PKJWT_WORKER_URL = URL.createObjectURL(new Blob([${JSON.stringify(workerSource)}], { type: 'text/javascript' }));
const singleWasm = Uint8Array.from(atob('${base64(wasm)}'), (c) => c.charCodeAt(0));
const singleInstance = await __wbg_init({ module_or_path: singleWasm });
window.wasmBindings = { initSync };
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: singleInstance } }));
`;
const style = css ? readText(css) : '';
const singleCsp = [
  "default-src 'none'",
  `script-src 'sha256-${digest('sha256', single)}' 'wasm-unsafe-eval'`,
  `style-src 'sha256-${digest('sha256', style)}'`,
  'img-src data:',
  'connect-src https: http:',
  'worker-src blob:',
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
const iconLink = icon ? `<link rel="icon" href="data:image/svg+xml;base64,${base64(icon)}" />` : '';
const singleHtml = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="${singleCsp}" />
    <meta name="referrer" content="no-referrer" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <title>pkjwt · private_key_jwt workbench</title>
    ${iconLink}
    <style>${style}</style>
    <script type="module">${single}</script>
  </head>
  <body>
    <noscript>pkjwt runs entirely in your browser and needs JavaScript and WebAssembly.</noscript>
  </body>
</html>
`;
writeFileSync(join(dir, 'pkjwt.html'), singleHtml);
console.log(`post-build: ${js} + ${app.chunks.length} lazy parts (${app.chunks.map((c) => c.part).join(', ')}), ${bootName}, CSP, worker loader, sw.js (${files.length + 1} files), pkjwt.html (${singleHtml.length} bytes)`);
