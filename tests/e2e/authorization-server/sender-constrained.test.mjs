// The sender-constrained servers of the tests, proven from node before any page drives them:
// the authorization server with dpop (nonces required), fapi (FAPI 2.0) and mtls (a TLS server
// of the tests asking for client certificates), and lib/resource-server.mjs. Proofs are made with
// jose (lib/dpop.mjs), client certificates with openssl, and curl talks TLS to the mTLS endpoint.
// REPORT=1 prints what the servers answered (copied into /work/plan/e2e12-answers.md).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { DEVICE_CODE, DPOP_ALGS, sameDistinguishedName } from './authorization-server.mjs';
import { bash } from '../lib/curl.mjs';
import { dpopKey, makeProof, nonceAsk } from '../lib/dpop.mjs';
import { fixture } from '../lib/fixture.mjs';
import { deviceApproval, frontChannel } from '../lib/interactions.mjs';
import { ASSERTION_TYPE } from '../lib/oauth.mjs';
import { startResourceServer } from '../lib/resource-server.mjs';

const fx = fixture({
  browser: false,
  authorizationServers: {
    dp: { dpop: true, userFlows: true, accessTokenFormat: 'opaque' },
    jwt: { dpop: true },
    fapi: { fapi: true, dpop: true },
    mtls: { mtls: true, userFlows: true },
    plain: {},
  },
});
const REDIRECT_URI = 'http://127.0.0.1:9/callback.html';
const now = () => Math.floor(Date.now() / 1000);
const b64url = (buf) => Buffer.from(buf).toString('base64url');
const run = promisify(execFile);
function show(label, what) {
  if (process.env.REPORT) console.error(`[sender-constrained] ${label}: ${typeof what === 'string' ? what : JSON.stringify(what)}`);
}
const shortToken = (body) => ({ ...body, ...(body.access_token ? { access_token: `${body.access_token.slice(0, 8)}…` } : {}), ...(body.refresh_token ? { refresh_token: '…' } : {}) });

/** A private_key_jwt client of `server`: { clientId, sign(aud) → client auth params }. */
async function keyClient(server, metadata = {}) {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  jwk.kid = await calculateJwkThumbprint(jwk);
  const { client_id: clientId } = await server.addClient({ jwks: { keys: [jwk] }, ...metadata });
  const auth = async (aud = server.issuer, claims = {}) => {
    const iat = now();
    const assertion = await new SignJWT({ iss: clientId, sub: clientId, aud, jti: randomUUID(), iat, exp: iat + 60, ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid }).sign(privateKey);
    return { client_assertion_type: ASSERTION_TYPE, client_assertion: assertion };
  };
  return { clientId, auth, server };
}

async function post(url, params, headers = {}) {
  const res = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined)) });
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: res.status, body, headers: res.headers };
}

/**
 * POSTs with a DPoP proof and, when the server asks for a nonce, once more with it (a fresh
 * proof and fresh client authentication: both are single-use). Returns both answers.
 */
async function postWithProof(url, makeParams, key, { nonce } = {}) {
  const first = await post(url, await makeParams(), { DPoP: await makeProof(key, { htm: 'POST', htu: url, nonce }) });
  const asked = nonceAsk(first);
  if (!asked) return { first, final: first };
  const final = await post(url, await makeParams(), { DPoP: await makeProof(key, { htm: 'POST', htu: url, nonce: asked }) });
  return { first, final, nonce: asked };
}

