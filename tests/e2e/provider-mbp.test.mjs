// The Mijn Burgerprofiel guide: step 2's curl (checked with a stub curl under bash) targets the
// TNI or production /auth/v1/token with token + token_type, and carries the access token of a
// real token exchange sent from the page; step 2 sent from the page fills the temporary token
// from its answer (the TNI host is answered by Playwright, since it is out of reach here);
// step 3 builds the ?token= URLs, URL-encoded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { curlInvocation } from './lib/curl.mjs';
import { fixture } from './lib/fixture.mjs';
import { ACCESS_TOKEN_TYPE, TOKEN_EXCHANGE } from './lib/oauth.mjs';
import { ProviderPage } from './lib/providerpage.mjs';
import { formFields, formOf } from './lib/workbench.mjs';

const TNI = 'https://burgerprofiel.tni-vlaanderen.be';
const PRODUCTION = 'https://www.burgerprofiel.be';

const fx = fixture({ page: ProviderPage, authorizationServers: { as: { cors: true } } });

/** A page of test `t` with the Mijn Burgerprofiel preset and its guide. */
async function page(t) {
  const p = await fx.open(t);
  await p.choosePreset('mijn-burgerprofiel');
  await p.el('mbp-guide').waitFor();
  return p;
}

async function step2(p) {
  const args = await curlInvocation(await p.text('mbp-step2-curl'));
  assert.equal(args.code, 0, args.stderr);
  return { ...args, fields: formOf(args.form) };
}

/**
 * Step 1 (the token exchange) against the local server, which stands in for ACM: the recommended
 * key registered for a new client, and a user's access token as subject_token.
 */
