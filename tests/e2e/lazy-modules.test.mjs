// The page's lazy modules, checked against the real build and the browser's own records, not
// against our Rust code: the chunks (lazy-<name>-<hash>.wasm) stay out of the first load, the
// preload after idle fetches each one once from the page's own origin, an altered chunk is
// refused by its integrity check without taking the page down, and the chunks work offline after
// one visit (service worker) and inside the one-file pkjwt.html opened from disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BROWSER_NETWORK_LOG, problems } from './lib/browser.mjs';
import { fixture } from './lib/fixture.mjs';
import { AuthorizePage } from './lib/authorize.mjs';
import { INTERACTIVE_PROBE, lazyFileOf, lazySettled, lazyTimings } from './lib/lazy.mjs';
import { ScriptPanel } from './lib/scripts.mjs';
import { DIST } from './lib/server.mjs';
import { isLazyFile, isLazyLoader, lazyFiles, startFiles } from './lib/size.mjs';
import { cachedUrls, fetchedFromFile, oneFileUrl, tamperedCopy, violations, withViolations } from './lib/trust-page.mjs';

const fx = fixture({ page: AuthorizePage });
const TOKEN_ENDPOINT = 'https://as.example/token';

/** The build's chunks; a build without any would make every test here pass vacuously. */
function chunks() {
  const files = lazyFiles(DIST).map((f) => f.file);
  assert.ok(files.length > 0, `the build has lazy chunks (lazy-<name>-<hash>.wasm in ${DIST})`);
  return files;
}

/** The chunk of the Script block (the part the tests below open): the module of the parts after the first screen. */
const scriptChunk = (files) => files.find((f) => /^lazy-later-/.test(f)) ?? files[0];

/** A key, client id and endpoints: enough for the assertion, the curl command and a script. */
async function firstScreen(p) {
  await p.generate('EC-P256');
  await p.configure({ clientId: 'lazy-client', aud: TOKEN_ENDPOINT, endpoint: TOKEN_ENDPOINT });
  const { claims } = await p.verifiedAssertion(); // signature checked by jose against the page's JWKS
  assert.equal(claims.iss, 'lazy-client');
  const assertion = await p.assertion();
  const curl = await p.curl();
  assert.ok(curl.includes(TOKEN_ENDPOINT) && curl.includes(assertion), `the curl command posts the shown assertion to the endpoint:\n${curl}`);
}

