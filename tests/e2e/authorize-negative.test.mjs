// What the page refuses in the authorization code flow, each time with a sentence in
// authorize-status (or the token verification) and nothing sent: a callback with the wrong
// `state` or `iss`, a callback for no pending attempt (pasted, or over the callback channel),
// `access_denied` from the consent page, a reused code (the server's invalid_grant shown), an
// id_token with another nonce or a tampered signature (the validation names it). "Nothing sent"
// is checked twice: in the browser's own request log and in the server's record.
//
// To hand the page a modified callback, the window's authorization request is held and the same
// URL's login run from node, which yields the callback URL the server issued for this attempt; the
// test then pastes it, changed or not, into authorize-callback-url. The unchanged one is taken (a
// control: the refusals come from the change, not from pasting).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { AuthorizePage, callbackParams } from './lib/authorize.mjs';
import { frontChannel } from './lib/interactions.mjs';
import { fixture } from './lib/fixture.mjs';

// The server's refusals (a 400 on the reused code) are logged by Chromium as console errors.
const show = (...args) => { if (process.env.REPORT) console.error('[authorize-negative]', ...args); };
const fx = fixture({ page: AuthorizePage, networkErrorsExpected: true, authorizationServers: { as: { userFlows: true } } });

async function setup(t) {
  const p = await fx.open(t);
  const key = await p.keyFor('ES256');
  const redirectUri = await p.redirectUri();
  const clientId = `neg-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks, redirect_uris: [redirectUri] });
  await p.codeFlowSetup({ as: fx.as, clientId, alg: 'ES256', mode: 'query' });
  return { p, key, clientId, redirectUri, mark: fx.as.requests.length, sent: p.rec.requests.length };
}

/** Token requests for this client the server got since `mark`, and POSTs the browser made since `sent`. */
function sentSince({ p, clientId, mark, sent }) {
  const server = fx.as.requests.slice(mark).filter((r) => r.route === 'token'
    && (r.params?.client_id === clientId || decodeJwt(r.params?.client_assertion ?? 'e30.e30.').iss === clientId));
  // The login and consent forms the user submits in the server's window are not the page's.
  const browser = p.rec.requests.slice(sent).filter((r) => r.method === 'POST' && !r.url.startsWith(`${fx.as.issuer}/interaction/`));
  return { server, browser };
}

function assertNothingSent(ctx, what) {
  const { server, browser } = sentSince(ctx);
  assert.deepEqual(browser.map((r) => r.url), [], `${what}: the browser sent nothing`);
  assert.deepEqual(server.map((r) => r.status), [], `${what}: the token endpoint got nothing`);
}

/** A sentence: words, not a bare code or an empty box. */
function assertSentence(text, what) {
  show(what, '→', text);
  assert.ok(text && text.split(/\s+/).length >= 4, `${what}: a sentence, got "${text}"`);
}

/**
 * Starts the attempt, holds the window's navigation to the authorization endpoint (a route
 * answers it; the browser's request never reaches the server) and runs that same URL's login and
 * consent from node (lib/interactions.mjs frontChannel). Returns the callback URL the server
 * redirected to: code, state and iss of this attempt, never seen by the page. (Playwright cannot
 * route the redirect to callback.html itself: routes see no redirect hops.)
 */
async function heldCallback({ p }, options = {}) {
  const held = [];
  await p.rec.context.route((url) => url.href.startsWith(`${fx.as.authorizationEndpoint}?`), (route) => {
    held.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>held</title>' });
  });
  const popup = await p.startAuthorize();
  await popup.waitForLoadState('domcontentloaded');
  await popup.close();
  assert.equal(held.length, 1, 'the window\'s authorization request was held');
  const { location, body } = await frontChannel(fx.as, held[0], options);
  assert.ok(location, `the server redirected: ${JSON.stringify(body)}`);
  return location;
}

const replaced = (url, name, value) => {
  const u = new URL(url);
  u.searchParams.set(name, value);
  return u.href;
};

test('control: the held callback, pasted unchanged, is taken (param-code filled)', async (t) => {
  const ctx = await setup(t);
  const url = await heldCallback(ctx);
  const status = await ctx.p.pasteCallback(url);
  show('control →', status);
  assert.equal(await ctx.p.waitForCode(), callbackParams(url).get('code'), `the code was taken; status: ${status}`);
});

test('wrong state: a sentence naming state, no code, nothing sent', async (t) => {
  const ctx = await setup(t);
  const url = await heldCallback(ctx);
  const status = await ctx.p.pasteCallback(replaced(url, 'state', 'not-the-state-of-this-attempt'));
  assertSentence(status, 'wrong state');
  assert.match(status, /\bstate\b/, `authorize-status names state: ${status}`);
  assert.equal(await ctx.p.el('param-code').inputValue(), '', 'param-code stays empty');
  await ctx.p.el('request-send').click().catch(() => {}); // even a Send now must not spend the code
  await ctx.p.settle();
  assertNothingSent(ctx, 'wrong state');
});

test('wrong iss (RFC 9207): a sentence naming iss, no code, nothing sent', async (t) => {
  const ctx = await setup(t);
  const url = await heldCallback(ctx);
  const status = await ctx.p.pasteCallback(replaced(url, 'iss', 'https://mix-up.example'));
  assertSentence(status, 'wrong iss');
  assert.match(status, /\biss\b|issuer/i, `authorize-status names iss: ${status}`);
  assert.equal(await ctx.p.el('param-code').inputValue(), '');
  assertNothingSent(ctx, 'wrong iss');
});

test('access_denied from the consent page: a sentence with the server\'s error, nothing sent', async (t) => {
  const ctx = await setup(t);
  const before = await ctx.p.status();
  const browserMark = ctx.p.rec.requests.length;
  await ctx.p.authorize({ deny: true });
  const callback = ctx.p.rec.requests.slice(browserMark).find((r) => r.url.startsWith(`${ctx.redirectUri}?`))?.url;
  assert.ok(callback, 'the window reached the callback');
  assert.equal(callbackParams(callback).get('error'), 'access_denied', 'the server sent access_denied to the callback');
  const status = await ctx.p.statusChange(before);
  assertSentence(status, 'access_denied');
  assert.match(status, /access_denied/, `authorize-status shows the server's error: ${status}`);
  assert.equal(await ctx.p.el('param-code').inputValue(), '');
  assertNothingSent(ctx, 'access_denied');
});