describe('DPoP with nonces required', () => {
  test('discovery lists the page\'s six proof algorithms; the plain server keeps oidc-provider\'s default', async () => {
    const meta = await (await fetch(fx.dp.discoveryUrl)).json();
    assert.deepEqual(meta.dpop_signing_alg_values_supported, DPOP_ALGS);
    const plain = await (await fetch(fx.plain.discoveryUrl)).json();
    show('discovery dpop_signing_alg_values_supported (dpop / plain)', [meta.dpop_signing_alg_values_supported, plain.dpop_signing_alg_values_supported]);
    assert.ok(!plain.dpop_signing_alg_values_supported.includes('ES384'), 'the plain server is unchanged');
  });

  test('client_credentials: use_dpop_nonce with a DPoP-Nonce header, then token_type DPoP with cnf.jkt', async () => {
    const client = await keyClient(fx.jwt);
    const key = await dpopKey('ES256');
    const { first, final, nonce } = await postWithProof(fx.jwt.tokenEndpoint,
      async () => ({ grant_type: 'client_credentials', scope: 'api:read', ...await client.auth() }), key);
    assert.equal(first.status, 400);
    assert.equal(first.body.error, 'use_dpop_nonce');
    assert.ok(nonce, 'a DPoP-Nonce header came with it');
    show('token, proof without nonce', { status: first.status, body: first.body, 'dpop-nonce': `${nonce.slice(0, 10)}… (${nonce.length} chars)` });
    assert.equal(final.status, 200, JSON.stringify(final.body));
    assert.equal(final.body.token_type, 'DPoP');
    const claims = decodeJwt(final.body.access_token);
    assert.deepEqual(claims.cnf, { jkt: key.jkt }, 'the JWT access token is bound to the proof key');
    show('token, proof with nonce', { status: final.status, body: shortToken(final.body), 'dpop-nonce': final.headers.get('dpop-nonce') ? 'new one' : 'none', cnf: claims.cnf });
    const recorded = fx.jwt.requestsTo('token').at(-1);
    assert.ok(recorded.dpop, 'the server recorded the proof it got');
  });

  for (const alg of DPOP_ALGS) {
    test(`a proof signed ${alg} is accepted`, async () => {
      const client = await keyClient(fx.jwt);
      const key = await dpopKey(alg);
      const { final } = await postWithProof(fx.jwt.tokenEndpoint, async () => ({ grant_type: 'client_credentials', ...await client.auth() }), key);
      assert.equal(final.status, 200, JSON.stringify(final.body));
      assert.equal(decodeJwt(final.body.access_token).cnf.jkt, key.jkt);
    });
  }

  test('opaque token: introspection and the provider\'s store say cnf.jkt; token_type DPoP', async () => {
    const client = await keyClient(fx.dp);
    const key = await dpopKey('ES256');
    const { final } = await postWithProof(fx.dp.tokenEndpoint, async () => ({ grant_type: 'client_credentials', ...await client.auth() }), key);
    assert.equal(final.status, 200);
    const introspected = await post(fx.dp.introspectionEndpoint, { token: final.body.access_token, ...await client.auth() });
    assert.equal(introspected.status, 200);
    assert.equal(introspected.body.active, true);
    assert.deepEqual(introspected.body.cnf, { jkt: key.jkt });
    assert.equal(introspected.body.token_type, 'DPoP');
    assert.equal((await fx.dp.tokenRecord(final.body.access_token)).jkt, key.jkt);
    show('introspection of a DPoP token', { ...introspected.body, 'access-control-expose-headers': 'see CORS test' });
  });

  test('CORS: the token endpoint exposes DPoP-Nonce to a loopback page; introspection does not', async () => {
    const client = await keyClient(fx.dp);
    const key = await dpopKey('ES256');
    const origin = 'http://127.0.0.1:5555';
    const res = await post(fx.dp.tokenEndpoint, { grant_type: 'client_credentials', ...await client.auth() },
      { Origin: origin, DPoP: await makeProof(key, { htm: 'POST', htu: fx.dp.tokenEndpoint }) });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('access-control-allow-origin'), origin);
    assert.match(res.headers.get('access-control-expose-headers') ?? '', /DPoP-Nonce/i);
    const intro = await post(fx.dp.introspectionEndpoint, { token: 'x', ...await client.auth() }, { Origin: origin });
    show('Access-Control-Expose-Headers (token / introspection)', [res.headers.get('access-control-expose-headers'), intro.headers.get('access-control-expose-headers')]);
    assert.doesNotMatch(intro.headers.get('access-control-expose-headers') ?? '', /DPoP-Nonce/i);
  });

  test('the same proof twice: the second is refused as a replay', async () => {
    const client = await keyClient(fx.jwt);
    const key = await dpopKey('ES256');
    const { nonce } = await postWithProof(fx.jwt.tokenEndpoint, async () => ({ grant_type: 'client_credentials', ...await client.auth() }), key);
    const proof = await makeProof(key, { htm: 'POST', htu: fx.jwt.tokenEndpoint, nonce });
    const once = await post(fx.jwt.tokenEndpoint, { grant_type: 'client_credentials', ...await client.auth() }, { DPoP: proof });
    assert.equal(once.status, 200, JSON.stringify(once.body));
    const twice = await post(fx.jwt.tokenEndpoint, { grant_type: 'client_credentials', ...await client.auth() }, { DPoP: proof });
    assert.equal(twice.status, 400);
    // oidc-provider answers invalid_grant "grant request is invalid" and keeps the reason in error_detail.
    show('token, replayed proof', { body: twice.body, detail: fx.jwt.errors.at(-1)?.detail });
    assert.equal(twice.body.error, 'invalid_grant');
    assert.match(fx.jwt.errors.at(-1).detail, /replay/i);
  });

  test('a stale or wrong nonce, a wrong htu, htm, typ: each refused with a reason', async () => {
    const client = await keyClient(fx.jwt);
    const key = await dpopKey('ES256');
    const { nonce } = await postWithProof(fx.jwt.tokenEndpoint, async () => ({ grant_type: 'client_credentials', ...await client.auth() }), key);
    const cases = {
      'wrong nonce': { nonce: 'not-the-nonce' },
      'htu of another endpoint': { nonce, htu: fx.jwt.introspectionEndpoint },
      'htm GET': { nonce, htm: 'GET' },
    };
    for (const [label, over] of Object.entries(cases)) {
      const proof = await makeProof(key, { htm: 'POST', htu: fx.jwt.tokenEndpoint, ...over });
      const res = await post(fx.jwt.tokenEndpoint, { grant_type: 'client_credentials', ...await client.auth() }, { DPoP: proof });
      assert.equal(res.status, 400, label);
      show(`token, ${label}`, res.body);
      assert.ok(['use_dpop_nonce', 'invalid_dpop_proof'].includes(res.body.error), `${label}: ${JSON.stringify(res.body)}`);
    }
    const badTyp = await new SignJWT({ jti: randomUUID(), htm: 'POST', htu: fx.jwt.tokenEndpoint, iat: now(), nonce })
      .setProtectedHeader({ typ: 'JWT', alg: 'ES256', jwk: key.jwk }).sign(key.privateKey);
    const res = await post(fx.jwt.tokenEndpoint, { grant_type: 'client_credentials', ...await client.auth() }, { DPoP: badTyp });
    assert.equal(res.body.error, 'invalid_dpop_proof');
    show('token, typ JWT', res.body);
  });

  test('a client registered with dpop_bound_access_tokens must send a proof; without DPoP others get Bearer', async () => {
    const bound = await keyClient(fx.jwt, { dpop_bound_access_tokens: true });
    const res = await post(fx.jwt.tokenEndpoint, { grant_type: 'client_credentials', ...await bound.auth() });
    assert.equal(res.status, 400);
    show('token, dpop_bound_access_tokens client without proof', { body: res.body, detail: fx.jwt.errors.at(-1)?.detail });
    assert.equal(res.body.error, 'invalid_grant');
    assert.match(fx.jwt.errors.at(-1).detail, /DPoP proof JWT not provided/);
    const free = await keyClient(fx.jwt);
    const bearer = await post(fx.jwt.tokenEndpoint, { grant_type: 'client_credentials', ...await free.auth() });
    assert.equal(bearer.body.token_type, 'Bearer');
    assert.equal(decodeJwt(bearer.body.access_token).cnf, undefined);
  });

  test('refresh with a proof: token_type DPoP, bound to the proof key', async () => {
    const client = await keyClient(fx.jwt);
    const rt = await fx.jwt.mintRefreshToken(client.clientId);
    const key = await dpopKey('ES384');
    const { first, final } = await postWithProof(fx.jwt.tokenEndpoint,
      async () => ({ grant_type: 'refresh_token', refresh_token: rt, ...await client.auth() }), key);
    assert.equal(first.body.error, 'use_dpop_nonce');
    assert.equal(final.status, 200, JSON.stringify(final.body));
    assert.equal(final.body.token_type, 'DPoP');
    assert.equal(decodeJwt(final.body.access_token).cnf.jkt, key.jkt);
    show('refresh with proof', shortToken(final.body));
  });

  test('the page\'s curl shape: bash + curl with -H "DPoP: …" gets a DPoP token', async () => {
    const client = await keyClient(fx.jwt);
    const key = await dpopKey('ES256');
    const { nonce } = await postWithProof(fx.jwt.tokenEndpoint, async () => ({ grant_type: 'client_credentials', ...await client.auth() }), key);
    const form = { grant_type: 'client_credentials', ...await client.auth() };
    const proof = await makeProof(key, { htm: 'POST', htu: fx.jwt.tokenEndpoint, nonce });
    const args = Object.entries(form).map(([k, v]) => `--data-urlencode '${k}=${v}'`).join(' ');
    const { stdout, code, stderr } = await bash(`curl --silent --url '${fx.jwt.tokenEndpoint}' --header 'DPoP: ${proof}' ${args}`);
    assert.equal(code, 0, stderr);
    const body = JSON.parse(stdout);
    assert.equal(body.token_type, 'DPoP', stdout);
    assert.equal(decodeJwt(body.access_token).cnf.jkt, key.jkt);
  });
});

