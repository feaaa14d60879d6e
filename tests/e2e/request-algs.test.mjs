// Every signing algorithm the page offers, end to end against a real authorization server
// (oidc-provider, authorization-server/): the key is generated in the page, its public
// JWKS registered, and the client_credentials request is (a) sent by the page and (b) run from
// the page's curl command with bash. Each assertion is checked on its own with node `jose`.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { decodeJwt, importJWK, jwtVerify } from 'jose';
import { curlArgs, runCurl } from './lib/curl.mjs';
import { fixture } from './lib/fixture.mjs';
import { ASSERTION_TYPE } from './lib/oauth.mjs';
import { Secrets } from './lib/secrets.mjs';
import { ALGS, Workbench, formValue } from './lib/workbench.mjs';

const LIFETIME = 120; // not the default (300), so that the check proves the field is used

const fx = fixture({ page: Workbench, authorizationServers: { as: { cors: true } } });
let bench; // one page for the whole file
const secrets = new Secrets(); // every private key generated here, checked against every request at the end
before(async () => { bench = await fx.openShared(); });

/**
 * Verifies a client assertion with jose against the page's public JWK and returns its claims.
 * iss = sub = client_id, aud = token endpoint, exp - iat = LIFETIME, a jti, header alg/kid/typ.
 */
async function verifyAssertion(jwt, { alg, key, clientId, aud }, label) {
  const publicKey = await importJWK(key.publicJwk, alg);
  const { payload, protectedHeader } = await jwtVerify(jwt, publicKey, {
    algorithms: [alg], issuer: clientId, subject: clientId, audience: aud,
  }).catch((err) => assert.fail(`${label}: jose refuses the assertion: ${err.message}`));
  assert.equal(payload.aud, aud, `${label}: aud is the token endpoint, as one string`);
  assert.equal(payload.exp - payload.iat, LIFETIME, `${label}: exp - iat = lifetime`);
  assert.ok(Math.abs(payload.iat - Date.now() / 1000) < 60, `${label}: iat is now`);
  assert.match(payload.jti, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, `${label}: jti is a v4 UUID`);
  assert.deepEqual(protectedHeader, { alg, typ: 'JWT', kid: key.kid }, `${label}: header`);
  assert.equal(key.publicJwk.kid, key.kid, `${label}: the registered JWK carries that kid`);
  return payload;
}

/** The access token answer: a Bearer JWT access token for this client. */
function assertTokenAnswer(body, clientId, label) {
  assert.equal(typeof body, 'object', `${label}: JSON answer, got ${JSON.stringify(body)}`);
  assert.equal(body.token_type, 'Bearer', `${label}: ${JSON.stringify(body)}`);
  assert.equal(body.scope, 'api:read', label);
  const claims = decodeJwt(body.access_token);
  assert.equal(claims.client_id, clientId, `${label}: access token issued to the client`);
  assert.equal(claims.aud, fx.as.resource, label);
  return claims;
}

for (const alg of Object.keys(ALGS)) {
  test(`${alg} (${ALGS[alg]}): Send and the curl command both get an access token`, async () => {
    const key = await bench.keyFor(alg);
    secrets.addKey(alg, key);
    const clientId = `algs-${alg}-${randomUUID()}`;
    await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks });
    const aud = fx.as.tokenEndpoint;
    const errorsBefore = fx.as.errors.length;

    const shown = await bench.configure({
      clientId, aud, alg, lifetime: LIFETIME, endpoint: fx.as.tokenEndpoint, params: { scope: 'api:read' },
    });
    const ctx = { alg, key, clientId, aud };
    const shownClaims = await verifyAssertion(shown.token, ctx, 'shown assertion');
    assert.equal(await bench.el('assertion-alg').inputValue(), alg);
    assert.equal(await bench.el('assertion-problems').locator(':scope > *').count(), 0, 'assertion-problems is empty (custom profile)');

    // (a) Send from the page.
    const sent = await bench.sendJson();
    assert.equal(sent.error, undefined, 'no request-error');
    assert.equal(sent.sent.url, fx.as.tokenEndpoint);
    assert.deepEqual(sent.form.map(([n]) => n), ['grant_type', 'scope', 'client_assertion_type', 'client_assertion']);
    assert.equal(formValue(sent.form, 'grant_type'), 'client_credentials');
    assert.equal(formValue(sent.form, 'client_assertion_type'), ASSERTION_TYPE);
    const sentClaims = await verifyAssertion(formValue(sent.form, 'client_assertion'), ctx, 'sent assertion');
    assertTokenAnswer(sent.json, clientId, 'Send');
    // (10:01 tolerated here: the page's clock lags by up to a second, see request-page.test.mjs, "countdowns".)
    assert.match(sent.expires, /expires in (9:5\d|10:0[01]) \(expires_in 600 s\)/, 'response-expires counts down from expires_in');

    // (b) The page's curl command, run by bash.
    const curl = await bench.curl();
    const args = await curlArgs(curl);
    assert.equal(args.url, fx.as.tokenEndpoint, 'curl --url');
    assert.deepEqual(args.form.map(([n]) => n), ['grant_type', 'scope', 'client_assertion_type', 'client_assertion']);
    const curlAssertion = formValue(args.form, 'client_assertion');
    const curlClaims = await verifyAssertion(curlAssertion, ctx, 'curl assertion');
    const ran = await runCurl(curl);
    assert.equal(ran.status, 200, `curl: ${ran.text} ${ran.stderr}`);
    assertTokenAnswer(ran.body, clientId, 'curl');

    const jtis = [shownClaims.jti, sentClaims.jti, curlClaims.jti];
    assert.equal(new Set(jtis).size, 3, `distinct jti for shown, sent and curl: ${jtis}`);
    assert.notEqual(sentClaims.jti, shownClaims.jti, 'Send signed a fresh assertion');
    assert.deepEqual(fx.as.errors.slice(errorsBefore), [], 'the server saw no failure');
  });
}

test('no request carried private key material (all ten keys, every Send)', async () => {
  await bench.rec.settled();
  assert.ok(secrets.values.length >= 10 * 2, 'private members and PKCS#8 bodies of all keys are known');
  const leaks = [];
  for (const r of bench.rec.requests) {
    const text = [r.url, ...Object.entries(r.headers ?? {}).map(([k, v]) => `${k}: ${v}`), r.postData ?? ''].join('\n');
    for (const hit of secrets.find(text)) leaks.push(`${r.method} ${r.url} carries ${hit}`);
  }
  assert.equal(bench.rec.requests.filter((r) => r.method === 'POST').length, 10, 'the ten Sends were recorded');
  assert.deepEqual(leaks, []);
});
