// lib/interactions.mjs in a real browser, without the page: completeLogin() answers the server's
// login and consent pages (or cancels consent), approveDevice() the device verification pages, and
// where they end is what the server's own record says. The page's suites rely on these helpers, so
// they are proven here first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { fixture } from '../lib/fixture.mjs';
import { approveDevice, completeLogin } from '../lib/interactions.mjs';
import { ASSERTION_TYPE } from '../lib/oauth.mjs';
import { DEVICE_CODE } from './authorization-server.mjs';

const fx = fixture({ authorizationServers: { as: { userFlows: true } } });
const b64url = (b) => Buffer.from(b).toString('base64url');

async function client() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  jwk.kid = await calculateJwkThumbprint(jwk);
  // The dist server's origin: a real page of the browser's, whatever it serves at this path.
  const redirectUri = `${fx.server.origin}/helper-callback`;
  const { client_id: clientId } = await fx.as.addClient({ jwks: { keys: [jwk] }, redirect_uris: [redirectUri] });
  const auth = async () => ({
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: await new SignJWT({ iss: clientId, sub: clientId, aud: fx.as.issuer, jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid }).setIssuedAt().setExpirationTime('1m').sign(privateKey),
  });
  return { clientId, redirectUri, auth };
}

function authorizationUrl({ clientId, redirectUri }, state) {
  const verifier = b64url(randomBytes(32));
  return `${fx.as.authorizationEndpoint}?${new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope: 'openid', prompt: 'consent', state,
    code_challenge: b64url(createHash('sha256').update(verifier).digest()), code_challenge_method: 'S256',
  })}`;
}

test('completeLogin: login and consent in a browser page end at the redirect_uri with a code', async (t) => {
  const c = await client();
  const rec = await fx.newPage(t, { check: false }); // the redirect target is a 404 of the dist server
  const state = b64url(randomBytes(16));
  await rec.page.goto(authorizationUrl(c, state));
  const result = await completeLogin(rec.page, { login: 'helper-user', closeTimeout: 0 });
  assert.deepEqual(result.prompts, ['login', 'consent']);
  const last = new URL(result.urls.at(-1));
  assert.equal(`${last.origin}${last.pathname}`, c.redirectUri);
  assert.equal(last.searchParams.get('state'), state);
  const code = last.searchParams.get('code');
  assert.ok(code);
  // The server's record: the final authorization step redirected to exactly that address.
  const redirect = fx.as.requests.find((r) => r.location?.includes(`code=${code}`));
  assert.ok(redirect, 'the server redirected with that code');
});

test('completeLogin with deny: access_denied at the redirect_uri', async (t) => {
  const c = await client();
  const rec = await fx.newPage(t, { check: false });
  const state = b64url(randomBytes(16));
  await rec.page.goto(authorizationUrl(c, state));
  const result = await completeLogin(rec.page, { deny: true, closeTimeout: 0 });
  const last = new URL(result.urls.at(-1));
  assert.equal(last.searchParams.get('error'), 'access_denied');
  assert.equal(last.searchParams.get('state'), state);
});

test('approveDevice: the verification page, confirmation, login and consent approve the device code', async (t) => {
  const c = await client();
  const started = await (await fetch(fx.as.deviceAuthorizationEndpoint, {
    method: 'POST', body: new URLSearchParams({ client_id: c.clientId, scope: 'openid', ...await c.auth() }),
  })).json();
  const rec = await fx.newPage(t, { check: false });
  const done = await approveDevice(rec.page, { uri: started.verification_uri, userCode: started.user_code, login: 'tv-user' });
  assert.equal(done.title, 'Sign-in Success', done.body);
  const token = await (await fetch(fx.as.tokenEndpoint, {
    method: 'POST', body: new URLSearchParams({ grant_type: DEVICE_CODE, device_code: started.device_code, ...await c.auth() }),
  })).json();
  assert.ok(token.access_token, JSON.stringify(token));
});
