#!/usr/bin/env node
// `make bench`: measures the release build in dist/ in headless Chromium against the budgets of
// the issue "Performance: a measured budget, close to what the browser itself can do", prints a
// summary table and (re)writes BENCHMARKS.md. Run from anywhere after `make build`:
//
//   node scripts/bench.mjs            full run (about 3–5 minutes on 2 shared cores)
//   PKJWT_BENCH_QUICK=1 node scripts/bench.mjs   fewer repetitions, to try the script itself
//
// What it measures (details in the "How measured" text it writes):
//   1. first load: every file fetched when the page opens in a fresh context, raw and gzip -9;
//      the lazy chunks apart: their sizes, when each loaded, that none came before interactive;
//   2. time from navigation to interactive (the app mounted its Generate button), several loads,
//      and from interactive to every lazy chunk loaded (data-lazy="ready");
//   3. after that, the frames a click waits until a lazy part (the Script block, …) is shown;
//   4. key generation per type: the page's own path (pkjwtBenchGenerate) vs WebCrypto directly,
//      budgeted on what the page adds to its WebCrypto calls (timed in each run);
//   5. signing per algorithm: the page's own path (pkjwtBenchSign) vs WebCrypto directly;
//   6. the longest main-thread task while the UI generates keys, makes a certificate, re-signs,
//      renders the scripts, builds the code flow's URL and makes DPoP proofs.
// Ratios are taken within one run and one page, alternating the two sides, because absolute
// times on shared machines are noisy. The script exits non-zero only when it could not measure
// (a hook failed, the page errored); budgets that are not met are reported, not fatal.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, newPage, problems, unlessPageError } from '../tests/e2e/lib/browser.mjs';
import { DIST, serveDist } from '../tests/e2e/lib/server.mjs';
import { FIRST_LOAD_BUDGET, fileSize, isLazyFile, isWorkerFile, kib, lazyFiles } from '../tests/e2e/lib/size.mjs';
import { KINDS } from '../tests/e2e/lib/keypanel.mjs';
import { DpopPage } from '../tests/e2e/lib/dpop-page.mjs';
import { INTERACTIVE_PROBE, LAZY_PROBE, isLazyBuild, lazyReady, lazySettled, lazyTimings } from '../tests/e2e/lib/lazy.mjs';
import { LANGS, ScriptPanel } from '../tests/e2e/lib/scripts.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUTPUT = join(ROOT, 'BENCHMARKS.md');
/** A file with the "Test time" table (measured by hand) to include verbatim; without it the section is kept. */
const TEST_TIME_TABLE = process.env.PKJWT_TESTTIME_TABLE;
const QUICK = Boolean(process.env.PKJWT_BENCH_QUICK);

// --- what is measured, how often, against what ------------------------------------------------

const BUDGET = {
  firstLoadBytes: FIRST_LOAD_BUDGET, // gzip -9, shared with tests/e2e/size-budget.test.mjs
  interactiveMs: 300, // navigation to interactive, median, on localhost
  frameMs: 1000 / 60, // a click that shows a lazy part, after the preload: at most one frame
  generateRatio: 1.2, // pkjwt / WebCrypto, every key type WebCrypto offers …
  generateFastMs: 5, // … or, where WebCrypto itself takes under this (median) …
  generateExtraMs: 1, // … at most this much more than WebCrypto (no user sees 0.1 ms against 0.2 ms)
  rs256Ratio: 2, // pkjwt / WebCrypto, RS256 signing
  longTaskMs: 50, // no main-thread task longer than this during any generation or signing
};

const scale = (n) => (QUICK ? Math.max(1, Math.ceil(n / 4)) : n);
const LOADS = scale(9);
/** Times each lazy part is shown by a click, after the preload (section 3). */
const SHOW_RUNS = scale(9);
/** Runs per side (pkjwt, WebCrypto) of the key generation comparison. RSA key generation time
 *  varies a lot from key to key (it searches for primes), so the RSA ratios are the noisiest. */
const GENERATE_RUNS = {
  'RSA-2048': scale(41), 'RSA-3072': scale(31), 'RSA-4096': scale(31),
  'EC-P256': scale(41), 'EC-P384': scale(41), 'EC-P521': scale(41), Ed25519: scale(41),
};
/** RustCrypto in the worker, for information: RSA-4096 takes 10–25 s there. */
const RUST_RUNS = {
  'RSA-2048': scale(3), 'RSA-3072': 1, 'RSA-4096': 1,
  'EC-P256': scale(5), 'EC-P384': scale(5), 'EC-P521': scale(5), Ed25519: scale(5),
};
const SIGN_ITERATIONS = 50; // per call; the first of each call is a warm-up and discarded
/** alg → the key it is measured with. */
const SIGN_CASES = [
  ['RS256', 'RSA-2048'], ['RS384', 'RSA-2048'], ['RS512', 'RSA-2048'],
  ['PS256', 'RSA-2048'], ['PS384', 'RSA-2048'], ['PS512', 'RSA-2048'],
  ['ES256', 'EC-P256'], ['ES384', 'EC-P384'], ['ES512', 'EC-P521'],
  ['EdDSA', 'Ed25519'], ['RS256', 'RSA-4096'],
];
const AUDIENCE = 'https://authorization-server.example/token';

// --- small helpers -----------------------------------------------------------------------------

const log = (...args) => console.error('bench:', ...args);
const errors = []; // what could not be measured; makes the exit code non-zero

function sorted(values) { return [...values].sort((a, b) => a - b); }
function median(values) {
  if (!values.length) return NaN;
  const s = sorted(values);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
const mean = (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);
const min = (values) => (values.length ? Math.min(...values) : NaN);
const max = (values) => (values.length ? Math.max(...values) : NaN);

function ms(value) {
  if (value === undefined || value === null || Number.isNaN(value)) return '–';
  if (Math.abs(value) < 1) return `${value.toFixed(2)} ms`;
  if (Math.abs(value) < 100) return `${value.toFixed(1)} ms`;
  return `${Math.round(value)} ms`;
}
const ratio = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');
const verdict = (ok) => (ok === undefined ? '–' : ok ? 'pass' : '**FAIL**');

/** A markdown table; `rows` are arrays of cells. */
function table(header, rows) {
  const line = (cells) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  const align = header.map((h) => (/^(file|kind|alg|action|what|engine|made by|key)$/i.test(h) ? '---' : '---:'));
  return [line(header), `|${align.join('|')}|`, ...rows.map(line)].join('\n');
}

const run = (command, args) => {
  try { return execFileSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return ''; }
};

function machine(browser) {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const commit = run('git', ['rev-parse', '--short', 'HEAD']) || 'unknown';
  const dirty = run('git', ['status', '--porcelain', '--untracked-files=no']) !== '';
  return {
    date: new Date().toISOString(),
    cpu: model.trim(),
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    chromium: browser.version(),
    node: process.version,
    commit: dirty ? `${commit} + uncommitted changes` : commit,
  };
}

// Init scripts, installed before any of the page's own scripts run (so the page needs no change).
/** Keeps every main-thread long task (> 50 ms, the browser's own definition) in the page. */
const LONG_TASK_PROBE = () => {
  window.__pkjwtLongTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__pkjwtLongTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) {
    window.__pkjwtLongTasks = null; // not supported
  }
};
/**
 * Times every window.open the page makes (window.__pkjwtOpens: {start, ms}). Opening a pop-up
 * is the browser's own synchronous work, and the code flow's Start must do it inside the click
 * (a window opened later is blocked as a pop-up): headless Chromium here spends 50–100 ms in it,
 * also for a bare page that does nothing else (BENCHMARKS.md, "Long tasks"). The long-task
 * budget is the page's own work, so that time is counted apart.
 */
