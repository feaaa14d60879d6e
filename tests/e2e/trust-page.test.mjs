// What the page itself promises about loading code: a Content-Security-Policy that nothing
// violates, Subresource Integrity that refuses altered files, an offline copy after the first
// visit, and a one-file version that runs from disk without fetching anything.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { launch, newPage } from './lib/browser.mjs';
import { DIST, serveDist } from './lib/server.mjs';

let browser;
let server;
before(async () => {
  browser = await launch();
  server = await serveDist();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Records CSP violations in the page from before any of its scripts run. */
async function withViolations(context) {
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}

async function generate(page, kind, engine = 'webcrypto') {
  const details = page.locator('details.advanced').first();
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  await page.getByTestId('key-engine').selectOption(engine);
  await page.getByTestId('key-alg').selectOption(kind);
  await page.getByTestId('key-generate').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=key-busy]'), null, { timeout: 60_000 });
  await page.getByTestId('key-public-jwk').waitFor();
  return page.locator('.current-key .hint').first().textContent();
}

async function signedAssertion(page) {
  await page.getByTestId('client-id').fill('trust-client');
  await page.getByTestId('assertion-aud').fill('https://as.example/token');
  await page.getByTestId('assertion').waitFor();
  return (await page.getByTestId('assertion').textContent()).trim();
}

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

  const rec = await newPage(browser);
  t.after(() => rec.context.close());
  await withViolations(rec.context);
  await rec.page.goto(server.url);
  await generate(rec.page, 'EC-P256');
  await generate(rec.page, 'Ed25519', 'rustcrypto');
  await signedAssertion(rec.page);
  await rec.page.getByTestId('key-make-certificate').click();
  await rec.page.getByTestId('key-certificate-pem').waitFor();
  assert.deepEqual(await rec.page.evaluate(() => window.__violations), [], 'CSP violations');
  const foreign = rec.requests.filter((r) => !r.url.startsWith(server.origin) && !r.url.startsWith('blob:'));
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
    const copy = mkdtempSync(join(tmpdir(), 'pkjwt-tampered-'));
    t.after(() => rmSync(copy, { recursive: true, force: true }));
    cpSync(DIST, copy, { recursive: true });
    const index = readFileSync(join(copy, 'index.html'), 'utf8');
    writeFileSync(join(copy, 'index.html'), editHtml(index));
    assert.equal(editHtml === withoutPreload, !readFileSync(join(copy, 'index.html'), 'utf8').includes('modulepreload'));
    const file = readdirSync(copy).find(pick);
    assert.ok(file, `${what} present`);
    const bytes = readFileSync(join(copy, file));
    bytes[Math.floor(bytes.length / 2)] ^= 0x01; // one flipped bit
    writeFileSync(join(copy, file), bytes);
    const tampered = await serveDist({ root: copy });
    const rec = await newPage(browser);
    await rec.page.goto(tampered.url);
    const started = await rec.page.getByTestId('key-generate').waitFor({ timeout: 5_000 }).then(() => true, () => false);
    const errors = rec.consoleMessages.filter((m) => m.type === 'error').map((m) => m.text).join('\n');
    await rec.context.close();
    await tampered.close();
    assert.equal(started, false, `the page started with a tampered ${what}`);
    assert.match(errors, /integrity/i, `the browser names the integrity failure for the ${what}:\n${errors}`);
  }
});

test('after one visit the page works offline, RustCrypto worker included', async (t) => {
  const rec = await newPage(browser);
  t.after(() => rec.context.close());
  await rec.page.goto(server.url);
  await rec.page.getByTestId('key-generate').waitFor();
  await rec.page.evaluate(() => navigator.serviceWorker.ready);
  // The service worker caches only the page's own files.
  const cached = await rec.page.evaluate(async () => {
    const names = await caches.keys();
    const urls = [];
    for (const name of names) for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    return urls;
  });
  assert.ok(cached.length > 5 && cached.every((u) => u.startsWith(server.origin)), `cache holds only own files: ${cached}`);

  await rec.context.setOffline(true);
  await rec.page.reload();
  await rec.page.getByTestId('key-generate').waitFor({ timeout: 15_000 });
  assert.match(await generate(rec.page, 'RSA-2048'), /WebCrypto/);
  assert.match(await generate(rec.page, 'EC-P384', 'rustcrypto'), /RustCrypto/);
  assert.match(await signedAssertion(rec.page), /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
});

test('the one-file page runs from disk with both engines and fetches nothing', async (t) => {
  const copy = mkdtempSync(join(tmpdir(), 'pkjwt-one-file-'));
  t.after(() => rmSync(copy, { recursive: true, force: true }));
  cpSync(join(DIST, 'pkjwt.html'), join(copy, 'pkjwt.html')); // alone, as downloaded
  const rec = await newPage(browser);
  t.after(() => rec.context.close());
  await withViolations(rec.context);
  await rec.page.goto(pathToFileURL(join(copy, 'pkjwt.html')).href);
  await rec.page.getByTestId('key-generate').waitFor({ timeout: 20_000 });
  assert.match(await generate(rec.page, 'EC-P256'), /WebCrypto/);
  assert.match(await generate(rec.page, 'Ed25519', 'rustcrypto'), /RustCrypto/);
  assert.match(await signedAssertion(rec.page), /^eyJ/);
  assert.deepEqual(await rec.page.evaluate(() => window.__violations), [], 'CSP violations in the one-file page');
  const fetched = rec.requests.filter((r) => !r.url.startsWith('file:') && !r.url.startsWith('blob:') && !r.url.startsWith('data:'));
  assert.deepEqual(fetched.map((r) => r.url), [], 'the one-file page fetched something');
});