async function step1(p, accountId) {
  const key = await p.generateRecommendedKey();
  const clientId = `mbp-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks });
  const userToken = await fx.as.mintAccessToken(clientId, { accountId, scope: 'api:read' });
  await p.fillPlaceholder('mbp-client-id', 'mbp-client-42');
  await p.set('client-id', clientId);
  await p.set('token-endpoint', fx.as.tokenEndpoint);
  await p.set('assertion-aud', fx.as.tokenEndpoint);
  await p.set('param-subject_token', userToken);
  return { clientId, userToken };
}

test('the guide shows only under its preset', async (t) => {
  const p = await page(t);
  await p.choosePreset('vlaanderen-acm-test');
  assert.equal(await p.el('mbp-guide').count(), 0);
  await p.choosePreset('mijn-burgerprofiel');
  await p.el('mbp-guide').waitFor();
});

test('step 2 curl: TNI by default, www.burgerprofiel.be in production, token and token_type', async (t) => {
  const p = await page(t);
  const test = await step2(p);
  assert.equal(test.url, `${TNI}/auth/v1/token`);
  assert.equal(test.method, 'POST');
  assert.equal(test.fields.token_type, ACCESS_TOKEN_TYPE);
  assert.ok(test.fields.token, 'a token field (a stand-in until step 1 ran)');
  assert.deepEqual(Object.keys(test.fields).sort(), ['token', 'token_type']);

  await p.el('mbp-production').check();
  const prod = await step2(p);
  assert.equal(prod.url, `${PRODUCTION}/auth/v1/token`);
  assert.equal(prod.fields.token_type, ACCESS_TOKEN_TYPE);
  await p.el('mbp-production').uncheck();
  assert.equal((await step2(p)).url, `${TNI}/auth/v1/token`);
});

test('after a real token exchange sent from the page, step 2 carries the exchanged access token', async (t) => {
  const p = await page(t);
  const { clientId, userToken } = await step1(p, 'burger-1');
  await p.set('param-actor_token', userToken);
  assert.equal(await p.el('grant-type').inputValue(), TOKEN_EXCHANGE);
  assert.equal(await p.el('param-subject_token_type').inputValue(), ACCESS_TOKEN_TYPE);
  assert.equal(await p.el('param-actor_token_type').inputValue(), ACCESS_TOKEN_TYPE);
  await p.assertionWhere(({ claims }) => claims.iss === clientId && claims.aud === fx.as.tokenEndpoint, 'assertion for the local server');

  const errorsBefore = fx.as.errors.length;
  const res = await p.sendJson();
  assert.deepEqual(fx.as.errors.slice(errorsBefore), []);
  const exchanged = res.json.access_token;
  assert.ok(exchanged && exchanged !== userToken, 'a new access token');
  assert.equal(res.json.issued_token_type, ACCESS_TOKEN_TYPE);
  const form = Object.fromEntries(res.form);
  assert.equal(form.audience, 'mbp-client-42', 'audience = the Mijn Burgerprofiel client id');

  await p.until(async () => (await step2(p)).fields.token, (token) => token === exchanged, 'step 2 carries the exchanged token');
  await p.el('mbp-production').check();
  const prod = await step2(p);
  assert.equal(prod.url, `${PRODUCTION}/auth/v1/token`);
  assert.equal(prod.fields.token, exchanged);
});

test('step 1 with only the subject token filled: no actor_token_type without an actor_token (RFC 8693 §2.1)', async (t) => {
  const p = await page(t);
  const { clientId } = await step1(p, 'burger-2');
  assert.equal(await p.el('param-actor_token').inputValue(), '', 'actor_token left empty');
  await p.assertionWhere(({ claims }) => claims.iss === clientId, 'assertion for the client');
  const fields = formOf((await p.curlRequest()).form);
  const res = await p.send();
  // actor_token_type "MUST NOT be included" without actor_token; the local server refuses it.
  assert.ok(!('actor_token_type' in fields) || 'actor_token' in fields,
    `the curl sends actor_token_type without actor_token: ${JSON.stringify(Object.keys(fields))}; `
    + `Send got HTTP ${res.status} ${res.body}`);
  assert.equal(res.status, '200', res.body);
});

test('step 3: the temporary token goes into ?token= URLs, URL-encoded', async (t) => {
  const p = await page(t);
  const temporary = 'tmp/+tok=en&x ü#1';
  await p.set('mbp-temp-token', temporary);
  const urls = async () => (await p.text('mbp-step3-url')).split('\n').map((l) => l.trim()).filter(Boolean);
  const test = await p.until(urls, (lines) => lines.every((l) => !l.includes('TEMPORARY')) && lines.length === 2, 'two URLs');
  for (const line of test) {
    const url = new URL(line);
    assert.equal(url.origin, TNI);
    assert.equal(url.searchParams.get('token'), temporary, `${line} carries the token`);
    assert.equal(url.hash, '', 'the # of the token was encoded');
    assert.deepEqual([...url.searchParams.keys()], ['token'], 'the & of the token was encoded');
  }
  assert.deepEqual(test.map((l) => new URL(l).pathname).sort(), ['/', '/meldingen']);

  await p.el('mbp-production').check();
  const prod = await p.until(urls, (lines) => lines.every((l) => l.startsWith(PRODUCTION)), 'production URLs');
  for (const line of prod) assert.equal(new URL(line).searchParams.get('token'), temporary);
});

test('step 2 sent from the page: its answer fills the temporary token for step 3; pasting still works; an answer without one says why', async (t) => {
  const p = await page(t);
  const { userToken } = await step1(p, 'burger-3');
  await p.set('param-actor_token', userToken);
  const exchanged = (await p.sendJson()).json.access_token;
  await p.until(async () => (await step2(p)).fields.token, (token) => token === exchanged, 'step 2 carries the exchanged token');

  // Stands in for TNI's /auth/v1/token, which answers {"token": "…"} (and allows this origin).
  const posted = [];
  const temporary = `tmp-${randomUUID()}/+=&`;
  let answer = { status: 200, contentType: 'application/json', body: JSON.stringify({ token: temporary }) };
  await p.page.route(`${TNI}/auth/v1/token`, async (route) => {
    posted.push({ method: route.request().method(), form: formFields(route.request().postData() ?? '') });
    await route.fulfill({ ...answer, headers: { 'access-control-allow-origin': '*' } });
  });
  await p.el('mbp-step2-send').click();
  await p.until(() => p.maybe('mbp-step2-status'), (status) => status === '200', 'step 2 answered');
  assert.deepEqual(posted.map((r) => [r.method, formOf(r.form)]),
    [['POST', { token: exchanged, token_type: ACCESS_TOKEN_TYPE }]], 'step 2 posted the exchanged token, as its curl does');
  assert.equal(await p.el('mbp-temp-token').inputValue(), temporary, 'the answer filled the temporary token');
  assert.deepEqual(JSON.parse(await p.text('mbp-step2-body')), { token: temporary }, 'the answer is shown');
  const urls = async () => (await p.text('mbp-step3-url')).split('\n').filter(Boolean).map((l) => new URL(l));
  for (const url of await urls()) assert.equal(url.searchParams.get('token'), temporary, `${url} carries the answered token`);

  await p.set('mbp-temp-token', 'pasted-token');
  await p.until(urls, (list) => list.every((url) => url.searchParams.get('token') === 'pasted-token'), 'step 3 follows a pasted token');

  // A gateway's sign-in page instead of the answer (a 4xx would be as good, but Chromium logs
  // those itself, and this suite keeps its console clean).
  answer = { status: 200, contentType: 'text/html', body: '<html><title>Sign in</title></html>' };
  await p.el('mbp-step2-send').click();
  await p.el('mbp-step2-error').waitFor();
  assert.match(await p.text('mbp-step2-error'), /JSON/, 'the page says the answer is not JSON');
  assert.equal(await p.el('mbp-temp-token').inputValue(), '', 'an answer without a token leaves no temporary token behind');
  assert.equal(posted.length, 2, 'each Send posts once');
});