const POPUP_PROBE = () => {
  window.__pkjwtOpens = [];
  const open = window.open;
  window.open = function timedOpen(...args) {
    const start = performance.now();
    try {
      return open.apply(this, args);
    } finally {
      window.__pkjwtOpens.push({ start, ms: performance.now() - start });
    }
  };
};
/** WebCrypto directly, the way the page calls it, and the page's hooks; in window.__pkjwtBench. */
const BENCH_HELPERS = () => {
  const generation = (kind) => (kind.startsWith('RSA-')
    ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: Number(kind.slice(4)), publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
    : kind === 'Ed25519' ? { name: 'Ed25519' } : { name: 'ECDSA', namedCurve: `P-${kind.slice(4)}` });
  // Calls start in a task of the page's own (a timer), not in the DevTools protocol's
  // evaluate: the long-task API does not report the latter, so a busy start would go unseen.
  const timed = async (fn) => {
    await new Promise((ok) => setTimeout(ok, 0));
    const t0 = performance.now();
    const value = await fn();
    return { value, t0, t1: performance.now() };
  };
  window.__pkjwtBench = {
    /** WebCrypto alone: the page's generateKey parameters, then the private key as JWK. */
    direct: (kind) => timed(async () => {
      const t0 = performance.now();
      const pair = await crypto.subtle.generateKey(generation(kind), true, ['sign', 'verify']);
      await crypto.subtle.exportKey('jwk', pair.privateKey);
      return performance.now() - t0;
    }),
    /**
     * The page: same WebCrypto calls, then the JWK read into the page's key type. Its value is
     * [total ms, the key maker's ms within it].
     */
    pkjwt: (kind, engine) => timed(async () => Array.from(await window.wasmBindings.pkjwtBenchGenerate(kind, engine))),
  };
};

/** Tasks from the page's long-task log that overlap [t0, t1] (page clock). */
const overlapping = (tasks, t0, t1) => (tasks ?? []).filter((t) => t.start < t1 && t.start + t.duration > t0);
const longest = (tasks) => (tasks.length ? Math.max(...tasks.map((t) => t.duration)) : 0);

/**
 * Serves every response of `context` with COOP/COEP headers, making its pages cross-origin
 * isolated: performance.now() then has microsecond resolution instead of 100 µs, which matters
 * for sub-millisecond EC and Ed25519 operations. Nothing else the benchmark compares changes.
 */
async function isolate(context) {
  await context.route('**/*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: { ...response.headers(), 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
    });
  });
}

/** A fresh, cross-origin isolated page with the app mounted and the bench helpers installed. */
async function openPage(browser, server, { interactive = false } = {}) {
  const rec = await newPage(browser);
  await isolate(rec.context);
  await rec.page.addInitScript(LONG_TASK_PROBE);
  if (interactive) await rec.page.addInitScript(INTERACTIVE_PROBE);
  await rec.page.goto(server.url);
  await unlessPageError(rec, rec.page.getByTestId('key-generate', { exact: true }).waitFor({ timeout: 30_000 }));
  await lazyReady(rec); // the preload done: it would run alongside the first measurements
  await rec.page.evaluate(BENCH_HELPERS);
  if (!(await rec.page.evaluate(() => crossOriginIsolated))) log('note: the page is not cross-origin isolated: timers are coarse (100 µs)');
  return rec;
}

function reportProblems(rec, section) {
  for (const p of problems(rec)) errors.push(`${section}: ${p}`);
}

// --- 1 + 2: first load and interactive time ----------------------------------------------------

async function firstLoad(browser, server) {
  const loads = [];
  for (let i = 0; i < LOADS; i++) {
    const rec = await newPage(browser); // a fresh context: empty HTTP and code caches
    const finished = [];
    rec.context.on('requestfinished', (req) => finished.push({ url: req.url(), timing: req.timing() }));
    await rec.page.addInitScript(INTERACTIVE_PROBE);
    await rec.page.addInitScript(LAZY_PROBE);
    await rec.page.goto(server.url);
    const interactive = await unlessPageError(rec, rec.page.waitForFunction(() => window.__pkjwtInteractive, null,
      { timeout: 30_000, polling: 20 })).then((handle) => handle.jsonValue());
    const timeOrigin = await rec.page.evaluate(() => performance.timeOrigin);
    // The preload after idle (it may start after the network went quiet), then whatever else the
    // page fetches on its own (the icon may come after the app mounted).
    if (isLazyBuild()) await lazySettled(rec, { timeout: 60_000 }); // "failed" is counted below
    await rec.page.waitForLoadState('networkidle');
    await rec.settled();
    const lazyAt = await rec.page.evaluate(() => window.__pkjwtLazy);
    const chunks = await lazyTimings(rec.page);
    const interactiveAt = timeOrigin + interactive;
    // sw.js's fetches for the offline copy start once the page is idle: not the page's load.
    const offlineCopy = rec.requests.filter((r) => r.fromServiceWorker).length;
    const files = rec.requests.filter((r) => !r.fromServiceWorker).map((r) => {
      const done = finished.find((f) => f.url === r.url);
      const end = done && done.timing.responseEnd >= 0 ? done.timing.startTime + done.timing.responseEnd : undefined;
      return { url: r.url, status: r.status, failure: r.failure, beforeInteractive: end !== undefined && end <= interactiveAt };
    });
    reportProblems(rec, `first load ${i + 1}`);
    await rec.context.close();
    loads.push({ interactive, files, chunks, ready: lazyAt?.ready, failed: lazyAt?.failed });
    log(`load ${i + 1}/${LOADS}: interactive after ${ms(interactive)}, lazy modules ready after ${ms(lazyAt?.ready)}, `
      + `${files.length} requests by the page, ${offlineCopy} by sw.js (offline copy)`);
  }

  // Bytes: from the first load's list of files (the same every time; checked), sized from dist/.
  const fileOf = (url) => decodeURIComponent(new URL(url).pathname.slice(new URL(server.url).pathname.length)) || 'index.html';
  const byFile = new Map();
  for (const load of loads) {
    for (const f of load.files) {
      const file = fileOf(f.url);
      const entry = byFile.get(file) ?? { file, loads: 0, before: 0, bad: [] };
      if (!entry.seen?.has(load)) {
        entry.loads++;
        if (f.beforeInteractive) entry.before++;
        (entry.seen ??= new Set()).add(load);
      }
      if (f.failure || f.status >= 400) entry.bad.push(f.failure ?? f.status);
      byFile.set(file, entry);
    }
  }
  const files = [...byFile.values()].map((e) => {
    if (e.bad.length) errors.push(`first load: ${e.file} failed: ${e.bad.join(', ')}`);
    const size = existsSync(join(DIST, e.file)) ? fileSize(DIST, e.file) : { file: e.file, raw: NaN, gzip: NaN };
    return { ...size, loads: e.loads, before: e.before, worker: isWorkerFile(e.file), lazy: isLazyFile(e.file) };
  });
  for (const f of files) {
    if (f.loads !== LOADS) log(`note: ${f.file} was fetched in ${f.loads} of ${LOADS} loads`);
  }
  // Every chunk of the build, with when the page's own resource timing saw it start and arrive.
  const lazy = lazyFiles(DIST).map((size) => {
    const seen = loads.map((l) => ({ load: l, entries: l.chunks.filter((c) => c.file === size.file) }));
    const entries = seen.flatMap((s) => s.entries);
    return {
      ...size,
      loads: seen.filter((s) => s.entries.length).length,
      fetches: entries.length,
      start: entries.map((e) => e.startTime),
      end: entries.map((e) => e.responseEnd),
      // Started (not only arrived) before the app was interactive: the budget says never.
      before: seen.filter((s) => s.entries.some((e) => e.startTime < s.load.interactive)).length,
    };
  });
  const interactive = loads.map((l) => l.interactive);
  const readyAfter = loads.filter((l) => l.ready !== undefined).map((l) => l.ready - l.interactive);
  const failedLoads = loads.filter((l) => l.failed !== undefined).length;
  if (failedLoads) errors.push(`first load: data-lazy="failed" in ${failedLoads} of ${LOADS} loads`);
  return { files, lazy, interactive, readyAfter, loads: LOADS };
}

// --- 3: a click that shows a lazy part, once the preload is done --------------------------------

