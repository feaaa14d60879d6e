// What the page downloads before it can be used, and how big that is over the wire.
// Shared by the size-budget test (size-budget.test.mjs, in `make test`) and `make bench`
// (scripts/bench.mjs), so both count the same files the same way.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The first-load budget, in bytes of gzip -9: everything the page loads at start (index.html,
 * the app's JS and wasm, the lazy loader, CSS, icon; not the key worker, which loads only when
 * RustCrypto is used, nor the lazy chunks, which load on first use or after idle). From the issue "Performance: a measured budget": total first load ≤ 250 KB gzip.
 */
export const FIRST_LOAD_BUDGET = 250 * 1024;

/**
 * What `make test` enforces: the smallest first load achieved with the features the page has,
 * plus 2 %, and never more than the budget above: 455,099 B on 2026-11-25; 522,338 B on
 * 2026-12-01 once the user flows of issue 11 came in; 566,685 B the same day with DPoP, mTLS and
 * FAPI 2.0 (issue 12); 610,994 B with the scripts, the key set and the JWKS URL check (issue
 * 13); then issue 14's lazy modules: 377,597 B on 2026-12-02 (the first screen's parts in the
 * page, the rest lazy), 328,206 B (the lazy parts' own text out of the main module, key reading,
 * the lint and DPoP signing lazy), 318,402 B (five modules instead of 14), and 243,525 B on
 * 2026-12-02 once key making, signing and steps 3 and 4 came with the preload (module
 * `signing`). BENCHMARKS.md says why each step was made. Lower it whenever the page gets
 * smaller; never raise it without a line in BENCHMARKS.md saying why, and never above the
 * budget.
 */
export const FIRST_LOAD_CEILING = 248_300;

/** The key-generation worker's files: fetched only when RustCrypto makes a key. */
export const isWorkerFile = (name) => /^keygen_worker/.test(name);

/**
 * A lazy chunk (wasm-split): `lazy-<name>-<hash>.wasm`, fetched by the start file
 * `lazy-loader-<hash>.js` on first use or by the preload after idle, never at start.
 */
export const isLazyFile = (name) => /^lazy-.+\.wasm$/.test(name);

/** The loader of the lazy chunks (a start file: the app's JS imports it). */
export const isLazyLoader = (name) => /^lazy-loader-[^/]*\.js$/.test(name);

/** Size of `buffer` compressed with gzip at level 9 (what a server precompressing would send). */
export const gzipSize = (buffer) => gzipSync(buffer, { level: 9 }).length;

/** {file, raw, gzip} for a file in `dist`. */
export function fileSize(dist, file) {
  const body = readFileSync(join(dist, file));
  return { file, raw: body.length, gzip: gzipSize(body) };
}

/** Local, relative references in HTML/JS text: href/src attributes, JS imports and string URLs. */
function references(text) {
  const found = [];
  const patterns = [
    /\b(?:href|src)\s*=\s*["']([^"']+)["']/g, // <link href>, <script src>, <img src>
    /\b(?:import|from)\s*\(?\s*["']([^"']+)["']/g, // static and dynamic imports
    /["'](\.{1,2}\/[^"'\s]+\.(?:m?js|wasm|css|svg|ico|png|json|webmanifest))["']/g, // './x.wasm' in init({ module_or_path })
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) found.push(match[1]);
  }
  return found
    .filter((ref) => !/^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(ref)) // absolute URLs, data:, fragments
    .map((ref) => ref.replace(/[?#].*$/, '').replace(/^\.\//, ''))
    .filter((ref) => ref && !ref.startsWith('/') && !ref.startsWith('../'));
}

/**
 * Every file the page loads at start, read from dist/index.html: index.html itself, what it
 * links, preloads and imports, and what those JS files import in turn. Worker files and lazy
 * chunks (which the lazy loader names, but fetches only later) are left out. Throws when a referenced file is missing from `dist`.
 * @returns {{file: string, raw: number, gzip: number}[]} index.html first, then in order found
 */
export function startFiles(dist) {
  const files = ['index.html'];
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    if (!/\.(?:html|m?js)$/.test(file)) continue;
    const text = readFileSync(join(dist, file), 'utf8');
    const base = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    for (const ref of references(text)) {
      const target = base + ref;
      const name = target.split('/').pop();
      if (isWorkerFile(name) || isLazyFile(name) || files.includes(target)) continue;
      if (!existsSync(join(dist, target))) {
        // The default wasm URL in wasm-bindgen's glue (unused: index.html passes its own) and
        // anything else a JS file merely mentions are not loads; index.html's are.
        if (file === 'index.html') throw new Error(`${file} references ${ref}, which is not in ${dist}`);
        continue;
      }
      files.push(target);
    }
  }
  return files.map((file) => fileSize(dist, file));
}

/** {file, raw, gzip} of every lazy chunk in `dist` (isLazyFile), by name. */
export function lazyFiles(dist) {
  return readdirSync(dist).filter(isLazyFile).sort().map((file) => fileSize(dist, file));
}

/** The lazy chunk names (isLazyFile) that the text of a JS file mentions, each once. */
export function lazyReferences(text) {
  return [...new Set([...text.matchAll(/lazy-[\w.-]+?\.wasm\b/g)].map((m) => m[0]).filter(isLazyFile))].sort();
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
export { kib };

/** A plain-text table of {file, raw, gzip} rows with a total line. */
export function sizeTable(rows) {
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), { raw: 0, gzip: 0 });
  const lines = [...rows.map((r) => [r.file, r.raw, r.gzip]), ['total', total.raw, total.gzip]];
  const width = Math.max(...lines.map((l) => l[0].length), 4);
  const fmt = ([name, raw, gzip]) =>
    `${name.padEnd(width)}  ${String(raw).padStart(9)} B  ${String(gzip).padStart(8)} B  ${kib(gzip).padStart(9)}`;
  return [`${'file'.padEnd(width)}  ${'raw'.padStart(11)}  ${'gzip -9'.padStart(10)}  ${'gzip'.padStart(9)}`, ...lines.map(fmt)].join('\n');
}
