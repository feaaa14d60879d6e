// The privacy suite for the user flows (the sibling of trust-session.test.mjs): one recorded
// session (lib/trust-recorder.mjs: every request of the context, the window the page opens and the
// server's pages included; every storage write and URL change of every document of the context;
// every console line) runs the code flow in PAR + JAR mode with an EC key and in query mode with an
// RSA key (login and consent in the page's window, callback, token, refresh, userinfo), an attempt
// abandoned by forget-everything, the device flow. Then:
//   - no private key material anywhere: requests, console, storage writes, stored values, URLs;
//   - the PKCE code_verifier only in the body of the token request to the token endpoint;
//   - the authorization code only in the redirect to callback.html (the navigation itself, which
//     the callback wipes at once) and in the token request's body; no history entry keeps it;
//   - state and nonce only in the authorization request (the front channel, or inside the signed
//     request object) and never in storage, console or the page's own URL;
//   - access, refresh and ID tokens, the device_code and the request_uri: in no URL, storage or
//     console line (a token only in the bodies and Bearer headers of the requests that need it);
//   - after the flow the page's URL is clean, the callback window is gone; forget-everything
//     during a pending attempt empties param-code_verifier and the late callback is not taken.
// REPORT=1 prints the numbers.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AuthorizePage, DEVICE_CODE } from './lib/authorize.mjs';
import { approveDevice, completeLogin } from './lib/interactions.mjs';
import { fixture } from './lib/fixture.mjs';
import { Ledger } from './lib/trust-ledger.mjs';
import { isUrlWrite, snapshotTexts, writeText } from './lib/trust-recorder.mjs';

const fx = fixture({ page: AuthorizePage, networkErrorsExpected: true, authorizationServers: { as: { userFlows: true } } });
let p, rec;
/** Private key material. */
const keys = new Ledger();
/** One ledger per kind of flow secret, so each can be allowed where it belongs. */
const ledgers = { verifier: new Ledger(), code: new Ledger(), stateNonce: new Ledger(), token: new Ledger() };
const show = (...args) => { if (process.env.REPORT) console.error('[trust-authorize]', ...args); };
const flows = [];

before(async () => {
  p = await fx.openShared({ recorded: true });
  ({ rec } = p);
});

