// The local authorization server (authorization-server.mjs, next to this file) speaks real OAuth
// over HTTP: every grant, client authentication method and signing algorithm the page offers, with
// the errors real servers give. No browser here: node fetch, jose and one curl call stand in for the page.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { CLIENT_AUTH_ALGS } from './authorization-server.mjs';
import { fixture } from '../lib/fixture.mjs';
import { ASSERTION_TYPE, JWT_BEARER, TOKEN_EXCHANGE, TOKEN_TYPE } from '../lib/oauth.mjs';

// `as` with CORS on, `closed` with CORS off.
const fx = fixture({ browser: false, authorizationServers: { as: { cors: true }, closed: { cors: false } } });
const PAGE_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const now = () => Math.floor(Date.now() / 1000);

/** A key pair and a client registered with its public JWKS, as the page would do it. */
async function keyClient(server, alg = 'ES256', metadata = {}) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(publicKey);
  jwk.kid = await calculateJwkThumbprint(jwk);
  const { client_id: clientId } = await server.addClient({ jwks: { keys: [jwk] }, ...metadata });
  return { clientId, alg, kid: jwk.kid, privateKey, aud: server.tokenEndpoint };
}

/** A signed JWT; iss = sub = client_id, aud = token endpoint, fresh jti, exp = iat + 60 unless claims say otherwise. */
function sign({ clientId, alg, kid, privateKey, aud }, claims = {}) {
  const iat = now();
  return new SignJWT({ iss: clientId, sub: clientId, aud, jti: crypto.randomUUID(), iat, exp: iat + 60, ...claims })
    .setProtectedHeader({ alg, kid, typ: 'JWT' })
    .sign(privateKey);
}

/** private_key_jwt client authentication parameters for a client from keyClient. */
async function clientAuth(client, claims) {
  return { client_assertion_type: ASSERTION_TYPE, client_assertion: await sign(client, claims) };
}

/** POSTs a form (an object, undefined members left out, or URLSearchParams); parses JSON answers. */
async function post(url, params, headers = {}) {
  const form = params instanceof URLSearchParams ? params
    : new URLSearchParams(Object.entries(params).filter(([, value]) => value !== undefined));
  const res = await fetch(url, { method: 'POST', headers, body: form });
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: res.status, body, headers: res.headers };
}

const short = (token) => `${token.slice(0, 12)}…${token.slice(-6)}`;
/** Record one real response per grant for the report (run with REPORT=1). */
function show(label, body) {
  if (!process.env.REPORT) return;
  const copy = structuredClone(body);
  for (const k of ['access_token', 'refresh_token']) if (copy[k]) copy[k] = short(copy[k]);
  console.error(`${label}: ${JSON.stringify(copy)}`);
}

