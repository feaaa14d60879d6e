// DPoP in the device authorization grant (RFC 8628 + RFC 9449), against a real oidc-provider with
// nonces required: the page's polls carry proofs (the first one is asked for a nonce and
// repeated with it), stay authorization_pending until the user approves on another device, then
// the token is token_type DPoP bound to dpop-jkt (the provider's store). Then the page's curl for
// the poll, run by bash right after the user approved (before the page's next poll, 5 s away),
// gets the DPoP token itself. Every proof the server received verifies with jose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DEVICE_CODE, devicePolls, until } from './lib/authorize.mjs';
import { curlArgs, runCurl } from './lib/curl.mjs';
import { DpopPage } from './lib/dpop-page.mjs';
import { checkAllProofs, proofsAtServer } from './lib/dpop.mjs';
import { fixture } from './lib/fixture.mjs';
import { deviceApproval } from './lib/interactions.mjs';

// authorization_pending and use_dpop_nonce answers are 400s, which Chromium logs.
const fx = fixture({ page: DpopPage, networkErrorsExpected: true, clipboard: true, authorizationServers: { as: { dpop: true, userFlows: true } } });
const DEFAULT_INTERVAL = 5_000;
const show = (...args) => { if (process.env.REPORT) console.error('[dpop-device]', ...args); };

async function setup(t) {
  const p = await fx.open(t);
  const key = await p.keyFor('ES256');
  const clientId = `dpop-device-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks, grant_types: [DEVICE_CODE, 'refresh_token'], dpop_bound_access_tokens: true });
  await p.setIssuer(fx.as.issuer);
  const outcome = await p.discover();
  assert.equal(outcome.error, undefined, `discovery-error: ${outcome.error}`);
  await p.chooseGrant(DEVICE_CODE);
  await p.el('client-auth').selectOption('private_key_jwt');
  await p.configure({ clientId, aud: fx.as.issuer, alg: 'ES256' });
  const jkt = await p.enableDpop({ alg: 'EdDSA' });
  return { p, clientId, jkt, mark: fx.as.requests.length };
}

const polls = (clientId, mark) => devicePolls(fx.as, clientId, mark);

test('the page polls with proofs (nonce asked once), pending, approved: token_type DPoP bound to dpop-jkt', async (t) => {
  const { p, clientId, jkt, mark } = await setup(t);
  const shown = await p.deviceStart();
  await until(() => polls(clientId, mark).some((r) => r.error === 'authorization_pending'), 'a pending poll', 3 * DEFAULT_INTERVAL);
  const early = polls(clientId, mark);
  assert.equal(early[0].error, 'use_dpop_nonce', 'the first poll was asked for a nonce');
  assert.equal(early[1].error, 'authorization_pending', 'and repeated with it at once');
  assert.ok(early.every((r) => r.dpop), 'every poll carried a proof');
  await deviceApproval(fx.as, { userCode: shown.userCode, login: 'dpop-tv' });
  await p.deviceStatus(/approved/, { timeout: 3 * DEFAULT_INTERVAL });
  await p.page.waitForFunction(() => document.querySelector('[data-testid="response-status"]')?.textContent.trim() === '200', null, { timeout: 5_000 }).catch(() => {});
  const body = JSON.parse(await p.text('response-body'));
  assert.equal(body.token_type, 'DPoP', JSON.stringify(body));
  assert.equal((await fx.as.tokenRecord(body.access_token)).jkt, jkt, 'the provider bound it to dpop-jkt');
  // The device flow's access token is opaque (for userinfo): the page cannot read its cnf, so
  // token-binding may not say bound; it must not claim a mismatch. The store's jkt above is the proof.
  const binding = await p.binding();
  assert.doesNotMatch(binding, /^mismatch/, binding);
  show('binding:', binding);
  show('polls:', polls(clientId, mark).map((r) => r.error ?? r.status).join(' '));
});

test('the page\'s curl for the poll, run by bash right after approval, gets token_type DPoP', async (t) => {
  const { p, clientId, jkt, mark } = await setup(t);
  const shown = await p.deviceStart();
  const started = fx.as.requests.slice(mark).find((r) => r.route === 'device_authorization').body;
  await until(() => polls(clientId, mark).some((r) => r.error === 'authorization_pending'), 'a pending poll', 3 * DEFAULT_INTERVAL);
  // Right after one of the page's polls: the next is 5 s away.
  const count = polls(clientId, mark).length;
  await until(() => polls(clientId, mark).length > count, 'the next poll', 2 * DEFAULT_INTERVAL);
  await deviceApproval(fx.as, { userCode: shown.userCode, login: 'dpop-curl' });
  const command = await p.copy('curl-copy');
  const args = await curlArgs(command);
  assert.ok(args.form.some(([k, v]) => k === 'device_code' && v === started.device_code), 'the curl polls this device_code');
  const ran = await runCurl(command);
  assert.equal(ran.status, 200, `curl: ${ran.text}`);
  assert.equal(ran.body.token_type, 'DPoP');
  assert.equal((await fx.as.tokenRecord(ran.body.access_token)).jkt, jkt);
});

test('every proof the server received in this suite verifies with jose, was made for its request, and no jti repeats', async () => {
  const nonces = new Set(fx.as.requests.map((r) => r.dpopNonce).filter(Boolean));
  const checked = await checkAllProofs(proofsAtServer(fx.as), { nonces });
  assert.ok(checked.length >= 4, `proofs: ${checked.length}`);
  assert.ok(checked.every((c) => c.header.alg === 'EdDSA'));
});
