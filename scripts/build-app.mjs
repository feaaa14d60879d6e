// Builds the app's WebAssembly in parts (called by scripts/post-build.mjs). Trunk could not do
// this (trunk-rs/trunk#1022): the module has to be split before wasm-bindgen sees it.
//
// 1. cargo: the `pkjwt` binary with feature `split` (src/lazy.rs: every lazy part becomes a
//    split point) and `--emit-relocs`, which wasm-split needs to move code.
//    `--no-merge-data-segments` keeps each constant in a data segment of its own: wasm-split
//    0.2.3 moves a lazy part's text into its chunk by data symbol, but when the one merged
//    segment comes out longer after its alignment padding ("Overlong segment ... putting it in
//    main module") it leaves all data in the main module, every chunk's text included (120 KB).
// 2. wasm-split-cli (wasm_split_cli_support, installed by scripts/setup.sh): the main module
//    plus one chunk per lazy part (split_<name>.wasm) and per set of parts sharing code
//    (chunk_<n>.wasm), and the loader __wasm_split.js that fetches them on first use.
// 3. wasm-bindgen (--keep-lld-exports: the chunks import the main module's function table) and
//    wasm-opt -Oz on every module, as trunk does for the worker.
// 4. Files named by content: pkjwt-<h>.js, pkjwt-<h>_bg.wasm, lazy-loader-<h>.js and
//    lazy-<part>-<hash>.wasm; the loader fetches each chunk under its integrity.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const TARGET = resolve(ROOT, process.env.CARGO_TARGET_DIR ?? 'target');
const WORK = join(TARGET, 'pkjwt-split');
// What rustc 1.95 emits for wasm32-unknown-unknown; wasm-opt must be told (it validates).
export const WASM_FEATURES = ['reference-types', 'bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals', 'multivalue']
  .map((feature) => `--enable-${feature}`);

// wasm-split's loader logs a failed chunk load itself (wasm_split_cli_support 0.2.3).
const LOADER_CONSOLE_LINE = '            console.error(e);\n';

const integrity = (data) => `sha384-${createHash('sha384').update(data).digest('base64')}`;
const shortHash = (...parts) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex').slice(0, 16);
};
const run = (command, args, options = {}) => execFileSync(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], ...options });

/** The loader's name for a wasm-split output file: split_<part> → <part>, chunk_<n> → shared<n>. */
function partName(file) {
  const split = file.match(/^split_(\w+?)(?:_\d+)?\.wasm$/);
  if (split) return split[1];
  const chunk = file.match(/^chunk_(\d+)\.wasm$/);
  if (chunk) return `shared${chunk[1]}`;
  throw new Error(`build-app: unexpected wasm-split output ${file}`);
}

/**
 * Builds the app into `dir` and returns the names there:
 * {js, wasm, loader, chunks: [{part, file}]}.
 */
