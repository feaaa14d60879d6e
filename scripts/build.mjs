// `make build`: the release build into dist/ (what `make serve` serves and the e2e tests test).
//
// 1. The key worker: cargo, wasm-bindgen (no-modules, for importScripts) and wasm-opt -Oz. It
//    keeps its fixed names; its loader, written in step 3, checks it by hash.
// 2. Style and icon, named by content (main-<hash>.css, favicon-<hash>.svg, with integrity), and
//    the callback page (the redirect_uri) copied as it is.
// 3. scripts/post-build.mjs: the app in its parts (scripts/build-app.mjs), the start-up script,
//    CSP, the service worker and the one-file pkjwt.html.
// Everything is made in dist/.stage and moved to dist/ only when every step succeeded.
//
// This replaces trunk: the app must be split before wasm-bindgen runs (trunk-rs/trunk#1022),
// and what trunk did besides (the steps above) is a few lines here. It also saves a fresh
// machine compiling trunk (~8 min).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { WASM_FEATURES } from './build-app.mjs';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const DIST = join(ROOT, 'dist');
const STAGE = join(DIST, '.stage');
const TARGET = resolve(ROOT, process.env.CARGO_TARGET_DIR ?? 'target');
const run = (command, args) => execFileSync(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
const integrity = (data) => `sha384-${createHash('sha384').update(data).digest('base64')}`;
const hashed = (file, data) => `${basename(file, extname(file))}-${createHash('sha256').update(data).digest('hex').slice(0, 16)}${extname(file)}`;

rmSync(STAGE, { recursive: true, force: true });
mkdirSync(STAGE, { recursive: true });

// 1. The key worker. Same features as the app, so the library is compiled once for both.
run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--bin', 'keygen_worker', '--features', 'split']);
const workerOut = join(TARGET, 'pkjwt-worker');
run('wasm-bindgen', ['--target', 'no-modules', '--no-typescript', '--out-dir', workerOut, '--out-name', 'keygen_worker', join(TARGET, 'wasm32-unknown-unknown/release/keygen_worker.wasm')]);
run('wasm-opt', ['-Oz', ...WASM_FEATURES, join(workerOut, 'keygen_worker_bg.wasm'), '-o', join(STAGE, 'keygen_worker_bg.wasm')]);
cpSync(join(workerOut, 'keygen_worker.js'), join(STAGE, 'keygen_worker.js'));

// 2. Style, icon, callback page.
let html = readFileSync(join(ROOT, 'index.html'), 'utf8');
for (const source of ['style/main.css', 'public/favicon.svg']) {
  const data = readFileSync(join(ROOT, source));
  const name = hashed(source, data);
  writeFileSync(join(STAGE, name), data);
  const link = `href="${source}"`;
  if (!html.includes(link)) throw new Error(`build: index.html does not link ${source}`);
  html = html.replace(link, `href="./${name}" integrity="${integrity(data)}"`);
}
writeFileSync(join(STAGE, 'index.html'), html);
for (const file of ['public/callback.html', 'public/callback.js']) cpSync(join(ROOT, file), join(STAGE, basename(file)));

// 3. The app and everything that checks it.
run('node', [join(ROOT, 'scripts/post-build.mjs'), STAGE]);

const old = join(ROOT, '.dist-old');
rmSync(old, { recursive: true, force: true });
mkdirSync(DIST, { recursive: true });
renameSync(DIST, old);
renameSync(join(old, '.stage'), DIST);
rmSync(old, { recursive: true, force: true });
console.log('build: dist/ ready');
