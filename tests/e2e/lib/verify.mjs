// Checks a key exported by the page with implementations that share no code with it:
// node `jose`, node `crypto` (OpenSSL inside Node) and the `openssl` command line.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';

export const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

/** What each generatable kind must look like. */
export const EXPECT = {
  'RSA-2048': { kty: 'RSA', bits: 2048, alg: 'RS256', hash: 'sha256', summary: 'RSA 2048-bit' },
  'RSA-3072': { kty: 'RSA', bits: 3072, alg: 'RS256', hash: 'sha256', summary: 'RSA 3072-bit' },
  'RSA-4096': { kty: 'RSA', bits: 4096, alg: 'RS256', hash: 'sha256', summary: 'RSA 4096-bit' },
  'EC-P256': { kty: 'EC', crv: 'P-256', alg: 'ES256', hash: 'sha256', summary: 'EC P-256' },
  'EC-P384': { kty: 'EC', crv: 'P-384', alg: 'ES384', hash: 'sha384', summary: 'EC P-384' },
  'EC-P521': { kty: 'EC', crv: 'P-521', alg: 'ES512', hash: 'sha512', summary: 'EC P-521' },
  Ed25519: { kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', hash: null, summary: 'Ed25519' },
};

/** The members that make up each key type, public first. */
const MEMBERS = {
  RSA: { public: ['n', 'e'], private: ['d', 'p', 'q', 'dp', 'dq', 'qi'] },
  EC: { public: ['crv', 'x', 'y'], private: ['d'] },
  OKP: { public: ['crv', 'x'], private: ['d'] },
};

/** Runs openssl with `files` ({name: content}) written to a scratch directory; returns stdout. */
export function openssl(args, files = {}, { input } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pkjwt-ossl-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return execFileSync('openssl', args, { cwd: dir, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The base64 body of a PEM block, without armour or line breaks. */
export function pemBody(pem) {
  return pem.replace(/-----(BEGIN|END) [^-]+-----/g, '').replace(/\s+/g, '');
}

const sameText = (a, b) => a.trim() === b.trim();

/**
 * Checks one key as the page shows it (see KeyPanel.key()) against `kind`.
 * Every comparison is between the page's text and what an independent implementation derives.
 */
export async function verifyKey(key, kind, label = kind) {
  const want = EXPECT[kind];
  const { privateJwk, publicJwk, publicJwks, privatePem, publicPem } = key;
  const m = MEMBERS[want.kty];
  const at = (what) => `${label}: ${what}`;

  // Shapes.
  assert.equal(publicJwk.kty, want.kty, at('public JWK kty'));
  assert.equal(privateJwk.kty, want.kty, at('private JWK kty'));
  if (want.crv) assert.equal(publicJwk.crv, want.crv, at('public JWK crv'));
  for (const member of PRIVATE_MEMBERS) {
    assert.ok(!(member in publicJwk), at(`public JWK has no private member "${member}"`));
    for (const jwk of publicJwks.keys) assert.ok(!(member in jwk), at(`JWKS entry has no private member "${member}"`));
  }
  for (const member of [...m.public, ...m.private]) {
    assert.equal(typeof privateJwk[member], 'string', at(`private JWK has "${member}"`));
  }
  for (const member of m.public) assert.equal(publicJwk[member], privateJwk[member], at(`public and private JWK agree on "${member}"`));
  assert.equal(publicJwk.use, 'sig', at('public JWK use'));
  assert.equal(privateJwk.kid, key.kid, at('private JWK kid is key-kid'));
  assert.equal(publicJwk.kid, key.kid, at('public JWK kid is key-kid'));
  assert.deepEqual(publicJwks, { keys: [publicJwk] }, at('JWKS is {"keys":[public JWK]}'));
  assert.match(privatePem, /^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PRIVATE KEY-----\n?$/, at('PKCS#8 PEM armour'));
  assert.match(publicPem, /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PUBLIC KEY-----\n?$/, at('SPKI PEM armour'));
  assert.ok(key.summary.includes(want.summary), at(`key-summary "${key.summary}" names ${want.summary}`));

  // jose: thumbprint, JWK → SPKI, PKCS#8 → JWK.
  const thumbprint = await jose.calculateJwkThumbprint(publicJwk, 'sha256');
  assert.equal(thumbprint, await jose.calculateJwkThumbprint(privateJwk, 'sha256'), at('private and public JWK have one thumbprint'));
  assert.equal(key.kid, thumbprint, at('key-kid is the RFC 7638 thumbprint (jose)'));
  assert.equal(key.thumbprint, thumbprint, at('key-thumbprint is the RFC 7638 thumbprint (jose)'));
  const josePublic = await jose.importJWK(publicJwk, want.alg);
  assert.ok(sameText(await jose.exportSPKI(josePublic), publicPem), at('jose: SPKI from the public JWK equals key-public-pem'));
  const josePrivate = await jose.importPKCS8(privatePem, want.alg, { extractable: true });
  const fromPkcs8 = await jose.exportJWK(josePrivate);
  for (const member of [...m.public, ...m.private]) {
    assert.equal(fromPkcs8[member], privateJwk[member], at(`jose: PKCS#8 and private JWK agree on "${member}"`));
  }
  const josePrivateFromJwk = await jose.importJWK(privateJwk, want.alg, { extractable: true });
  const pkcs8FromJwk = await jose.exportPKCS8(josePrivateFromJwk);
  assert.equal(crypto.createPrivateKey(pkcs8FromJwk).export({ format: 'jwk' }).d, privateJwk.d,
    at('jose: PKCS#8 made from the private JWK holds the same key'));

  // node crypto: private key from the PEM and from the JWK, derived public key, sign/verify.
  const fromPem = crypto.createPrivateKey(privatePem);
  const fromJwk = crypto.createPrivateKey({ key: privateJwk, format: 'jwk' });
  assert.ok(fromPem.equals(fromJwk), at('crypto: PKCS#8 PEM and private JWK are the same key'));
  if (want.bits) assert.equal(fromPem.asymmetricKeyDetails.modulusLength, want.bits, at('RSA modulus length'));
  if (want.kty === 'RSA') assert.equal(fromPem.asymmetricKeyDetails.publicExponent, 65537n, at('RSA public exponent'));
  const derived = crypto.createPublicKey(fromPem);
  assert.ok(sameText(derived.export({ type: 'spki', format: 'pem' }), publicPem), at('crypto: public key derived from PKCS#8 equals key-public-pem'));
  const derivedJwk = derived.export({ format: 'jwk' });
  for (const member of m.public) assert.equal(publicJwk[member], derivedJwk[member], at(`crypto: derived public key agrees with public JWK on "${member}"`));
  const publicFromJwk = crypto.createPublicKey({ key: publicJwk, format: 'jwk' });
  assert.ok(publicFromJwk.equals(crypto.createPublicKey(publicPem)), at('crypto: public JWK and SPKI PEM are the same key'));
  const data = Buffer.from(`pkjwt e2e ${label} ${Date.now()}`);
  const signature = crypto.sign(want.hash, data, fromJwk);
  assert.ok(crypto.verify(want.hash, data, crypto.createPublicKey(publicPem), signature), at('crypto: signature by the private key verifies with key-public-pem'));
  assert.ok(!crypto.verify(want.hash, Buffer.concat([data, Buffer.from('!')]), publicFromJwk, signature), at('crypto: a tampered message does not verify'));

  // openssl CLI: the private key is well formed and its public half is key-public-pem.
  assert.match(openssl(['pkey', '-in', 'k.pem', '-check', '-noout'], { 'k.pem': privatePem }), /Key is valid/, at('openssl pkey -check'));
  assert.ok(sameText(openssl(['pkey', '-in', 'k.pem', '-pubout'], { 'k.pem': privatePem }), publicPem), at('openssl: public key of the PKCS#8 equals key-public-pem'));
  return thumbprint;
}

/** base64url of the bytes behind an "AB:CD:…" fingerprint. */
export function fingerprintB64u(fingerprint) {
  return Buffer.from(fingerprint.replace(/:/g, ''), 'hex').toString('base64url');
}

/** Checks a certificate the page made for `key` with node's X509Certificate and openssl. */
export function verifyCertificate({ cert, key, cn, days, label, madeAt }) {
  const at = (what) => `${label}: ${what}`;
  const x509 = new crypto.X509Certificate(cert.pem);
  assert.equal(x509.subject, `CN=${cn}`, at('subject CN'));
  assert.equal(x509.issuer, `CN=${cn}`, at('issuer is the subject (self-signed)'));
  const from = Date.parse(x509.validFrom);
  const to = Date.parse(x509.validTo);
  assert.ok(Math.abs((to - from) / 86_400_000 - days) < 1 / 24, at(`validity ${(to - from) / 86_400_000} days ≈ ${days}`));
  assert.ok(from <= madeAt && from > madeAt - 3_600_000, at(`notBefore ${x509.validFrom} is shortly before it was made`));
  assert.ok(x509.checkPrivateKey(crypto.createPrivateKey(key.privatePem)), at('checkPrivateKey with the exported private key'));
  assert.ok(x509.verify(crypto.createPublicKey(key.publicPem)), at('signature verifies with its own public key (self-signed)'));
  assert.ok(x509.publicKey.equals(crypto.createPublicKey(key.publicPem)), at('certificate public key is the key'));
  const x5t = fingerprintB64u(x509.fingerprint);
  const x5tS256 = fingerprintB64u(x509.fingerprint256);
  assert.equal(cert.x5t, x5t, at('key-x5t is the SHA-1 fingerprint'));
  assert.equal(cert.x5tS256, x5tS256, at('key-x5t-s256 is the SHA-256 fingerprint'));
  assert.equal(key.publicJwk.x5t, x5t, at('public JWK x5t'));
  assert.equal(key.publicJwk['x5t#S256'], x5tS256, at('public JWK x5t#S256'));
  assert.ok(Array.isArray(key.publicJwk.x5c) && key.publicJwk.x5c.length === 1, at('public JWK has x5c with one certificate'));
  assert.equal(key.publicJwk.x5c[0], x509.raw.toString('base64'), at('x5c[0] is the certificate DER (standard base64)'));
  assert.deepEqual(key.publicJwks, { keys: [key.publicJwk] }, at('JWKS carries the certificate too'));
  const out = openssl(['verify', '-check_ss_sig', '-partial_chain', '-CAfile', 'c.pem', 'c.pem'], { 'c.pem': cert.pem });
  assert.match(out, /^c\.pem: OK$/m, at('openssl verify accepts it'));
}