/**
 * In the page: acts on `selector` (a click, or a select set to `value` with its input and change
 * events, as a person's choice fires them) and measures the time until the element with testid
 * `shows` is visible, polling after every task. Also counts the animation frames that passed
 * meanwhile: frames 1 = it was there for the first frame after the action (painted in it).
 */
const SHOW_IN_PAGE = async ({ selector, value, shows }) => {
  const visible = () => {
    const node = document.querySelector(`[data-testid="${shows}"]`);
    return Boolean(node && node.getClientRects().length && node.checkVisibility?.() !== false);
  };
  const channel = new MessageChannel();
  const nextTask = () => new Promise((ok) => { channel.port1.onmessage = () => ok(); channel.port2.postMessage(0); });
  await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0))); // start just after a frame
  const target = document.querySelector(selector);
  let frames = 0;
  let counting = true;
  const count = () => { if (counting) { frames++; requestAnimationFrame(count); } };
  requestAnimationFrame(count);
  const t0 = performance.now();
  if (value === undefined) target.click();
  else {
    target.value = value;
    target.dispatchEvent(new Event('input', { bubbles: true }));
    target.dispatchEvent(new Event('change', { bubbles: true }));
  }
  while (!visible() && performance.now() - t0 < 10_000) await nextTask();
  const result = { ms: performance.now() - t0, frames: frames + 1, timeout: !visible() };
  counting = false;
  return result;
};

async function lazyShow(browser, server) {
  const rec = await newPage(browser);
  const p = new DpopPage(rec);
  await p.goto(server.url); // mounted and data-lazy="ready"
  await p.generate('EC-P256');
  await p.configure({ clientId: 'benchmark-client', aud: AUDIENCE, endpoint: AUDIENCE });
  // Whatever holds the parts (outer <details>, a tab) open once, so that only the part itself is timed.
  await p.chooseGrant('authorization_code');
  await p.reveal('authorize-endpoint');
  await p.chooseGrant('client_credentials');
  await p.reveal('script-lang');
  const summary = 'details.script-block > summary';
  const parts = [
    {
      what: 'Script block opened (click on its summary) → script-lang shown',
      reset: () => rec.page.evaluate((s) => { document.querySelector(s).parentElement.open = false; }, summary),
      arg: { selector: summary, shows: 'script-lang' },
    },
    {
      what: 'grant switched to authorization_code → the code flow card (authorize-endpoint) shown',
      reset: () => p.chooseGrant('client_credentials'),
      arg: { selector: '[data-testid="grant-type"]', value: 'authorization_code', shows: 'authorize-endpoint' },
    },
  ];
  const results = [];
  for (const part of parts) {
    const runs = [];
    try {
      for (let i = 0; i < SHOW_RUNS; i++) {
        await part.reset();
        await p.settle();
        runs.push(await unlessPageError(rec, rec.page.evaluate(SHOW_IN_PAGE, part.arg)));
      }
    } catch (error) {
      errors.push(`lazy parts: ${part.what}: ${error.message.split('\n')[0]}`);
    }
    const r = { what: part.what, ms: runs.map((x) => x.ms), frames: runs.map((x) => x.frames), timeouts: runs.filter((x) => x.timeout).length };
    results.push(r);
    log(`lazy part: ${part.what}: median ${ms(median(r.ms))}, frames ${r.frames.join(' ')}`);
  }
  reportProblems(rec, 'lazy parts');
  await rec.context.close();
  return results;
}

// --- 4: key generation ------------------------------------------------------------------------

async function keyGeneration(browser, server) {
  const rec = await openPage(browser, server);
  const { page } = rec;
  const call = (side, kind, engine) => page.evaluate(([s, k, e]) => window.__pkjwtBench[s](k, e), [side, kind, engine]);
  const windows = []; // {kind, side, t0, t1}
  const results = {};

  // Warm-up (not counted): first calls compile and allocate.
  for (const kind of ['EC-P256', 'RSA-2048']) {
    await call('pkjwt', kind, 'webcrypto');
    await call('direct', kind);
  }

  for (const kind of KINDS) {
    // own: the page's own work in each pkjwt run (its total less the key maker's part).
    const r = (results[kind] = { pkjwt: [], own: [], direct: [], rust: [], error: undefined });
    // A browser without this key type in WebCrypto: pkjwt falls back to RustCrypto, no budget.
    const unsupported = await call('direct', kind).then(() => false, (e) => /NotSupportedError/.test(e.message));
    if (unsupported) {
      r.unsupported = true;
      log(`generate ${kind}: WebCrypto does not offer it here`);
      continue;
    }
    try {
      for (let i = 0; i < GENERATE_RUNS[kind]; i++) {
        for (const side of i % 2 ? ['direct', 'pkjwt'] : ['pkjwt', 'direct']) {
          const { value, t0, t1 } = await call(side, kind, 'webcrypto');
          if (side === 'pkjwt') {
            r.pkjwt.push(value[0]);
            r.own.push(value[0] - value[1]);
          } else r.direct.push(value);
          windows.push({ kind, side, t0, t1 });
        }
      }
      log(`generate ${kind}: pkjwt ${ms(median(r.pkjwt))} (its own work ${ms(median(r.own))}), WebCrypto ${ms(median(r.direct))} (median of ${r.pkjwt.length})`);
    } catch (error) {
      r.error = `pkjwtBenchGenerate('${kind}', 'webcrypto'): ${error.message.split('\n')[0]}`;
      errors.push(`key generation: ${r.error}`);
    }
  }
  for (const kind of KINDS) {
    const r = results[kind];
    try {
      for (let i = 0; i < RUST_RUNS[kind]; i++) {
        const { value, t0, t1 } = await call('pkjwt', kind, 'rustcrypto');
        r.rust.push(value[0]);
        windows.push({ kind, side: 'rust', t0, t1 });
      }
      log(`generate ${kind}: RustCrypto in the worker ${ms(median(r.rust))} (median of ${r.rust.length})`);
    } catch (error) {
      r.rustError = `pkjwtBenchGenerate('${kind}', 'rustcrypto'): ${error.message.split('\n')[0]}`;
      errors.push(`key generation: ${r.rustError}`);
    }
  }

  const tasks = await page.evaluate(() => window.__pkjwtLongTasks);
  for (const kind of KINDS) {
    for (const side of ['pkjwt', 'direct', 'rust']) {
      const spans = windows.filter((w) => w.kind === kind && w.side === side);
      results[kind][`${side}LongTask`] = tasks ? max(spans.map((w) => longest(overlapping(tasks, w.t0, w.t1))).concat(0)) : undefined;
    }
  }
  // The worker's files: fetched only now, when RustCrypto is used.
  const base = new URL(server.url).pathname;
  const workerFiles = [...new Set(rec.requests.map((r) => decodeURIComponent(new URL(r.url).pathname.slice(base.length))))]
    .filter((f) => isWorkerFile(f) && existsSync(join(DIST, f)))
    .map((f) => fileSize(DIST, f));
  reportProblems(rec, 'key generation');
  await rec.context.close();
  return { results, workerFiles };
}

// --- 5: signing -------------------------------------------------------------------------------

