// Key rotation with the page's key set, against the real oidc-provider: key-add keeps the current
// key and adds another; key-public-jwks lists every key, the current one first; a client
// registered with that two-key JWKS accepts assertions signed by either (key-set-use switches
// with one click, the assertion's header kid follows, jose verifies each with the key of that
// kid); key-set-remove retires a key; the set holds at most five keys; a JWKS with two private
// keys (made by node's crypto, not the page) imports as a set of two, both usable; with
// key-remember the whole set comes back after a reload.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { fixture } from './lib/fixture.mjs';
import { addKey, currentKid, keySet, keySetWhere, member, onlyCurrent, removeKey, useKey } from './lib/keyset.mjs';
import { Workbench } from './lib/workbench.mjs';
import { PRIVATE_MEMBERS } from './lib/verify.mjs';

const fx = fixture({ page: Workbench, authorizationServers: { as: { cors: true } } });

let bench;
before(async () => {
  bench = await fx.openShared();
});
/** Each test starts from one key (or none): the page is shared by the whole file. */
const fresh = () => onlyCurrent(bench);

/** The public JWKS the page shows now. */
async function publicJwks() {
  await bench.reveal('key-public-jwks');
  await bench.settle();
  return JSON.parse(await bench.text('key-public-jwks'));
}

/** Sends a client_credentials request for `clientId` and returns the client assertion the server got. */
async function sendFor(clientId, label) {
  const res = await bench.send();
  assert.equal(res.status, '200', `${label}: ${res.error} ${res.body} (server: ${JSON.stringify(fx.as.errors.at(-1))})`);
  const assertion = new URLSearchParams(res.sent.postData).get('client_assertion');
  return assertion;
}

/** Verifies `jws` with the member of `jwks` its header names, as a server would. */
async function verifiedBy(jwks, jws) {
  const { kid, alg } = decodeProtectedHeader(jws);
  const jwk = jwks.keys.find((k) => k.kid === kid);
  assert.ok(jwk, `the JWKS has the header's kid ${kid}`);
  await compactVerify(jws, await importJWK(jwk, alg));
  return kid;
}

test('key-add keeps the current key; the JWKS lists both, current first; either key is accepted; key-set-use switches the kid', async (t) => {
  const first = await bench.keyFor('ES256');
  const added = await addKey(bench, 'EC-P256');
  assert.notEqual(added, first.kid);
  const set = await keySet(bench);
  assert.deepEqual(set.map((k) => k.kid).sort(), [first.kid, added].sort(), 'key-set holds both');
  assert.equal(await currentKid(bench), first.kid, 'the key made before stays current');
  assert.equal(await bench.el('key-kid').inputValue(), first.kid, 'and the panel shows it');
  assert.equal(await member(bench, first.kid).getByTestId('key-set-use').count(), 0, 'no "use" on the current key');

  const jwks = await publicJwks();
  assert.deepEqual(jwks.keys.map((k) => k.kid), [first.kid, added], 'current first, then the added key');
  for (const k of jwks.keys) {
    assert.deepEqual(PRIVATE_MEMBERS.filter((m) => m in k), [], `${k.kid}: public members only`);
    assert.equal(await calculateJwkThumbprint(k), k.kid, `${k.kid}: the kid is its RFC 7638 thumbprint`);
  }
  assert.deepEqual(jwks.keys[0], first.publicJwk, 'the current key\'s JWK as key-public-jwk shows it');

  const clientId = `keyset-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks });
  const shown = await bench.configure({ grant: 'client_credentials', auth: 'private_key_jwt', clientId, aud: fx.as.tokenEndpoint, endpoint: fx.as.tokenEndpoint, alg: 'ES256' });
  assert.equal(shown.header.kid, first.kid);
  assert.equal(await verifiedBy(jwks, await sendFor(clientId, 'first key')), first.kid);

  await useKey(bench, added);
  const switched = await bench.assertionWhere(({ header }) => header.kid === added, 'the assertion signed by the added key');
  assert.equal(switched.claims.iss, clientId, 'the rest of the setup stays');
  assert.equal(await verifiedBy(jwks, await sendFor(clientId, 'added key')), added, 'the server accepts the added key\'s assertion');
  assert.deepEqual((await publicJwks()).keys.map((k) => k.kid), [added, first.kid], 'the JWKS lists the new current key first');

  await useKey(bench, first.kid);
  await bench.assertionWhere(({ header }) => header.kid === first.kid, 'back to the first key');
  assert.equal(await verifiedBy(jwks, await sendFor(clientId, 'first key again')), first.kid);

  // Retire the added key: the JWKS is the first key's alone again.
  await removeKey(bench, added);
  assert.deepEqual((await keySet(bench)).map((k) => k.kid), [first.kid]);
  assert.deepEqual(await publicJwks(), { keys: [first.publicJwk] }, 'a one-key set exports the one-key JWKS');
});

test('keys of different types in one set: an RSA key added to an EC key signs RS256 once current', async () => {
  await fresh();
  const ec = await bench.keyFor('ES256');
  const rsa = await addKey(bench, 'RSA-2048');
  const jwks = await publicJwks();
  assert.deepEqual(jwks.keys.map((k) => [k.kid, k.kty]), [[ec.kid, 'EC'], [rsa, 'RSA']]);
  const clientId = `keyset-mixed-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks });
  await bench.configure({ clientId, aud: fx.as.tokenEndpoint, endpoint: fx.as.tokenEndpoint });
  await useKey(bench, rsa);
  await bench.el('assertion-alg').selectOption('RS256');
  await bench.assertionWhere(({ header }) => header.kid === rsa && header.alg === 'RS256', 'RS256 with the RSA key');
  assert.equal(await verifiedBy(jwks, await sendFor(clientId, 'RSA key')), rsa);
});