async function codeFlow(mode, alg) {
  rec.phase = `code ${mode}`;
  const key = await p.keyFor(alg);
  keys.addKey(`${mode} ${alg}`, key);
  const redirectUri = await p.redirectUri();
  const clientId = `trust-code-${mode}-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks, redirect_uris: [redirectUri] });
  await p.codeFlowSetup({ as: fx.as, clientId, alg, mode });
  const mark = fx.as.requests.length;
  const { login } = await p.authorize({ login: `trust-${mode}` });
  assert.ok(login.closed, 'the callback window closed');
  const code = await p.waitForCode();
  const verifier = await p.el('param-code_verifier').inputValue();
  assert.ok(code && verifier);
  ledgers.code.addToken(`${mode} code`, code);
  ledgers.verifier.addToken(`${mode} code_verifier`, verifier);
  const authz = fx.as.requests.slice(mark).find((r) => r.route === 'authorization');
  ledgers.stateNonce.addToken(`${mode} state`, authz.params.state);
  ledgers.stateNonce.addToken(`${mode} nonce`, authz.params.nonce);
  const par = fx.as.requests.slice(mark).find((r) => r.route === 'pushed_authorization_request');
  if (par) ledgers.token.addToken(`${mode} request_uri`, par.body.request_uri);
  const token = await p.sendJson();
  for (const name of ['access_token', 'refresh_token', 'id_token']) ledgers.token.addToken(`${mode} ${name}`, token.json[name]);
  await p.el('next-refresh').click();
  const refreshed = await p.sendJson();
  for (const name of ['access_token', 'refresh_token', 'id_token']) ledgers.token.addToken(`${mode} refreshed ${name}`, refreshed.json[name]);
  const info = await p.userinfo(fx.as.userinfoEndpoint);
  assert.equal(info.status, '200', `userinfo: ${info.body} ${info.error}`);
  flows.push({ mode, code, verifier, redirectUri, state: authz.params.state, nonce: authz.params.nonce, tokenEndpoint: fx.as.tokenEndpoint });
  await p.settle();
  await rec.snapshot(`after code ${mode}`);
}

test('code flow, PAR + JAR, EC key: login, callback, token, refresh, userinfo', async () => {
  await codeFlow('par-jar', 'ES256');
});

test('code flow, query, RSA key: login, callback, token, refresh, userinfo', async () => {
  await codeFlow('query', 'RS256');
});

test('forget-everything during a pending attempt wipes verifier and code; the late callback is not taken', async () => {
  rec.phase = 'forget';
  await p.chooseGrant('authorization_code');
  const mark = fx.as.requests.length;
  const popup = await p.startAuthorize();
  await p.reveal('param-code_verifier');
  const verifier = await p.el('param-code_verifier').inputValue();
  assert.notEqual(verifier, '', 'a pending attempt has a verifier');
  ledgers.verifier.addToken('abandoned code_verifier', verifier);
  await p.el('forget-everything').click();
  await p.settle();
  await p.chooseGrant('authorization_code'); // forget-everything may reset the grant too
  await p.reveal('param-code');
  assert.equal(await p.el('param-code_verifier').inputValue(), '', 'param-code_verifier empty');
  assert.equal(await p.el('param-code').inputValue(), '', 'param-code empty');
  // The user finishes the login anyway: the answer arrives for an attempt that is gone.
  const browserMark = rec.requests.length;
  await completeLogin(popup, { login: 'late-user' });
  const callback = rec.requests.slice(browserMark).find((r) => new URL(r.url).pathname.endsWith('/callback.html') && r.url.includes('code='))?.url;
  assert.ok(callback, 'the late callback arrived');
  ledgers.code.addToken('late code', new URL(callback).searchParams.get('code'));
  await p.settle();
  assert.equal(await p.el('param-code').inputValue(), '', 'the late code is not taken');
  assert.deepEqual(fx.as.requests.slice(mark).filter((r) => r.route === 'token').map((r) => r.status), [], 'nothing sent to the token endpoint');
  show('after forget-everything, late callback → authorize-status:', await p.status());
  await rec.snapshot('after forget');
});

test('device flow approved in a second window', async (t) => {
  rec.phase = 'device';
  await p.setIssuer(fx.as.issuer); // forget-everything cleared the setup
  await p.discover();
  const key = await p.keyFor('ES256');
  keys.addKey('device ES256', key);
  const clientId = `trust-device-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks, grant_types: [DEVICE_CODE] });
  await p.chooseGrant(DEVICE_CODE);
  await p.configure({ clientId, aud: fx.as.issuer, alg: 'ES256' });
  const mark = fx.as.requests.length;
  const shown = await p.deviceStart();
  const started = fx.as.requests.slice(mark).find((r) => r.route === 'device_authorization');
  ledgers.token.addToken('device_code', started.body.device_code);
  const phone = await fx.newPage(t, { check: false });
  await approveDevice(phone.page, { uri: shown.uri, userCode: shown.userCode });
  await p.deviceStatus(/approved/, { timeout: 20_000 });
  const body = JSON.parse(await p.text('response-body'));
  for (const name of ['access_token', 'refresh_token', 'id_token']) ledgers.token.addToken(`device ${name}`, body[name]);
  await rec.snapshot('after device');
  await p.el('forget-everything').click();
  await p.settle();
  await rec.snapshot('end');
});

// --- what the recording shows ------------------------------------------------------------------

