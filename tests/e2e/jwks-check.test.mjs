// The JWKS URL check against a loopback JWKS server of the tests (lib/jwks-server.mjs):
//   - the current key published (with CORS) → jwks-check-result begins with "published";
//   - another key, under another kid → "not published"; the current key under another kid →
//     "not published", naming that kid;
//   - the current key's kid with another key's material → "different key";
//   - published with a private member, or an alg/use that do not fit: "published", with a note;
//   - a JWKS that is not JSON: an error, no verdict;
//   - the same document served without CORS: the fetch fails, the page says so and offers the
//     paste and the curl; bash runs that curl against the server, its output pasted gives the
//     right verdict;
//   - the check GETs exactly the URL typed, with no body, cookie or credentials, and nothing
//     private in it; in Dutch the verdict keeps its English first words.
// One page for the file; the CORS failure comes last (its paste path then stays on screen).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { bash } from './lib/curl.mjs';
import { fixture } from './lib/fixture.mjs';
import { startJwksServer } from './lib/jwks-server.mjs';
import { checkJwksUrl, checkPasted } from './lib/keyset.mjs';
import { Ledger } from './lib/trust-ledger.mjs';
import { Workbench } from './lib/workbench.mjs';

// The CORS case provokes Chromium's own "blocked by CORS policy" line.
const fx = fixture({ page: Workbench, networkErrorsExpected: true });

let bench;
let key;
let jwks;
const ledger = new Ledger();
before(async () => {
  jwks = await startJwksServer();
  bench = await fx.openShared();
  key = await bench.keyFor('ES256');
  ledger.addKey('current ES256', key);
});
after(() => jwks?.close());

/** A public EC P-256 JWK made by node (not the page). */
function otherKey() {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return publicKey.export({ format: 'jwk' });
}

/** Publishes `doc` as `name` and checks its CORS URL; resolves the result text. */
async function check(name, doc) {
  const urls = jwks.publish(name, doc);
  const count = jwks.requestsFor(name).length;
  const out = await checkJwksUrl(bench, urls.cors, { served: () => jwks.requestsFor(name).length > count });
  if (process.env.REPORT) console.error(`[jwks-check] ${name}: ${out.result ?? out.text}`);
  assert.ok(!out.failed, `${name}: the fetch with CORS worked: ${out.text}`);
  assert.ok(jwks.requestsFor(name).length > count, `${name}: the page fetched the URL`);
  return out.result;
}

test('the current key published → "published"', async () => {
  const result = await check('current', { keys: [key.publicJwk] });
  assert.match(result, /^published\b/, result);
  const also = await check('among-others', { keys: [{ ...otherKey(), kid: 'someone-else' }, key.publicJwk] });
  assert.match(also, /^published\b/, `among other keys: ${also}`);
});

test('another key under another kid → "not published"; the same key under another kid is named', async () => {
  const result = await check('other', { keys: [{ ...otherKey(), kid: 'other-kid' }] });
  assert.match(result, /^not published\b/, result);
  const renamed = await check('renamed', { keys: [{ ...key.publicJwk, kid: 'renamed-kid' }] });
  assert.match(renamed, /^not published\b/, renamed);
  assert.match(renamed, /renamed-kid/, `says the same key is there under another kid: ${renamed}`);
  const empty = await check('empty', { keys: [] });
  assert.match(empty, /^not published\b/, `an empty set: ${empty}`);
});

test('the kid with another key\'s material → "different key"', async () => {
  const result = await check('different', { keys: [{ ...otherKey(), kid: key.kid }] });
  assert.match(result, /^different key\b/, result);
});

test('published, with notes: a private member published; alg and use that do not fit', async () => {
  const withPrivate = await check('private', { keys: [key.privateJwk] });
  assert.match(withPrivate, /^published\b/, withPrivate);
  assert.match(withPrivate, /private/i, `warns that private members are published: ${withPrivate}`);
  const plain = await check('plain', { keys: [key.publicJwk] });
  const misfit = await check('misfit', { keys: [{ ...key.publicJwk, alg: 'ES384', use: 'enc' }] });
  assert.match(misfit, /^published\b/, misfit);
  assert.notEqual(misfit, plain, 'the notes make a difference');
  assert.match(misfit, /\balg\b|ES384/, `notes the alg: ${misfit}`);
  assert.match(misfit, /\buse\b|enc/, `notes the use: ${misfit}`);
});