test('a callback for no pending attempt, pasted: a sentence, nothing sent', async (t) => {
  const ctx = await setup(t);
  const forged = `${ctx.redirectUri}?code=forged-code&state=forged-state&iss=${encodeURIComponent(fx.as.issuer)}`;
  const status = await ctx.p.pasteCallback(forged);
  assertSentence(status, 'no pending attempt');
  assert.equal(await ctx.p.el('param-code').inputValue(), '', 'no code taken');
  assertNothingSent(ctx, 'no pending attempt');
});

test('a callback for no pending attempt, over the channel (callback.html opened by hand): nothing taken, nothing sent', async (t) => {
  const ctx = await setup(t);
  const other = await ctx.p.rec.context.newPage(); // same origin, no opener: the callback falls back to its channel
  await other.goto(`${ctx.redirectUri}?code=forged-code&state=forged-state&iss=${encodeURIComponent(fx.as.issuer)}`);
  assert.equal(new URL(other.url()).search, '', 'callback.html wiped its address');
  await other.waitForEvent('close', { timeout: 3_000 }).catch(() => {});
  await ctx.p.settle();
  show('channel, no pending attempt → authorize-status', await ctx.p.status(), '; callback says', await other.isClosed() ? '(closed)' : await other.locator('body').innerText());
  assert.equal(await ctx.p.el('param-code').inputValue(), '', 'no code taken');
  assertNothingSent(ctx, 'channel, no pending attempt');
});

test('a reused code: the server\'s invalid_grant is shown', async (t) => {
  const ctx = await setup(t);
  await ctx.p.authorize({});
  const code = await ctx.p.waitForCode();
  const first = await ctx.p.sendJson();
  assert.ok(first.json.access_token);
  const again = await ctx.p.send();
  const { server } = sentSince(ctx);
  const second = server.filter((r) => r.params?.code === code);
  show('reused code: the page', second.length >= 2 ? `sent it again; shows ${again.status} ${again.oauthError ?? ''}` : 'refused to send it');
  if (second.length >= 2) {
    // The page sent the code again: the server refused it, and the page shows the server's answer.
    assert.equal(second.at(-1).status, 400);
    assert.equal(second.at(-1).error, 'invalid_grant');
    assert.equal(again.status, '400');
    assert.match(`${again.oauthError ?? ''} ${again.body ?? ''}`, /invalid_grant/, 'the page shows invalid_grant');
  } else {
    // The page refused to spend it twice: then it must say so, and send nothing.
    assert.equal(second.length, 1);
    assertSentence(`${await ctx.p.status()} ${again.error ?? ''}`.trim(), 'reused code refused by the page');
  }
});

/** Rewrites the id_token of the next authorization_code answer with `change(idToken)`. */
async function rewriteIdToken(p, change) {
  const seen = {};
  await p.rec.context.route(fx.as.tokenEndpoint, async (route) => {
    const body = route.request().postData() ?? '';
    if (route.request().method() !== 'POST' || new URLSearchParams(body).get('grant_type') !== 'authorization_code') return route.fallback();
    const response = await route.fetch();
    const json = await response.json();
    seen.original = json.id_token;
    json.id_token = await change(json.id_token);
    seen.rewritten = json.id_token;
    return route.fulfill({ response, json });
  });
  return seen;
}

test('an id_token with another nonce, signed by the server\'s key: "invalid", naming nonce', async (t) => {
  const ctx = await setup(t);
  const seen = await rewriteIdToken(ctx.p, (idToken) => fx.as.sign({ ...decodeJwt(idToken), nonce: 'a-nonce-of-another-attempt' }));
  await ctx.p.authorize({});
  await ctx.p.waitForCode();
  await ctx.p.sendJson();
  // Independently: the rewritten token's signature is good, only its nonce is wrong.
  const { payload } = await jwtVerify(seen.rewritten, createRemoteJWKSet(new URL(fx.as.jwksUri)), { issuer: fx.as.issuer, audience: ctx.clientId });
  assert.notEqual(payload.nonce, decodeJwt(seen.original).nonce);
  const verdict = await ctx.p.verification();
  show('other nonce →', verdict);
  assert.match(verdict, /^invalid/i, `token-verification: ${verdict}`);
  assert.match(verdict, /nonce/i, `names the nonce: ${verdict}`);
});

test('an id_token with a tampered signature: "invalid", naming the signature', async (t) => {
  const ctx = await setup(t);
  const seen = await rewriteIdToken(ctx.p, (idToken) => {
    const [h, p, s] = idToken.split('.');
    const flipped = `${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;
    return `${h}.${p}.${flipped}`;
  });
  await ctx.p.authorize({});
  await ctx.p.waitForCode();
  await ctx.p.sendJson();
  await assert.rejects(jwtVerify(seen.rewritten, createRemoteJWKSet(new URL(fx.as.jwksUri))), /signature verification failed/);
  const verdict = await ctx.p.verification();
  show('tampered signature →', verdict);
  assert.match(verdict, /^invalid/i, `token-verification: ${verdict}`);
  assert.match(verdict, /signature/i, `names the signature: ${verdict}`);
});