export function buildApp(dir) {
  run('cargo', ['rustc', '--release', '--target', 'wasm32-unknown-unknown', '--bin', 'pkjwt', '--features', 'split', '--', '-C', 'link-arg=--emit-relocs', '-C', 'link-arg=--no-merge-data-segments']);
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(join(WORK, 'split'), { recursive: true });
  const split = spawnSync('wasm-split-cli', [join(TARGET, 'wasm32-unknown-unknown/release/pkjwt.wasm'), join(WORK, 'split'), '--out-name', 'pkjwt'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, RUST_LOG: 'warn' } });
  process.stdout.write(split.stdout ?? '');
  process.stderr.write(split.stderr ?? '');
  if (split.status !== 0) throw new Error(`build-app: wasm-split-cli failed (${split.status ?? split.signal})`);
  // Data left in the main module that belongs to a chunk: the first load grows by its size.
  if (/putting it in main module/.test(split.stdout + split.stderr)) throw new Error('build-app: wasm-split left a data segment in the main module (see above)');
  run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--no-typescript', '--out-dir', join(WORK, 'bindgen'), '--out-name', 'pkjwt', join(WORK, 'split/pkjwt.wasm')]);

  const optimize = (input) => {
    const output = `${input}.opt`;
    run('wasm-opt', ['-Oz', ...WASM_FEATURES, input, '-o', output], { stdio: ['ignore', 'ignore', 'inherit'] });
    return readFileSync(output);
  };

  const chunks = readdirSync(join(WORK, 'split'))
    .filter((file) => file.endsWith('.wasm') && file !== 'pkjwt.wasm')
    .sort()
    .map((source) => {
      const bytes = optimize(join(WORK, 'split', source));
      const part = partName(source);
      return { source, part, bytes, file: `lazy-${part}-${shortHash(bytes)}.wasm` };
    });
  const wasmBytes = optimize(join(WORK, 'bindgen/pkjwt_bg.wasm'));
  let js = readFileSync(join(WORK, 'bindgen/pkjwt.js'), 'utf8');
  let loader = existsSync(join(WORK, 'split/__wasm_split.js')) ? readFileSync(join(WORK, 'split/__wasm_split.js'), 'utf8') : '';

  const hash = shortHash(wasmBytes, js, loader, ...chunks.map((chunk) => chunk.file));
  const names = { js: `pkjwt-${hash}.js`, wasm: `pkjwt-${hash}_bg.wasm`, loader: `lazy-loader-${hash}.js` };

  for (const chunk of chunks) {
    const url = `new URL("./${chunk.source}", import.meta.url)`;
    if (!loader.includes(url)) throw new Error(`build-app: the loader does not fetch ${chunk.source}`);
    loader = loader.replace(url, `new URL("./${chunk.file}", import.meta.url), { integrity: "${integrity(chunk.bytes)}" }`);
    writeFileSync(join(dir, chunk.file), chunk.bytes);
  }
  if (loader) {
    loader = loader.replace('from "./pkjwt.js"', `from "./${names.js}"`);
    // A chunk that fails to load is the page's to explain (src/lazy.rs shows which part and
    // why); the loader's own console line would be the page's only console output.
    if (!loader.includes(LOADER_CONSOLE_LINE)) throw new Error('build-app: the loader no longer logs its failures as expected; check what it prints');
    loader = loader.replace(LOADER_CONSOLE_LINE, '');
    if (!js.includes('from "./__wasm_split.js"')) throw new Error('build-app: the app does not import the loader');
    // (wasm-bindgen imports it once per loader function)
    js = js.replaceAll('from "./__wasm_split.js"', `from "./${names.loader}"`);
    writeFileSync(join(dir, names.loader), `// pkjwt's lazy parts (wasm-split's loader, names and integrity by scripts/build-app.mjs)\n${loader}`);
  } else {
    names.loader = undefined;
  }
  writeFileSync(join(dir, names.js), js);
  writeFileSync(join(dir, names.wasm), wasmBytes);
  return { ...names, chunks: chunks.map(({ part, file }) => ({ part, file })) };
}

/**
 * The app's module for the one-file page: its import of the loader replaced by the loader
 * itself, with every chunk inlined (base64) instead of fetched. The loader's code runs inside
 * the app's module (where its `initSync` is in scope), wrapped so its names stay its own.
 */
export function inlineLoader(appJs, loaderName, loaderText, readChunk) {
  const importLine = new RegExp(`^import \\* as (\\w+) from "\\./${loaderName.replace(/[.]/g, '\\.')}";?$`, 'gm');
  const bindings = [...appJs.matchAll(importLine)].map((m) => m[1]);
  if (!bindings.length) throw new Error('build-app: the app does not import the loader');
  const exportsOf = [...loaderText.matchAll(/^export const (\w+) =/gm)].map((m) => m[1]);
  const body = loaderText
    .replace(/^import \{ initSync \} from "[^"]+";?\n/m, '')
    .replace(/^export const /gm, 'const ')
    .replace(/fetch\(new URL\("\.\/([^"]+)", import\.meta\.url\), \{ integrity: "[^"]+" \}\)/g, (_, file) =>
      `Promise.resolve(new Response(Uint8Array.from(atob('${readChunk(file).toString('base64')}'), (c) => c.charCodeAt(0)), { headers: { 'content-type': 'application/wasm' } }))`);
  const loader = `const pkjwtLazyLoader = (() => {\n${body}\nreturn { ${exportsOf.join(', ')} };\n})();\n`;
  let first = true;
  return appJs.replace(importLine, (_, binding) => {
    const line = `${first ? loader : ''}const ${binding} = pkjwtLazyLoader;`;
    first = false;
    return line;
  });
}
