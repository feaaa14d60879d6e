// Every grant and endpoint the page offers, against a real authorization server, each both via
// Send and via the page's curl command run by bash: refresh, token exchange (with actor, repeated
// audience/resource), JWT-bearer without client authentication, introspection, revocation; and
// the "next steps" buttons that carry a token from one answer into the next request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { bash, curlArgs, runCurl } from './lib/curl.mjs';
import { fixture } from './lib/fixture.mjs';
import { JWT_BEARER, TOKEN_EXCHANGE, TOKEN_TYPE } from './lib/oauth.mjs';
import { Workbench, formValue, formValues } from './lib/workbench.mjs';

const fx = fixture({ page: Workbench, clipboard: true, authorizationServers: { as: { cors: true } } });

/** One line per grant for the report (REPORT=1). */
function show(label, body) {
  if (!process.env.REPORT) return;
  const copy = typeof body === 'object' ? structuredClone(body) : body;
  for (const k of ['access_token', 'refresh_token']) {
    if (copy?.[k]) copy[k] = `${copy[k].slice(0, 10)}…(${copy[k].includes('.') ? 'JWT' : 'opaque'})`;
  }
  console.error(`[grant] ${label}: ${JSON.stringify(copy)}`);
}

/**
 * A fresh page with an ES256 key, a client registered with its JWKS (plus `metadata`), and the
 * assertion and endpoint set up for the token endpoint.
 */
