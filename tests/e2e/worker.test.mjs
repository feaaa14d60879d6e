// The RustCrypto engine runs in a Web Worker (src/bin/keygen_worker.rs): key generation and
// signing. Chromium has every algorithm in WebCrypto, so the worker is only reached by
// choosing the RustCrypto engine: these tests do, and check the worker's keys, assertions and
// certificates with independent implementations (node jose and node crypto), that its files are
// not part of the first load, and that the main thread never blocks while it works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { importJWK, jwtVerify, calculateJwkThumbprint } from 'jose';
import { fixture } from './lib/fixture.mjs';

const fx = fixture();

const isWorkerFile = (url) => /\/keygen_worker[^/]*$/.test(new URL(url).pathname);

async function watchLongTasks(page) {
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(Math.round(entry.duration));
    }).observe({ type: 'longtask', buffered: false });
  });
}

test('the RustCrypto worker makes keys and signs assertions and certificates that others verify', async (t) => {
  const panel = await fx.open(t);
  const { page, requests } = panel.rec;
  // The page itself does not fetch the worker until it is used; sw.js may fetch it for the
  // offline copy once the page is idle, which is not the page's load.
  const pageRequests = () => requests.filter((r) => !r.fromServiceWorker);
  assert.equal(pageRequests().filter((r) => isWorkerFile(r.url)).length, 0, 'the worker is not part of the first load');

  await watchLongTasks(page);
  await panel.setEngine('rustcrypto');
  await panel.el('client-id').fill('worker-client');
  await panel.el('assertion-aud').fill('https://as.example/token');

  for (const [kind, alg] of [['RSA-2048', 'PS384'], ['EC-P384', 'ES384'], ['EC-P521', 'ES512'], ['Ed25519', 'EdDSA']]) {
    await panel.el('key-alg').selectOption(kind);
    await panel.el('key-generate').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=key-busy]'), null, { timeout: 120_000 });
    await panel.el('key-public-jwk').waitFor({ state: 'attached' });
    const provenance = await panel.provenance();
    assert.match(provenance, /RustCrypto/, `${kind}: made by the worker`);
    const jwks = JSON.parse(await panel.text('key-public-jwks'));
    const publicJwk = jwks.keys[0];
    assert.equal(await calculateJwkThumbprint(publicJwk), await panel.text('key-kid'), `${kind}: thumbprint`);
    // The private key the worker made belongs to the public key (node crypto, independently).
    const privatePem = await panel.text('key-private-pem');
    const derived = createPublicKey(createPrivateKey(privatePem)).export({ format: 'jwk' });
    for (const member of ['n', 'e', 'x', 'y']) {
      if (publicJwk[member]) assert.equal(derived[member], publicJwk[member], `${kind}: public member ${member}`);
    }

    await panel.el('assertion-alg').selectOption(alg);
    await page.waitForFunction((a) => {
      const text = document.querySelector('[data-testid=assertion-header]')?.textContent ?? '';
      return text.includes(`"alg": "${a}"`);
    }, alg, { timeout: 30_000 });
    const token = (await panel.text('assertion')).trim();
    const key = await importJWK({ ...publicJwk, alg }, alg);
    const { payload } = await jwtVerify(token, key, { audience: 'https://as.example/token', issuer: 'worker-client' });
    assert.equal(payload.sub, 'worker-client', `${kind}: claims`);

    await panel.reveal('key-make-certificate');
    await panel.el('key-make-certificate').click();
    await panel.el('key-certificate-pem').waitFor();
    const certificate = new X509Certificate(await panel.text('key-certificate-pem'));
    assert.ok(certificate.verify(certificate.publicKey), `${kind}: the worker's certificate signature verifies`);
    assert.ok(certificate.checkPrivateKey(createPrivateKey(privatePem)), `${kind}: certificate matches the key`);
  }

  assert.ok(pageRequests().some((r) => isWorkerFile(r.url) && r.url.endsWith('.wasm')), 'the worker was loaded when needed');
  const longTasks = await page.evaluate(() => window.__longTasks);
  assert.ok(longTasks.every((ms) => ms <= 50), `no main-thread task over 50 ms while the worker worked: ${longTasks}`);
});