async function signing(browser, server) {
  const rec = await openPage(browser, server);
  const results = [];
  for (const [alg, kind] of SIGN_CASES) {
    const label = kind === 'RSA-2048' || alg[0] !== 'R' ? alg : `${alg} (${kind})`;
    try {
      const r = await rec.page.evaluate(async ({ alg, kind, iterations, audience }) => {
        const hash = { 256: 'SHA-256', 384: 'SHA-384', 512: 'SHA-512' }[alg.slice(2)];
        const curve = { 'EC-P256': 'P-256', 'EC-P384': 'P-384', 'EC-P521': 'P-521' }[kind];
        const bits = Number(kind.slice(4));
        const exponent = new Uint8Array([1, 0, 1]);
        const [keyAlg, signAlg] = alg.startsWith('RS')
          ? [{ name: 'RSASSA-PKCS1-v1_5', modulusLength: bits, publicExponent: exponent, hash }, { name: 'RSASSA-PKCS1-v1_5' }]
          : alg.startsWith('PS')
            ? [{ name: 'RSA-PSS', modulusLength: bits, publicExponent: exponent, hash }, { name: 'RSA-PSS', saltLength: Number(alg.slice(2)) / 8 }]
            : alg.startsWith('ES') ? [{ name: 'ECDSA', namedCurve: curve }, { name: 'ECDSA', hash }] : [{ name: 'Ed25519' }, { name: 'Ed25519' }];
        // The key: made here by WebCrypto, extractable, handed to both sides as the same JWK.
        const pair = await crypto.subtle.generateKey(keyAlg, true, ['sign', 'verify']);
        const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
        const importAlg = keyAlg.name === 'ECDSA' ? { name: 'ECDSA', namedCurve: curve }
          : keyAlg.name === 'Ed25519' ? { name: 'Ed25519' } : { name: keyAlg.name, hash };
        const key = await crypto.subtle.importKey('jwk', jwk, importAlg, false, ['sign']);
        // A message as long as the page's signing input for these settings: header with alg,
        // typ and a 43-character thumbprint kid; iss, sub, aud, jti (UUID), iat, exp.
        const b64 = (s) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
        const now = Math.floor(Date.now() / 1000);
        const input = `${b64(JSON.stringify({ alg, typ: 'JWT', kid: 'k'.repeat(43) }))}.${b64(JSON.stringify({
          iss: 'benchmark-client', sub: 'benchmark-client', aud: audience, jti: crypto.randomUUID(), iat: now, exp: now + 300,
        }))}`;
        const message = new TextEncoder().encode(input);
        const windows = [];
        const task = () => new Promise((ok) => setTimeout(ok, 0)); // see BENCH_HELPERS' timed()
        const direct = async () => {
          await task();
          const times = [];
          const t0 = performance.now();
          for (let i = 0; i < iterations; i++) {
            const start = performance.now();
            await crypto.subtle.sign(signAlg, key, message);
            times.push(performance.now() - start);
          }
          windows.push({ side: 'direct', t0, t1: performance.now() });
          return times.slice(1); // the first is a warm-up
        };
        const pkjwt = async () => {
          await task();
          const t0 = performance.now();
          const times = Array.from(await window.wasmBindings.pkjwtBenchSign(JSON.stringify(jwk), alg, iterations));
          windows.push({ side: 'pkjwt', t0, t1: performance.now() });
          if (times.length !== iterations) throw new Error(`pkjwtBenchSign returned ${times.length} times for ${iterations} iterations`);
          return times.slice(1);
        };
        // Two rounds in opposite order, so neither side always runs on a warmer machine.
        const out = { pkjwt: [], direct: [], jwkAlg: jwk.alg ?? null, messageLength: message.length, windows };
        out.pkjwt.push(...await pkjwt());
        out.direct.push(...await direct());
        out.direct.push(...await direct());
        out.pkjwt.push(...await pkjwt());
        return out;
      }, { alg, kind, iterations: SIGN_ITERATIONS, audience: AUDIENCE });
      results.push({ label, alg, kind, ...r });
      log(`sign ${label}: pkjwt ${ms(median(r.pkjwt))}, WebCrypto ${ms(median(r.direct))} (median of ${r.pkjwt.length})`);
    } catch (error) {
      const message = `pkjwtBenchSign(…, '${alg}', ${SIGN_ITERATIONS}) with a ${kind} key: ${error.message.split('\n')[0]}`;
      results.push({ label, alg, kind, pkjwt: [], direct: [], error: message });
      errors.push(`signing: ${message}`);
    }
  }
  const tasks = await rec.page.evaluate(() => window.__pkjwtLongTasks);
  for (const r of results) {
    for (const side of ['pkjwt', 'direct']) {
      const spans = (r.windows ?? []).filter((w) => w.side === side);
      r[`${side}LongTask`] = tasks ? max(spans.map((w) => longest(overlapping(tasks, w.t0, w.t1))).concat(0)) : undefined;
    }
  }
  reportProblems(rec, 'signing');
  await rec.context.close();
  return results;
}

// --- 6: long tasks through the UI -------------------------------------------------------------

async function longTasks(browser, server) {
  const rec = await newPage(browser);
  const { page } = rec;
  await page.addInitScript(LONG_TASK_PROBE);
  await page.addInitScript(INTERACTIVE_PROBE);
  await page.addInitScript(LAZY_PROBE);
  await page.addInitScript(POPUP_PROBE);
  const wb = new DpopPage(rec);
  await wb.goto(server.url); // mounted, and the lazy modules loaded (their window is measured below)
  const now = () => page.evaluate(() => performance.now());
  // One frame, then a quarter second: lets rendering and follow-up work (the re-sign after a new
  // key) happen inside the window, and the observer deliver its entries.
  const settle = () => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 250))));

  // Does the observer see a long task at all? A deliberate 100 ms busy loop must show up. It runs
  // in a timer task: code run directly by page.evaluate (a DevTools protocol task) is not reported.
  const supported = await page.evaluate(() => window.__pkjwtLongTasks !== null);
  const busyT0 = await now();
  await page.evaluate(() => new Promise((ok) => setTimeout(() => {
    const end = performance.now() + 100;
    while (performance.now() < end);
    ok();
  }, 0)));
  await settle();
  const busyTasks = overlapping(await page.evaluate(() => window.__pkjwtLongTasks), busyT0, await now());
  // And work the UI does on a click (Playwright's clicks are real input events): a click handler
  // busy for 100 ms, on the page's heading, must show up too.
  await page.evaluate(() => document.addEventListener('click', function busy() {
    document.removeEventListener('click', busy, true);
    const end = performance.now() + 100;
    while (performance.now() < end);
  }, true));
  const clickT0 = await now();
  await page.locator('h1').first().click();
  await settle();
  const clickTasks = overlapping(await page.evaluate(() => window.__pkjwtLongTasks), clickT0, await now());
  const check = { supported, seen: longest(busyTasks), clickSeen: longest(clickTasks) };
  // Durations are whole milliseconds.
  check.ok = supported && check.seen >= 95 && check.clickSeen >= 95;
  log(`long-task observer: a 100 ms busy timer task was seen as ${ms(check.seen)}, a 100 ms click handler as ${ms(check.clickSeen)}`);
  if (!check.ok) errors.push(`long tasks: the PerformanceObserver did not report a deliberate 100 ms task (timer: ${check.seen} ms, click: ${check.clickSeen} ms); long-task numbers are not a measurement`);

  const actions = []; // {action, kind, engine, t0, t1, madeBy?, note?}
  const measure = async (entry, fn) => {
    const t0 = await now();
    try {
      Object.assign(entry, (await fn()) ?? {});
    } catch (error) {
      entry.error = error.message.split('\n')[0];
      errors.push(`long tasks: ${entry.action}${entry.kind ? ` ${entry.kind}` : ''}${entry.engine ? ` (${entry.engine})` : ''}: ${entry.error}`);
    }
    await settle();
    entry.t1 = await now();
    entry.t0 = t0;
    actions.push(entry);
    log(`UI ${entry.action} ${entry.kind ?? ''} ${entry.engine ?? ''}${entry.error ? `: ${entry.error}` : ''}`);
  };
  const generate = async (kind, engine) => {
    await wb.forget();
    await wb.el('key-alg').selectOption(kind);
    await wb.setEngine(engine);
    const before = await wb.assertion();
    await measure({ action: 'generate', kind, engine }, async () => {
      await wb.el('key-generate').click();
      // Attached, not visible: the public JWK sits in a tab that may not be the one shown.
      await unlessPageError(rec, wb.el('key-public-jwk').or(wb.el('key-error')).first().waitFor({ state: 'attached', timeout: 180_000 }));
      if (await wb.el('key-error').count()) throw new Error(`the page says: ${await wb.text('key-error')}`);
      const resigned = await wb.nextAssertion(before, 15_000).then(() => true, () => false);
      const made = await wb.provenance().catch(() => '');
      return { madeBy: /RustCrypto/.test(made) ? 'RustCrypto' : /WebCrypto/.test(made) ? 'WebCrypto' : made, resigned };
    });
  };

  // A key first, then the assertion's fields, so that every later key is followed by a signature.
  await wb.generate('EC-P256');
  await wb.configure({ clientId: 'benchmark-client', aud: AUDIENCE });
  let edits = 0;
  for (const kind of KINDS) {
    await generate(kind, 'webcrypto');
    await measure({ action: 'certificate', kind }, async () => { await wb.makeCertificate({}); });
    await measure({ action: 're-sign', kind }, async () => {
      const before = await wb.assertion();
      await wb.set('client-id', `benchmark-client-${++edits}`);
      await wb.nextAssertion(before, 15_000);
    });
    await generate(kind, 'rustcrypto');
  }

  // The lazy parts in use (issue 14): every script language, DPoP with a proof, the code flow.
  // A request needs its endpoint before the page shows its script or makes a DPoP proof for it.
  await wb.set('token-endpoint', AUDIENCE);
  const scripts = new ScriptPanel(wb);
  for (const lang of LANGS) await measure({ action: 'script', kind: lang }, () => scripts.text(lang));
  await measure({ action: 'DPoP on, a proof', kind: 'ES256' }, async () => {
    await wb.enableDpop({ alg: 'ES256' });
    if (!(await wb.shownProof())) throw new Error(`no dpop-proof shown; dpop-note: ${await wb.note()}`);
  });
  await measure({ action: 'code flow: its URL', kind: 'query, PKCE' }, async () => {
    // Its window goes to a path dist/'s server answers 404: only the URL the page built counts.
    const url = await wb.authorizationUrl(new URL('bench-authorize', server.url).href);
    if (!url.searchParams.get('code_challenge')) throw new Error(`no code_challenge in ${url}`);
  });

  const opens = await page.evaluate(() => window.__pkjwtOpens);
  // Each long task, with the browser's window.open time inside it apart: `own` is the page's.
  const tasks = (await page.evaluate(() => window.__pkjwtLongTasks))?.map((t) => {
    const opening = opens.filter((o) => o.start >= t.start && o.start < t.start + t.duration).reduce((sum, o) => sum + o.ms, 0);
    return { ...t, opening, own: t.duration - opening };
  });
  const interactive = await page.evaluate(() => window.__pkjwtInteractive);
  const lazyAt = await page.evaluate(() => window.__pkjwtLazy);
  // The preload after idle, from interactive to data-lazy="ready": compiling and starting chunks.
  // Only tasks that start in it: the task that mounts the app runs on past "interactive" (the
  // probe notes the Generate button from inside it) and is the page start's, reported below.
  if (lazyAt?.ready !== undefined) actions.unshift({ action: 'lazy preload (interactive → ready)', t0: interactive, t1: lazyAt.ready, startsInside: true });
  for (const a of actions) {
    const seen = tasks && overlapping(tasks, a.t0, a.t1).filter((t) => !a.startsInside || t.start >= a.t0);
    a.longest = tasks ? longest(seen) : undefined;
    // Where a window.open is in one of them: the page's own longest, over every task in the
    // window (not only the longest one: a task without a window.open may be the page's worst).
    if (seen?.some((t) => t.opening > 0)) {
      const worst = seen.reduce((w, t) => (t.own > w.own ? t : w));
      Object.assign(a, { own: worst.own, ownTask: worst.duration, opening: worst.opening });
    }
  }
  const start = tasks ? longest(tasks.filter((t) => t.start < interactive)) : undefined;
  reportProblems(rec, 'long tasks');
  await rec.context.close();
  return { check, actions, start };
}

