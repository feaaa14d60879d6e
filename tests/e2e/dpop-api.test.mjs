// Calling an API with a DPoP-bound token (RFC 9449 §7), against the loopback resource server of
// the tests (lib/resource-server.mjs: checks each proof with jose, ath, replay, nonce, and
// cnf.jkt from the authorization server's own token): api-send gets 401 use_dpop_nonce, retries
// with the nonce and is accepted; the proof it sent, sent again from node, is refused as a
// replay; the page's api-curl run by bash is accepted once and refused the second time (same
// proof); with DPoP off the page sends Bearer and the API refuses the bound token; an API that
// does not expose DPoP-Nonce to pages gets the page's explanation. Every proof the API received
// verifies with jose (ath = the token's hash) and only the deliberate replays repeat a jti.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { bash, curlArgs, header } from './lib/curl.mjs';
import { DpopPage } from './lib/dpop-page.mjs';
import { ath, checkAllProofs, checkProof, proofsAtApi } from './lib/dpop.mjs';
import { fixture } from './lib/fixture.mjs';
import { startResourceServer } from './lib/resource-server.mjs';

// 401 answers (nonce asks, refusals) on purpose: Chromium logs them.
const fx = fixture({ page: DpopPage, networkErrorsExpected: true, clipboard: true, authorizationServers: { as: { dpop: true } } });
let api;
let quiet;
let rotating;
const replays = new Set();
before(async () => {
  await fx.ready();
  api = await startResourceServer({ as: fx.as, requireNonce: true });
  quiet = await startResourceServer({ as: fx.as, requireNonce: true, exposeHeaders: false, path: '/api/quiet' });
  rotating = await startResourceServer({ as: fx.as, requireNonce: true, rotateOnSuccess: true, path: '/api/rotating' });
});
after(() => Promise.all([api?.close(), quiet?.close(), rotating?.close()]));
const show = (...args) => { if (process.env.REPORT) console.error('[dpop-api]', ...args); };

