// The authorization code flow in the page against a real oidc-provider (userFlows: login and
// consent pages in the window the page opens), for each mode (query, PAR, JAR, PAR + JAR) and an
// RSA and an EC key: discovery fills the endpoints; authorize-start sends the front channel (PAR
// first in the par modes, the request object signed with the page's key in the jar modes); the
// callback page hands code/state/iss back; the token request carries code, code_verifier,
// redirect_uri and private_key_jwt; the id_token is shown valid and verified again here with jose
// against the server's JWKS; refresh gives a new access token; userinfo returns the subject; the
// access token feeds token exchange. Then one run against a server that requires PKCE and PAR.
// Every check is against what the server itself recorded (as.requests) or verified with jose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { AuthorizePage, MODES } from './lib/authorize.mjs';
import { launch, newPage, problems } from './lib/browser.mjs';
import { runCurl } from './lib/curl.mjs';
import { fixture } from './lib/fixture.mjs';
import { TOKEN_EXCHANGE, TOKEN_TYPE } from './lib/oauth.mjs';
import { formOf } from './lib/workbench.mjs';

const fx = fixture({ page: AuthorizePage, authorizationServers: { as: { userFlows: true } } });
const ALGS = { RS256: 'RSA-2048', ES256: 'EC-P256' };
const s256 = (verifier) => createHash('sha256').update(verifier).digest('base64url');
const show = (...args) => { if (process.env.REPORT) console.error('[authorize-code]', ...args); };

/** A page with a key for `alg`, a client registered with its JWKS and the page's own callback address. */
async function setup(t, as, alg, { engine } = {}) {
  const p = await fx.open(t);
  const key = engine ? (await p.generate(ALGS[alg], { engine }), await p.key()) : await p.keyFor(alg);
  const redirectUri = await p.redirectUri();
  assert.equal(redirectUri, new URL('callback.html', fx.server.url).href, 'redirect-uri: the page\'s own callback address');
  const clientId = `code-${alg}-${randomUUID()}`;
  await as.addClient({ client_id: clientId, jwks: key.publicJwks, redirect_uris: [redirectUri] });
  return { p, key, clientId, redirectUri };
}

/** The server's records since `mark` for this client, by route. */
function recordsSince(as, mark, clientId) {
  const mine = as.requests.slice(mark).filter((r) => !clientId || r.params?.client_id === clientId || r.route === 'token' || r.route === 'userinfo');
  const by = (route) => mine.filter((r) => r.route === route);
  return { all: mine, by };
}

/** Verifies a JWS the page signed with its own key (a client assertion or a request object). */
async function verifiedByKey(jws, key) {
  return jwtVerify(jws, await importJWK(key.publicJwk, decodeProtectedHeader(jws).alg));
}

/**
 * The whole flow from authorize-start to the token answer; returns what the page showed and sent
 * and what the server recorded.
 */
