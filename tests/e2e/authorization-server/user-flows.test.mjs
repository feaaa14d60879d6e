// The user flows of the local authorization server (startAuthorizationServer({ userFlows: true })),
// proven from node before any page drives them: the authorization code flow with the server's own
// login and consent pages (lib/interactions.mjs frontChannel: fetch with a cookie jar), in each
// mode the page offers (query, PAR, JAR by value, PAR with a request object), PKCE, private_key_jwt
// at every back-channel endpoint, the ID token checked by jose against the published JWKS,
// refresh, userinfo, token exchange; what PKCE and PAR required change; the refusals the page
// must show; the device flow. REPORT=1 prints what the server answered in each mode.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  calculateJwkThumbprint, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, SignJWT,
} from 'jose';
import { DEVICE_CODE } from './authorization-server.mjs';
import { fixture } from '../lib/fixture.mjs';
import { deviceApproval, frontChannel } from '../lib/interactions.mjs';
import { ASSERTION_TYPE, TOKEN_EXCHANGE, TOKEN_TYPE } from '../lib/oauth.mjs';

const fx = fixture({
  browser: false,
  authorizationServers: {
    as: { userFlows: true },
    strict: { userFlows: true, requirePkce: true, requirePar: true },
    m2m: {},
  },
});
const REDIRECT_URI = 'http://127.0.0.1:9/some/path/callback.html';
const MODES = ['query', 'par', 'jar', 'par-jar'];
const now = () => Math.floor(Date.now() / 1000);
const b64url = (buf) => Buffer.from(buf).toString('base64url');

/** A key pair and a code-flow client registered with its public JWKS and REDIRECT_URI. */
async function userClient(server, alg = 'ES256', metadata = {}) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(publicKey);
  jwk.kid = await calculateJwkThumbprint(jwk);
  const { client_id: clientId } = await server.addClient({ jwks: { keys: [jwk] }, redirect_uris: [REDIRECT_URI], ...metadata });
  return { clientId, alg, kid: jwk.kid, privateKey, server };
}

/** private_key_jwt for `client` with aud = the issuer (accepted at every endpoint). */
async function clientAuth({ clientId, alg, kid, privateKey, server }, aud = server.issuer) {
  const iat = now();
  const assertion = await new SignJWT({ iss: clientId, sub: clientId, aud, jti: randomUUID(), iat, exp: iat + 60 })
    .setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(privateKey);
  return { client_assertion_type: ASSERTION_TYPE, client_assertion: assertion };
}

async function post(url, params, headers = {}) {
  const body = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined));
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = text; }
  return { status: res.status, body: json, headers: res.headers };
}

/** A fresh attempt: state, nonce, PKCE (RFC 7636 S256). */
function attempt() {
  const verifier = b64url(randomBytes(32));
  return {
    state: b64url(randomBytes(16)),
    nonce: b64url(randomBytes(16)),
    verifier,
    challenge: b64url(createHash('sha256').update(verifier).digest()),
  };
}

/** A signed request object (RFC 9101) carrying `params`. */
async function requestObject({ clientId, alg, kid, privateKey, server }, params, { typ = 'oauth-authz-req+jwt' } = {}) {
  const iat = now();
  return new SignJWT({ ...params, iss: clientId, aud: server.issuer, client_id: clientId, jti: randomUUID(), iat, nbf: iat, exp: iat + 300 })
    .setProtectedHeader({ alg, kid, typ }).sign(privateKey);
}

/**
 * Builds the front-channel URL for `mode` (PAR first in the par modes) and runs the login.
 * @returns {{a, url, par?, front}} the attempt, the URL the browser was sent to, PAR's answer,
 *   and frontChannel's result
 */