describe('DPoP in the user flows', () => {
  const attempt = () => {
    const verifier = b64url(randomBytes(32));
    return { verifier, challenge: b64url(createHash('sha256').update(verifier).digest()), state: b64url(randomBytes(16)) };
  };

  test('PAR with a proof (nonce asked first) binds the code: the token request with another key is refused and spends the code', async () => {
    const client = await keyClient(fx.dp, { redirect_uris: [REDIRECT_URI] });
    const key = await dpopKey('ES256');
    const a = attempt();
    const params = async () => ({
      response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT_URI, scope: 'openid', state: a.state,
      code_challenge: a.challenge, code_challenge_method: 'S256', ...await client.auth(),
    });
    const { first, final } = await postWithProof(fx.dp.parEndpoint, params, key);
    show('PAR with proof, no nonce', { status: first.status, body: first.body, 'dpop-nonce': !!first.headers.get('dpop-nonce') });
    assert.equal(first.status, 400);
    assert.equal(first.body.error, 'use_dpop_nonce');
    assert.equal(final.status, 201, JSON.stringify(final.body));
    const front = await frontChannel(fx.dp, `${fx.dp.authorizationEndpoint}?${new URLSearchParams({ client_id: client.clientId, request_uri: final.body.request_uri })}`);
    const code = front.params.get('code');
    assert.ok(code, JSON.stringify(front));
    const redeem = async () => ({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: a.verifier, ...await client.auth() });
    const other = await dpopKey('ES256');
    const { final: refused } = await postWithProof(fx.dp.tokenEndpoint, redeem, other);
    show('code redeemed with another DPoP key', { body: refused.body, detail: fx.dp.errors.at(-1)?.detail });
    assert.equal(refused.status, 400);
    assert.match(fx.dp.errors.at(-1).detail, /dpop_jkt/);
    // The refused attempt spent the code (oidc-provider consumes it before the DPoP check): the
    // right key no longer gets it. A page must therefore prove with the PAR key the first time.
    const { final: right } = await postWithProof(fx.dp.tokenEndpoint, redeem, key);
    show('code redeemed with the PAR key after the refusal', { status: right.status, body: right.body, detail: fx.dp.errors.at(-1)?.detail });
    assert.equal(right.status, 400);
    assert.equal(right.body.error, 'invalid_grant');
  });

  test('dpop_jkt in PAR without a proof; code flow → token DPoP; userinfo asks a nonce with 401, then answers; refresh DPoP', async () => {
    const client = await keyClient(fx.dp, { redirect_uris: [REDIRECT_URI] });
    const key = await dpopKey('EdDSA');
    const a = attempt();
    const par = await post(fx.dp.parEndpoint, {
      response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT_URI, scope: 'openid offline_access', prompt: 'consent',
      state: a.state, code_challenge: a.challenge, code_challenge_method: 'S256', dpop_jkt: key.jkt, ...await client.auth(),
    });
    assert.equal(par.status, 201, JSON.stringify(par.body));
    const front = await frontChannel(fx.dp, `${fx.dp.authorizationEndpoint}?${new URLSearchParams({ client_id: client.clientId, request_uri: par.body.request_uri })}`, { login: 'dpop-user' });
    const code = front.params.get('code');
    const noProof = await post(fx.dp.tokenEndpoint, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: a.verifier, ...await client.auth() });
    show('code bound by dpop_jkt, redeemed without proof', { body: noProof.body, detail: fx.dp.errors.at(-1)?.detail });
    assert.equal(noProof.status, 400);
    assert.match(fx.dp.errors.at(-1).detail, /DPoP/);
    // A new code (the refusal may have consumed this one): the flow again.
    const b = attempt();
    const par2 = await post(fx.dp.parEndpoint, {
      response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT_URI, scope: 'openid offline_access', prompt: 'consent',
      state: b.state, code_challenge: b.challenge, code_challenge_method: 'S256', dpop_jkt: key.jkt, ...await client.auth(),
    });
    const front2 = await frontChannel(fx.dp, `${fx.dp.authorizationEndpoint}?${new URLSearchParams({ client_id: client.clientId, request_uri: par2.body.request_uri })}`, { login: 'dpop-user' });
    const { final: token, nonce } = await postWithProof(fx.dp.tokenEndpoint, async () => ({
      grant_type: 'authorization_code', code: front2.params.get('code'), redirect_uri: REDIRECT_URI, code_verifier: b.verifier, ...await client.auth(),
    }), key);
    assert.equal(token.status, 200, JSON.stringify(token.body));
    assert.equal(token.body.token_type, 'DPoP');
    assert.equal((await fx.dp.tokenRecord(token.body.access_token)).jkt, key.jkt, 'the store binds the access token to the key');
    show('code flow token with proof', shortToken(token.body));

    // userinfo: GET with Authorization: DPoP and a proof with ath.
    const userinfo = async (n) => fetch(fx.dp.userinfoEndpoint, {
      headers: { Authorization: `DPoP ${token.body.access_token}`, DPoP: await makeProof(key, { htm: 'GET', htu: fx.dp.userinfoEndpoint, accessToken: token.body.access_token, nonce: n }) },
    });
    const asked = await userinfo(undefined);
    const www = asked.headers.get('www-authenticate');
    show('userinfo without nonce', { status: asked.status, 'www-authenticate': www, 'dpop-nonce': !!asked.headers.get('dpop-nonce') });
    assert.equal(asked.status, 401);
    assert.match(www, /^DPoP /);
    assert.match(www, /error="use_dpop_nonce"/);
    const n = asked.headers.get('dpop-nonce') ?? nonce;
    const answered = await userinfo(n);
    assert.equal(answered.status, 200);
    assert.equal((await answered.json()).sub, 'dpop-user');
    const bearer = await fetch(fx.dp.userinfoEndpoint, { headers: { Authorization: `Bearer ${token.body.access_token}` } });
    show('userinfo with the DPoP token as Bearer', { status: bearer.status, 'www-authenticate': bearer.headers.get('www-authenticate') });
    assert.equal(bearer.status, 401);

    const { final: refreshed } = await postWithProof(fx.dp.tokenEndpoint, async () => ({
      grant_type: 'refresh_token', refresh_token: token.body.refresh_token, ...await client.auth(),
    }), key);
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    assert.equal(refreshed.body.token_type, 'DPoP');
  });

  test('device flow: polls with proofs (nonce asked), pending, then token_type DPoP', async () => {
    const client = await keyClient(fx.dp, { grant_types: [DEVICE_CODE], redirect_uris: [] });
    const key = await dpopKey('ES256');
    const started = await post(fx.dp.deviceAuthorizationEndpoint, { client_id: client.clientId, scope: 'openid', ...await client.auth() });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const poll = async () => ({ grant_type: DEVICE_CODE, device_code: started.body.device_code, ...await client.auth() });
    const { first, final: pending } = await postWithProof(fx.dp.tokenEndpoint, poll, key);
    assert.equal(first.body.error, 'use_dpop_nonce');
    show('device poll with proof and nonce, not yet approved', pending.body);
    assert.equal(pending.body.error, 'authorization_pending');
    await deviceApproval(fx.dp, { userCode: started.body.user_code, login: 'device-dpop' });
    const { final: done } = await postWithProof(fx.dp.tokenEndpoint, poll, key, { nonce: pending.headers.get('dpop-nonce') ?? undefined });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.token_type, 'DPoP');
    assert.equal((await fx.dp.tokenRecord(done.body.access_token)).jkt, key.jkt);
  });
});