async function codeFlow({ p, key, clientId, redirectUri }, as, { mode, login, alg }) {
  const mark = as.requests.length;
  const browserMark = p.rec.requests.length;
  const { login: front } = await p.authorize({ login });
  assert.deepEqual(front.prompts, ['login', 'consent'], 'the server\'s login and consent pages were answered');
  assert.ok(front.closed, `the callback closed its window (last at ${front.urls.at(-1)})`);
  const code = await p.waitForCode();
  const verifier = await p.el('param-code_verifier').inputValue();

  // The front channel, as the server saw it.
  const rec = recordsSince(as, mark);
  const authz = rec.all.filter((r) => r.route === 'authorization' && r.method === 'GET');
  assert.ok(authz.length >= 1, 'the window reached the authorization endpoint');
  const accepted = authz[0];
  assert.equal(accepted.params.client_id, clientId);
  assert.equal(accepted.params.redirect_uri, redirectUri);
  assert.equal(accepted.params.code_challenge_method, 'S256');
  assert.equal(accepted.params.code_challenge, s256(verifier), 'param-code_verifier is the verifier of the challenge the server got');
  assert.ok(accepted.params.state?.length >= 22, `state ≥ 128 bits: ${accepted.params.state}`);
  assert.ok(accepted.params.nonce?.length >= 22, `nonce ≥ 128 bits: ${accepted.params.nonce}`);
  const redirect = rec.all.find((r) => r.location?.startsWith(redirectUri));
  const answer = new URL(redirect.location).searchParams;
  assert.equal(answer.get('code'), code, 'param-code is the code the server issued');
  assert.equal(answer.get('iss'), as.issuer);

  const shownUrl = new URL(await p.text('authorize-url'));
  assert.equal(`${shownUrl.origin}${shownUrl.pathname}`, as.authorizationEndpoint);
  // The window's first navigation, from the browser's own record (the context's, popups included).
  const firstNav = p.rec.requests.slice(browserMark).find((r) => r.method === 'GET' && r.url.startsWith(`${as.authorizationEndpoint}?`))?.url;
  assert.ok(firstNav, 'the browser went to the authorization endpoint');
  const frontParams = [...shownUrl.searchParams.keys()].sort();

  const pars = rec.by('pushed_authorization_request');
  if (mode === 'par' || mode === 'par-jar') {
    assert.equal(pars.length, 1, 'one PAR');
    assert.equal(pars[0].status, 201);
    const sentPar = p.rec.requests.filter((r) => r.method === 'POST' && r.url === as.parEndpoint);
    assert.equal(sentPar.length, 1, 'the page POSTed to the PAR endpoint once');
    const parForm = formOf(new URLSearchParams(sentPar[0].postData));
    assert.equal(parForm.client_assertion_type, 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const { payload } = await verifiedByKey(parForm.client_assertion, key);
    assert.equal(payload.iss, clientId);
    assert.deepEqual(frontParams, ['client_id', 'request_uri'], `after PAR the front channel carries only client_id + request_uri: ${shownUrl}`);
    assert.equal(shownUrl.searchParams.get('request_uri'), pars[0].body.request_uri);
    assert.equal((await p.text('par-request-uri')).trim(), pars[0].body.request_uri, 'par-request-uri shows what PAR returned');
    if (mode === 'par') assert.equal(parForm.request, undefined);
  } else {
    assert.equal(pars.length, 0, 'no PAR');
  }

  if (mode === 'jar' || mode === 'par-jar') {
    const shown = (await p.text('request-object')).trim();
    const { payload, protectedHeader } = await verifiedByKey(shown, key);
    assert.equal(protectedHeader.typ, 'oauth-authz-req+jwt');
    assert.equal(protectedHeader.alg, alg);
    assert.equal(protectedHeader.kid, key.kid);
    assert.equal(payload.iss, clientId);
    assert.equal(payload.client_id, clientId);
    assert.deepEqual([payload.aud].flat(), [as.issuer]);
    for (const claim of ['exp', 'nbf', 'jti']) assert.ok(payload[claim] !== undefined, `request object has ${claim}`);
    assert.equal(payload.response_type, 'code');
    assert.equal(payload.redirect_uri, redirectUri);
    assert.equal(payload.state, accepted.params.state, 'the server read state from the request object');
    assert.equal(payload.nonce, accepted.params.nonce);
    assert.equal(payload.code_challenge, accepted.params.code_challenge);
    assert.equal(payload.scope, 'openid offline_access');
    // The request object went where the mode says: by value in the URL, or inside the PAR.
    if (mode === 'jar') {
      assert.equal(shownUrl.searchParams.get('request'), shown);
      assert.ok(!shownUrl.searchParams.has('state'), 'jar: the parameters are inside the request object');
    } else {
      const parForm = formOf(new URLSearchParams(p.rec.requests.find((r) => r.method === 'POST' && r.url === as.parEndpoint).postData));
      assert.equal(parForm.request, shown, 'par-jar: the PAR carried the request object');
    }
  } else if (mode === 'query') {
    for (const name of ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method']) {
      assert.ok(shownUrl.searchParams.has(name), `query: ${name} in the URL`);
    }
    assert.equal(shownUrl.searchParams.get('state'), accepted.params.state);
  }
  assert.equal(new URL(firstNav).searchParams.toString(), shownUrl.searchParams.toString(), 'authorize-url is where the window went');

  // The token request.
  const res = await p.sendJson();
  assert.equal(res.sent.url, as.tokenEndpoint);
  const form = formOf(res.form);
  assert.equal(form.grant_type, 'authorization_code');
  assert.equal(form.code, code);
  assert.equal(form.code_verifier, verifier);
  assert.equal(form.redirect_uri, redirectUri);
  const assertion = await verifiedByKey(form.client_assertion, key);
  assert.equal(assertion.payload.sub, clientId);
  const tokenRecord = as.requests.slice(mark).find((r) => r.route === 'token' && r.params?.code === code);
  assert.equal(tokenRecord?.status, 200, 'the server answered the code request 200');
  return { res, code, verifier, state: accepted.params.state, nonce: accepted.params.nonce, mark };
}

for (const mode of MODES) {
  for (const alg of Object.keys(ALGS)) {
    test(`${mode}, ${alg}: login → callback → token; id_token valid; refresh, userinfo, token exchange`, async (t) => {
      const ctx = await setup(t, fx.as, alg);
      const { p, clientId } = ctx;
      await p.codeFlowSetup({ as: fx.as, clientId, alg, mode });
      assert.equal(await p.el('authorize-endpoint').inputValue(), fx.as.authorizationEndpoint, 'discovery filled authorize-endpoint');
      if (mode.startsWith('par') || await p.el('par-endpoint').count()) { // the page shows it in the par modes
        assert.equal(await p.el('par-endpoint').inputValue(), fx.as.parEndpoint, 'discovery filled par-endpoint');
      }
      const login = `user-${mode}-${alg}`.toLowerCase();
      const { res, nonce } = await codeFlow(ctx, fx.as, { mode, login, alg });
      show(mode, alg, 'token answer keys', Object.keys(res.json).sort().join(' '));

      // The id_token: shown valid, and valid for jose against the server's published JWKS.
      const verdict = await p.verification();
      assert.match(verdict, /^valid/i, `token-verification: ${verdict}`);
      const { payload } = await jwtVerify(res.json.id_token, createRemoteJWKSet(new URL(fx.as.jwksUri)), { issuer: fx.as.issuer, audience: clientId });
      assert.equal(payload.nonce, nonce, 'the id_token carries the nonce the server got');
      assert.equal(payload.sub, login);
      assert.deepEqual(await p.idTokenClaims(), payload, 'response-id-token-claims shows the id_token\'s claims');

      // Refresh from the answer (seed 003: offline_access + prompt=consent gave a refresh token).
      assert.ok(res.json.refresh_token, 'a refresh token');
      await p.el('next-refresh').click();
      assert.equal(await p.el('grant-type').inputValue(), 'refresh_token');
      assert.equal(await p.el('param-refresh_token').inputValue(), res.json.refresh_token);
      const refreshed = await p.sendJson();
      assert.equal(refreshed.sent.url, fx.as.tokenEndpoint);
      assert.ok(refreshed.json.access_token);
      assert.notEqual(refreshed.json.access_token, res.json.access_token, 'a new access token');
      assert.equal(fx.as.requests.filter((r) => r.route === 'token' && r.params?.refresh_token === res.json.refresh_token).at(-1)?.status, 200);

      // userinfo with the last access token: GET with Bearer; the subject comes back.
      const info = await p.userinfo(fx.as.userinfoEndpoint);
      assert.ok(info.sent, `the page called ${fx.as.userinfoEndpoint}; response-status ${info.status}, request-error ${info.error}`);
      assert.equal(info.sent.method, 'GET');
      assert.equal(info.sent.headers.authorization, `Bearer ${refreshed.json.access_token}`);
      assert.equal(info.status, '200', info.body);
      assert.equal(JSON.parse(info.body).sub, login);
      show(mode, alg, 'userinfo', info.body.replace(/\s+/g, ''));

      // The access token feeds token exchange (seed 004: subject_token and actor_token).
      await p.chooseGrant(TOKEN_EXCHANGE);
      await p.set('param-subject_token', refreshed.json.access_token);
      await p.set('param-subject_token_type', TOKEN_TYPE.access_token);
      await p.set('param-actor_token', refreshed.json.access_token);
      await p.set('param-actor_token_type', TOKEN_TYPE.access_token);
      await p.set('param-audience', 'mbp-client');
      const exchanged = await p.sendJson();
      assert.equal(exchanged.sent.url, fx.as.tokenEndpoint);
      const claims = decodeJwt(exchanged.json.access_token);
      assert.equal(claims.sub, login, 'the exchanged token is for the user');
      assert.deepEqual(claims.act, { sub: login });
      assert.equal(claims.aud, 'mbp-client');
    });
  }
}

test('the curl command carries the code and verifier and redeems the code with bash', async (t) => {
  const ctx = await setup(t, fx.as, 'ES256');
  const { p, clientId } = ctx;
  await p.codeFlowSetup({ as: fx.as, clientId, alg: 'ES256', mode: 'par' });
  await p.authorize({ login: 'curl-user' });
  const code = await p.waitForCode();
  const verifier = await p.el('param-code_verifier').inputValue();
  const command = await p.curl();
  assert.ok(command.includes(code), 'curl shows the code filled in');
  assert.ok(command.includes(verifier), 'and the verifier');
  const ran = await runCurl(command);
  assert.equal(ran.status, 200, `curl: ${ran.text} ${ran.stderr}`);
  const { payload } = await jwtVerify(ran.body.id_token, createRemoteJWKSet(new URL(fx.as.jwksUri)), { issuer: fx.as.issuer, audience: clientId });
  assert.equal(payload.sub, 'curl-user');
  assert.equal(fx.as.requests.filter((r) => r.route === 'token' && r.params?.code === code).map((r) => r.status).join(), '200',
    'the server redeemed the code once, for curl');
});

test('par-jar with a key made by the RustCrypto worker (the other engine signs the request object and assertions)', async (t) => {
  const ctx = await setup(t, fx.as, 'ES256', { engine: 'rustcrypto' });
  assert.match(ctx.key.provenance, /RustCrypto/);
  await ctx.p.codeFlowSetup({ as: fx.as, clientId: ctx.clientId, alg: 'ES256', mode: 'par-jar' });
  const { res } = await codeFlow(ctx, fx.as, { mode: 'par-jar', login: 'worker-user', alg: 'ES256' });
  assert.ok(res.json.id_token);
  assert.match(await ctx.p.verification(), /^valid/i);
});

test('PKCE and PAR required by the server: the page picks PAR, says why, and meets both', async (t) => {
  const strict = await fx.authorizationServer(t, { userFlows: true, requirePkce: true, requirePar: true });
  const ctx = await setup(t, strict, 'ES256');
  const { p, clientId } = ctx;
  await p.codeFlowSetup({ as: strict, clientId, alg: 'ES256', mode: undefined });
  const mode = await p.el('authorize-mode').inputValue();
  assert.ok(mode === 'par' || mode === 'par-jar', `discovery said require_pushed_authorization_requests: the page picked ${mode}`);
  // Where the page says why: authorize-status, a reason next to authorize-mode (the ui's
  // authorize-mode-reason), or the mode's own label.
  const why = [await p.status(), await p.maybe('authorize-mode-reason') ?? '',
    await p.el('authorize-mode').evaluate((n) => n.closest('label, fieldset')?.textContent ?? '')].join(' ');
  assert.match(why, /PAR|pushed/i, `the page says why PAR: ${why}`);
  show('strict server: mode', mode, '; why:', why.replace(/\s+/g, ' ').trim().slice(0, 300));
  assert.equal(await p.el('pkce-method').inputValue(), 'S256');
  const { res } = await codeFlow(ctx, strict, { mode, login: 'strict-user', alg: 'ES256' });
  assert.ok(res.json.access_token);
  assert.equal(strict.requestsTo('authorization').filter((r) => r.status >= 400 || r.location?.includes('error=')).length, 0, 'the server refused nothing');
  assert.match(await p.verification(), /^valid/i);
});

test('PKCE and PAR required: query mode chosen after discovery stays PAR', async (t) => {
  const strict = await fx.authorizationServer(t, { userFlows: true, requirePkce: true, requirePar: true });
  const ctx = await setup(t, strict, 'ES256');
  await ctx.p.codeFlowSetup({ as: strict, clientId: ctx.clientId, alg: 'ES256', mode: 'query' });
  const effective = await ctx.p.el('authorize-mode').inputValue();
  show('strict server, query chosen: the page keeps', effective, '; reason:', await ctx.p.maybe('authorize-mode-reason'));
  assert.ok(['par', 'par-jar'].includes(effective), `the page keeps PAR while the server requires it: ${effective}`);
});

test('PAR required but the page not told (no discovery): the server refuses query mode, the page shows its error, nothing sent', async (t) => {
  const strict = await fx.authorizationServer(t, { userFlows: true, requirePkce: true, requirePar: true });
  const ctx = await setup(t, strict, 'ES256');
  const { p, clientId } = ctx;
  await p.codeFlowSetup({ as: strict, clientId, alg: 'ES256', mode: 'query', discover: false });
  assert.equal(await p.el('authorize-mode').inputValue(), 'query');
  const before = await p.status();
  const browserMark = p.rec.requests.length;
  const { login } = await p.authorize({});
  assert.deepEqual(login.prompts, [], 'no login page: the server refused at once');
  // From the browser's record: the window may be gone before completeLogin looks at it.
  const callback = p.rec.requests.slice(browserMark).find((r) => r.url.startsWith(`${ctx.redirectUri}?`))?.url;
  assert.ok(callback, 'the window reached the callback');
  assert.equal(new URL(callback).searchParams.get('error'), 'invalid_request', 'the server redirected with invalid_request');
  const status = await p.statusChange(before);
  show('strict server, query sent: authorize-status', status);
  assert.match(status, /invalid_request/, `authorize-status shows the server's error: ${status}`);
  assert.match(status, /Pushed Authorization Request must be used/, 'and its description');
  assert.equal(await p.el('param-code').inputValue(), '');
  assert.equal(strict.requestsTo('token').length, 0, 'nothing sent to the token endpoint');
});

test('with the browser\'s pop-up blocker on (as a person has it), authorize-start still opens the window, PAR first', async (t) => {
  // Playwright turns Chromium's pop-up blocker off; a person's browser has it on, and a window
  // opened only after the PAR answer may be refused. This browser keeps it on.
  await fx.ready();
  const browser = await launch({ popupBlocking: true });
  t.after(() => browser.close());
  const rec = await newPage(browser);
  const p = new AuthorizePage(rec);
  await p.goto(fx.server.url);
  const key = await p.keyFor('ES256');
  const redirectUri = await p.redirectUri();
  const clientId = `popup-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks, redirect_uris: [redirectUri] });
  await p.codeFlowSetup({ as: fx.as, clientId, alg: 'ES256', mode: 'par-jar' });
  const { login } = await p.authorize({ login: 'popup-user' });
  assert.deepEqual(login.prompts, ['login', 'consent']);
  assert.ok(await p.waitForCode());
  assert.deepEqual(problems(rec), [], 'no console errors');
});