async function authorize(client, mode, { server = client.server, pkce = true, extra = {}, login = 'alice', deny = false } = {}) {
  const a = attempt();
  const params = {
    response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT_URI, scope: 'openid offline_access',
    prompt: 'consent', state: a.state, nonce: a.nonce,
    ...(pkce ? { code_challenge: a.challenge, code_challenge_method: 'S256' } : {}),
    ...extra,
  };
  for (const [k, v] of Object.entries(params)) if (v === undefined) delete params[k];
  let query = params;
  let par;
  if (mode === 'jar' || mode === 'par-jar') query = { client_id: client.clientId, request: await requestObject(client, params) };
  if (mode === 'par' || mode === 'par-jar') {
    par = await post(server.parEndpoint, { ...query, ...await clientAuth(client) });
    if (par.status !== 201) return { a, par };
    query = { client_id: client.clientId, request_uri: par.body.request_uri };
  }
  const url = `${server.authorizationEndpoint}?${new URLSearchParams(query)}`;
  const front = await frontChannel(server, url, { login, deny });
  return { a, url, par, front };
}

async function redeem(client, code, verifier, extra = {}) {
  return post(client.server.tokenEndpoint, {
    grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier, ...await clientAuth(client), ...extra,
  });
}

const short = (t) => (typeof t === 'string' && t.length > 24 ? `${t.slice(0, 8)}…(${t.split('.').length === 3 ? 'JWT' : 'opaque'}, ${t.length})` : t);
function show(label, what) {
  if (!process.env.REPORT) return;
  const copy = structuredClone(what);
  for (const k of ['access_token', 'refresh_token', 'id_token', 'code', 'device_code']) if (copy[k]) copy[k] = short(copy[k]);
  console.error(`[user-flows] ${label}: ${JSON.stringify(copy)}`);
}