// --- report ------------------------------------------------------------------------------------

function report({ info, load, show, gen, sign, lt }) {
  const summary = []; // [what, measured, budget, ok]
  const sections = [];

  // First load
  if (load) {
    const first = load.files.filter((f) => !f.worker && !f.lazy);
    const total = { raw: 0, gzip: 0 };
    for (const f of first) { total.raw += f.raw; total.gzip += f.gzip; }
    const beforeGzip = first.filter((f) => f.before === f.loads).reduce((t, f) => t + f.gzip, 0);
    const ok = total.gzip <= BUDGET.firstLoadBytes;
    summary.push(['First load, gzip -9 (all files the page fetches at start; lazy chunks not included)', `${total.gzip} B (${kib(total.gzip)})`, `≤ ${kib(BUDGET.firstLoadBytes)}`, ok]);
    const rows = first.map((f) => [f.file, f.raw, f.gzip, kib(f.gzip), f.before === f.loads ? 'yes' : f.before ? `${f.before} of ${f.loads} loads` : 'no, after']);
    rows.push(['**total**', total.raw, total.gzip, `**${kib(total.gzip)}**`, `${kib(beforeGzip)} of it before`]);
    let text = `## First load\n\nEvery file the page fetched when opened in a fresh browser context (no cache), `
      + `sizes from \`dist/\`: raw and gzip -9 (what a host serving precompressed files sends).\n\n`
      + `${table(['file', 'raw bytes', 'gzip -9 bytes', 'gzip', 'arrived before interactive'], rows)}\n\n`
      + `Budget: total ≤ ${kib(BUDGET.firstLoadBytes)} gzip (${BUDGET.firstLoadBytes} B): ${verdict(ok)}`
      + `${ok ? '' : `, over by ${total.gzip - BUDGET.firstLoadBytes} B (${kib(total.gzip - BUDGET.firstLoadBytes)})`}.\n`;
    const workers = gen?.workerFiles ?? [];
    if (workers.length) {
      const wt = workers.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip }), { raw: 0, gzip: 0 });
      text += `\nLoaded later, only when RustCrypto makes a key (not part of the first load):\n\n`
        + `${table(['file', 'raw bytes', 'gzip -9 bytes', 'gzip'], [...workers.map((f) => [f.file, f.raw, f.gzip, kib(f.gzip)]), ['total', wt.raw, wt.gzip, kib(wt.gzip)]])}\n`;
    }
    const startedWorker = load.files.filter((f) => f.worker);
    if (startedWorker.length) text += `\nNote: the worker's files were fetched at start: ${startedWorker.map((f) => f.file).join(', ')}.\n`;
    sections.push(`${text}${loadNote(info, 'first load')}`);
    sections.push(lazySection(load, summary, info));

    const i = load.interactive;
    const iok = median(i) <= BUDGET.interactiveMs;
    summary.push([`Navigation to interactive, median of ${i.length} loads`, ms(median(i)), `≤ ${BUDGET.interactiveMs} ms`, iok]);
    const r = load.readyAfter;
    if (r.length) summary.push([`Interactive to every lazy chunk loaded (data-lazy="ready"), median of ${r.length} loads`, ms(median(r)), '–', undefined]);
    const timeRows = [['navigation → interactive', i.length, ms(median(i)), ms(min(i)), ms(max(i)), `≤ ${BUDGET.interactiveMs} ms`, verdict(iok)]];
    if (r.length) timeRows.push(['interactive → lazy chunks loaded', r.length, ms(median(r)), ms(min(r)), ms(max(r)), '–', '–']);
    sections.push(`## Time to interactive\n\nFrom navigation start to the app having mounted its Generate button, `
      + `each load in a fresh context (nothing cached), served from localhost; then from there to \`data-lazy="ready"\` `
      + `on <html> (the page's preload after idle has loaded every lazy chunk; until then a first use of a part waits for its chunk).\n\n`
      + `${table(['what', 'loads', 'median', 'min', 'max', 'budget', 'result'], timeRows)}\n\n`
      + `All loads, interactive: ${i.map((v) => Math.round(v)).join(', ')} ms`
      + `${r.length ? `; interactive → ready: ${r.map((v) => Math.round(v)).join(', ')} ms` : ''}.\n${loadNote(info, 'first load')}`);
  }

  // A click that shows a lazy part, after the preload
  if (show) {
    const rows = show.map((r) => {
      const ok = r.ms.length > 0 && !r.timeouts && max(r.ms) <= BUDGET.frameMs;
      summary.push([`Action to a lazy part shown, after the preload: ${r.what.split(' → ')[0]} (worst of ${r.ms.length})`,
        r.ms.length ? ms(max(r.ms)) : 'error', `≤ 1 frame (${ms(BUDGET.frameMs)})`, ok]);
      return [r.what, r.ms.length, ms(median(r.ms)), ms(max(r.ms)), r.frames.join(' '), `≤ ${ms(BUDGET.frameMs)}`, verdict(ok)];
    });
    sections.push(`## Lazy parts on first use\n\n"Nothing a user does on the first screen waits more than one frame for a lazy module": `
      + `once \`data-lazy="ready"\`, an action that brings a lazy part on screen, done in the page (a click, or a select `
      + `changed with its input and change events), timed with \`performance.now()\` in the page from just before the action `
      + `until the part is visible (checked after every task), budget: every run within one frame (${ms(BUDGET.frameMs)}). `
      + `"frames" = the animation frames up to and including the first one that can paint the part (1 = the very next frame).\n\n`
      + `${table(['what', 'runs', 'median', 'worst', 'frames per run', 'budget', 'result'], rows)}\n${loadNote(info, 'lazy parts')}`);
  }

  // Key generation
  if (gen) {
    const rows = KINDS.map((kind) => {
      const r = gen.results[kind];
      const raw = median(r.pkjwt) / median(r.direct);
      const difference = median(r.pkjwt) - median(r.direct);
      // Where WebCrypto is slow (RSA), its medians differ by the luck of each key's prime
      // search: the budget is on what the page adds to its own WebCrypto calls, timed in each
      // run. Where it is fast, the medians are steady and their difference is the measure.
      const slow = median(r.direct) >= BUDGET.generateFastMs;
      const q = slow ? (median(r.direct) + median(r.own)) / median(r.direct) : raw;
      const extra = slow ? median(r.own) : difference;
      const rule = generationRule(median(r.direct), q, extra);
      const ok = r.unsupported ? undefined : r.error ? false : rule.ok;
      const budget = r.unsupported ? 'WebCrypto lacks it' : GENERATION_BUDGET;
      const signed = (v) => `${v >= 0 ? '+' : '−'}${ms(Math.abs(v))}`;
      const measured = r.error ? 'error' : slow
        ? `${ratio(q)} with its own work (+${ms(median(r.own))}); medians ${ms(median(r.pkjwt))} vs ${ms(median(r.direct))} (${ratio(raw)})`
        : `${ratio(raw)}, ${signed(difference)}`;
      summary.push([`Key generation ${kind}, pkjwt vs WebCrypto`, measured, budget, ok, r.unsupported || r.error ? '' : rule.which]);
      return [kind, r.pkjwt.length, ms(median(r.pkjwt)), ms(median(r.direct)), r.error ? `error: ${r.error}` : ratio(raw),
        signed(difference), ms(median(r.own)), r.error || !slow ? '–' : ratio(q), budget, r.unsupported || r.error ? '–' : rule.which, verdict(ok),
        r.rustError ? `error: ${r.rustError}` : `${ms(median(r.rust))} (${r.rust.length})`];
    });
    sections.push(`## Key generation\n\nMedians, alternating the two sides in one page. pkjwt = \`pkjwtBenchGenerate(kind, 'webcrypto')\`, `
      + `the page's own path: WebCrypto \`generateKey\`, \`exportKey('jwk')\` of the private key, and reading that JWK `
      + `into the page's key type. WebCrypto = \`crypto.subtle.generateKey\` with the same parameters `
      + `(RSASSA-PKCS1-v1_5, SHA-256, e = 65537; ECDSA with the curve; Ed25519), extractable, followed by `
      + `\`exportKey('jwk', privateKey)\`: a tool has to produce a JWK, so that export is part of the baseline. `
      + `RustCrypto = the same hook with engine \`rustcrypto\`: generation in the page's key worker (its first use `
      + `also fetches and starts the worker), for information only.\n\n`
      + `"difference" = pkjwt − WebCrypto medians. "own work" = the median of what each pkjwt run spent beyond the time `
      + `inside its WebCrypto calls (the hook times both): the call into the lazy module, reading the JWK into the page's `
      + `key type, checking it. The budget: pkjwt ≤ ${BUDGET.generateRatio}× WebCrypto, or, where WebCrypto's median is under `
      + `${BUDGET.generateFastMs} ms (EC, Ed25519), at most ${BUDGET.generateExtraMs} ms more (0.2 against 0.1 ms is a ratio `
      + `of 2 that no user can see); "rule" says which of the two the result rests on. Where WebCrypto takes ${BUDGET.generateFastMs} ms `
      + `or more (RSA) the ratio of the two medians is mostly the luck of the draw, as each key's prime search takes a `
      + `different time (BENCHMARKS.md, "Budgets of issue 14", has a series of runs), so the ratio budgeted there `
      + `is "ratio with own work" = (WebCrypto + own work) / WebCrypto. What that leaves out, the crossing between `
      + `WebAssembly and JavaScript inside the page's WebCrypto calls, shows in the EC and Ed25519 rows as difference − own work: `
      + `a few tenths of a millisecond, under 1 % of an RSA generation.\n\n`
      + `${table(['kind', 'runs', 'pkjwt', 'WebCrypto', 'ratio of medians', 'difference', 'own work', 'ratio with own work', 'budget', 'rule', 'result', 'RustCrypto in worker (runs)'], rows)}\n${loadNote(info, 'key generation')}`);
  }

  // Signing
  if (sign) {
    const rows = sign.map((r) => {
      const q = median(r.pkjwt) / median(r.direct);
      const budgeted = r.alg === 'RS256' && r.kind === 'RSA-2048';
      const ok = budgeted ? (r.error ? false : q <= BUDGET.rs256Ratio) : undefined;
      if (budgeted) summary.push(['RS256 signing (RSA-2048), pkjwt / WebCrypto', r.error ? 'error' : ratio(q), `≤ ${BUDGET.rs256Ratio}×`, ok]);
      return [r.label, r.pkjwt.length, ms(median(r.pkjwt)), ms(median(r.direct)), r.error ? `error: ${r.error}` : ratio(q),
        ms(mean(r.pkjwt)), ms(mean(r.direct)), budgeted ? `≤ ${BUDGET.rs256Ratio}×` : '–', verdict(ok)];
    });
    const lengths = [...new Set(sign.map((r) => r.messageLength).filter(Boolean))];
    sections.push(`## Signing\n\nMilliseconds per client assertion, medians (and means) of ${2 * (SIGN_ITERATIONS - 1)} signatures per side. `
      + `pkjwt = \`pkjwtBenchSign(privateJwk, alg, ${SIGN_ITERATIONS})\`, the page's own path: claims, header, WebCrypto `
      + `\`sign\` with a cached CryptoKey, assembly of the compact JWS. WebCrypto = the same JWK imported once, then `
      + `\`crypto.subtle.sign\` over a message as long as the page's signing input (${lengths.join('/')} bytes). `
      + `Both sides ran twice, in opposite order, and the first signature of each run (warm-up) was dropped. `
      + `Keys: RSA-2048 for RS*/PS* (plus RS256 with RSA-4096), the matching curve for ES*, Ed25519 for EdDSA, `
      + `generated by WebCrypto for the algorithm.\n\n`
      + `${table(['alg', 'samples', 'pkjwt', 'WebCrypto', 'ratio', 'pkjwt mean', 'WebCrypto mean', 'budget', 'result'], rows)}\n${loadNote(info, 'signing')}`);
  }

  // Long tasks
  if (lt) {
    const usable = lt.check.ok;
    const cell = (v) => (usable ? (v > 0 ? ms(v) : 'none') : 'n/a');
    // The budget is the page's own work: a task's window.open time (the browser's) is apart.
    const own = (a) => a.own ?? a.longest;
    const part = (a) => (a.opening ? `the page's part of a ${ms(a.ownTask)} task; window.open ${ms(a.opening)}` : `a task without window.open`);
    const shown = (a) => (a.own !== undefined ? `${cell(a.longest)} (the page's longest: ${ms(a.own)}, ${part(a)})` : cell(a.longest));
    const rows = lt.actions.map((a) => {
      const ok = usable && !a.error ? own(a) <= BUDGET.longTaskMs : undefined;
      return [a.action, a.kind ?? '', a.engine ?? '', a.madeBy ?? '', a.error ? `error: ${a.error}` : shown(a), `≤ ${BUDGET.longTaskMs} ms`, usable && a.error ? '**FAIL**' : verdict(ok)];
    });
    const measured = lt.actions.filter((a) => !a.error);
    const overall = usable ? max(measured.map((a) => a.longest).concat(0)) : NaN;
    const group = (what, filter) => {
      const worst = measured.filter(filter).sort((x, y) => own(y) - own(x))[0];
      const v = usable ? (worst ? own(worst) : 0) : NaN;
      const text = !usable ? 'n/a' : !(v > 0) ? 'none > 50 ms' : worst.own !== undefined ? `${ms(v)} (${part(worst)})` : ms(v);
      summary.push([what, text, `≤ ${BUDGET.longTaskMs} ms`, usable ? v <= BUDGET.longTaskMs : undefined]);
    };
    group('Longest main-thread task, generating RSA-4096 with WebCrypto (UI)', (a) => a.action === 'generate' && a.kind === 'RSA-4096' && a.engine === 'webcrypto');
    group('Longest main-thread task, generating RSA-4096 with RustCrypto (UI)', (a) => a.action === 'generate' && a.kind === 'RSA-4096' && a.engine === 'rustcrypto');
    group('Longest main-thread task, any generation (UI, both engines)', (a) => a.action === 'generate');
    group('Longest main-thread task, certificates and re-signing (UI)', (a) => a.action === 'certificate' || a.action === 're-sign');
    group('Longest main-thread task, scripts (4 languages), DPoP proof, code flow URL (UI)', (a) => LAZY_ACTIONS.has(a.action));
    if (lt.actions.some((a) => a.action.startsWith('lazy preload'))) {
      group('Longest main-thread task, the lazy preload (interactive → data-lazy="ready")', (a) => a.action.startsWith('lazy preload'));
    }
    const hookRows = [];
    if (gen) {
      for (const kind of KINDS) {
        const r = gen.results[kind];
        hookRows.push([`generate (hook)`, kind, cell(r.pkjwtLongTask), cell(r.directLongTask), cell(r.rustLongTask)]);
      }
    }
    if (sign) for (const r of sign) hookRows.push([`sign, ${SIGN_ITERATIONS} back to back (hook)`, r.label, cell(r.pkjwtLongTask), cell(r.directLongTask), '']);
    sections.push(`## Long tasks\n\nThe longest main-thread task (the browser's long-task API: tasks over 50 ms) while the page, `
      + `driven through its UI, generates each key type with WebCrypto and with RustCrypto (the worker), makes a `
      + `self-signed certificate, and re-signs the assertion after an edit; then opens the Script block and renders `
      + `each of its ${LANGS.length} languages, turns DPoP on until a proof for the request is shown, and switches the grant to `
      + `authorization_code and presses Start until the authorization URL is shown (parts that come from lazy chunks). `
      + `Each window runs from the click to the result shown (plus, for a key, the assertion re-signed), one frame and `
      + `250 ms; the preload's window runs from interactive to \`data-lazy="ready"\`. "none" = no task over 50 ms. `
      + `The code flow's Start opens the login window inside its click (a window opened later is blocked as a pop-up); `
      + `the time the browser spends in that \`window.open\` (timed in the page) is shown apart and not counted as the page's: `
      + `headless Chromium on this machine takes 50–100 ms to open a pop-up even for a bare page that does nothing else.\n\n`
      + `Observer check, same page: a deliberate 100 ms busy loop in a timer was reported as ${lt.check.seen ? `a ${ms(lt.check.seen)} task` : '**nothing**'}, `
      + `one in a click handler (clicked like the actions below) as ${lt.check.clickSeen ? `a ${ms(lt.check.clickSeen)} task` : '**nothing**'}: `
      + `${lt.check.ok ? '"none" below is a measurement' : '**the numbers below are not a measurement**'}. `
      + `Page start (before interactive, not budgeted): ${usable ? (lt.start > 0 ? `longest task ${ms(lt.start)}` : 'no long task') : 'n/a'}.\n\n`
      + `${table(['action', 'kind', 'engine', 'made by', 'longest task', 'budget', 'result'], rows)}\n\n`
      + `Longest overall: ${usable ? (overall > 0 ? ms(overall) : 'no task over 50 ms') : 'n/a'}.\n\n`
      + `During the benchmark hooks above (not through the UI, not budgeted), longest task per kind/alg. `
      + `A signing run is ${SIGN_ITERATIONS} signatures awaited back to back; where WebCrypto signs on the main thread `
      + `they add up to one long task on both sides, which one signature per edit in the page does not.\n\n`
      + `${table(['what', 'key', 'pkjwt', 'WebCrypto', 'RustCrypto'], hookRows)}\n${loadNote(info, 'long tasks')}`);
  }

  const passed = summary.filter((s) => s[3] === true).length;
  const judged = summary.filter((s) => s[3] !== undefined).length;
  const summaryTable = table(['what', 'measured', 'budget', 'result'],
    summary.map(([w, m, b, ok, which]) => [w, m, b, `${verdict(ok)}${which ? ` (${which})` : ''}`]));
  const header = `# Benchmarks\n\nWritten by \`make bench\` (scripts/bench.mjs); everything but the "Test time" and "Build tuning" sections is `
    + `replaced on every run.${QUICK ? ' **Quick run (PKJWT_BENCH_QUICK): fewer repetitions than a real one.**' : ''}\n\n`
    + `- Date: ${info.date}\n- Machine: ${info.cpu}, ${info.cores} cores, ${info.memory} RAM\n`
    + `- Chromium ${info.chromium} (headless), Node ${info.node}\n- Commit: ${info.commit} (release build in \`dist/\`)\n`
    + `- Load average (1 min, from \`uptime\`) at the start and end of each part: ${Object.entries(info.load).map(([name, l]) => `${name} ${l.start}→${l.end ?? '?'}`).join('; ')}. `
    + `Timings on ${info.cores} shared cores are noisy while anything else runs (a compile is a load of 2 or more).\n\n`
    + `## Summary\n\n${summaryTable}\n\n${passed} of ${judged} budgets met.`
    + `${errors.length ? `\n\nCould not measure everything:\n\n${errors.map((e) => `- ${e}`).join('\n')}` : ''}\n`;
  const how = `## How measured\n\n`
    + `\`scripts/bench.mjs\` serves \`dist/\` from localhost (Node, no compression, no caching) and drives Debian's `
    + `Chromium headless through playwright-core, in fresh browser contexts. "Interactive" is recorded in the page by a `
    + `MutationObserver installed before any page script, at the first appearance of the Generate button; another `
    + `records when \`<html data-lazy>\` turns "ready", and each lazy chunk's start and arrival come from the page's own `
    + `PerformanceResourceTiming (tests/e2e/lib/lazy.mjs, shared with the e2e suite lazy-modules.test.mjs). Timings `
    + `come from \`performance.now()\` inside the page; for the key generation and signing comparisons the page is served `
    + `cross-origin isolated (COOP/COEP headers added by the benchmark), which gives that timer microsecond instead `
    + `of 100 µs resolution: EC and Ed25519 operations take well under a millisecond. The pkjwt side uses the page's own benchmark hooks `
    + `(\`window.wasmBindings.pkjwtBenchGenerate\` / \`pkjwtBenchSign\`, src/main.rs), which run the same code as the `
    + `buttons without rendering. Each comparison alternates pkjwt and WebCrypto in the same page, and budgets on `
    + `speed are ratios within one run: absolute times on a shared machine drift by tens of percent between runs. `
    + `Long tasks come from a buffered PerformanceObserver('longtask') attributed to each action's time window; `
    + `the benchmark starts each of its own calls in a timer task, because the long-task API does not report `
    + `code that DevTools (page.evaluate) runs directly. `
    + `Byte sizes are gzip -9 of the files in \`dist/\` (node:zlib); \`make test\` checks the same first-load total `
    + `(tests/e2e/size-budget.test.mjs) and that the lazy loader names every chunk, timings are only reported here.\n`;
  return { markdown: [header, ...sections, how].join('\n'), summaryTable, passed, judged };
}

