// What the page itself promises about loading code: a Content-Security-Policy that nothing
// violates, Subresource Integrity that refuses altered files, an offline copy after the first
// visit, and a one-file version that runs from disk without fetching anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { fixture } from './lib/fixture.mjs';
import { KeyPanel } from './lib/keypanel.mjs';
import { DIST } from './lib/server.mjs';
import {
  cachedUrls, fetchedFromFile, generate, oneFileUrl, signedAssertion, tamperedCopy, violations, withViolations,
} from './lib/trust-page.mjs';

// Raw pages: some of these loads must fail (tampered files), and one is from disk.
const fx = fixture();

test('the page declares a strict CSP and a session violates none of it', async (t) => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1] ?? '';
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  // The one inline script is the import map that pins the app script's hash; the CSP allows
  // exactly it, by its own hash, and nothing else inline.
  const importMap = html.match(/<script type="importmap">([^<]*)<\/script>/)?.[1];
  assert.ok(importMap, 'an import map');
  const appScript = readdirSync(DIST).find((f) => /^pkjwt-[^_]*\.js$/.test(f));
  assert.equal(JSON.parse(importMap).integrity[`./${appScript}`],
    `sha384-${createHash('sha384').update(readFileSync(join(DIST, appScript))).digest('base64')}`, 'the import map pins the app script');
  assert.deepEqual(directives['script-src'],
    ["'self'", `'sha256-${createHash('sha256').update(importMap).digest('base64')}'`, "'wasm-unsafe-eval'"],
    'scripts: own origin, the import map and wasm only');
  assert.deepEqual(directives['object-src'], ["'none'"]);
  assert.deepEqual(directives['base-uri'], ["'none'"]);
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.ok(!/<script(?![^>]*\bsrc=)(?![^>]*type="importmap")[^>]*>/.test(html), 'no other inline script in index.html');
  for (const tag of html.match(/<(?:script|link)[^>]+(?:src|href)="\.\/[^"]+\.(?:js|css|svg)"[^>]*>/g) ?? []) {
    assert.match(tag, /integrity="sha384-/, `every script, style and icon carries SRI: ${tag}`);
  }

  const rec = await fx.newPage(t);
  await withViolations(rec.context);
  await new KeyPanel(rec).goto(fx.server.url); // mounted, its lazy modules loaded under the CSP
  await generate(rec, 'EC-P256');
  await generate(rec, 'Ed25519', 'rustcrypto');
  await signedAssertion(rec.page);
  await new KeyPanel(rec).reveal('key-make-certificate');
  await rec.page.getByTestId('key-make-certificate').click();
  await rec.page.getByTestId('key-certificate-pem').waitFor();
  assert.deepEqual(await violations(rec.page), [], 'CSP violations');
  const foreign = rec.requests.filter((r) => !r.url.startsWith(fx.server.origin) && !r.url.startsWith('blob:'));
  assert.deepEqual(foreign.map((r) => r.url), [], 'requests to other origins');
});

test('an altered file is refused: the page does not start on a tampered wasm, app script or boot script', async (t) => {
  const withoutPreload = (html) => html.replace(/<link rel="modulepreload"[^>]*>/, '');
  for (const [what, pick, editHtml = (html) => html] of [
    ['wasm', (f) => /^pkjwt-.*_bg\.wasm$/.test(f)],
    ['app script', (f) => /^pkjwt-[^_]*\.js$/.test(f)],
    // Without trunk's modulepreload, only the import map's integrity guards the app script.
    ['app script (no modulepreload)', (f) => /^pkjwt-[^_]*\.js$/.test(f), withoutPreload],
    ['boot script', (f) => /^boot-.*\.js$/.test(f)],
  ]) {
    const { dir: copy, file } = tamperedCopy(t, pick, { editHtml });
    assert.equal(editHtml === withoutPreload, !readFileSync(join(copy, 'index.html'), 'utf8').includes('modulepreload'));
    assert.ok(file, `${what} present`);
    const tampered = await fx.serveDist(t, { root: copy });
    const rec = await fx.newPage(t, { check: false }); // it must fail, and say so on the console
    await rec.page.goto(tampered.url);
    const started = await rec.page.getByTestId('key-generate').waitFor({ timeout: 5_000 }).then(() => true, () => false);
    const errors = rec.consoleMessages.filter((m) => m.type === 'error').map((m) => m.text).join('\n');
    assert.equal(started, false, `the page started with a tampered ${what}`);
    assert.match(errors, /integrity/i, `the browser names the integrity failure for the ${what}:\n${errors}`);
  }
});

test('after one visit the page works offline, RustCrypto worker included', async (t) => {
  const rec = await fx.newPage(t);
  const panel = new KeyPanel(rec);
  await panel.goto(fx.server.url);
  // The service worker caches only the page's own files.
  const cached = await cachedUrls(rec.page);
  assert.ok(cached.length > 5 && cached.every((u) => u.startsWith(fx.server.origin)), `cache holds only own files: ${cached}`);

  await rec.context.setOffline(true);
  await panel.reload();
  assert.match(await generate(rec, 'RSA-2048'), /WebCrypto/);
  assert.match(await generate(rec, 'EC-P384', 'rustcrypto'), /RustCrypto/);
  assert.match(await signedAssertion(rec.page), /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
});

test('the one-file page runs from disk with both engines and fetches nothing', async (t) => {
  const url = oneFileUrl(t); // pkjwt.html alone, as downloaded
  const rec = await fx.newPage(t);
  await withViolations(rec.context);
  await new KeyPanel(rec).goto(url);
  assert.match(await generate(rec, 'EC-P256'), /WebCrypto/);
  assert.match(await generate(rec, 'Ed25519', 'rustcrypto'), /RustCrypto/);
  assert.match(await signedAssertion(rec.page), /^eyJ/);
  assert.deepEqual(await violations(rec.page), [], 'CSP violations in the one-file page');
  assert.deepEqual(fetchedFromFile(rec.requests), [], 'the one-file page fetched something');
});