describe('the resource server of the tests', () => {
  async function boundToken(key) {
    const client = await keyClient(fx.jwt);
    const { final } = await postWithProof(fx.jwt.tokenEndpoint, async () => ({ grant_type: 'client_credentials', ...await client.auth() }), key);
    return final.body.access_token;
  }
  const call = async (api, { scheme = 'DPoP', token, proof, method = 'GET', url = api.url, origin }) => {
    const res = await fetch(url, { method, headers: { Authorization: `${scheme} ${token}`, ...(proof ? { DPoP: proof } : {}), ...(origin ? { Origin: origin } : {}) } });
    return { status: res.status, body: await res.json().catch(() => undefined), headers: res.headers };
  };

  test('DPoP token + proof with ath: 200; the same proof again, a missing ath, another key, Bearer: 401 each', async (t) => {
    const api = await startResourceServer({ as: fx.jwt });
    t.after(() => api.close());
    const key = await dpopKey('ES256');
    const token = await boundToken(key);
    const proof = await makeProof(key, { htm: 'GET', htu: api.url, accessToken: token });
    const ok = await call(api, { token, proof });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.jkt, key.jkt);
    const replay = await call(api, { token, proof });
    assert.equal(replay.status, 401);
    assert.match(replay.headers.get('www-authenticate'), /^DPoP error="invalid_dpop_proof".*replay/);
    show('API, replayed proof', { status: replay.status, 'www-authenticate': replay.headers.get('www-authenticate') });
    const noAth = await call(api, { token, proof: await makeProof(key, { htm: 'GET', htu: api.url }) });
    assert.equal(noAth.status, 401);
    assert.match(noAth.body.error_description, /ath/);
    const other = await dpopKey('ES256');
    const wrongKey = await call(api, { token, proof: await makeProof(other, { htm: 'GET', htu: api.url, accessToken: token }) });
    assert.equal(wrongKey.status, 401);
    assert.equal(wrongKey.body.error, 'invalid_token');
    const bearer = await call(api, { scheme: 'Bearer', token });
    assert.equal(bearer.status, 401);
    assert.match(bearer.body.error_description, /DPoP-bound/);
    show('API, DPoP token as Bearer', { status: bearer.status, 'www-authenticate': bearer.headers.get('www-authenticate') });
    const wrongHtu = await call(api, { token, proof: await makeProof(key, { htm: 'GET', htu: `${api.origin}/elsewhere`, accessToken: token }) });
    assert.equal(wrongHtu.status, 401);
    assert.deepEqual(api.requests.map((r) => r.status), [200, 401, 401, 401, 401, 401]);
  });

  test('a Bearer token that is not bound: 200; an unknown token: 401', async (t) => {
    const api = await startResourceServer({ as: fx.jwt });
    t.after(() => api.close());
    const client = await keyClient(fx.jwt);
    const res = await post(fx.jwt.tokenEndpoint, { grant_type: 'client_credentials', ...await client.auth() });
    assert.equal((await call(api, { scheme: 'Bearer', token: res.body.access_token })).status, 200);
    assert.equal((await call(api, { scheme: 'Bearer', token: 'not-a-token' })).status, 401);
  });

  test('requireNonce: 401 use_dpop_nonce with DPoP-Nonce (CORS-exposed), then 200 with it', async (t) => {
    const api = await startResourceServer({ as: fx.jwt, requireNonce: true });
    t.after(() => api.close());
    const key = await dpopKey('PS256');
    const token = await boundToken(key);
    const origin = 'http://127.0.0.1:5555';
    const asked = await call(api, { token, origin, proof: await makeProof(key, { htm: 'GET', htu: api.url, accessToken: token }) });
    assert.equal(asked.status, 401);
    assert.match(asked.headers.get('www-authenticate'), /error="use_dpop_nonce"/);
    assert.equal(asked.headers.get('dpop-nonce'), api.nonce);
    assert.match(asked.headers.get('access-control-expose-headers'), /DPoP-Nonce/);
    assert.equal(nonceAsk(asked), api.nonce);
    show('API, proof without nonce', { status: asked.status, 'www-authenticate': asked.headers.get('www-authenticate'), 'access-control-expose-headers': asked.headers.get('access-control-expose-headers') });
    const ok = await call(api, { token, proof: await makeProof(key, { htm: 'GET', htu: api.url, accessToken: token, nonce: api.nonce }) });
    assert.equal(ok.status, 200);
    // A preflight allows what the page sends.
    const pre = await fetch(api.url, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization,dpop' } });
    assert.equal(pre.status, 204);
    assert.match(pre.headers.get('access-control-allow-headers'), /dpop/);
  });

  test('exposeHeaders: false hides DPoP-Nonce from pages', async (t) => {
    const api = await startResourceServer({ as: fx.jwt, requireNonce: true, exposeHeaders: false });
    t.after(() => api.close());
    const key = await dpopKey('ES256');
    const token = await boundToken(key);
    const asked = await call(api, { token, origin: 'http://127.0.0.1:5555', proof: await makeProof(key, { htm: 'GET', htu: api.url, accessToken: token }) });
    assert.equal(asked.status, 401);
    assert.equal(asked.headers.get('access-control-expose-headers'), null);
  });
});