describe('discovery with userFlows', () => {
  test('lists the authorization, PAR, device and userinfo endpoints, S256 and request object algorithms', async () => {
    const meta = await (await fetch(fx.as.discoveryUrl)).json();
    assert.equal(meta.authorization_endpoint, fx.as.authorizationEndpoint);
    assert.equal(meta.pushed_authorization_request_endpoint, fx.as.parEndpoint);
    assert.equal(meta.device_authorization_endpoint, fx.as.deviceAuthorizationEndpoint);
    assert.equal(meta.userinfo_endpoint, fx.as.userinfoEndpoint);
    assert.equal(meta.jwks_uri, fx.as.jwksUri);
    assert.deepEqual(meta.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(meta.response_types_supported, ['code']);
    assert.equal(meta.authorization_response_iss_parameter_supported, true);
    assert.notEqual(meta.require_pushed_authorization_requests, true, 'PAR not required (oidc-provider leaves the member out)');
    for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA']) assert.ok(meta.request_object_signing_alg_values_supported.includes(alg), alg);
    for (const grant of ['authorization_code', DEVICE_CODE, 'refresh_token', TOKEN_EXCHANGE]) assert.ok(meta.grant_types_supported.includes(grant), grant);
    show('discovery', Object.fromEntries(['authorization_endpoint', 'pushed_authorization_request_endpoint', 'require_pushed_authorization_requests',
      'code_challenge_methods_supported', 'request_object_signing_alg_values_supported', 'authorization_response_iss_parameter_supported',
      'device_authorization_endpoint', 'userinfo_endpoint'].map((k) => [k, meta[k]])));
  });

  test('requirePar says so; a server without userFlows has no response type and no device flow', async () => {
    const strict = await (await fetch(fx.strict.discoveryUrl)).json();
    assert.equal(strict.require_pushed_authorization_requests, true);
    const m2m = await (await fetch(fx.m2m.discoveryUrl)).json();
    assert.deepEqual(m2m.response_types_supported, []);
    assert.equal(m2m.device_authorization_endpoint, undefined);
    assert.ok(!m2m.grant_types_supported.includes('authorization_code'));
  });
});

describe('authorization code flow, private_key_jwt, in every mode', () => {
  for (const mode of MODES) {
    for (const alg of ['RS256', 'ES256']) {
      test(`${mode}, ${alg}: login → code → token → id_token verified → refresh → userinfo → token exchange`, async () => {
        const client = await userClient(fx.as, alg);
        const { a, url, par, front } = await authorize(client, mode, { login: `user-${mode}` });
        if (par) {
          assert.equal(par.status, 201, JSON.stringify(par.body));
          assert.match(par.body.request_uri, /^urn:ietf:params:oauth:request_uri:/);
          assert.equal(par.body.expires_in, 60);
          assert.deepEqual([...new URL(url).searchParams.keys()].sort(), ['client_id', 'request_uri'], 'after PAR: client_id + request_uri');
        }
        assert.deepEqual(front.prompts, ['login', 'consent']);
        assert.ok(front.location?.startsWith(REDIRECT_URI), `redirected to the client: ${front.location ?? JSON.stringify(front.body)}`);
        const cb = front.params;
        assert.equal(cb.get('state'), a.state);
        assert.equal(cb.get('iss'), fx.as.issuer, 'RFC 9207 iss in the authorization response');
        assert.ok(cb.get('code'));

        const token = await redeem(client, cb.get('code'), a.verifier);
        assert.equal(token.status, 200, JSON.stringify(token.body));
        assert.deepEqual(Object.keys(token.body).sort(), ['access_token', 'expires_in', 'id_token', 'refresh_token', 'scope', 'token_type']);
        assert.equal(token.body.scope, 'openid offline_access');
        const { payload, protectedHeader } = await jwtVerify(token.body.id_token, createRemoteJWKSet(new URL(fx.as.jwksUri)), {
          issuer: fx.as.issuer, audience: client.clientId,
        });
        assert.equal(payload.nonce, a.nonce);
        assert.equal(payload.sub, `user-${mode}`);
        assert.equal(protectedHeader.alg, 'RS256');
        // oidc-provider puts at_hash only into ID tokens from the authorization endpoint (hybrid
        // flows), not into the token endpoint's: the page's validation must accept its absence.
        assert.equal(payload.at_hash, undefined);
        if (alg === 'ES256') {
          show(`${mode} PAR`, par?.body ?? {});
          show(`${mode} callback`, Object.fromEntries(cb));
          show(`${mode} token`, token.body);
          show(`${mode} id_token header`, protectedHeader);
          show(`${mode} id_token claims`, payload);
        }

        const refreshed = await post(fx.as.tokenEndpoint, { grant_type: 'refresh_token', refresh_token: token.body.refresh_token, ...await clientAuth(client) });
        assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
        assert.notEqual(refreshed.body.access_token, token.body.access_token);
        assert.ok(refreshed.body.id_token, 'the refresh answer has a new id_token too');

        const userinfo = await fetch(fx.as.userinfoEndpoint, { headers: { authorization: `Bearer ${refreshed.body.access_token}` } });
        assert.equal(userinfo.status, 200);
        assert.deepEqual(await userinfo.json(), { sub: `user-${mode}` });

        const exchanged = await post(fx.as.tokenEndpoint, {
          grant_type: TOKEN_EXCHANGE, subject_token: token.body.access_token, subject_token_type: TOKEN_TYPE.access_token,
          actor_token: token.body.access_token, actor_token_type: TOKEN_TYPE.access_token, audience: 'mbp-client', ...await clientAuth(client),
        });
        assert.equal(exchanged.status, 200, JSON.stringify(exchanged.body));
        const claims = decodeJwt(exchanged.body.access_token);
        assert.equal(claims.sub, `user-${mode}`);
        assert.deepEqual(claims.act, { sub: `user-${mode}` });
        if (alg === 'ES256') {
          show(`${mode} refresh`, refreshed.body);
          show(`${mode} token exchange`, exchanged.body);
        }
      });
    }
  }

  test('the server recorded what it accepted: PKCE challenge, the request object\'s parameters, the PAR', async () => {
    const client = await userClient(fx.as, 'PS256');
    const { a, front } = await authorize(client, 'par-jar');
    const seen = fx.as.requests.filter((r) => r.route === 'authorization' && r.params?.state === a.state);
    assert.ok(seen.length >= 1);
    assert.equal(seen[0].params.code_challenge, a.challenge);
    assert.equal(seen[0].params.nonce, a.nonce);
    const parSeen = fx.as.requestsTo('pushed_authorization_request').filter((r) => r.params?.client_id === client.clientId);
    assert.equal(parSeen.length, 1);
    assert.equal(parSeen[0].status, 201);
    assert.equal(parSeen[0].params.state, a.state, 'the request object\'s parameters, as the PAR endpoint read them');
    assert.equal(parSeen[0].params.code_challenge, a.challenge);
    assert.ok(front.params.get('code'));
  });

  test('offline_access without prompt=consent: no refresh token (seed 003)', async () => {
    const client = await userClient(fx.as);
    const { a, front } = await authorize(client, 'query', { extra: { prompt: undefined } });
    const token = await redeem(client, front.params.get('code'), a.verifier);
    assert.equal(token.status, 200, JSON.stringify(token.body));
    assert.equal(token.body.refresh_token, undefined);
    assert.equal(token.body.scope, 'openid');
  });

  test('a second login in the same browser session skips the login page but not consent', async () => {
    const client = await userClient(fx.as);
    const a = attempt();
    const q = (s) => new URLSearchParams({
      response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT_URI, scope: 'openid', prompt: 'consent',
      state: s.state, nonce: s.nonce, code_challenge: s.challenge, code_challenge_method: 'S256',
    });
    const first = await frontChannel(fx.as, `${fx.as.authorizationEndpoint}?${q(a)}`);
    const b = attempt();
    const second = await frontChannel(fx.as, `${fx.as.authorizationEndpoint}?${q(b)}`, { jar: first.jar });
    assert.deepEqual(first.prompts, ['login', 'consent']);
    assert.deepEqual(second.prompts, ['consent']);
    assert.equal(second.params.get('state'), b.state);
  });
});

describe('what the page has to refuse or show', () => {
  test('a code is single-use: the second redemption is invalid_grant', async () => {
    const client = await userClient(fx.as);
    const { a, front } = await authorize(client, 'query');
    const code = front.params.get('code');
    assert.equal((await redeem(client, code, a.verifier)).status, 200);
    const again = await redeem(client, code, a.verifier);
    assert.equal(again.status, 400);
    assert.equal(again.body.error, 'invalid_grant');
    show('reused code', again.body);
  });

  test('a wrong code_verifier is invalid_grant', async () => {
    const client = await userClient(fx.as);
    const { front } = await authorize(client, 'query');
    const res = await redeem(client, front.params.get('code'), attempt().verifier);
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_grant');
    assert.match(fx.as.errors.at(-1).detail, /code_verifier does not match code_challenge/);
  });

  test('cancel on the consent page: access_denied to the redirect_uri, with state and iss', async () => {
    const client = await userClient(fx.as);
    const { a, front } = await authorize(client, 'query', { deny: true });
    assert.equal(front.params.get('error'), 'access_denied');
    assert.equal(front.params.get('state'), a.state);
    assert.equal(front.params.get('iss'), fx.as.issuer);
    assert.equal(front.params.get('code'), null);
    show('access_denied callback', Object.fromEntries(front.params));
  });

  test('a request object signed by a key the client did not register: invalid_request_object', async () => {
    const client = await userClient(fx.as);
    const stranger = { ...client, ...await generateKeyPair('ES256') };
    const a = attempt();
    const request = await requestObject(stranger, {
      response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT_URI, scope: 'openid', state: a.state, nonce: a.nonce,
      code_challenge: a.challenge, code_challenge_method: 'S256',
    });
    const par = await post(fx.as.parEndpoint, { client_id: client.clientId, request, ...await clientAuth(client) });
    assert.equal(par.status, 400);
    assert.equal(par.body.error, 'invalid_request_object');
    show('PAR with a foreign-signed request object', par.body);
  });

  test('PAR needs client authentication', async () => {
    const client = await userClient(fx.as);
    const res = await post(fx.as.parEndpoint, { client_id: client.clientId, response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'openid' });
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_client');
  });

  test('an unregistered redirect_uri is refused at the server, never redirected to', async () => {
    const client = await userClient(fx.as);
    const { front } = await authorize(client, 'query', { extra: { redirect_uri: 'http://127.0.0.1:9/elsewhere' } });
    assert.equal(front.location, undefined);
    assert.equal(front.status, 400);
    assert.equal(front.body.error, 'invalid_redirect_uri');
  });

  test('the request_uri is single-use', async () => {
    const client = await userClient(fx.as);
    const { url, front } = await authorize(client, 'par');
    assert.ok(front.params.get('code'));
    const again = await frontChannel(fx.as, url);
    assert.equal(again.params?.get('error') ?? again.body?.error, 'invalid_request_uri');
  });
});

describe('PKCE and PAR required (the strict server)', () => {
  test('query mode is refused: PAR required', async () => {
    const client = await userClient(fx.strict);
    const { front } = await authorize(client, 'query');
    const error = front.params?.get('error') ?? front.body?.error;
    assert.equal(error, 'invalid_request');
    assert.match(front.params?.get('error_description') ?? front.body?.error_description, /Pushed Authorization Request must be used/);
    show('strict: query', front.params ? Object.fromEntries(front.params) : front.body);
  });

  test('PAR without code_challenge is refused: PKCE required', async () => {
    const client = await userClient(fx.strict);
    const { par } = await authorize(client, 'par', { pkce: false });
    assert.equal(par.status, 400);
    assert.equal(par.body.error, 'invalid_request');
    assert.match(par.body.error_description, /requires PKCE/);
    show('strict: PAR without PKCE', par.body);
  });

  for (const mode of ['par', 'par-jar']) {
    test(`${mode} with PKCE S256 passes`, async () => {
      const client = await userClient(fx.strict, 'RS256');
      const { a, front } = await authorize(client, mode);
      assert.ok(front.params?.get('code'), JSON.stringify(front.body));
      const token = await redeem(client, front.params.get('code'), a.verifier);
      assert.equal(token.status, 200, JSON.stringify(token.body));
      const noVerifier = await redeem(client, front.params.get('code'), undefined);
      assert.equal(noVerifier.status, 400);
    });
  }

  test('the token request without code_verifier is refused', async () => {
    const client = await userClient(fx.strict);
    const { front } = await authorize(client, 'par');
    const res = await redeem(client, front.params.get('code'), undefined);
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_grant');
  });
});

describe('device authorization grant (RFC 8628)', () => {
  async function start(client, scope = 'openid offline_access') {
    return post(fx.as.deviceAuthorizationEndpoint, { client_id: client.clientId, scope, ...await clientAuth(client) });
  }
  const poll = async (client, deviceCode) => post(fx.as.tokenEndpoint, { grant_type: DEVICE_CODE, device_code: deviceCode, ...await clientAuth(client) });

  test('start → pending → approved in a second "window" → tokens', async () => {
    const client = await userClient(fx.as, 'ES256');
    const started = await start(client);
    assert.equal(started.status, 200, JSON.stringify(started.body));
    // No interval: oidc-provider leaves it out, so the client polls every 5 s (RFC 8628 §3.2's default).
    assert.deepEqual(Object.keys(started.body).sort(),
      ['device_code', 'expires_in', 'user_code', 'verification_uri', 'verification_uri_complete']);
    assert.equal(started.body.verification_uri_complete, `${fx.as.verificationUri}?user_code=${started.body.user_code}`);
    assert.equal(started.body.verification_uri, fx.as.verificationUri);
    show('device authorization', started.body);
    const pending = await poll(client, started.body.device_code);
    assert.equal(pending.status, 400);
    assert.equal(pending.body.error, 'authorization_pending');
    show('device poll (pending)', pending.body);
    const approval = await deviceApproval(fx.as, { userCode: started.body.user_code, login: 'device-user' });
    assert.equal(approval.title, 'Sign-in Success', approval.html);
    assert.deepEqual(approval.prompts, ['login', 'consent']);
    const done = await poll(client, started.body.device_code);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const { payload } = await jwtVerify(done.body.id_token, createRemoteJWKSet(new URL(fx.as.jwksUri)), { issuer: fx.as.issuer, audience: client.clientId });
    assert.equal(payload.sub, 'device-user');
    assert.ok(done.body.refresh_token);
    show('device poll (approved)', done.body);
    const used = await poll(client, started.body.device_code);
    assert.equal(used.status, 400);
    assert.equal(used.body.error, 'invalid_grant');
  });

  // oidc-provider 9 never answers slow_down (it has the error class but no grant raises it), so
  // slow_down cannot be provoked here; polls back to back are authorization_pending.
  test('polls back to back are authorization_pending; abort on the confirmation page is access_denied', async () => {
    const client = await userClient(fx.as);
    const started = await start(client, 'openid');
    assert.equal((await poll(client, started.body.device_code)).body.error, 'authorization_pending');
    assert.equal((await poll(client, started.body.device_code)).body.error, 'authorization_pending');
    const approval = await deviceApproval(fx.as, { userCode: started.body.user_code, deny: true });
    assert.notEqual(approval.title, 'Sign-in Success');
    show('device abort page', { status: approval.status, title: approval.title });
    const denied = await poll(client, started.body.device_code);
    assert.equal(denied.body.error, 'access_denied', JSON.stringify(denied.body));
    show('device poll (denied)', denied.body);
  });
});

describe('CORS for the page (a loopback origin)', () => {
  const origin = 'http://127.0.0.1:8080';
  test('PAR, device authorization and userinfo answer a loopback origin', async () => {
    const client = await userClient(fx.as);
    const par = await post(fx.as.parEndpoint, {
      client_id: client.clientId, response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'openid', code_challenge: attempt().challenge,
      code_challenge_method: 'S256', ...await clientAuth(client),
    }, { origin });
    assert.equal(par.status, 201, JSON.stringify(par.body));
    assert.equal(par.headers.get('access-control-allow-origin'), origin);
    const device = await post(fx.as.deviceAuthorizationEndpoint, { client_id: client.clientId, scope: 'openid', ...await clientAuth(client) }, { origin });
    assert.equal(device.headers.get('access-control-allow-origin'), origin);
    const { a, front } = await authorize(client, 'query');
    const token = await redeem(client, front.params.get('code'), a.verifier);
    const pre = await fetch(fx.as.userinfoEndpoint, {
      method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    assert.equal(pre.headers.get('access-control-allow-origin'), origin);
    const info = await fetch(fx.as.userinfoEndpoint, { headers: { origin, authorization: `Bearer ${token.body.access_token}` } });
    assert.equal(info.status, 200);
    assert.equal(info.headers.get('access-control-allow-origin'), origin);
    const jwks = await fetch(fx.as.jwksUri, { headers: { origin } });
    assert.equal(jwks.headers.get('access-control-allow-origin'), origin, 'the page can fetch the JWKS to verify the id_token');
  });

  test('the ID token header names the server key: the JWKS verifies it, a tampered copy fails', async () => {
    const client = await userClient(fx.as);
    const { a, front } = await authorize(client, 'query');
    const { body } = await redeem(client, front.params.get('code'), a.verifier);
    assert.equal(decodeProtectedHeader(body.id_token).kid, fx.as.jwks.keys[0].kid);
    const [h, p, s] = body.id_token.split('.');
    const flipped = `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    await assert.rejects(jwtVerify(flipped, createRemoteJWKSet(new URL(fx.as.jwksUri))), /signature verification failed/);
  });
});
