// DPoP in the authorization code flow, against a real oidc-provider with nonces required
// (startAuthorizationServer({ dpop: true, userFlows: true })): PAR carries a proof (the server asks
// for a nonce there too, the page retries), which binds the code to the DPoP key; the token
// request's proof then gets token_type DPoP; userinfo goes with Authorization: DPoP and a proof
// with ath (a 401 use_dpop_nonce first); refresh stays DPoP. With dpop-bind-code the
// authorization request itself carries dpop_jkt = dpop-jkt (query mode), as the server recorded.
// The code is redeemed by Send and, in another attempt, by the page's curl run by bash. Every
// proof the server received verifies with jose, was made for its request, no jti repeats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ath, checkAllProofs, checkProof, proofsAtServer } from './lib/dpop.mjs';
import { runCurl } from './lib/curl.mjs';
import { DpopPage } from './lib/dpop-page.mjs';
import { fixture } from './lib/fixture.mjs';

// The nonce asks are 400/401 answers on purpose: Chromium logs them.
const fx = fixture({ page: DpopPage, networkErrorsExpected: true, clipboard: true, authorizationServers: { as: { dpop: true, userFlows: true } } });
const show = (...args) => { if (process.env.REPORT) console.error('[dpop-code]', ...args); };

async function setup(t, { mode = 'par', bind = false, alg = 'ES256' } = {}) {
  const p = await fx.open(t);
  const key = await p.keyFor('ES256');
  const redirectUri = await p.redirectUri();
  const clientId = `dpop-code-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks, redirect_uris: [redirectUri], dpop_bound_access_tokens: true });
  const jkt = await p.enableDpop({ alg });
  await p.codeFlowSetup({ as: fx.as, clientId, alg: 'ES256', mode });
  if (bind) {
    await p.reveal('dpop-bind-code');
    await p.el('dpop-bind-code').setChecked(true);
    await p.settle();
  }
  return { p, key, clientId, redirectUri, jkt };
}

test('PAR with a proof (nonce retry), login, token_type DPoP; userinfo with DPoP + ath; refresh DPoP', async (t) => {
  const { p, clientId, jkt } = await setup(t, { alg: 'ES384' });
  const mark = fx.as.requests.length;
  await p.authorize({ login: 'dpop-code-user' });
  const code = await p.waitForCode();

  // PAR: a nonce ask, then 201, each with a proof for the PAR endpoint.
  const pars = fx.as.requests.slice(mark).filter((r) => r.route === 'pushed_authorization_request');
  assert.deepEqual(pars.map((r) => [r.status, r.error]), [[400, 'use_dpop_nonce'], [201, undefined]], 'PAR: nonce ask, then accepted');
  const parProof = await checkProof(pars[1].dpop, { htm: 'POST', htu: fx.as.parEndpoint, nonce: pars[0].dpopNonce });
  assert.equal(parProof.jkt, jkt, 'PAR was proved with the DPoP key');

  const res = await p.sendJson();
  assert.equal(res.json.token_type, 'DPoP', res.body);
  const tokenRecords = fx.as.requests.slice(mark).filter((r) => r.route === 'token' && r.params?.code === code);
  assert.equal(tokenRecords.at(-1).status, 200);
  assert.ok(tokenRecords.every((r) => r.dpop), 'every token request for the code carried a proof');
  assert.equal((await fx.as.tokenRecord(res.json.access_token)).jkt, jkt, 'the provider bound the access token to dpop-jkt');
  show('token answer keys', Object.keys(res.json).sort().join(' '), '| binding:', await p.binding());

  // userinfo: GET, Authorization: DPoP <token>, a proof for GET userinfo with ath.
  const info = await p.userinfo(fx.as.userinfoEndpoint);
  assert.equal(info.status, '200', `userinfo: ${info.status} ${info.body} ${info.error}`);
  assert.equal(JSON.parse(info.body).sub, 'dpop-code-user');
  assert.equal(info.sent.headers.authorization, `DPoP ${res.json.access_token}`);
  const uiProof = await checkProof(info.sent.headers.dpop, { htm: 'GET', htu: fx.as.userinfoEndpoint, accessToken: res.json.access_token });
  assert.equal(uiProof.claims.ath, ath(res.json.access_token));
  const userinfoRecords = fx.as.requests.slice(mark).filter((r) => r.route === 'userinfo');
  show('userinfo statuses', userinfoRecords.map((r) => r.status).join(' '), userinfoRecords[0]?.wwwAuthenticate);

  // Refresh from the answer.
  assert.ok(res.json.refresh_token, `a refresh token (scope ${res.json.scope}); client ${clientId}`);
  await p.el('next-refresh').click();
  const refreshed = await p.sendJson();
  assert.equal(refreshed.json.token_type, 'DPoP');
  assert.equal((await fx.as.tokenRecord(refreshed.json.access_token)).jkt, jkt);
});

test('dpop-bind-code (query mode): the authorization request carries dpop_jkt = dpop-jkt; the code needs that key', async (t) => {
  const { p, jkt } = await setup(t, { mode: 'query', bind: true });
  const mark = fx.as.requests.length;
  await p.authorize({ login: 'bound-user' });
  await p.waitForCode();
  const shownUrl = new URL(await p.text('authorize-url'));
  assert.equal(shownUrl.searchParams.get('dpop_jkt'), jkt, 'authorize-url has dpop_jkt');
  const authz = fx.as.requests.slice(mark).find((r) => r.route === 'authorization' && r.method === 'GET');
  assert.equal(authz.params.dpop_jkt, jkt, 'the server got dpop_jkt');
  const res = await p.sendJson();
  assert.equal(res.json.token_type, 'DPoP', res.body);
  assert.equal((await fx.as.tokenRecord(res.json.access_token)).jkt, jkt);
});

test('dpop-bind-code with PAR: dpop_jkt inside the PAR; the code redeemed by the page\'s curl with bash', async (t) => {
  const { p, jkt } = await setup(t, { mode: 'par', bind: true });
  const mark = fx.as.requests.length;
  await p.authorize({ login: 'curl-user' });
  const code = await p.waitForCode();
  const par = fx.as.requests.slice(mark).filter((r) => r.route === 'pushed_authorization_request').at(-1);
  assert.equal(par.status, 201);
  assert.equal(par.params.dpop_jkt, jkt, 'PAR carried dpop_jkt');
  const ran = await runCurl(await p.copy('curl-copy'));
  assert.equal(ran.status, 200, `curl: ${ran.text}`);
  assert.equal(ran.body.token_type, 'DPoP');
  assert.equal((await fx.as.tokenRecord(ran.body.access_token)).jkt, jkt, 'bound to dpop-jkt');
  const redeemed = fx.as.requests.slice(mark).filter((r) => r.route === 'token' && r.params?.code === code);
  assert.equal(redeemed.at(-1).status, 200);
  assert.equal((await checkProof(redeemed.at(-1).dpop, { htm: 'POST', htu: fx.as.tokenEndpoint })).jkt, jkt, 'curl carried a proof by the DPoP key');
});

test('every proof the server received in this suite verifies with jose, was made for its request, and no jti repeats', async () => {
  const received = proofsAtServer(fx.as);
  const nonces = new Set(fx.as.requests.map((r) => r.dpopNonce).filter(Boolean));
  const checked = await checkAllProofs(received, { nonces });
  const routes = new Set(fx.as.requests.filter((r) => r.dpop).map((r) => r.route));
  show('proofs checked:', checked.length, 'routes:', [...routes].join(' '));
  for (const route of ['pushed_authorization_request', 'token', 'userinfo']) assert.ok(routes.has(route), `proofs reached ${route}`);
});