describe('client_credentials with private_key_jwt', () => {
  for (const alg of PAGE_ALGS) {
    test(`${alg} client assertion → access token`, async () => {
      const client = await keyClient(fx.as, alg);
      const res = await post(fx.as.tokenEndpoint, {
        grant_type: 'client_credentials', scope: 'api:read', ...await clientAuth(client, { aud: fx.as.tokenEndpoint }),
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.token_type, 'Bearer');
      assert.equal(res.body.scope, 'api:read');
      assert.equal(res.body.expires_in, 600);
      const claims = decodeJwt(res.body.access_token); // JWT access token: the page can show its expiry
      assert.equal(claims.client_id, client.clientId);
      assert.equal(claims.aud, fx.as.resource);
      assert.equal(claims.exp - claims.iat, 600);
      if (alg === 'ES256') show('client_credentials', res.body);
    });
  }

  test('every algorithm the server lists is in discovery', async () => {
    const meta = await (await fetch(fx.as.discoveryUrl)).json();
    assert.deepEqual(meta.token_endpoint_auth_signing_alg_values_supported, CLIENT_AUTH_ALGS);
    for (const alg of PAGE_ALGS) assert.ok(CLIENT_AUTH_ALGS.includes(alg));
  });

  test('a client registered with a scope may not ask for more', async () => {
    const client = await keyClient(fx.as, 'ES256', { scope: 'api:read' });
    const res = await post(fx.as.tokenEndpoint, { grant_type: 'client_credentials', scope: 'api:write', ...await clientAuth(client) });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_scope');
  });

  test('resource=opaqueResource gives an opaque access token', async () => {
    const client = await keyClient(fx.as);
    const res = await post(fx.as.tokenEndpoint, {
      grant_type: 'client_credentials', resource: fx.as.opaqueResource, scope: 'api:read api:write', ...await clientAuth(client),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.doesNotMatch(res.body.access_token, /\./);
    assert.equal(res.body.scope, 'api:read api:write');
  });

  test('no scope asked, no scope given (oidc-provider grants only what is requested)', async () => {
    const client = await keyClient(fx.as);
    const res = await post(fx.as.tokenEndpoint, { grant_type: 'client_credentials', ...await clientAuth(client) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.scope, undefined);
    assert.equal(decodeJwt(res.body.access_token).scope, undefined);
  });

  test('an unknown resource is invalid_target', async () => {
    const client = await keyClient(fx.as);
    const res = await post(fx.as.tokenEndpoint, {
      grant_type: 'client_credentials', resource: 'https://elsewhere.example', ...await clientAuth(client),
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_target');
  });
});

describe('client assertion errors are invalid_client with a reason in as.errors', () => {
  const cases = {
    'wrong aud': async (c) => sign(c, { aud: 'https://elsewhere.example/token' }),
    'expired': async (c) => sign(c, { aud: fx.as.tokenEndpoint, iat: now() - 600, exp: now() - 300 }),
    'no jti': async (c) => sign(c, { aud: fx.as.tokenEndpoint, jti: undefined }),
    'unregistered key': async (c) => sign({ ...c, ...await generateKeyPair(c.alg) }, { aud: fx.as.tokenEndpoint }),
    'iss is not the client': async (c) => sign(c, { aud: fx.as.tokenEndpoint, iss: 'someone-else' }),
  };
  const reasons = {
    'wrong aud': /audience \(aud\) must equal the endpoint url, issuer identifier or token endpoint url/,
    'expired': /jwt expired/,
    'no jti': /unique jti \(JWT ID\) must be provided/,
    'unregistered key': /signature verification failed/,
    'iss is not the client': /iss \(JWT issuer\) must be the client_id/,
  };
  for (const [name, make] of Object.entries(cases)) {
    test(name, async () => {
      const client = await keyClient(fx.as);
      const res = await post(fx.as.tokenEndpoint, {
        grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: await make(client),
      });
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, { error: 'invalid_client', error_description: 'client authentication failed' });
      assert.match(fx.as.errors.at(-1).detail, reasons[name]);
    });
  }

  test('a reused jti is refused, at the token endpoint and at introspection', async () => {
    const client = await keyClient(fx.as);
    const params = { grant_type: 'client_credentials', ...await clientAuth(client) };
    assert.equal((await post(fx.as.tokenEndpoint, params)).status, 200);
    const again = await post(fx.as.tokenEndpoint, params);
    assert.equal(again.status, 401);
    assert.equal(again.body.error, 'invalid_client');
    assert.match(fx.as.errors.at(-1).detail, /client assertion tokens must only be used once/);

    // Replay detection is keyed on iss + jti, not on the endpoint.
    const { client_assertion: once } = await clientAuth(client);
    const auth = { client_assertion_type: ASSERTION_TYPE, client_assertion: once };
    assert.equal((await post(fx.as.tokenEndpoint, { grant_type: 'client_credentials', ...auth })).status, 200);
    const introspection = await post(fx.as.introspectionEndpoint, { token: 'anything', ...auth });
    assert.equal(introspection.status, 401);
    assert.match(fx.as.errors.at(-1).detail, /only be used once/);
  });

  test('an unknown client_id is invalid_client', async () => {
    const client = await keyClient(fx.as);
    const res = await post(fx.as.tokenEndpoint, {
      grant_type: 'client_credentials', ...await clientAuth({ ...client, clientId: 'nobody' }),
    });
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_client');
    assert.equal(fx.as.errors.at(-1).detail, 'client not found');
  });
});

describe('which aud values a client assertion may carry', () => {
  // oidc-provider accepts the issuer, the token endpoint URL and the URL of the endpoint being
  // called (jwt_client_auth.js, clientJwtAuthExpectedAudience). Nothing else, not even issuer + '/'.
  const candidates = () => ({
    issuer: fx.as.issuer,
    'issuer/': `${fx.as.issuer}/`,
    token: fx.as.tokenEndpoint,
    introspection: fx.as.introspectionEndpoint,
    revocation: fx.as.revocationEndpoint,
    '[other, issuer]': ['https://other.example', fx.as.issuer],
  });
  const expected = {
    token: ['issuer', 'token', '[other, issuer]'],
    introspection: ['issuer', 'token', 'introspection', '[other, issuer]'],
    revocation: ['issuer', 'token', 'revocation', '[other, issuer]'],
  };
  for (const endpoint of Object.keys(expected)) {
    test(`at the ${endpoint} endpoint`, async () => {
      const client = await keyClient(fx.as);
      const url = { token: fx.as.tokenEndpoint, introspection: fx.as.introspectionEndpoint, revocation: fx.as.revocationEndpoint }[endpoint];
      const accepted = [];
      for (const [name, aud] of Object.entries(candidates())) {
        const params = endpoint === 'token' ? { grant_type: 'client_credentials' } : { token: 'not-a-token' };
        const res = await post(url, { ...params, ...await clientAuth(client, { aud }) });
        assert.ok([200, 401].includes(res.status), `${name}: ${res.status} ${JSON.stringify(res.body)}`);
        if (res.status === 200) accepted.push(name);
      }
      assert.deepEqual(accepted, expected[endpoint]);
    });
  }
});

describe('client secrets and public clients', () => {
  test('client_secret_basic', async () => {
    const { client_id: id } = await fx.as.addClient({ client_secret: 's3cret-basic-0123456789', token_endpoint_auth_method: 'client_secret_basic' });
    const basic = Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent('s3cret-basic-0123456789')}`).toString('base64');
    const ok = await post(fx.as.tokenEndpoint, { grant_type: 'client_credentials', scope: 'api:read' }, { authorization: `Basic ${basic}` });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const wrong = Buffer.from(`${id}:nope`).toString('base64');
    const bad = await post(fx.as.tokenEndpoint, { grant_type: 'client_credentials' }, { authorization: `Basic ${wrong}` });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error, 'invalid_client');
    assert.match(bad.headers.get('www-authenticate'), /^Basic realm=/);
  });

  test('client_secret_post', async () => {
    const { client_id: id } = await fx.as.addClient({ client_secret: 's3cret-post-0123456789', token_endpoint_auth_method: 'client_secret_post' });
    const ok = await post(fx.as.tokenEndpoint, { grant_type: 'client_credentials', client_id: id, client_secret: 's3cret-post-0123456789' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const bad = await post(fx.as.tokenEndpoint, { grant_type: 'client_credentials', client_id: id, client_secret: 'nope' });
    assert.equal(bad.status, 401);
    assert.equal(fx.as.errors.at(-1).detail, 'invalid secret provided');
  });

  test('none: a public client names itself and may only refresh', async () => {
    const { client_id: id } = await fx.as.addClient({ token_endpoint_auth_method: 'none', grant_types: ['refresh_token'] });
    const rt = await fx.as.mintRefreshToken(id);
    const ok = await post(fx.as.tokenEndpoint, { grant_type: 'refresh_token', refresh_token: rt, client_id: id });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.notEqual(ok.body.refresh_token, rt, 'public clients get rotated refresh tokens');
  });

  test('invalid client metadata is refused by addClient', async () => {
    await assert.rejects(fx.as.addClient({ token_endpoint_auth_method: 'private_key_jwt' }),
      /invalid_client_metadata: jwks or jwks_uri is mandatory for this client/);
  });
});

describe('refresh_token grant', () => {
  test('a minted refresh token gets a new access token', async () => {
    const client = await keyClient(fx.as, 'PS256');
    const rt = await fx.as.mintRefreshToken(client.clientId, { scope: 'api:read api:write' });
    const res = await post(fx.as.tokenEndpoint, {
      grant_type: 'refresh_token', refresh_token: rt, scope: 'api:read', ...await clientAuth(client),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    show('refresh_token', res.body);
    assert.equal(res.body.scope, 'api:read');
    assert.equal(res.body.refresh_token, rt, 'confidential clients keep their refresh token');
    const claims = decodeJwt(res.body.access_token);
    assert.equal(claims.sub, 'alice');
    assert.equal(claims.aud, fx.as.resource);
  });

  test('another client\'s refresh token is invalid_grant', async () => {
    const owner = await keyClient(fx.as);
    const thief = await keyClient(fx.as);
    const rt = await fx.as.mintRefreshToken(owner.clientId);
    const res = await post(fx.as.tokenEndpoint, { grant_type: 'refresh_token', refresh_token: rt, ...await clientAuth(thief) });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, { error: 'invalid_grant', error_description: 'grant request is invalid' });
    assert.equal(fx.as.errors.at(-1).detail, 'client mismatch');
  });
});

describe('introspection and revocation', () => {
  test('opaque access token: active, revoked, inactive', async () => {
    const client = await keyClient(fx.as, 'EdDSA');
    const issued = await post(fx.as.tokenEndpoint, {
      grant_type: 'client_credentials', scope: 'api:read', resource: fx.as.opaqueResource, ...await clientAuth(client),
    });
    const token = issued.body.access_token;
    const active = await post(fx.as.introspectionEndpoint, { token, ...await clientAuth(client) });
    assert.equal(active.status, 200);
    show('introspection (active)', active.body);
    assert.equal(active.body.active, true);
    assert.equal(active.body.client_id, client.clientId);
    assert.equal(active.body.scope, 'api:read');
    assert.equal(active.body.aud, fx.as.opaqueResource);
    assert.equal(active.body.token_type, 'Bearer');

    const revoked = await post(fx.as.revocationEndpoint, { token, token_type_hint: 'access_token', ...await clientAuth(client) });
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body, '');

    const inactive = await post(fx.as.introspectionEndpoint, { token, ...await clientAuth(client) });
    assert.deepEqual(inactive.body, { active: false });
  });

  test('refresh token: revoking it ends it', async () => {
    const client = await keyClient(fx.as, 'RS256');
    const rt = await fx.as.mintRefreshToken(client.clientId);
    const active = await post(fx.as.introspectionEndpoint, { token: rt, token_type_hint: 'refresh_token', ...await clientAuth(client) });
    assert.equal(active.body.active, true);
    assert.equal(active.body.sub, 'alice');
    await post(fx.as.revocationEndpoint, { token: rt, ...await clientAuth(client) });
    const inactive = await post(fx.as.introspectionEndpoint, { token: rt, ...await clientAuth(client) });
    assert.equal(inactive.body.active, false);
    const refresh = await post(fx.as.tokenEndpoint, { grant_type: 'refresh_token', refresh_token: rt, ...await clientAuth(client) });
    assert.equal(refresh.status, 400);
    assert.equal(refresh.body.error, 'invalid_grant');
  });

  test('JWT access tokens cannot be introspected or revoked (oidc-provider rule)', async () => {
    const client = await keyClient(fx.as);
    const jwt = await fx.as.mintAccessToken(client.clientId);
    for (const url of [fx.as.introspectionEndpoint, fx.as.revocationEndpoint]) {
      const res = await post(url, { token: jwt, ...await clientAuth(client) });
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'unsupported_token_type');
    }
  });

  test('an unknown token is simply inactive', async () => {
    const client = await keyClient(fx.as);
    const res = await post(fx.as.introspectionEndpoint, { token: 'never-issued', ...await clientAuth(client, { aud: fx.as.introspectionEndpoint }) });
    assert.deepEqual(res.body, { active: false });
  });
});

describe('token exchange (RFC 8693)', () => {
  test('client_credentials token → token for two audiences and a resource', async () => {
    const client = await keyClient(fx.as, 'ES384');
    const subject = await post(fx.as.tokenEndpoint, { grant_type: 'client_credentials', scope: 'api:read api:write', ...await clientAuth(client) });
    const body = new URLSearchParams({
      grant_type: TOKEN_EXCHANGE,
      subject_token: subject.body.access_token,
      subject_token_type: TOKEN_TYPE.access_token,
      scope: 'api:read',
      ...await clientAuth(client),
    });
    body.append('audience', 'mbp-client');
    body.append('audience', 'second-audience');
    body.append('resource', 'https://resource.example/api');
    const res = await post(fx.as.tokenEndpoint, body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    show('token exchange', res.body);
    assert.equal(res.body.issued_token_type, TOKEN_TYPE.access_token);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.scope, 'api:read');
    const claims = decodeJwt(res.body.access_token);
    assert.deepEqual(claims.aud, ['mbp-client', 'second-audience', 'https://resource.example/api']);
    assert.equal(claims.sub, client.clientId);
  });

  test('Mijn Burgerprofiel shape: a user\'s token as subject and actor, opaque result', async () => {
    const client = await keyClient(fx.as);
    const userToken = await fx.as.mintAccessToken(client.clientId, { accountId: 'citizen-1', resource: fx.as.opaqueResource });
    const res = await post(fx.as.tokenEndpoint, {
      grant_type: TOKEN_EXCHANGE,
      subject_token: userToken,
      subject_token_type: TOKEN_TYPE.access_token,
      actor_token: userToken,
      actor_token_type: TOKEN_TYPE.access_token,
      audience: 'mbp-client',
      resource: fx.as.opaqueResource,
      ...await clientAuth(client),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const seen = await post(fx.as.introspectionEndpoint, { token: res.body.access_token, ...await clientAuth(client) });
    assert.equal(seen.body.active, true);
    assert.equal(seen.body.sub, 'citizen-1');
    assert.deepEqual(seen.body.aud, ['mbp-client', fx.as.opaqueResource]);
    assert.deepEqual(seen.body.act, { sub: 'citizen-1' });
  });

  test('requested_token_type jwt', async () => {
    const client = await keyClient(fx.as);
    const subject = await fx.as.mintAccessToken(client.clientId, { resource: fx.as.opaqueResource });
    const res = await post(fx.as.tokenEndpoint, {
      grant_type: TOKEN_EXCHANGE, subject_token: subject, subject_token_type: TOKEN_TYPE.access_token,
      requested_token_type: TOKEN_TYPE.jwt, ...await clientAuth(client),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.issued_token_type, TOKEN_TYPE.jwt);
    assert.equal(decodeJwt(res.body.access_token).sub, 'alice');
  });

  const bad = {
    'missing subject_token_type': [{ subject_token_type: undefined }, 'invalid_request', /missing required parameter 'subject_token_type'/],
    'unknown subject_token': [{ subject_token: 'nope', subject_token_type: TOKEN_TYPE.access_token }, 'invalid_request', /invalid, expired or revoked/],
    'forged JWT subject_token': [{ subject_token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', subject_token_type: TOKEN_TYPE.jwt }, 'invalid_request', /not a valid access token/],
    'unsupported subject_token_type': [{ subject_token: 'x', subject_token_type: 'urn:ietf:params:oauth:token-type:saml2' }, 'invalid_request', /unsupported subject_token_type/],
    'actor_token without type': [{ actor_token: 'x' }, 'invalid_request', /together/],
    'unsupported requested_token_type': [{ requested_token_type: TOKEN_TYPE.refresh_token }, 'invalid_request', /requested_token_type/],
    'relative resource': [{ resource: '/api' }, 'invalid_target', /absolute URI/],
    'more scope than the subject had': [{ scope: 'api:write' }, 'invalid_scope', /exceeds/],
  };
  for (const [name, [params, error, description]] of Object.entries(bad)) {
    test(`${name} → ${error}`, async () => {
      const client = await keyClient(fx.as);
      const subject = await fx.as.mintAccessToken(client.clientId, { scope: 'api:read' });
      const res = await post(fx.as.tokenEndpoint, {
        grant_type: TOKEN_EXCHANGE, subject_token: subject, subject_token_type: TOKEN_TYPE.access_token,
        ...params, ...await clientAuth(client),
      });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error, error);
      assert.match(res.body.error_description, description);
    });
  }
});

describe('JWT-bearer grant (RFC 7523 §2.1)', () => {
  test('authenticated client, user in sub (Salesforce shape, aud = issuer)', async () => {
    const client = await keyClient(fx.as, 'RS256');
    const res = await post(fx.as.tokenEndpoint, {
      grant_type: JWT_BEARER,
      assertion: await sign(client, { sub: 'user@example.test', aud: fx.as.issuer }),
      ...await clientAuth(client),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    show('jwt-bearer', res.body);
    assert.equal(decodeJwt(res.body.access_token).sub, 'user@example.test');
  });

  test('no client authentication at all (Google service account shape, scope claim)', async () => {
    const account = await keyClient(fx.as, 'RS256', { token_endpoint_auth_method: 'none', grant_types: [JWT_BEARER] });
    const assertion = await sign(account, { sub: undefined, jti: undefined, aud: fx.as.tokenEndpoint, scope: 'api:read' });
    const res = await post(fx.as.tokenEndpoint, { grant_type: JWT_BEARER, assertion });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.scope, 'api:read');
    assert.equal(decodeJwt(res.body.access_token).sub, account.clientId);
  });

  const bad = {
    'wrong aud': { aud: 'https://elsewhere.example', reason: /unexpected "aud" claim value/ },
    'expired': { exp: now() - 300, reason: /"exp" claim timestamp check failed/ },
    'no exp': { exp: undefined, reason: /missing required "exp" claim/ },
    'iss is not the client': { iss: 'someone-else', reason: /unexpected "iss" claim value/ },
    'unregistered key': { otherKey: true, reason: /no applicable key found|signature verification failed/ },
  };
  for (const [name, { reason, otherKey, ...claims }] of Object.entries(bad)) {
    test(`${name} → invalid_grant`, async () => {
      const client = await keyClient(fx.as);
      const signer = otherKey ? { ...client, ...await generateKeyPair(client.alg) } : client;
      const res = await post(fx.as.tokenEndpoint, {
        grant_type: JWT_BEARER, assertion: await sign(signer, { aud: fx.as.tokenEndpoint, ...claims }), ...await clientAuth(client),
      });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error, 'invalid_grant');
      assert.match(res.body.error_description, reason);
    });
  }

  test('a reused assertion jti → invalid_grant', async () => {
    const client = await keyClient(fx.as);
    const assertion = await sign(client, { aud: fx.as.tokenEndpoint });
    const first = await post(fx.as.tokenEndpoint, { grant_type: JWT_BEARER, assertion, ...await clientAuth(client) });
    assert.equal(first.status, 200);
    const second = await post(fx.as.tokenEndpoint, { grant_type: JWT_BEARER, assertion, ...await clientAuth(client) });
    assert.equal(second.status, 400);
    assert.match(second.body.error_description, /jti already used/);
  });

  test('without client authentication a private_key_jwt client is refused', async () => {
    const client = await keyClient(fx.as);
    const res = await post(fx.as.tokenEndpoint, { grant_type: JWT_BEARER, assertion: await sign(client, { aud: fx.as.tokenEndpoint }) });
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_client');
  });
});

describe('CORS', () => {
  const origin = 'http://127.0.0.1:1234';
  const preflight = (url) => fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });

  test('on: preflights and responses carry Access-Control-Allow-Origin', async () => {
    for (const url of [fx.as.tokenEndpoint, fx.as.introspectionEndpoint, fx.as.revocationEndpoint, fx.as.registrationEndpoint]) {
      const res = await preflight(url);
      assert.equal(res.status, 204, url);
      assert.equal(res.headers.get('access-control-allow-origin'), origin, url);
    }
    const client = await keyClient(fx.as); // a confidential client: oidc-provider's default would refuse it
    const res = await post(fx.as.tokenEndpoint, { grant_type: 'client_credentials', ...await clientAuth(client) }, { origin });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), origin);
    const failed = await post(fx.as.tokenEndpoint, { grant_type: 'client_credentials', ...await clientAuth(client, { aud: 'x' }) }, { origin });
    assert.equal(failed.status, 401);
    assert.equal(failed.headers.get('access-control-allow-origin'), origin, 'errors are readable by the page too');
    assert.match(failed.headers.get('access-control-expose-headers'), /WWW-Authenticate/i);
    const discovery = await fetch(fx.as.discoveryUrl, { headers: { origin: 'http://localhost:8080' } });
    assert.equal(discovery.headers.get('access-control-allow-origin'), 'http://localhost:8080');
  });

  test('on: a non-loopback origin is refused for client calls', async () => {
    const client = await keyClient(fx.as);
    const res = await post(fx.as.tokenEndpoint, { grant_type: 'client_credentials', ...await clientAuth(client) },
      { origin: 'https://evil.example' });
    assert.equal(res.status, 400);
    assert.match(res.body.error_description, /origin https:\/\/evil.example not allowed/);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  test('off: no CORS headers anywhere, but the request itself works', async () => {
    for (const url of [fx.closed.tokenEndpoint, fx.closed.introspectionEndpoint, fx.closed.revocationEndpoint]) {
      const res = await preflight(url);
      assert.equal(res.headers.get('access-control-allow-origin'), null, url);
    }
    const client = await keyClient(fx.closed);
    const res = await post(fx.closed.tokenEndpoint, {
      grant_type: 'client_credentials', ...await clientAuth(client, { aud: fx.closed.tokenEndpoint }),
    }, { origin });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    const discovery = await fetch(fx.closed.discoveryUrl, { headers: { origin } });
    assert.equal(discovery.headers.get('access-control-allow-origin'), null);
  });
});

describe('discovery, registration, curl', () => {
  test('both well-known documents describe the same server', async () => {
    const oidc = await (await fetch(fx.as.discoveryUrl)).json();
    const oauth = await (await fetch(`${fx.as.issuer}/.well-known/oauth-authorization-server`)).json();
    assert.deepEqual(oauth, oidc);
    assert.equal(oidc.issuer, fx.as.issuer);
    assert.equal(oidc.token_endpoint, fx.as.tokenEndpoint);
    assert.equal(oidc.introspection_endpoint, fx.as.introspectionEndpoint);
    assert.equal(oidc.revocation_endpoint, fx.as.revocationEndpoint);
    assert.equal(oidc.registration_endpoint, fx.as.registrationEndpoint);
    for (const grant of ['client_credentials', 'refresh_token', TOKEN_EXCHANGE, JWT_BEARER]) {
      assert.ok(oidc.grant_types_supported.includes(grant), grant);
    }
    assert.deepEqual(oidc.token_endpoint_auth_methods_supported,
      ['private_key_jwt', 'client_secret_basic', 'client_secret_post', 'none']);
  });

  test('dynamic registration (RFC 7591) of a JWKS client', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const res = await fetch(fx.as.registrationEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jwks: { keys: [await exportJWK(publicKey)] }, token_endpoint_auth_method: 'private_key_jwt' }),
    });
    assert.equal(res.status, 201);
    const { client_id: clientId } = await res.json();
    const token = await post(fx.as.tokenEndpoint, {
      grant_type: 'client_credentials', ...await clientAuth({ clientId, alg: 'ES256', privateKey, aud: fx.as.issuer }),
    });
    assert.equal(token.status, 200, JSON.stringify(token.body));
  });

  test('curl, as the page\'s copyable command would run it', async () => {
    const client = await keyClient(fx.as, 'ES512');
    const assertion = await sign(client, { aud: fx.as.issuer });
    const { stdout } = await promisify(execFile)('curl', [
      '-sS', '--fail-with-body', fx.as.tokenEndpoint,
      '--data-urlencode', 'grant_type=client_credentials',
      '--data-urlencode', 'scope=api:read',
      '--data-urlencode', `client_assertion_type=${ASSERTION_TYPE}`,
      '--data-urlencode', `client_assertion=${assertion}`,
    ]);
    const body = JSON.parse(stdout);
    assert.equal(body.scope, 'api:read');
    assert.ok(decodeJwt(body.access_token).exp > now());
  });
});
