// The FAPI 2.0 Security Profile preset against oidc-provider configured for FAPI 2.0
// (startAuthorizationServer({ fapi: true, dpop: true }): its fapi profile '2.0', PAR required,
// PKCE required, client assertion aud must be the issuer string, clients DPoP-bound, DPoP nonces
// required). Choosing preset fapi2 sets up the code flow with PAR, PKCE S256, private_key_jwt
// with aud = the issuer, a short lifetime, nbf, and DPoP; the flow completes with token_type
// DPoP, checked against the server's own record (PAR, the assertion it accepted, iss in the
// authorization response) and jose (id_token, proofs). A lint test: an aud that breaks the
// profile is named with its section and its fix restores the issuer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, importJWK, jwtVerify } from 'jose';
import { DpopPage } from './lib/dpop-page.mjs';
import { checkAllProofs, proofsAtServer } from './lib/dpop.mjs';
import { fixture } from './lib/fixture.mjs';

// Nonce asks are 400s on purpose: Chromium logs them.
const fx = fixture({ page: DpopPage, networkErrorsExpected: true, authorizationServers: { as: { fapi: true, dpop: true } } });
const show = (...args) => { if (process.env.REPORT) console.error('[fapi2]', ...args); };

/** A page on preset fapi2 with discovery done, a key the profile accepts and a registered client. */
async function setup(t) {
  const p = await fx.open(t);
  await p.choosePreset('fapi2');
  assert.equal(await p.presetValue(), 'fapi2');
  await p.setIssuer(fx.as.issuer);
  const outcome = await p.discover();
  assert.equal(outcome.error, undefined, `discovery-error: ${outcome.error}`);
  const key = (await p.el('preset-generate-key').count()) ? await p.generateRecommendedKey() : await p.keyFor('ES256');
  const redirectUri = await p.redirectUri();
  const clientId = `fapi2-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks, redirect_uris: [redirectUri] });
  await p.set('client-id', clientId);
  await p.assertionWhere(({ claims }) => claims.iss === clientId, 'the assertion for the client');
  return { p, key, clientId, redirectUri };
}

test('preset fapi2: PAR, PKCE S256, private_key_jwt with aud = issuer, DPoP; the code flow completes with token_type DPoP', async (t) => {
  const { p, key, clientId } = await setup(t);
  // What the preset chose, as the page shows it.
  assert.equal(await p.el('grant-type').inputValue(), 'authorization_code');
  assert.equal(await p.el('client-auth').inputValue(), 'private_key_jwt');
  await p.reveal('authorize-mode');
  assert.match(await p.el('authorize-mode').inputValue(), /^par/);
  await p.reveal('pkce-method');
  assert.equal(await p.el('pkce-method').inputValue(), 'S256');
  await p.reveal('dpop-enabled');
  assert.equal(await p.el('dpop-enabled').isChecked(), true, 'DPoP on');
  const { header, claims } = await p.decoded();
  assert.ok(['PS256', 'ES256', 'EdDSA'].includes(header.alg), `assertion alg ${header.alg}`);
  assert.equal(claims.aud, fx.as.issuer, 'aud is the issuer, as a string');
  assert.ok(claims.nbf !== undefined, 'nbf present');
  assert.ok(claims.exp - claims.iat <= 60, `lifetime ${claims.exp - claims.iat} s`);
  await p.expectProblems([], 'no FAPI 2.0 problems with the preset as it is');
  const jkt = await p.jkt();
  assert.ok(jkt, 'dpop-jkt');

  await p.authzParam('scope', 'openid');
  const mark = fx.as.requests.length;
  const { login } = await p.authorize({ login: 'fapi-user' });
  assert.ok(login.prompts.includes('login'));
  const code = await p.waitForCode();
  const records = fx.as.requests.slice(mark);
  const pars = records.filter((r) => r.route === 'pushed_authorization_request');
  assert.equal(pars.at(-1).status, 201, 'PAR accepted');
  assert.equal(pars.at(-1).params.code_challenge_method, 'S256');
  // The PAR the server accepted (the last one, 201), as the browser sent it; its assertion verified with the page's key.
  const parPost = p.rec.requests.filter((r) => r.method === 'POST' && r.url === fx.as.parEndpoint).at(-1);
  const { payload: parAssertion } = await jwtVerify(new URLSearchParams(parPost.postData).get('client_assertion'),
    await importJWK(key.publicJwk, (await p.decoded()).header.alg));
  assert.equal(parAssertion.aud, fx.as.issuer, 'the PAR assertion the server accepted had aud = issuer');
  assert.ok(parAssertion.nbf !== undefined && parAssertion.exp - parAssertion.iat <= 60);
  const redirect = records.find((r) => r.location?.includes('code='));
  assert.equal(new URL(redirect.location).searchParams.get('iss'), fx.as.issuer);
  assert.match(await p.status(), /./);

  const res = await p.sendJson();
  assert.equal(res.json.token_type, 'DPoP', res.body);
  assert.equal((await fx.as.tokenRecord(res.json.access_token)).jkt, jkt, 'bound to dpop-jkt');
  const tokenRecord = fx.as.requests.slice(mark).filter((r) => r.route === 'token' && r.params?.code === code).at(-1);
  assert.equal(tokenRecord.status, 200);
  assert.equal(decodeJwt(tokenRecord.params.client_assertion).aud, fx.as.issuer);
  const { payload } = await jwtVerify(res.json.id_token, createRemoteJWKSet(new URL(fx.as.jwksUri)), { issuer: fx.as.issuer, audience: clientId });
  assert.equal(payload.sub, 'fapi-user');
  // Opaque access token: the page cannot read its cnf (the store's jkt above is the proof); it must not claim a mismatch.
  assert.doesNotMatch(await p.binding(), /^mismatch/);
  assert.deepEqual(fx.as.errors.filter((e) => e.error !== 'use_dpop_nonce'), [], 'the server refused nothing but nonce asks');
});

test('fapi2 lint: aud = the token endpoint is a problem citing the profile; its fix restores the issuer', async (t) => {
  const { p } = await setup(t);
  await p.set('assertion-aud', fx.as.tokenEndpoint);
  await p.assertionWhere(({ claims }) => JSON.stringify([claims.aud].flat()) === JSON.stringify([fx.as.tokenEndpoint]), 'aud = token endpoint');
  const list = await p.until(() => p.problems(), (l) => l.length > 0, 'a problem for aud');
  show('problems:', JSON.stringify(list));
  const audProblem = list.find((x) => /aud/i.test(x.message));
  assert.ok(audProblem, `a problem names aud: ${JSON.stringify(list)}`);
  assert.match(audProblem.message, /5\.\d/, 'it cites the FAPI 2.0 section');
  assert.ok(audProblem.fixable, 'with a fix');
  await p.fix(audProblem.rule);
  const { claims } = await p.assertionWhere(({ claims: c }) => c.aud === fx.as.issuer, 'aud back to the issuer');
  assert.equal(claims.aud, fx.as.issuer);
});

test('every proof the FAPI server received verifies with jose, was made for its request, no jti repeats', async () => {
  const nonces = new Set(fx.as.requests.map((r) => r.dpopNonce).filter(Boolean));
  const checked = await checkAllProofs(proofsAtServer(fx.as), { nonces });
  assert.ok(checked.length >= 3, `${checked.length} proofs`);
});