describe('FAPI 2.0', () => {
  const attempt = () => {
    const verifier = b64url(randomBytes(32));
    return { verifier, challenge: b64url(createHash('sha256').update(verifier).digest()), state: b64url(randomBytes(16)) };
  };
  const parParams = async (client, a, { aud, pkce = true } = {}) => ({
    response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT_URI, scope: 'openid', state: a.state,
    ...(pkce ? { code_challenge: a.challenge, code_challenge_method: 'S256' } : {}), ...await client.auth(aud, { nbf: now() }),
  });

  test('discovery: PAR required, S256; the code flow with PAR, PKCE, private_key_jwt (aud = issuer) and DPoP completes', async () => {
    const meta = await (await fetch(fx.fapi.discoveryUrl)).json();
    assert.equal(meta.require_pushed_authorization_requests, true);
    assert.deepEqual(meta.code_challenge_methods_supported, ['S256']);
    const client = await keyClient(fx.fapi, { redirect_uris: [REDIRECT_URI] });
    const key = await dpopKey('ES256');
    const a = attempt();
    const { final: par } = await postWithProof(fx.fapi.parEndpoint, () => parParams(client, a), key);
    assert.equal(par.status, 201, JSON.stringify(par.body));
    const front = await frontChannel(fx.fapi, `${fx.fapi.authorizationEndpoint}?${new URLSearchParams({ client_id: client.clientId, request_uri: par.body.request_uri })}`);
    assert.equal(front.params.get('iss'), fx.fapi.issuer, 'iss in the authorization response');
    const { final: token } = await postWithProof(fx.fapi.tokenEndpoint, async () => ({
      grant_type: 'authorization_code', code: front.params.get('code'), redirect_uri: REDIRECT_URI, code_verifier: a.verifier, ...await client.auth(),
    }), key);
    assert.equal(token.status, 200, JSON.stringify(token.body));
    assert.equal(token.body.token_type, 'DPoP');
    show('FAPI 2.0 code flow token', shortToken(token.body));
  });

  test('refused: aud = token endpoint, no PKCE, no PAR, no proof at the token endpoint', async () => {
    const client = await keyClient(fx.fapi, { redirect_uris: [REDIRECT_URI] });
    const key = await dpopKey('ES256');
    const a = attempt();
    const { final: wrongAud } = await postWithProof(fx.fapi.parEndpoint, () => parParams(client, a, { aud: fx.fapi.tokenEndpoint }), key);
    show('FAPI PAR, aud = token endpoint', { status: wrongAud.status, body: wrongAud.body, detail: fx.fapi.errors.at(-1)?.detail });
    assert.equal(wrongAud.status, 401);
    assert.equal(wrongAud.body.error, 'invalid_client');
    assert.match(fx.fapi.errors.at(-1).detail, /issuer/);
    const { final: noPkce } = await postWithProof(fx.fapi.parEndpoint, () => parParams(client, a, { pkce: false }), key);
    show('FAPI PAR without PKCE', { status: noPkce.status, body: noPkce.body });
    assert.equal(noPkce.status, 400);
    const query = await frontChannel(fx.fapi, `${fx.fapi.authorizationEndpoint}?${new URLSearchParams({
      response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT_URI, scope: 'openid', state: a.state, code_challenge: a.challenge, code_challenge_method: 'S256',
    })}`);
    show('FAPI authorization request without PAR', Object.fromEntries(query.params ?? []));
    assert.equal(query.params?.get('error'), 'invalid_request');
    // A code got with PAR, redeemed without a proof by a dpop_bound client.
    const { final: par } = await postWithProof(fx.fapi.parEndpoint, () => parParams(client, a), key);
    const front = await frontChannel(fx.fapi, `${fx.fapi.authorizationEndpoint}?${new URLSearchParams({ client_id: client.clientId, request_uri: par.body.request_uri })}`);
    const bare = await post(fx.fapi.tokenEndpoint, { grant_type: 'authorization_code', code: front.params.get('code'), redirect_uri: REDIRECT_URI, code_verifier: a.verifier, ...await client.auth() });
    show('FAPI token request without proof', { body: bare.body, detail: fx.fapi.errors.at(-1)?.detail });
    assert.equal(bare.status, 400);
    assert.match(fx.fapi.errors.at(-1).detail, /DPoP proof JWT not provided/);
  });
});