/** Key generation is in budget by ratio, or, where WebCrypto is fast, by a difference no one can see. */
const GENERATION_BUDGET = `≤ ${BUDGET.generateRatio}×, or ≤ +${BUDGET.generateExtraMs} ms where WebCrypto < ${BUDGET.generateFastMs} ms`;
function generationRule(webcryptoMs, q, extraMs) {
  if (q <= BUDGET.generateRatio) return { ok: true, which: 'by ratio' };
  if (webcryptoMs < BUDGET.generateFastMs) return { ok: extraMs <= BUDGET.generateExtraMs, which: `by difference (WebCrypto < ${BUDGET.generateFastMs} ms)` };
  return { ok: false, which: `by ratio (WebCrypto ≥ ${BUDGET.generateFastMs} ms)` };
}

/** The long-task actions that use parts loaded from lazy chunks. */
const LAZY_ACTIONS = new Set(['script', 'DPoP on, a proof', 'code flow: its URL']);

/** "Load average …" for a section's text: how busy the machine was while it was measured. */
function loadNote(info, name) {
  const l = info.load[name];
  return l ? `\nLoad average (1 min) while measured: ${l.start} at the start, ${l.end ?? '?'} at the end.\n` : '';
}

/** The "Lazy modules" section: each chunk's size, when it loaded, and that none came before interactive. */
function lazySection(load, summary, info) {
  const chunks = load.lazy;
  if (!chunks.length) {
    summary.push(['Lazy modules in the build', 'none', '–', undefined]);
    return `## Lazy modules\n\nThis build has no lazy chunks (no \`lazy-*.wasm\` in \`dist/\`).\n`;
  }
  const total = chunks.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip }), { raw: 0, gzip: 0 });
  const early = chunks.filter((f) => f.before > 0);
  const missing = chunks.filter((f) => f.loads < load.loads);
  const twice = chunks.filter((f) => f.fetches > f.loads);
  // Named parts first (lazy-dpop-…), then wasm-split's shared chunks (lazy-chunk_12-…); the table has them all.
  const named = [...early].sort((x, y) => /^lazy-chunk_/.test(x.file) - /^lazy-chunk_/.test(y.file));
  const listed = named.slice(0, 4).map((f) => `${f.file} (${f.before} of ${load.loads} loads)`).join(', ');
  summary.push([`Lazy chunks fetched before interactive (${chunks.length} chunks, ${load.loads} loads)`,
    early.length ? `${early.length}: ${listed}${early.length > 4 ? ', …' : ''}` : 'none', 'none', early.length === 0]);
  summary.push([`Lazy chunks preloaded (fetched in every load without being used)`,
    `${chunks.length - missing.length} of ${chunks.length}`, `${chunks.length} of ${chunks.length}`, missing.length === 0]);
  const rows = chunks.map((f) => [f.file, f.raw, f.gzip, kib(f.gzip),
    f.start.length ? `${ms(median(f.start))} → ${ms(median(f.end))}` : 'never fetched',
    f.end.length ? `${ms(min(f.end))}–${ms(max(f.end))}` : '–',
    `${f.loads} of ${load.loads}${f.fetches > f.loads ? ` (${f.fetches} fetches)` : ''}`,
    f.before ? `**yes, in ${f.before} of ${load.loads} loads**` : 'no']);
  rows.push(['**total**', total.raw, total.gzip, `**${kib(total.gzip)}**`, '', '', '', '']);
  return `## Lazy modules\n\nThe wasm-split chunks (\`lazy-<name>-<hash>.wasm\`): not part of the first load; the page `
    + `fetches each on first use or, once mounted and the browser idle, in its preload, through the lazy loader (a start file). `
    + `"when it loads" = median start → arrival of the page's fetch in ms after navigation start (PerformanceResourceTiming), `
    + `over the ${load.loads} loads of the first-load measurement; "before interactive" = its fetch started before the app `
    + `had mounted its Generate button (the budget: never). Median interactive: ${ms(median(load.interactive))}.\n\n`
    + `${table(['file', 'raw bytes', 'gzip -9 bytes', 'gzip', 'when it loads (start → arrival)', 'arrival range', 'fetched in', 'before interactive'], rows)}\n`
    + `${missing.length ? `\nNot fetched in every load: ${missing.map((f) => `${f.file} (${f.loads} of ${load.loads})`).join(', ')}.\n` : ''}`
    + `${twice.length ? `\nFetched more than once in a load: ${twice.map((f) => f.file).join(', ')}.\n` : ''}`
    + loadNote(info, 'first load');
}