/** A page with a DPoP-bound access token (client_credentials by Send) and the API call set up for `url`. */
async function withToken(t, url = api.url) {
  const p = await fx.open(t);
  const key = await p.keyFor('ES256');
  const clientId = `dpop-api-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks, dpop_bound_access_tokens: true });
  await p.configure({ clientId, aud: fx.as.issuer, endpoint: fx.as.tokenEndpoint, grant: 'client_credentials' });
  const jkt = await p.enableDpop({ alg: 'ES256' });
  const res = await p.sendJson();
  assert.equal(res.json.token_type, 'DPoP');
  await p.apiSetup(url);
  return { p, jkt, token: res.json.access_token };
}

test('api-send: 401 use_dpop_nonce, retried with the nonce and ath: 200; the same proof from node: refused as a replay', async (t) => {
  const { p, jkt, token } = await withToken(t);
  const mark = api.requests.length;
  const answer = await p.apiSend();
  assert.equal(answer.status, '200', `api-status ${answer.status}, api-error ${answer.error}, body ${answer.body}`);
  assert.equal(JSON.parse(answer.body).jkt, jkt, 'the API saw the proof key = cnf.jkt = dpop-jkt');
  const seen = api.requests.slice(mark);
  assert.deepEqual(seen.map((r) => [r.status, r.error]), [[401, 'use_dpop_nonce'], [200, undefined]], 'nonce ask, then accepted');
  for (const r of seen) {
    assert.equal(r.authorization, `DPoP ${token}`);
    const { claims } = await checkProof(r.proof, { htm: 'GET', htu: api.url, accessToken: token });
    assert.equal(claims.ath, ath(token));
  }
  assert.equal(seen[1].claims.nonce, api.nonce, 'the retry carried the API\'s nonce');
  assert.equal(await p.nonceShown(), api.nonce, 'dpop-nonce: the latest nonce, the API\'s');

  // The accepted proof, replayed.
  replays.add(seen[1].proof);
  const replay = await fetch(api.url, { headers: { Authorization: `DPoP ${token}`, DPoP: seen[1].proof } });
  assert.equal(replay.status, 401);
  assert.match(replay.headers.get('www-authenticate'), /invalid_dpop_proof.*replay/);
  show('api-send note:', await p.note(), '| headers shown:', (answer.headers ?? '').replace(/\n/g, ' | '));
});

test('api-curl with bash: accepted once, the same command again refused (its proof is spent); a copy is fresh', async (t) => {
  const { p, token } = await withToken(t);
  await p.apiSend(); // the page learns the API's nonce
  const command = await p.apiCurl();
  const args = await curlArgs(command);
  assert.equal(header(args.headers, 'Authorization'), `DPoP ${token}`);
  const proof = header(args.headers, 'DPoP');
  const { claims } = await checkProof(proof, { htm: 'GET', htu: api.url, accessToken: token, nonce: api.nonce });
  assert.ok(claims.jti);
  const first = await bash(command);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(JSON.parse(first.stdout).ok, true, first.stdout);
  replays.add(proof);
  const again = await bash(command);
  assert.match(again.stdout, /invalid_dpop_proof/, `the same proof twice: ${again.stdout}`);
  // api-curl-copy (the artefact's copy button) signs a new proof for the copy.
  const copied = await p.copy('api-curl-copy');
  const copiedProof = header((await curlArgs(copied)).headers, 'DPoP');
  assert.notEqual(copiedProof, proof, 'a copy carries a new proof');
  assert.equal(JSON.parse((await bash(copied)).stdout).ok, true);
});

test('DPoP off: the page calls with Bearer, and the API refuses the DPoP-bound token', async (t) => {
  const { p, token } = await withToken(t);
  await p.disableDpop();
  await p.page.waitForFunction(() => /Authorization: Bearer/.test(document.querySelector('[data-testid="api-curl"]')?.textContent ?? ''), null, { timeout: 5_000 });
  const args = await curlArgs(await p.apiCurl());
  assert.equal(header(args.headers, 'Authorization'), `Bearer ${token}`);
  assert.equal(header(args.headers, 'DPoP'), undefined);
  const answer = await p.apiSend();
  assert.equal(answer.status, '401');
  assert.equal(answer.sent.at(-1).headers.authorization, `Bearer ${token}`);
  assert.match(answer.body ?? '', /DPoP-bound/);
});

test('an API that does not expose DPoP-Nonce: the page says the header is not readable and names Access-Control-Expose-Headers', async (t) => {
  const { p } = await withToken(t, quiet.url);
  const answer = await p.apiSend();
  assert.equal(quiet.requests.at(-1).error, 'use_dpop_nonce');
  const said = [answer.error, await p.note(), answer.status].filter(Boolean).join(' | ');
  show('unexposed nonce:', said);
  assert.match(said, /Access-Control-Expose-Headers/, `the page explains: ${said}`);
});

test('nonces move on: a new DPoP-Nonce in a 200 answer is used next without a refusal; a stale one is refused and replaced once', async (t) => {
  const { p } = await withToken(t, rotating.url);
  const mark = rotating.requests.length;
  assert.equal((await p.apiSend()).status, '200');
  const given = rotating.requests.at(-1).issuedNonce;
  assert.equal(await p.nonceShown(), given, 'dpop-nonce shows the nonce the 200 answer carried');
  assert.equal((await p.apiSend()).status, '200');
  const seen = rotating.requests.slice(mark);
  assert.deepEqual(seen.map((r) => r.status), [401, 200, 200], 'one nonce ask at first, none after');
  assert.equal(seen[2].claims.nonce, given, 'the third proof carried the nonce of the second answer');
  // The server forgets that nonce (as after a restart): the page is refused once and retries with the new one.
  rotating.rotateNonce();
  const before = rotating.requests.length;
  assert.equal((await p.apiSend()).status, '200');
  assert.deepEqual(rotating.requests.slice(before).map((r) => [r.status, r.error]), [[401, 'use_dpop_nonce'], [200, undefined]]);
});

test('every proof the API received verifies with jose (ath of the token it came with); only deliberate replays repeat a jti', async () => {
  // Every nonce a server answered with (a proof may carry only those).
  const nonces = new Set([api, quiet, rotating].flatMap((server) => server.requests.map((r) => r.issuedNonce)).filter(Boolean));
  const checked = await checkAllProofs([...proofsAtApi(api), ...proofsAtApi(quiet), ...proofsAtApi(rotating)], { nonces, replays });
  assert.ok(checked.length >= 6, `${checked.length} proofs`);
  assert.ok(checked.every((c) => c.claims.ath), 'every API proof has ath');
});
