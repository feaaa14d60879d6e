// Key workshop, import: every export format of every key type goes back in through key-import
// (and the file picker) and comes out as the same key (same RFC 7638 thumbprint); PKCS#1 and
// SEC1 made by openssl are read too; public-only inputs say so and offer no private exports;
// a JWK Set with several keys offers key-import-pick.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import * as jose from 'jose';
import { fixture } from './lib/fixture.mjs';
import { KINDS } from './lib/keypanel.mjs';
import { verifyKey, openssl, PRIVATE_MEMBERS } from './lib/verify.mjs';
import { Secrets } from './lib/secrets.mjs';

const secrets = new Secrets();
const fx = fixture({ secrets });
let panel; // one page for the whole file
const originals = {}; // kind → key as first shown (with a certificate)

before(async () => { panel = await fx.openShared(); });

/** A private import: same key, all exports verify again. */
async function expectPrivate(key, original, kind, label) {
  assert.equal(key.thumbprint, original.thumbprint, `${label}: same thumbprint`);
  assert.match(key.summary, /private key \(can sign\)/, `${label}: summary says private`);
  assert.match(key.provenance, /^Imported: /, `${label}: provenance says imported`);
  for (const m of PRIVATE_MEMBERS) assert.equal(key.privateJwk[m], original.privateJwk[m], `${label}: private member ${m} survives`);
  await verifyKey(key, kind, label);
}

/** A public-only import: same key, says so, and offers no private export. */
async function expectPublicOnly(key, original, label) {
  assert.equal(key.thumbprint, original.thumbprint, `${label}: same thumbprint`);
  assert.equal(key.kid, original.kid, `${label}: same kid`);
  assert.match(key.summary, /public key only \(cannot sign\)/, `${label}: summary says public only`);
  assert.equal(key.privateJwkText, undefined, `${label}: no key-private-jwk`);
  assert.equal(key.privatePem, undefined, `${label}: no key-private-pem`);
  assert.equal(await panel.el('key-private-jwk').count(), 0, `${label}: key-private-jwk absent`);
  assert.equal(await panel.el('key-private-pem').count(), 0, `${label}: key-private-pem absent`);
  assert.ok(await panel.el('key-make-certificate').isDisabled(), `${label}: cannot make a certificate without the private key`);
  assert.ok(await panel.page.getByText('This is a public key:').isVisible(), `${label}: the page warns it is public only`);
  assert.equal(key.publicPem.trim(), original.publicPem.trim(), `${label}: same SPKI`);
  for (const m of ['kty', 'crv', 'n', 'e', 'x', 'y']) assert.equal(key.publicJwk[m], original.publicJwk[m], `${label}: public member ${m}`);
}