/** Opens the Script block and returns a Python script for the request on screen. */
async function pythonScript(p) {
  const script = await new ScriptPanel(p).text('python');
  assert.match(script, /^#!\/usr\/bin\/env python3/, 'a Python script');
  assert.ok(script.includes(TOKEN_ENDPOINT) && script.includes('lazy-client'), 'the script is for the request on screen');
  return script;
}

/** The code flow card builds its authorization URL (lib/authorize.mjs authorizationUrl()). */
async function authorizationUrl(p, endpoint) {
  const url = await p.authorizationUrl(endpoint);
  assert.equal(`${url.origin}${url.pathname}`, endpoint);
  assert.equal(url.searchParams.get('client_id'), 'lazy-client');
  assert.equal(url.searchParams.get('response_type'), 'code');
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  assert.match(url.searchParams.get('code_challenge') ?? '', /^[\w-]{43}$/, 'a PKCE challenge');
  return url;
}

test('the lazy loader pins every chunk by its digest (fetch with integrity)', () => {
  const files = chunks();
  const loader = startFiles(DIST).map((f) => f.file).find((f) => isLazyLoader(f.split('/').pop()));
  assert.ok(loader, 'a lazy loader among the start files');
  const text = readFileSync(join(DIST, loader), 'utf8');
  for (const file of files) {
    const body = readFileSync(join(DIST, file));
    const pins = ['sha256', 'sha384', 'sha512'].map((alg) => `${alg}-${createHash(alg).update(body).digest('base64')}`);
    assert.ok(pins.some((pin) => text.includes(pin)), `${loader} carries the digest of ${file} (one of ${pins.join(', ')})`);
  }
});

test('no chunk is fetched before the app is interactive; the preload then fetches each once, from the page\'s origin', async (t) => {
  const files = chunks();
  // fx.open() waits for data-lazy="ready": every chunk loaded.
  const p = await fx.open(t, { init: (rec) => rec.page.addInitScript(INTERACTIVE_PROBE) });
  const interactive = await p.page.evaluate(() => window.__pkjwtInteractive);
  assert.ok(interactive > 0, 'the probe saw key-generate mounted');

  // The page's own record (PerformanceResourceTiming): when each fetch started.
  const timings = await lazyTimings(p.page);
  assert.deepEqual(timings.map((e) => e.file).sort(), files, 'every chunk in dist/ fetched by the page, each exactly once');
  for (const e of timings) {
    assert.equal(new URL(e.name).origin, fx.server.origin, `${e.file} comes from the page's origin`);
    assert.ok(e.startTime >= interactive, `${e.file} fetched at ${e.startTime.toFixed(1)} ms, before interactive (${interactive.toFixed(1)} ms)`);
  }
  // The browser's record of the same (Playwright): the page's requests, not sw.js's offline copy.
  const requested = p.rec.requests.filter((r) => !r.fromServiceWorker && lazyFileOf(r.url));
  assert.deepEqual(requested.map((r) => lazyFileOf(r.url)).sort(), files, 'the browser saw each chunk requested once');
  assert.deepEqual(requested.filter((r) => !r.url.startsWith(fx.server.url) || r.failure || r.status !== 200)
    .map((r) => `${r.url} ${r.status ?? r.failure}`), [], 'every chunk request went to the page\'s origin and succeeded');
});

test('an altered chunk is refused: data-lazy="failed", its part says so in words, the first screen still works', async (t) => {
  const files = chunks();
  const { dir, file } = tamperedCopy(t, (f) => f === scriptChunk(files), { label: 'lazy-tampered' });
  assert.ok(file && isLazyFile(file), `a chunk to alter: ${file}`);
  const server = await fx.serveDist(t, { root: dir });
  // The browser reports the refused file on the console: this test checks the page's lines itself.
  const p = await fx.open(t, { url: server.url, lazy: false, check: false });
  assert.equal(await lazySettled(p.rec), 'failed', 'data-lazy once the preload is over');

  // The first screen works; with a key and an endpoint the request's parts (the Script block) are due.
  await firstScreen(p);
  await p.revealAll();
  // Every part in that module says so; the Script block's message names it.
  const shown = p.el('lazy-error').filter({ hasText: /script/i }).first();
  await shown.waitFor({ timeout: 10_000 });
  assert.ok(await shown.isVisible(), 'lazy-error is visible');
  const messages = (await p.el('lazy-error').allTextContents()).map((m) => m.trim());
  assert.ok(messages.some((m) => /script/i.test(m)), `a lazy-error names the part (the Script block): ${messages.join(' | ')}`);
  for (const message of messages) {
    assert.match(message, /\w+ \w+ \w+/, `lazy-error is a sentence: ${message}`);
    assert.doesNotMatch(message, /panicked|RuntimeError|TypeError|undefined|\bat \w+:\d+/, `lazy-error is words, not a stack: ${message}`);
  }
  assert.equal(await p.el('script-lang').count(), 0, 'the Script block is not there');

  const lines = problems(p.rec);
  assert.deepEqual(p.rec.pageErrors.map((e) => e.message), [], 'no page error');
  assert.deepEqual(lines.filter((l) => /panicked at/.test(l)), [], 'no panic');
  const errors = lines.filter((l) => l.startsWith('console.error'));
  assert.ok(errors.some((l) => /integrity/i.test(l) && l.includes(file)), `the browser names the integrity failure of ${file}:\n${errors.join('\n')}`);
  assert.deepEqual(errors.filter((l) => !/integrity/i.test(l) && !BROWSER_NETWORK_LOG.test(l)), [],
    'no console error but the browser\'s own about the refused chunk');
  const refused = p.rec.requests.filter((r) => !r.fromServiceWorker && lazyFileOf(r.url) === file);
  assert.ok(refused.length >= 1, `${file} was requested`);
});

test('an altered signing chunk: Generate says in words that key generation could not be loaded, and nothing is kept', async (t) => {
  const files = chunks();
  const signing = files.find((f) => /^lazy-signing-/.test(f));
  assert.ok(signing, `the signing module's chunk (key making and reading, signing, steps 3 and 4) is in the build: ${files.filter((f) => !/shared/.test(f)).join(', ')}`);
  const { dir, file } = tamperedCopy(t, (f) => f === signing, { label: 'lazy-tampered-signing' });
  const server = await fx.serveDist(t, { root: dir });
  const p = await fx.open(t, { url: server.url, lazy: false, check: false });
  assert.equal(await lazySettled(p.rec), 'failed', 'data-lazy once the preload is over');

  await p.el('key-alg').selectOption('EC-P256');
  await p.el('key-generate').click();
  const error = p.el('key-error');
  await error.waitFor({ timeout: 10_000 });
  const message = (await error.textContent()).trim();
  assert.match(message, /key generation/i, `key-error names the part: ${message}`);
  assert.match(message, /reload/i, `key-error says what to do: ${message}`);
  assert.doesNotMatch(message, /panicked|RuntimeError|TypeError|undefined|\bat \w+:\d+/, `key-error is words, not a stack: ${message}`);
  assert.equal(await p.el('key-thumbprint').count(), 0, 'no key was taken');
  // The page is still there: the generate control can be used again.
  assert.ok(await p.el('key-generate').isEnabled(), 'Generate can be pressed again');

  const lines = problems(p.rec);
  assert.deepEqual(p.rec.pageErrors.map((e) => e.message), [], 'no page error');
  assert.deepEqual(lines.filter((l) => /panicked at/.test(l)), [], 'no panic');
  const errors = lines.filter((l) => l.startsWith('console.error'));
  assert.deepEqual(errors.filter((l) => !/integrity/i.test(l) && !BROWSER_NETWORK_LOG.test(l)), [],
    'no console error but the browser\'s own about the refused chunk');
  assert.ok(p.rec.requests.some((r) => !r.fromServiceWorker && lazyFileOf(r.url) === file), `${file} was requested`);
});

test('after one visit every lazy part works offline (service worker): the Script block and the code flow', async (t) => {
  const files = chunks();
  const p = await fx.open(t);
  const cached = await cachedUrls(p.page);
  const missing = files.filter((f) => !cached.includes(new URL(f, fx.server.url).href));
  assert.deepEqual(missing, [], 'the offline copy holds every chunk');

  await p.rec.context.setOffline(true);
  await p.reload(); // waits for data-lazy="ready": every chunk loaded again, from the cache
  await firstScreen(p);
  await pythonScript(p);
  await authorizationUrl(p, 'https://as.example/authorize');
  assert.equal(await p.el('lazy-error').count(), 0, 'no part failed to load');
  const failed = p.rec.requests.filter((r) => lazyFileOf(r.url) && (r.failure || r.status >= 400));
  assert.deepEqual(failed.map((r) => `${r.url} ${r.failure ?? r.status}`), [], 'no chunk request failed');
});

test('the one-file pkjwt.html from disk, no server: lazy parts work (the Script block, Dutch) and nothing is fetched', async (t) => {
  const files = chunks();
  const url = oneFileUrl(t);
  const p = await fx.open(t, { url, init: (rec) => withViolations(rec.context) }); // data-lazy="ready" from file:
  await firstScreen(p);
  await pythonScript(p);
  // Dutch: where its text is a chunk of its own, switching to it needs that chunk.
  if (files.some((f) => /^lazy-nl-/.test(f))) {
    const label = () => p.el('key-generate').evaluate((b) => b.textContent.trim());
    const english = await label();
    await p.el('lang').selectOption('nl');
    await p.page.waitForFunction(() => document.documentElement.lang === 'nl');
    await p.until(label, (now) => now && now !== english, 'key-generate in Dutch');
    await p.el('lang').selectOption('en');
  }
  assert.equal(await p.el('lazy-error').count(), 0, 'no part failed to load');
  assert.deepEqual(await violations(p.page), [], 'CSP violations in the one-file page');
  assert.deepEqual(fetchedFromFile(p.rec.requests), [], 'the one-file page fetched something');
});