test('a JWKS URL that does not serve a JWK Set: an error, no verdict', async () => {
  const notJson = await check('not-json', '<html>login</html>');
  assert.doesNotMatch(notJson, /^(published|not published|different key)\b/, `no verdict on HTML: ${notJson}`);
  const noKeys = await check('no-keys', { issuer: 'x' });
  assert.doesNotMatch(noKeys, /^(published|not published|different key)\b/, `no verdict without "keys": ${noKeys}`);
  assert.notEqual(notJson, noKeys, 'two different errors');
});

test('in Dutch the verdict keeps its English first words', async () => {
  await bench.el('lang').selectOption('nl');
  try {
    const result = await check('dutch', { keys: [{ ...otherKey(), kid: key.kid }] });
    assert.match(result, /^different key\b/, result);
    assert.ok(result.length > 'different key'.length + 10, `a Dutch explanation follows: ${result}`);
  } finally {
    await bench.el('lang').selectOption('en');
  }
});

test('the check GETs exactly the URL typed, without body, cookie or credentials, and nothing private', async () => {
  const urls = jwks.publish('audit', { keys: [key.publicJwk] });
  const count = jwks.requests.length;
  const out = await checkJwksUrl(bench, `${urls.cors}?tenant=a&x=1`, { served: () => jwks.requests.length > count });
  assert.match(out.result, /^published\b/);
  const got = jwks.requests.slice(count).filter((r) => r.method !== 'OPTIONS');
  assert.deepEqual(got.map((r) => [r.method, r.path, r.body]), [['GET', '/cors/audit', '']], 'one plain GET');
  assert.equal(got[0].url, '/cors/audit?tenant=a&x=1', 'the server got exactly the path and query typed');
  const [req] = got;
  assert.equal(req.headers.cookie, undefined);
  assert.equal(req.headers.authorization, undefined);
  assert.equal(req.headers.referer, undefined, 'no Referer (the page\'s policy)');
  const sent = bench.rec.requests.filter((r) => r.url.startsWith(jwks.origin))
    .map((r) => `${r.url}\n${JSON.stringify(r.headers)}\n${r.postData ?? ''}`).join('\n');
  assert.deepEqual(ledger.findPrivate(sent), [], 'nothing of the private key in what the browser sent');
  assert.ok(bench.rec.requests.some((r) => r.url === `${urls.cors}?tenant=a&x=1`), `the browser fetched exactly the URL typed: ${bench.rec.requests.filter((r) => r.url.startsWith(jwks.origin)).map((r) => r.url).join(' ')}`);
});

test('without CORS: the page says the fetch failed, offers paste and curl; the curl\'s output pasted gives the verdict', async () => {
  const doc = { keys: [{ ...otherKey(), kid: 'unrelated' }, key.publicJwk] };
  const urls = jwks.publish('no-cors', doc);
  const out = await checkJwksUrl(bench, urls.plain);
  assert.ok(out.failed, `the fetch failed and the paste path is offered: ${JSON.stringify(out)}`);
  assert.equal(await bench.visible('jwks-check-paste-apply'), true);
  assert.doesNotMatch(out.text ?? '', /^(published|not published|different key)\b/, 'no verdict without the document');
  const command = await bench.text('jwks-check-curl');
  assert.ok(command.includes(urls.plain), `the curl fetches the URL: ${command}`);
  assert.deepEqual(ledger.findPrivate(command), [], 'nothing private in the curl');
  const before = jwks.requestsFor('no-cors').length;
  const ran = await bash(command);
  assert.equal(ran.code, 0, ran.stderr);
  assert.equal(jwks.requestsFor('no-cors').length, before + 1, 'bash + curl fetched it');
  assert.equal(ran.stdout, JSON.stringify(doc), 'curl printed the document, byte for byte');
  const verdict = await checkPasted(bench, ran.stdout);
  assert.match(verdict, /^published\b/, verdict);
  const other = await checkPasted(bench, JSON.stringify({ keys: [{ ...otherKey(), kid: key.kid }] }));
  assert.match(other, /^different key\b/, `a second paste: ${other}`);
});