for (const kind of KINDS) {
  test(`${kind}: every export format re-imports as the same key`, async () => {
    await panel.generate(kind);
    await panel.makeCertificate({ cn: `import ${kind}`, days: 10 });
    const original = await panel.key();
    originals[kind] = original;
    secrets.addKey(kind, original);
    const isRsa = kind.startsWith('RSA');
    const isEc = kind.startsWith('EC');

    await expectPrivate(await panel.import(original.privateJwkText), original, kind, `${kind} private JWK`);
    // A private JWK written by another implementation: no kid, no use, different member order.
    const nodeJwk = crypto.createPrivateKey(original.privatePem).export({ format: 'jwk' });
    await expectPrivate(await panel.import(JSON.stringify(nodeJwk, null, 2)), original, kind, `${kind} private JWK from node`);
    await expectPrivate(await panel.import(original.privatePem, { keyboard: true }), original, kind, `${kind} PKCS#8 PEM (Ctrl+Enter)`);
    await expectPublicOnly(await panel.import(original.publicJwksText), original, `${kind} JWKS`);
    await expectPublicOnly(await panel.import(original.publicJwkText), original, `${kind} public JWK`);
    await expectPublicOnly(await panel.import(original.publicPem), original, `${kind} SPKI PEM`);

    const fromCert = await panel.import(original.certificatePem);
    await expectPublicOnly(fromCert, original, `${kind} certificate PEM`);
    assert.equal(fromCert.certificatePem.trim(), original.certificatePem.trim(), `${kind} certificate PEM: the certificate is kept`);
    assert.equal(fromCert.publicJwk.x5t, original.publicJwk.x5t, `${kind} certificate PEM: x5t`);
    assert.equal(fromCert.publicJwk['x5t#S256'], original.publicJwk['x5t#S256'], `${kind} certificate PEM: x5t#S256`);

    const bundle = await panel.import(`${original.privatePem}\n${original.certificatePem}`);
    await expectPrivate(bundle, original, kind, `${kind} PKCS#8 + certificate`);
    assert.equal(bundle.certificatePem?.trim(), original.certificatePem.trim(), `${kind} PKCS#8 + certificate: certificate kept`);

    if (isRsa) {
      const pkcs1 = openssl(['pkey', '-in', 'k.pem', '-traditional'], { 'k.pem': original.privatePem });
      assert.match(pkcs1, /^-----BEGIN RSA PRIVATE KEY-----/);
      secrets.addPem(`${kind} PKCS#1 body`, pkcs1);
      await expectPrivate(await panel.import(pkcs1), original, kind, `${kind} PKCS#1 (openssl)`);
    }
    if (isEc) {
      const sec1 = openssl(['ec', '-in', 'k.pem'], { 'k.pem': original.privatePem });
      assert.match(sec1, /^-----BEGIN EC PRIVATE KEY-----/);
      secrets.addPem(`${kind} SEC1 body`, sec1);
      await expectPrivate(await panel.import(sec1), original, kind, `${kind} SEC1 (openssl)`);
    }

    // The file picker: PEM text and binary DER.
    await expectPrivate(await panel.importFile({ name: 'key.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(original.privatePem) }),
      original, kind, `${kind} PKCS#8 PEM file`);
    const der = crypto.createPrivateKey(original.privatePem).export({ type: 'pkcs8', format: 'der' });
    await expectPrivate(await panel.importFile({ name: 'key.der', mimeType: 'application/octet-stream', buffer: der }),
      original, kind, `${kind} PKCS#8 DER file`);

    assert.equal(await panel.el('key-error').count(), 0, 'no error shown');
  });
}

test('a JWK Set with two keys offers key-import-pick, and picking switches the key', async () => {
  const rsa = originals['RSA-2048'];
  const ec = originals['EC-P256'];
  assert.ok(rsa && ec, 'the keys from the tests above');
  const pick = panel.el('key-import-pick');
  const shown = async () => ({ pick: await pick.inputValue(), thumbprint: await panel.text('key-thumbprint') });

  // A public and a private key: the private one is preferred.
  await panel.import(JSON.stringify({ keys: [rsa.publicJwk, ec.privateJwk] }));
  await pick.waitFor();
  assert.deepEqual(await shown(), { pick: '1', thumbprint: ec.thumbprint }, 'the private key (keys[1]) is picked first');
  assert.equal(await panel.el('key-private-jwk').count(), 1, 'private exports for the private key');
  await pick.selectOption('0');
  await panel.settle();
  assert.deepEqual(await shown(), { pick: '0', thumbprint: rsa.thumbprint }, 'picking keys[0] shows the RSA key');
  assert.equal(await panel.el('key-private-jwk').count(), 0, 'no private exports for the public key');

  // Two public keys: the first is shown; the picker goes both ways.
  await panel.import(JSON.stringify({ keys: [rsa.publicJwk, ec.publicJwk] }));
  await pick.waitFor();
  assert.equal(await pick.locator('option').count(), 2, 'two choices');
  assert.deepEqual(await shown(), { pick: '0', thumbprint: rsa.thumbprint }, 'first key shown');
  await pick.selectOption('1');
  await panel.settle();
  assert.deepEqual(await shown(), { pick: '1', thumbprint: ec.thumbprint }, 'picking keys[1] shows the EC key');
  assert.match(await panel.text('key-summary'), /EC P-256/);
  await pick.selectOption('0');
  await panel.settle();
  assert.deepEqual(await shown(), { pick: '0', thumbprint: rsa.thumbprint }, 'picking keys[0] shows the RSA key again');
  assert.match(await panel.text('key-summary'), /RSA 2048-bit/);

  // A single-key import hides the picker again.
  await panel.import(ec.privateJwkText);
  await panel.settle();
  assert.equal(await pick.count(), 0, 'no picker for one key');
});

test('after picking in one JWK Set, the picker shows the key actually chosen from the next one', async () => {
  const rsa = originals['RSA-2048'];
  const ec = originals['EC-P256'];
  const pick = panel.el('key-import-pick');
  await panel.import(JSON.stringify({ keys: [rsa.publicJwk, ec.publicJwk] }));
  await pick.selectOption('1');
  await pick.selectOption('0');
  // The page prefers the private key, keys[1]; the picker must say so.
  await panel.import(JSON.stringify({ keys: [rsa.publicJwk, ec.privateJwk] }));
  await panel.settle();
  assert.equal(await panel.text('key-thumbprint'), ec.thumbprint, 'the private key keys[1] is the current key');
  assert.equal(await pick.inputValue(), '1', 'key-import-pick shows keys[1], the current key (page bug: it shows keys[0])');
});

test('a JWK Set entry that cannot be read is skipped, with the reason shown', async () => {
  const ec = originals['EC-P256'];
  await panel.import(JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' }, ec.privateJwk] }));
  assert.equal(await panel.text('key-thumbprint'), ec.thumbprint, 'the readable key is used');
  const note = panel.page.locator('li', { hasText: 'Skipped:' });
  await note.waitFor();
  assert.match(await note.textContent(), /keys\[0\].*oct/, 'the note says which entry and why');
});

test('a kid can be edited; the thumbprint stays, every export follows', async () => {
  const ec = originals['EC-P384'];
  await panel.import(ec.privateJwkText);
  await panel.el('key-kid').fill('my-own-kid');
  await panel.el('key-kid').press('Tab');
  await panel.settle();
  const key = await panel.key();
  assert.equal(key.kid, 'my-own-kid');
  assert.equal(key.thumbprint, ec.thumbprint, 'the thumbprint does not change');
  assert.equal(key.privateJwk.kid, 'my-own-kid');
  assert.equal(key.publicJwk.kid, 'my-own-kid');
  assert.equal(key.publicJwks.keys[0].kid, 'my-own-kid');
  assert.equal(await jose.calculateJwkThumbprint(key.publicJwk), ec.thumbprint);
  await panel.page.getByRole('button', { name: 'Use the thumbprint again' }).click();
  await panel.settle();
  assert.equal(await panel.el('key-kid').inputValue(), ec.thumbprint, 'back to the thumbprint');
  assert.equal(JSON.parse(await panel.text('key-public-jwk')).kid, ec.thumbprint);
});

test('nothing private left the page (requests, console)', async () => {
  const { found, requests, keys } = await secrets.leaks();
  assert.ok(keys >= KINDS.length, `every key was registered (${keys})`);
  assert.ok(requests > 0, 'requests were recorded');
  assert.deepEqual(found, []);
});
