// The checkers used by the key tests can fail: fed keys and certificates made by node and openssl
// they pass, and fed each kind of wrong answer a buggy page could give they throw. No browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import * as jose from 'jose';
import { verifyKey, verifyCertificate, openssl, fingerprintB64u, EXPECT } from './lib/verify.mjs';
import { Secrets } from './lib/secrets.mjs';

/** A key shaped like KeyPanel.key() returns it, made by node. */
async function nodeKey(kind) {
  const want = EXPECT[kind];
  const { privateKey } = want.kty === 'RSA'
    ? crypto.generateKeyPairSync('rsa', { modulusLength: want.bits })
    : want.kty === 'EC'
      ? crypto.generateKeyPairSync('ec', { namedCurve: want.crv })
      : crypto.generateKeyPairSync('ed25519');
  const publicKey = crypto.createPublicKey(privateKey);
  const kid = await jose.calculateJwkThumbprint(publicKey.export({ format: 'jwk' }));
  const privateJwk = { ...privateKey.export({ format: 'jwk' }), kid, use: 'sig' };
  const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig' };
  return {
    kid,
    thumbprint: kid,
    summary: `${want.summary} · private key (can sign)`,
    privateJwk,
    publicJwk,
    publicJwks: { keys: [publicJwk] },
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }),
  };
}

const clone = (key) => structuredClone(key);

for (const kind of ['RSA-2048', 'EC-P256', 'Ed25519']) {
  test(`verifyKey accepts a correct ${kind} key and rejects every wrong export`, async () => {
    const key = await nodeKey(kind);
    const other = await nodeKey(kind);
    await verifyKey(key, kind);

    const wrong = {
      'private member in the public JWK': (k) => { k.publicJwk.d = k.privateJwk.d; k.publicJwks = { keys: [k.publicJwk] }; },
      'private member in the JWKS': (k) => { k.publicJwks = { keys: [{ ...k.publicJwk, d: k.privateJwk.d }] }; },
      'JWKS with another key': (k) => { k.publicJwks = { keys: [k.publicJwk, other.publicJwk] }; },
      'no use: sig': (k) => { delete k.publicJwk.use; k.publicJwks = { keys: [k.publicJwk] }; },
      'kid that is not the thumbprint': (k) => { k.kid = k.privateJwk.kid = k.publicJwk.kid = 'x'; k.publicJwks = { keys: [k.publicJwk] }; },
      'key-thumbprint wrong': (k) => { k.thumbprint = other.thumbprint; },
      'SPKI PEM of another key': (k) => { k.publicPem = other.publicPem; },
      'PKCS#8 PEM of another key': (k) => { k.privatePem = other.privatePem; },
      'private JWK of another key': (k) => { k.privateJwk = { ...other.privateJwk, kid: k.kid }; },
      'private d of another key': (k) => { k.privateJwk.d = other.privateJwk.d; },
      'public JWK of another key': (k) => { k.publicJwk = { ...other.publicJwk, kid: k.kid }; k.publicJwks = { keys: [k.publicJwk] }; },
      'summary of another type': (k) => { k.summary = 'RSA 4096-bit'; },
    };
    for (const [what, spoil] of Object.entries(wrong)) {
      const bad = clone(key);
      spoil(bad);
      await assert.rejects(verifyKey(bad, kind), assert.AssertionError, `verifyKey must reject: ${what}`);
    }
  });
}

test('verifyKey rejects a key of the wrong size or curve', async () => {
  await assert.rejects(verifyKey(await nodeKey('RSA-2048'), 'RSA-3072'), assert.AssertionError);
  await assert.rejects(verifyKey(await nodeKey('EC-P256'), 'EC-P384'), assert.AssertionError);
});

test('verifyCertificate accepts an openssl self-signed certificate and rejects wrong ones', async () => {
  const key = await nodeKey('EC-P256');
  const other = await nodeKey('EC-P256');
  const madeAt = Date.now() + 2_000;
  const make = (k, cn, days) => {
    const pem = openssl(['req', '-x509', '-key', 'k.pem', '-subj', `/CN=${cn}`, '-days', String(days), '-out', '-'], { 'k.pem': k.privatePem });
    const x509 = new crypto.X509Certificate(pem);
    return { pem, x5t: fingerprintB64u(x509.fingerprint), x5tS256: fingerprintB64u(x509.fingerprint256), der: x509.raw.toString('base64') };
  };
  const cert = make(key, 'me', 30);
  const withCert = (k, c) => {
    const publicJwk = { ...k.publicJwk, x5c: [c.der], x5t: c.x5t, 'x5t#S256': c.x5tS256 };
    return { ...k, publicJwk, publicJwks: { keys: [publicJwk] } };
  };
  const ok = { cert, key: withCert(key, cert), cn: 'me', days: 30, label: 'openssl', madeAt };
  verifyCertificate(ok);

  const otherCert = make(other, 'me', 30);
  const wrong = {
    'another CN': { ...ok, cn: 'you' },
    'another validity': { ...ok, days: 31 },
    'made long before': { ...ok, madeAt: madeAt + 7_200_000 },
    'key-x5t wrong': { ...ok, cert: { ...cert, x5t: otherCert.x5t } },
    'key-x5t-s256 wrong': { ...ok, cert: { ...cert, x5tS256: otherCert.x5tS256 } },
    'x5c of another certificate': { ...ok, key: withCert(key, { ...cert, der: otherCert.der }) },
    'certificate of another key': { ...ok, cert: otherCert, key: withCert(key, otherCert) },
  };
  for (const [what, args] of Object.entries(wrong)) {
    assert.throws(() => verifyCertificate(args), (e) => e instanceof assert.AssertionError || /openssl/.test(e.message), `must reject: ${what}`);
  }
});

test('Secrets finds private values, PKCS#8 slices and URL-encoded forms, and only those', async () => {
  const key = await nodeKey('RSA-2048');
  const secrets = new Secrets();
  secrets.addKey('k', key);
  const body = key.privatePem.split('\n').slice(1, -2).join('');
  assert.deepEqual(secrets.find(`https://x/?q=${key.publicJwk.n}&e=AQAB`), [], 'public values are fine');
  assert.ok(secrets.find(`{"d":"${key.privateJwk.d}"}`).includes('k d'));
  assert.ok(secrets.find(`x-header: ${key.privateJwk.qi}`).includes('k qi'));
  assert.equal(secrets.find(`body=${body.slice(500, 540)}`).length, 1, 'a 40-character slice is found');
  assert.equal(secrets.find(`body=${encodeURIComponent(body.slice(100, 160))}`).length, 1, 'URL-encoded too');
  assert.deepEqual(secrets.find(`body=${body.slice(500, 539)}`), [], '39 characters are not flagged');
});