describe('mTLS (RFC 8705) behind the TLS server of the tests', () => {
  /** An openssl-made key and self-signed certificate like the page's (CA:FALSE, digitalSignature). */
  async function openSslCertificate(t, cn) {
    const dir = await mkdtemp(join(tmpdir(), 'pkjwt-client-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const keyFile = join(dir, 'client.key');
    const certFile = join(dir, 'client.pem');
    await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', certFile,
      '-days', '1', '-subj', `/CN=${cn}`, '-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'keyUsage=critical,digitalSignature']);
    const pem = await readFile(certFile, 'utf8');
    // x5t#S256 by openssl: the SHA-256 of the DER.
    const { stdout } = await bash(`openssl x509 -in '${certFile}' -outform DER | openssl dgst -sha256 -binary | openssl base64 -A | tr '+/' '-_' | tr -d '='`);
    return { keyFile, certFile, pem, x5t: stdout.trim(), der: new X509Certificate(pem).raw };
  }
  const curlToken = async (url, { certFile, keyFile, form }) => {
    const cert = certFile ? `--cert '${certFile}' --key '${keyFile}'` : '';
    const data = Object.entries(form).map(([k, v]) => `--data-urlencode '${k}=${v}'`).join(' ');
    const { stdout, stderr, code } = await bash(`CURL_CA_BUNDLE='${fx.mtls.mtlsCaFile}' curl --silent --show-error --url '${url}' ${cert} ${data}`);
    assert.equal(code, 0, stderr);
    return JSON.parse(stdout);
  };

  test('discovery: mtls_endpoint_aliases at the TLS server, tls_client_certificate_bound_access_tokens, both auth methods', async () => {
    const meta = await (await fetch(fx.mtls.discoveryUrl)).json();
    assert.equal(meta.mtls_endpoint_aliases.token_endpoint, fx.mtls.mtlsTokenEndpoint);
    assert.ok(meta.mtls_endpoint_aliases.token_endpoint.startsWith('https://127.0.0.1:'));
    assert.equal(meta.tls_client_certificate_bound_access_tokens, true);
    for (const m of ['tls_client_auth', 'self_signed_tls_client_auth']) assert.ok(meta.token_endpoint_auth_methods_supported.includes(m), m);
    show('mtls discovery', { mtls_endpoint_aliases: meta.mtls_endpoint_aliases, tls_client_certificate_bound_access_tokens: meta.tls_client_certificate_bound_access_tokens });
  });

  test('self_signed_tls_client_auth: curl --cert/--key with only client_id gets a token whose cnf.x5t#S256 is the certificate\'s (openssl)', async (t) => {
    const cert = await openSslCertificate(t, 'self-signed-client');
    const publicJwk = { ...new X509Certificate(cert.pem).publicKey.export({ format: 'jwk' }), x5c: [cert.der.toString('base64')] };
    const clientId = `mtls-self-${randomUUID()}`;
    await fx.mtls.addClient({ client_id: clientId, token_endpoint_auth_method: 'self_signed_tls_client_auth', jwks: { keys: [publicJwk] }, tls_client_certificate_bound_access_tokens: true });
    const body = await curlToken(fx.mtls.mtlsTokenEndpoint, { ...cert, form: { grant_type: 'client_credentials', client_id: clientId } });
    show('self_signed_tls_client_auth token', shortToken(body));
    assert.equal(body.token_type, 'Bearer');
    assert.equal(decodeJwt(body.access_token).cnf['x5t#S256'], cert.x5t);
    assert.equal(cert.x5t, createHash('sha256').update(cert.der).digest('base64url'), 'openssl and node agree');
    const record = fx.mtls.requestsTo('token').at(-1);
    assert.equal(record.tls, true);
    assert.ok(record.clientCertificate, 'the server recorded the client certificate');
  });

  test('tls_client_auth: trusted certificate + subject DN match → token; untrusted, wrong DN, no certificate, plain HTTP → invalid_client', async (t) => {
    const cert = await openSslCertificate(t, 'tls-client');
    const clientId = `mtls-ca-${randomUUID()}`;
    await fx.mtls.addClient({ client_id: clientId, token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'CN=tls-client', tls_client_certificate_bound_access_tokens: true });
    const form = { grant_type: 'client_credentials', client_id: clientId };
    const untrusted = await curlToken(fx.mtls.mtlsTokenEndpoint, { ...cert, form });
    assert.equal(untrusted.error, 'invalid_client');
    show('tls_client_auth, certificate not trusted', { body: untrusted, detail: fx.mtls.errors.at(-1)?.detail });
    fx.mtls.trustClientCertificate(cert.pem);
    const body = await curlToken(fx.mtls.mtlsTokenEndpoint, { ...cert, form });
    assert.equal(body.token_type, 'Bearer', JSON.stringify(body));
    assert.equal(decodeJwt(body.access_token).cnf['x5t#S256'], cert.x5t);
    const none = await curlToken(fx.mtls.mtlsTokenEndpoint, { form });
    show('tls_client_auth, no certificate', { body: none, detail: fx.mtls.errors.at(-1)?.detail });
    assert.equal(none.error, 'invalid_client');
    const http = await post(fx.mtls.tokenEndpoint, form);
    assert.equal(http.body.error, 'invalid_client', 'the plain HTTP endpoint has no certificate');
    const otherDn = `mtls-dn-${randomUUID()}`;
    await fx.mtls.addClient({ client_id: otherDn, token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'CN=someone-else' });
    const wrong = await curlToken(fx.mtls.mtlsTokenEndpoint, { ...cert, form: { grant_type: 'client_credentials', client_id: otherDn } });
    assert.equal(wrong.error, 'invalid_client');
    show('tls_client_auth, wrong subject DN', { body: wrong, detail: fx.mtls.errors.at(-1)?.detail });
  });

  test('sameDistinguishedName reads RFC 4514 (reversed, escaped) against node\'s subject', () => {
    assert.equal(sameDistinguishedName('C=NL\nO=Acme, Inc\nCN=client', 'CN=client,O=Acme\\, Inc,C=NL'), true);
    assert.equal(sameDistinguishedName('CN=client', 'CN=client2'), false);
    assert.equal(sameDistinguishedName('C=NL\nCN=client', 'C=NL,CN=client'), false, 'order matters');
    assert.equal(sameDistinguishedName(undefined, 'CN=x'), false);
  });
});