/** Every text a request carried: URL, headers, body. */
const requestText = (r) => [r.url, ...Object.entries(r.headers ?? {}).map(([k, v]) => `${k}: ${v}`), r.postData ?? ''].join('\n');
const isCallbackNav = (r, flow) => r.method === 'GET' && r.url.startsWith(`${flow.redirectUri}?`);
const isTokenPost = (r, flow) => r.method === 'POST' && r.url === flow.tokenEndpoint;

test('the recorders saw the flows (so the checks below can fail)', async () => {
  await rec.settled();
  assert.equal(flows.length, 2, 'both code flows ran');
  assert.ok(rec.snapshots.some((snap) => snap.label === 'end'), 'the last snapshot was taken');
  for (const flow of flows) {
    assert.ok(rec.requests.some((r) => isCallbackNav(r, flow) && r.url.includes(flow.code)), `${flow.mode}: the callback navigation was recorded`);
    assert.ok(rec.requests.some((r) => isTokenPost(r, flow) && ledgers.verifier.findTokens(r.postData ?? '').length), `${flow.mode}: the verifier in the token request was seen`);
    assert.ok(rec.writes.some((w) => w.api === 'document' && w.value.includes(flow.code)), `${flow.mode}: the callback document was instrumented`);
  }
  assert.ok(rec.writes.some((w) => w.api === 'history.replaceState' && new URL(w.href).pathname.endsWith('/callback.html')),
    'the callback page\'s replaceState was seen');
  show(`requests: ${rec.requests.length}; writes: ${rec.writes.length}; console: ${rec.console.length}; snapshots: ${rec.snapshots.length}`);
});

test('no private key material in any request, console line, storage write, stored value or URL', async () => {
  await rec.settled();
  const found = [];
  for (const r of rec.requests) for (const hit of keys.findPrivate(requestText(r))) found.push(`request ${r.method} ${r.url.slice(0, 80)} carries ${hit}`);
  for (const m of rec.console) for (const hit of keys.findPrivate(m.text)) found.push(`console.${m.type} carries ${hit}`);
  for (const w of rec.writes) for (const hit of keys.findPrivate(writeText(w))) found.push(`${w.api}(${w.key ?? ''}) at ${w.href.slice(0, 60)} carries ${hit}`);
  for (const snap of rec.snapshots) for (const { where, text } of snapshotTexts(snap)) for (const hit of keys.findPrivate(text)) found.push(`${where} holds ${hit}`);
  assert.ok(keys.keys >= 3);
  assert.deepEqual(found, []);
});

test('the code_verifier only in the token request\'s body', async () => {
  const found = [];
  for (const r of rec.requests) {
    const allowed = flows.some((f) => isTokenPost(r, f));
    const where = allowed ? r.url : requestText(r); // in the token request: its URL and headers still must not
    for (const hit of ledgers.verifier.findTokens(where)) found.push(`request ${r.method} ${r.url.slice(0, 80)} carries ${hit}`);
  }
  found.push(...everywhereButRequests(ledgers.verifier));
  assert.deepEqual(found, []);
});

test('the code only in the redirect to callback.html and the token request\'s body; no history entry keeps it', async () => {
  const found = [];
  for (const r of rec.requests) {
    if (flows.some((f) => isCallbackNav(r, f))) continue; // the redirect itself
    const allowed = flows.some((f) => isTokenPost(r, f));
    for (const hit of ledgers.code.findTokens(allowed ? r.url : requestText(r))) found.push(`request ${r.method} ${r.url.slice(0, 80)} carries ${hit}`);
  }
  // The callback document's own load is the one URL that holds it; everything after must not.
  for (const w of rec.writes) {
    if (w.api === 'document' && new URL(w.value).pathname.endsWith('/callback.html')) continue;
    for (const hit of ledgers.code.findTokens(writeText(w))) found.push(`${w.api} at ${new URL(w.href).pathname} carries ${hit}${isUrlWrite(w) ? ' (URL)' : ''}`);
  }
  found.push(...everywhereButRequests(ledgers.code, { writes: false }));
  const wipes = rec.writes.filter((w) => w.api === 'history.replaceState' && new URL(w.href).pathname.endsWith('/callback.html'));
  for (const w of wipes) assert.equal(new URL(w.value).search, '', `the callback replaced its URL by one without a query: ${w.value}`);
  assert.ok(wipes.length >= flows.length, 'one wipe per callback');
  assert.deepEqual(found, []);
});