async function setup(t, metadata = {}) {
  const bench = await fx.open(t);
  const key = await bench.keyFor('ES256');
  const clientId = `grants-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks, ...metadata });
  await bench.configure({ clientId, aud: fx.as.tokenEndpoint, endpoint: fx.as.tokenEndpoint });
  const errorsBefore = fx.as.errors.length;
  t.after(() => assert.deepEqual(fx.as.errors.slice(errorsBefore), [], 'the server saw no failure'));
  return { bench, key, clientId };
}

/**
 * Copies the curl command (curl-copy signs a fresh assertion, as for a person copying it) and
 * runs it with bash; expects HTTP 200.
 */
async function curl200(bench, label) {
  const command = await bench.copy('curl-copy');
  const ran = await runCurl(command);
  assert.equal(ran.status, 200, `${label} via curl: ${ran.text} ${ran.stderr}`);
  return { ...ran, args: await curlArgs(command) };
}

/** Sends a client_credentials request (optionally for a resource) and returns the access token. */
async function clientCredentials(bench, { scope = 'api:read api:write', resource = '' } = {}) {
  await bench.el('grant-type').selectOption('client_credentials');
  await bench.set('token-endpoint', fx.as.tokenEndpoint);
  await bench.set('param-scope', scope);
  await bench.set('param-resource', resource);
  const res = await bench.sendJson();
  assert.ok(res.json.access_token, res.body);
  return { ...res, token: res.json.access_token };
}

const inputValue = (bench, testid) => bench.el(testid).inputValue();

test('refresh_token: Send, next-refresh, and curl', async (t) => {
  const { bench, clientId } = await setup(t);
  const rt = await fx.as.mintRefreshToken(clientId, { accountId: 'alice', scope: 'api:read' });
  await bench.el('grant-type').selectOption('refresh_token');
  await bench.set('param-refresh_token', `  ${rt}\n`); // pasted with stray whitespace
  const sent = await bench.sendJson();
  show('refresh_token (Send)', sent.json);
  assert.equal(formValue(sent.form, 'grant_type'), 'refresh_token');
  assert.equal(formValue(sent.form, 'refresh_token'), rt, 'the token is sent trimmed');
  assert.equal(decodeJwt(sent.json.access_token).sub, 'alice');
  assert.equal(sent.json.scope, 'api:read');
  assert.ok(sent.json.refresh_token, 'oidc-provider answers with a refresh_token');
  assert.match(await bench.text('response-token-claims'), /"sub": "alice"/, 'decoded access token shown');

  // next-refresh puts the answer's refresh token into the request.
  await bench.el('next-refresh').click();
  assert.equal(await inputValue(bench, 'grant-type'), 'refresh_token');
  assert.equal(await inputValue(bench, 'param-refresh_token'), sent.json.refresh_token);
  const again = await bench.sendJson();
  assert.equal(formValue(again.form, 'refresh_token'), sent.json.refresh_token);
  assert.equal(decodeJwt(again.json.access_token).sub, 'alice');

  // curl, with a refresh token of its own.
  await bench.set('param-refresh_token', await fx.as.mintRefreshToken(clientId, { accountId: 'bob' }));
  const ran = await curl200(bench, 'refresh_token');
  show('refresh_token (curl)', ran.body);
  assert.equal(decodeJwt(ran.body.access_token).sub, 'bob');
});

test('token exchange: next-exchange from a client_credentials token; repeated audience and resource', async (t) => {
  const { bench, clientId } = await setup(t);
  const { token } = await clientCredentials(bench);
  await bench.el('next-exchange').click();
  assert.equal(await inputValue(bench, 'grant-type'), TOKEN_EXCHANGE, 'next-exchange switches the grant');
  assert.equal(await inputValue(bench, 'param-subject_token'), token);
  assert.equal(await inputValue(bench, 'param-subject_token_type'), TOKEN_TYPE.access_token);
  await bench.set('param-audience', 'mbp-client\n  second-audience  \n\n');
  await bench.set('param-resource', 'https://resource.example/api\nhttps://second.example/api');
  await bench.set('param-scope', 'api:read');
  const sent = await bench.sendJson();
  show('token exchange (Send)', sent.json);
  assert.deepEqual(formValues(sent.form, 'audience'), ['mbp-client', 'second-audience'], 'one field per line, blank lines dropped');
  assert.deepEqual(formValues(sent.form, 'resource'), ['https://resource.example/api', 'https://second.example/api']);
  assert.equal(formValue(sent.form, 'subject_token'), token);
  assert.equal(sent.json.issued_token_type, TOKEN_TYPE.access_token);
  assert.equal(sent.json.scope, 'api:read');
  const claims = decodeJwt(sent.json.access_token);
  const everyTarget = ['mbp-client', 'second-audience', 'https://resource.example/api', 'https://second.example/api'];
  assert.deepEqual(claims.aud, everyTarget, 'the server saw every audience and resource');
  assert.equal(claims.sub, clientId);

  // curl, asking for a JWT this time.
  await bench.set('param-requested_token_type', TOKEN_TYPE.jwt);
  const ran = await curl200(bench, 'token exchange');
  show('token exchange (curl)', ran.body);
  assert.deepEqual(formValues(ran.args.form, 'audience'), ['mbp-client', 'second-audience']);
  assert.equal(ran.body.issued_token_type, TOKEN_TYPE.jwt);
  assert.deepEqual(formValues(ran.args.form, 'resource'), ['https://resource.example/api', 'https://second.example/api']);
  assert.deepEqual(decodeJwt(ran.body.access_token).aud, everyTarget);
});

test('token exchange with actor_token (Mijn Burgerprofiel shape), checked by next-introspect', async (t) => {
  const { bench, clientId } = await setup(t);
  const userToken = await fx.as.mintAccessToken(clientId, { accountId: 'citizen-1', resource: fx.as.opaqueResource });
  await bench.el('grant-type').selectOption(TOKEN_EXCHANGE);
  await bench.set('param-subject_token', userToken);
  await bench.set('param-actor_token', userToken);
  await bench.set('param-actor_token_type', TOKEN_TYPE.access_token);
  await bench.set('param-audience', 'mbp-client');
  await bench.set('param-resource', fx.as.opaqueResource);
  const sent = await bench.sendJson();
  show('token exchange with actor (Send)', sent.json);
  assert.equal(formValue(sent.form, 'actor_token'), userToken);
  assert.equal(formValue(sent.form, 'actor_token_type'), TOKEN_TYPE.access_token);
  const exchanged = sent.json.access_token;
  assert.ok(!exchanged.includes('.'), 'opaque token for the opaque resource');

  const ran = await curl200(bench, 'token exchange with actor');
  const curlToken = ran.body.access_token;

  // next-introspect fills the introspection request; the endpoint is ours to set.
  await bench.el('next-introspect').click();
  assert.equal(await inputValue(bench, 'grant-type'), 'introspection');
  assert.equal(await inputValue(bench, 'param-token'), exchanged);
  assert.equal(await inputValue(bench, 'param-token_type_hint'), 'access_token');
  await bench.set('token-endpoint', fx.as.introspectionEndpoint);
  const seen = await bench.sendJson();
  show('introspection of the exchanged token (Send)', seen.json);
  assert.equal(seen.json.active, true);
  assert.equal(seen.json.sub, 'citizen-1');
  assert.deepEqual(seen.json.act, { sub: 'citizen-1' });
  assert.deepEqual(seen.json.aud, ['mbp-client', fx.as.opaqueResource]);

  await bench.set('param-token', curlToken);
  const seenByCurl = await curl200(bench, 'introspection');
  assert.equal(seenByCurl.body.active, true);
  assert.deepEqual(seenByCurl.body.act, { sub: 'citizen-1' });
});

test('JWT-bearer grant: client-auth none, the page\'s JWT in assertion, user in sub', async (t) => {
  const { bench, clientId } = await setup(t, { token_endpoint_auth_method: 'none', grant_types: [JWT_BEARER] });
  await bench.el('grant-type').selectOption(JWT_BEARER);
  await bench.el('client-auth').selectOption('none');
  await bench.set('assertion-sub', 'user@example.test');
  await bench.set('param-scope', 'api:read');
  const shown = await bench.assertionWhere(({ claims }) => claims.sub === 'user@example.test', 'assertion with sub = user');
  assert.equal(shown.claims.iss, clientId);
  const sent = await bench.sendJson();
  show('jwt-bearer (Send)', sent.json);
  assert.equal(formValue(sent.form, 'grant_type'), JWT_BEARER);
  const jwt = formValue(sent.form, 'assertion');
  assert.equal(decodeJwt(jwt).sub, 'user@example.test');
  assert.equal(decodeJwt(jwt).iss, clientId);
  assert.equal(formValue(sent.form, 'client_assertion'), undefined, 'no client authentication');
  assert.equal(sent.json.scope, 'api:read');
  assert.equal(decodeJwt(sent.json.access_token).sub, 'user@example.test');

  const ran = await curl200(bench, 'jwt-bearer');
  show('jwt-bearer (curl)', ran.body);
  assert.notEqual(decodeJwt(formValue(ran.args.form, 'assertion')).jti, decodeJwt(jwt).jti);
  assert.equal(decodeJwt(ran.body.access_token).sub, 'user@example.test');
});

test('introspection and revocation of opaque tokens via next-introspect / next-revoke and Send', async (t) => {
  const { bench, clientId } = await setup(t);
  // 1. An opaque token, introspected: active.
  const first = await clientCredentials(bench, { resource: fx.as.opaqueResource });
  assert.equal(formValue(first.form, 'resource'), fx.as.opaqueResource);
  assert.ok(!first.token.includes('.'), 'opaque');
  assert.equal(await bench.maybe('response-token-claims'), undefined, 'no decoded claims for an opaque token');
  await bench.el('next-introspect').click();
  assert.equal(await inputValue(bench, 'grant-type'), 'introspection');
  assert.equal(await inputValue(bench, 'param-token'), first.token);
  await bench.set('token-endpoint', fx.as.introspectionEndpoint);
  const active = await bench.sendJson();
  show('introspection (Send)', active.json);
  assert.equal(formValue(active.form, 'grant_type'), undefined, 'introspection sends no grant_type');
  assert.equal(formValue(active.form, 'token'), first.token);
  assert.equal(formValue(active.form, 'token_type_hint'), 'access_token');
  assert.ok(formValue(active.form, 'client_assertion'), 'authenticated with the assertion');
  assert.equal(active.json.active, true);
  assert.equal(active.json.client_id, clientId);

  // 2. Another one, revoked with next-revoke, then introspected: inactive.
  const second = await clientCredentials(bench, { resource: fx.as.opaqueResource });
  await bench.el('next-revoke').click();
  assert.equal(await inputValue(bench, 'grant-type'), 'revocation');
  assert.equal(await inputValue(bench, 'param-token'), second.token);
  await bench.set('token-endpoint', fx.as.revocationEndpoint);
  const revoked = await bench.send();
  show('revocation (Send)', `${revoked.status} ${JSON.stringify(revoked.body)}`);
  assert.equal(revoked.status, '200', `revocation: ${revoked.error} ${revoked.body}`);
  assert.equal(formValue(revoked.form, 'token'), second.token);
  await bench.el('grant-type').selectOption('introspection');
  assert.equal(await inputValue(bench, 'param-token'), second.token, 'the token stays when switching between introspection and revocation');
  await bench.set('token-endpoint', fx.as.introspectionEndpoint);
  const inactive = await bench.sendJson();
  show('introspection after revocation (Send)', inactive.json);
  assert.deepEqual(inactive.json, { active: false });
});

test('introspection and revocation via curl', async (t) => {
  const { bench } = await setup(t);
  await bench.set('param-resource', fx.as.opaqueResource);
  const issued = await curl200(bench, 'client_credentials');
  const token = issued.body.access_token;
  assert.ok(token && !token.includes('.'), 'opaque token from curl');

  await bench.el('grant-type').selectOption('introspection');
  await bench.set('param-token', token);
  await bench.set('token-endpoint', fx.as.introspectionEndpoint);
  const active = await curl200(bench, 'introspection');
  show('introspection (curl)', active.body);
  assert.equal(active.body.active, true);

  await bench.el('grant-type').selectOption('revocation');
  await bench.set('token-endpoint', fx.as.revocationEndpoint);
  const revoked = await curl200(bench, 'revocation');
  show('revocation (curl)', `200 ${JSON.stringify(revoked.text)}`);
  assert.equal(revoked.text, '', 'revocation answers 200 with an empty body');

  await bench.el('grant-type').selectOption('introspection');
  await bench.set('token-endpoint', fx.as.introspectionEndpoint);
  const inactive = await curl200(bench, 'introspection');
  assert.deepEqual(inactive.body, { active: false });
});

test('next-api: a curl with Authorization: Bearer <token> that bash runs', async (t) => {
  const seen = [];
  const api = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, accept: req.headers.accept });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise((ok) => api.listen(0, '127.0.0.1', ok));
  t.after(() => new Promise((ok) => { api.closeAllConnections(); api.close(() => ok()); }));
  const apiUrl = `http://127.0.0.1:${api.address().port}/resource?q=1&x='y'$(id)`; // & ' $( ) must survive the quoting

  const { bench } = await setup(t);
  const { token } = await clientCredentials(bench);
  await bench.el('next-api').click();
  await bench.el('api-url').waitFor();
  assert.match(await bench.text('api-curl'), /https:\/\/api\.example\/resource/, 'a placeholder URL until one is typed');
  await bench.set('api-url', apiUrl);
  const port = String(api.address().port);
  await bench.page.waitForFunction((p) => document.querySelector('[data-testid="api-curl"]')?.textContent.includes(p), port);
  const command = await bench.text('api-curl');
  const ran = await bash(command);
  assert.equal(ran.code, 0, ran.stderr);
  assert.equal(ran.stdout, '{"ok":true}');
  assert.equal(seen.length, 1);
  assert.equal(seen[0].authorization, `Bearer ${token}`);
  assert.equal(seen[0].accept, 'application/json');
  assert.equal(seen[0].method, 'GET');
  assert.equal(seen[0].url, "/resource?q=1&x='y'$(id)");
});