test('each key keeps its own kid: "Use the thumbprint again" is refused when another key has that thumbprint as its kid', async () => {
  await fresh();
  const a = await bench.keyFor('ES256');
  const setKid = async (kid) => {
    await bench.el('key-kid').fill(kid);
    await bench.el('key-kid').dispatchEvent('change');
    await bench.settle();
  };
  await setKid('alpha');
  const b = await addKey(bench, 'EC-P256');
  await useKey(bench, b);
  // Allowed: the first key is called "alpha" now, so its thumbprint is free as a kid.
  await setKid(a.thumbprint);
  assert.equal(await bench.el('key-kid').inputValue(), a.thumbprint);
  await useKey(bench, 'alpha');
  await bench.page.getByRole('button', { name: 'Use the thumbprint again' }).click();
  await bench.settle();
  assert.equal(await bench.el('key-kid').inputValue(), 'alpha', 'the first key keeps its kid');
  assert.match(await bench.text('key-error'), /already has a key with kid/, 'and the page says why');
  assert.deepEqual((await publicJwks()).keys.map((k) => k.kid), ['alpha', a.thumbprint], 'both keys stay in the JWKS, each with its own kid');
});

test('at most five keys: key-add is disabled with a reason at five', async () => {
  await fresh();
  await bench.keyFor('ES256');
  for (let i = (await keySet(bench)).length; i < 5; i++) await addKey(bench, 'EC-P256');
  assert.equal((await keySet(bench)).length, 5);
  assert.equal(await bench.el('key-add').isDisabled(), true, 'key-add is disabled at five keys');
  const reason = await bench.el('key-add').evaluate((b) => b.title || b.getAttribute('aria-describedby') && document.getElementById(b.getAttribute('aria-describedby'))?.textContent || '');
  assert.ok(reason.trim().length > 0, 'and says why (title or aria-describedby)');
  assert.equal(new Set((await publicJwks()).keys.map((k) => k.kid)).size, 5, 'five distinct keys in the JWKS');
});

test('a JWKS with two private keys (made by node) imports as a set of two; both sign and are accepted', async () => {
  const make = (type, options) => {
    const { privateKey } = generateKeyPairSync(type, options);
    return privateKey.export({ format: 'jwk' });
  };
  const a = { ...make('ec', { namedCurve: 'P-256' }), kid: 'import-a', alg: 'ES256', use: 'sig' };
  const b = { ...make('ed25519'), kid: 'import-b', alg: 'EdDSA', use: 'sig' };
  await fresh();
  await bench.import(JSON.stringify({ keys: [a, b] }));
  // A picker for several candidates may come first: either way both must end up held.
  const set = await keySetWhere(bench, (s) => s.length === 2, 'both imported keys held', 10_000);
  assert.deepEqual(set.map((k) => k.kid).sort(), ['import-a', 'import-b']);
  const jwks = await publicJwks();
  assert.deepEqual(jwks.keys.map((k) => k.kid).sort(), ['import-a', 'import-b']);
  for (const k of jwks.keys) {
    const original = [a, b].find((o) => o.kid === k.kid);
    assert.equal(await calculateJwkThumbprint(k), await calculateJwkThumbprint(original), `${k.kid}: the same public key as imported`);
  }
  const clientId = `keyset-import-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks });
  await bench.configure({ clientId, aud: fx.as.tokenEndpoint, endpoint: fx.as.tokenEndpoint });
  for (const [kid, alg] of [['import-a', 'ES256'], ['import-b', 'EdDSA']]) {
    if ((await currentKid(bench)) !== kid) await useKey(bench, kid);
    await bench.el('assertion-alg').selectOption(alg);
    await bench.assertionWhere(({ header }) => header.kid === kid && header.alg === alg, `signed by ${kid}`);
    assert.equal(await verifiedBy(jwks, await sendFor(clientId, kid)), kid);
  }
});

test('key-remember keeps the whole set: after a reload both keys are back, the same current', async () => {
  await fresh();
  const first = await bench.keyFor('ES256');
  const second = await addKey(bench, 'Ed25519');
  await useKey(bench, second);
  await bench.el('key-remember').check();
  await bench.settle();
  const jwksBefore = await publicJwks();
  await bench.reload();
  const set = await keySetWhere(bench, (s) => s.length === 2, 'the remembered set after a reload', 10_000);
  assert.deepEqual(set.map((k) => k.kid).sort(), [first.kid, second].sort());
  assert.equal(await currentKid(bench), second, 'the same current key');
  assert.deepEqual(await publicJwks(), jwksBefore, 'the same JWKS');
  await bench.el('key-remember').uncheck();
  await bench.settle();
  assert.deepEqual(Object.keys(await bench.page.evaluate(() => ({ ...localStorage }))).filter((k) => /key/i.test(k)), [], 'unticked: nothing of the keys stays stored');
});