test('state and nonce only in the authorization request; never in storage, console or the page\'s URL', async () => {
  const found = [];
  for (const r of rec.requests) {
    const front = r.url.startsWith(fx.as.authorizationEndpoint) || r.url.startsWith(fx.as.parEndpoint)
      || flows.some((f) => isCallbackNav(r, f)) || r.url.startsWith(`${fx.as.issuer}/interaction/`) || r.url.startsWith(`${fx.as.issuer}/auth/`);
    if (front) continue;
    for (const hit of ledgers.stateNonce.findTokens(requestText(r))) found.push(`request ${r.method} ${r.url.slice(0, 80)} carries ${hit}`);
  }
  for (const w of rec.writes) {
    if (w.api === 'document' || new URL(w.href).origin !== fx.server.origin) continue; // page loads; the server's pages
    if (w.api === 'history.replaceState' && new URL(w.href).pathname.endsWith('/callback.html')) continue; // checked above
    for (const hit of ledgers.stateNonce.findTokens(writeText(w))) found.push(`${w.api} at ${new URL(w.href).pathname} carries ${hit}`);
  }
  found.push(...everywhereButRequests(ledgers.stateNonce, { writes: false }));
  assert.deepEqual(found, []);
});

test('tokens, device_code and request_uri in no URL, storage write, stored value or console line', async () => {
  const found = [];
  for (const r of rec.requests) {
    if (r.url.startsWith(fx.as.authorizationEndpoint)) {
      // After PAR the front channel carries the request_uri, by design; nothing else of these.
      const u = new URL(r.url);
      u.searchParams.delete('request_uri');
      for (const hit of ledgers.token.findTokens(u.href)) found.push(`authorization URL carries ${hit}`);
      continue;
    }
    for (const hit of ledgers.token.findTokens(r.url)) found.push(`request URL ${r.url.slice(0, 80)} carries ${hit}`);
  }
  found.push(...everywhereButRequests(ledgers.token));
  assert.ok(ledgers.token.sizes.tokenLabels >= 12, `tokens in the ledger: ${ledgers.token.sizes.tokenLabels}`);
  assert.deepEqual(found, []);
});

test('after the flows the page\'s URL is clean and no callback window is left', async () => {
  const href = p.page.url();
  for (const l of Object.values(ledgers)) assert.deepEqual(l.findTokens(href), [], `page URL ${href}`);
  assert.equal(new URL(href).search, '');
  const open = rec.context.pages().filter((pg) => pg !== p.page && new URL(pg.url()).origin === fx.server.origin);
  assert.deepEqual(open.map((pg) => pg.url()), [], 'no callback window left open');
});

/** Hits of `ledger` in console lines, storage writes (unless writes: false) and snapshots. */
function everywhereButRequests(ledger, { writes = true } = {}) {
  const found = [];
  for (const m of rec.console) for (const hit of ledger.findTokens(m.text)) found.push(`console.${m.type} carries ${hit}`);
  if (writes) {
    for (const w of rec.writes) {
      if (w.api === 'document' && new URL(w.value).origin !== fx.server.origin) continue; // the server's pages
      for (const hit of ledger.findTokens(writeText(w))) found.push(`${w.api}(${w.key ?? ''}) at ${new URL(w.href).pathname} carries ${hit}`);
    }
  }
  for (const snap of rec.snapshots) for (const { where, text } of snapshotTexts(snap)) for (const hit of ledger.findTokens(text)) found.push(`${where} holds ${hit}`);
  return found;
}