/**
 * The "## Test time" section: the table in $PKJWT_TESTTIME_TABLE verbatim when that file
 * exists, else the section of the current BENCHMARKS.md (filled by hand), else a placeholder.
 */
function testTimeSection() {
  if (TEST_TIME_TABLE && existsSync(TEST_TIME_TABLE)) {
    const text = readFileSync(TEST_TIME_TABLE, 'utf8').trim();
    return `${/^## Test time\b/.test(text) ? '' : '## Test time\n\n'}${text}\n`;
  }
  return keptSection('Test time', '<!-- filled in by hand: `make test` per layer, fresh machine and with the tools present (issue 14) -->');
}

/**
 * The hand-written section "## `name`" of the current BENCHMARKS.md, kept verbatim (up to the next
 * "## " heading), or the heading with `placeholder` when there is none.
 */
function keptSection(name, placeholder) {
  const fallback = `## ${name}\n\n${placeholder}\n`;
  if (!existsSync(OUTPUT)) return fallback;
  const old = readFileSync(OUTPUT, 'utf8');
  const start = old.search(new RegExp(`^## ${name}[ \\t]*$`, 'm'));
  if (start < 0) return fallback;
  const rest = old.slice(start);
  const next = rest.slice(1).search(/^## /m);
  return `${(next < 0 ? rest : rest.slice(0, next + 1)).trimEnd()}\n`;
}

// --- main --------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const server = await serveDist(); // throws a clear error when there is no build
  const browser = await launch();
  const info = machine(browser);
  log(`Chromium ${info.chromium}, ${info.cpu}, ${info.cores} cores, commit ${info.commit}${QUICK ? ', QUICK' : ''}`);
  const out = { info };
  info.load = {};
  const loadavg = () => os.loadavg()[0].toFixed(2);
  const section = async (name, fn) => {
    info.load[name] = { start: loadavg() };
    log(`${name}: load average ${info.load[name].start}`);
    try {
      return await fn();
    } catch (error) {
      errors.push(`${name}: ${error.stack ?? error}`);
      log(`${name} failed: ${error.message}`);
      return undefined;
    } finally {
      info.load[name].end = loadavg();
    }
  };
  try {
    out.load = await section('first load', () => firstLoad(browser, server));
    out.show = await section('lazy parts', () => lazyShow(browser, server));
    out.gen = await section('key generation', () => keyGeneration(browser, server));
    out.sign = await section('signing', () => signing(browser, server));
    out.lt = await section('long tasks', () => longTasks(browser, server));
  } finally {
    await browser.close();
    await server.close();
  }
  // Read before BENCHMARKS.md is rewritten: both keep what was written by hand.
  const testTime = testTimeSection();
  const tuning = keptSection('Build tuning', '<!-- filled in by hand: what each build setting bought -->');
  const { markdown, summaryTable, passed, judged } = report(out);
  writeFileSync(OUTPUT, `${markdown}\n${testTime}\n${tuning}`);
  console.log(summaryTable);
  console.log(`\n${passed} of ${judged} budgets met; details in BENCHMARKS.md (${Math.round((Date.now() - started) / 1000)} s).`);
  if (errors.length) {
    console.log(`\nCould not measure everything:\n${errors.map((e) => `- ${e}`).join('\n')}`);
    process.exitCode = 1;
  }
}

await main();
