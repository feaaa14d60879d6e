// The device authorization grant (RFC 8628) in the page against the real server's deviceFlow:
// device-start POSTs to the device authorization endpoint with private_key_jwt, the page shows
// the user_code and the verification URI; a second window (another browser context: the user's
// phone) confirms, logs in and consents; the page polls the token endpoint at the server's
// interval (5 s: oidc-provider sends none) with a fresh assertion per poll and shows the token.
// Denied on the confirmation page, the page says denied and stops polling. Checked against the
// server's record (what it was sent, when, and what it answered) and jose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { AuthorizePage, DEVICE_CODE, devicePolls, until } from './lib/authorize.mjs';
import { approveDevice } from './lib/interactions.mjs';
import { fixture } from './lib/fixture.mjs';
import { formOf } from './lib/workbench.mjs';

// authorization_pending answers are 400s, which Chromium logs as console errors.
const fx = fixture({ page: AuthorizePage, networkErrorsExpected: true, authorizationServers: { as: { userFlows: true } } });
const DEFAULT_INTERVAL = 5_000; // RFC 8628 §3.2, when the server sends no interval

async function setup(t) {
  const p = await fx.open(t);
  const key = await p.keyFor('ES256');
  const clientId = `device-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks, grant_types: [DEVICE_CODE, 'refresh_token'] });
  await p.setIssuer(fx.as.issuer);
  const outcome = await p.discover();
  assert.equal(outcome.error, undefined, `discovery-error: ${outcome.error}`);
  await p.chooseGrant(DEVICE_CODE);
  await p.el('client-auth').selectOption('private_key_jwt');
  await p.configure({ clientId, aud: fx.as.issuer, alg: 'ES256' });
  // The scope of the device authorization request: the authorization parameters' scope field
  // when the page shows it for this grant, else the request's own.
  const inCard = p.page.getByTestId('device-card').getByTestId('authz-param-scope', { exact: true });
  const scope = (await inCard.count()) ? inCard : p.page.locator('[data-testid="authz-param-scope"]:visible, [data-testid="param-scope"]:visible').first();
  await scope.fill('openid offline_access');
  return { p, key, clientId, mark: fx.as.requests.length };
}

const polls = (clientId, mark) => devicePolls(fx.as, clientId, mark);

test('start, approve in a second window, the page polls and shows the token', async (t) => {
  const { p, key, clientId, mark } = await setup(t);
  const shown = await p.deviceStart();
  const started = fx.as.requests.slice(mark).find((r) => r.route === 'device_authorization');
  assert.equal(started?.status, 200, 'the server answered the device authorization');
  assert.equal(shown.userCode, started.body.user_code, 'device-user-code is the server\'s user_code');
  assert.equal(shown.uri, started.body.verification_uri_complete, 'device-verification-uri: verification_uri_complete');
  assert.equal(shown.href, started.body.verification_uri_complete, 'as a link');
  assert.equal(started.params.scope, 'openid offline_access');
  const sentStart = p.rec.requests.find((r) => r.method === 'POST' && r.url === fx.as.deviceAuthorizationEndpoint);
  const startForm = formOf(new URLSearchParams(sentStart.postData));
  const assertion = startForm.client_assertion;
  await jwtVerify(assertion, await importJWK(key.publicJwk, decodeProtectedHeader(assertion).alg));
  // One poll answered authorization_pending first (the server's record), then the user approves.
  await until(() => polls(clientId, mark).length >= 1, 'the first poll', 2 * DEFAULT_INTERVAL);
  assert.equal(polls(clientId, mark)[0].error, 'authorization_pending');
  assert.match(await p.deviceStatus(/pending/), /pending/i);

  // The user, on another device.
  const phone = await fx.newPage(t, { check: false }); // the server's pages, not pkjwt's
  const done = await approveDevice(phone.page, { uri: shown.uri, userCode: shown.userCode, login: 'tv-user' });
  assert.equal(done.title, 'Sign-in Success');

  await p.deviceStatus(/approved/, { timeout: 3 * DEFAULT_INTERVAL });
  await p.page.waitForFunction(() => document.querySelector('[data-testid="response-status"]')?.textContent.trim() === '200', null, { timeout: 5_000 })
    .catch(() => {});
  assert.equal(await p.maybe('response-status'), '200');
  const body = JSON.parse(await p.text('response-body'));
  const { payload } = await jwtVerify(body.id_token, createRemoteJWKSet(new URL(fx.as.jwksUri)), { issuer: fx.as.issuer, audience: clientId });
  assert.equal(payload.sub, 'tv-user');
  assert.ok(body.access_token);

  // The polls, as the server saw them.
  const seen = polls(clientId, mark);
  assert.ok(seen.length >= 2, `at least one pending poll and the approved one: ${seen.length}`);
  assert.equal(seen.at(-1).status, 200);
  assert.ok(seen.slice(0, -1).every((r) => r.error === 'authorization_pending'), seen.map((r) => r.error ?? r.status).join(' '));
  assert.ok(seen.every((r) => r.params.device_code === started.body.device_code));
  const jtis = seen.map((r) => decodeJwt(r.params.client_assertion).jti);
  assert.equal(new Set(jtis).size, jtis.length, 'a fresh assertion per poll');
  for (let i = 1; i < seen.length; i++) {
    const gap = seen[i].time - seen[i - 1].time;
    assert.ok(gap >= DEFAULT_INTERVAL - 250, `poll ${i} came ${gap} ms after the previous one (interval 5 s)`);
  }
  await new Promise((ok) => setTimeout(ok, DEFAULT_INTERVAL * 1.2)); // an absence takes one interval to show
  assert.equal(polls(clientId, mark).length, seen.length, 'no poll after the token');
});

test('denied on the confirmation page: device-status says denied and polling stops', async (t) => {
  const { p, clientId, mark } = await setup(t);
  const shown = await p.deviceStart();
  const phone = await fx.newPage(t, { check: false });
  await approveDevice(phone.page, { uri: shown.uri, userCode: shown.userCode, deny: true });
  await p.deviceStatus(/denied/, { timeout: 3 * DEFAULT_INTERVAL });
  const count = polls(clientId, mark).length;
  assert.equal(polls(clientId, mark).at(-1).error, 'access_denied');
  // Proving an absence takes time: one interval and a half without a further poll.
  await new Promise((ok) => setTimeout(ok, DEFAULT_INTERVAL * 1.5));
  assert.equal(polls(clientId, mark).length, count, 'no poll after access_denied');
});
