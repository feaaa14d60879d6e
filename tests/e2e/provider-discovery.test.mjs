// Discovery against a real oidc-provider on loopback. With CORS: issuer + discovery-fetch fills
// the endpoints and shows what the server supports, the setup is linted against it, and the
// discovered endpoints take a real Send. Without CORS: the page explains, its curl fetches the
// metadata with bash, and pasting that fills the endpoints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { bash, curlInvocation } from './lib/curl.mjs';
import { fixture } from './lib/fixture.mjs';
import { ProviderPage } from './lib/providerpage.mjs';
import { serveMetadata } from './lib/static-metadata.mjs';

// `as` with CORS, `closed` without. A refused cross-origin fetch is logged by Chromium as a
// console error; that one is expected.
const fx = fixture({
  page: ProviderPage, networkErrorsExpected: true,
  authorizationServers: { as: { cors: true }, closed: { cors: false } },
});

const gets = (p, url) => p.rec.requests.filter((r) => r.method === 'GET' && r.url === url);

test('with CORS: discovery fills the endpoints, lists methods and algorithms, and a Send works', async (t) => {
  const p = await fx.open(t);
  assert.equal(await p.presetValue(), 'custom');
  await p.setIssuer(fx.as.issuer);
  const outcome = await p.discover();
  assert.equal(outcome.error, undefined, `no discovery-error: ${outcome.error}`);
  assert.ok(outcome.status, 'discovery-status shown');
  assert.equal(gets(p, `${fx.as.issuer}/.well-known/openid-configuration`).length, 1, 'fetched the OpenID configuration once');

  assert.equal(await p.el('token-endpoint').inputValue(), fx.as.tokenEndpoint, 'token-endpoint filled');
  await p.el('discovery-result').waitFor();
  const methods = await p.text('discovery-auth-methods');
  for (const m of ['private_key_jwt', 'client_secret_basic', 'client_secret_post', 'none']) assert.ok(methods.includes(m), `${m} in ${methods}`);
  const algs = await p.text('discovery-algs');
  for (const a of ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA']) assert.ok(algs.includes(a), `${a} in ${algs}`);

  // The other endpoints were taken too.
  await p.el('grant-type').selectOption('introspection');
  assert.equal(await p.el('token-endpoint').inputValue(), fx.as.introspectionEndpoint);
  await p.el('grant-type').selectOption('revocation');
  assert.equal(await p.el('token-endpoint').inputValue(), fx.as.revocationEndpoint);
  await p.el('grant-type').selectOption('client_credentials');
  assert.equal(await p.el('token-endpoint').inputValue(), fx.as.tokenEndpoint);

  // A key the server accepts, a client registered with the page's JWKS, aud = the issuer.
  await p.generate('EC-P256');
  const key = await p.key();
  const clientId = `disc-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks });
  await p.set('client-id', clientId);
  await p.el('assertion-aud-mode').selectOption('issuer');
  await p.assertionWhere(({ claims }) => claims.iss === clientId && claims.aud === fx.as.issuer, 'assertion for the discovered issuer');
  await p.expectProblems([], 'ES256 and private_key_jwt are both listed by the server');
  await p.set('param-scope', 'api:read');
  const errorsBefore = fx.as.errors.length;
  const res = await p.sendJson();
  assert.ok(res.json.access_token, res.body);
  assert.equal(res.sent.url, fx.as.tokenEndpoint, 'sent to the discovered token endpoint');
  assert.deepEqual(fx.as.errors.slice(errorsBefore), []);
});

test('with CORS: the RFC 8414 document is read from /.well-known/oauth-authorization-server', async (t) => {
  const p = await fx.open(t);
  await p.setIssuer(fx.as.issuer);
  await p.el('discovery-document').selectOption('oauth-authorization-server');
  const outcome = await p.discover();
  assert.equal(outcome.error, undefined, outcome.error);
  assert.equal(gets(p, `${fx.as.issuer}/.well-known/oauth-authorization-server`).length, 1);
  assert.equal(await p.el('token-endpoint').inputValue(), fx.as.tokenEndpoint);
});

test('a server that lists fewer methods and algorithms: findings with fixes', async (t) => {
  const real = await (await fetch(fx.as.discoveryUrl)).json();
  const restricted = await serveMetadata({
    ...real,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['PS256', 'ES256'],
  });
  t.after(() => restricted.close());
  const p = await fx.open(t);
  await p.generate('RSA-2048');
  await p.set('client-id', 'restricted-client');
  await p.el('client-auth').selectOption('client_secret_post');
  await p.setIssuer(restricted.origin);
  const outcome = await p.discover();
  assert.equal(outcome.error, undefined, outcome.error);
  assert.equal(await p.el('token-endpoint').inputValue(), fx.as.tokenEndpoint, 'endpoints from the document');
  await p.el('assertion-aud-mode').selectOption('token-endpoint');
  const [auth] = await p.expectProblems(['server-auth-method'], 'client_secret_post is not listed');
  assert.match(auth.message, /client_secret_post/, 'names the method used');
  assert.match(auth.message, /private_key_jwt/, 'and the ones listed');
  await p.fix('server-auth-method');
  assert.equal(await p.el('client-auth').inputValue(), 'private_key_jwt');
  // Now the assertion matters: RS256 is not listed.
  const [alg] = await p.expectProblems(['server-alg'], 'RS256 is not listed');
  assert.match(alg.message, /RS256/);
  assert.match(alg.message, /PS256/);
  assert.ok(alg.fixable, 'the RSA key can make PS256: a fix is offered');
  await p.fix('server-alg');
  await p.expectProblems([], 'after both fixes');
  await p.assertionWhere(({ header }) => header.alg === 'PS256', 'a PS256 assertion');
});

test('a server that lists only algorithms the key cannot make still offers a way out', async (t) => {
  const real = await (await fetch(fx.as.discoveryUrl)).json();
  const p = await fx.open(t);
  await p.generate('RSA-2048');
  await p.set('client-id', 'ec-only-client');
  await p.pasteMetadata({ ...real, token_endpoint_auth_signing_alg_values_supported: ['ES256'] });
  const [alg] = await p.expectProblems(['server-alg'], 'RS256 key, server takes ES256 only');
  assert.match(alg.message, /ES256/);
  // The provider rules offer "generate a fitting key" in this situation (lint Algs rule); the
  // metadata check should too, or the user is left without a one-click fix.
  assert.ok(alg.fixable, 'server-alg offers a fix (e.g. generate an EC P-256 key) when the key cannot make any listed alg');
});

test('SMART: the smart-configuration under the FHIR base URL fills the endpoints; no placeholder is left', async (t) => {
  const smart = await serveMetadata({
    token_endpoint: fx.as.tokenEndpoint,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
    scopes_supported: ['system/*.rs'],
    capabilities: ['client-confidential-asymmetric'],
  });
  t.after(() => smart.close());
  const p = await fx.open(t);
  await p.choosePreset('smart-backend');
  assert.deepEqual(await p.placeholderNames(), ['fhir-server']);
  await p.setIssuer(`${smart.origin}/fhir/r4`);
  const outcome = await p.discover();
  assert.equal(outcome.error, undefined, outcome.error);
  assert.deepEqual(smart.requests, ['GET /fhir/r4/.well-known/smart-configuration']);
  assert.equal(await p.el('token-endpoint').inputValue(), fx.as.tokenEndpoint, 'the template URL was replaced');
  assert.equal(await p.el('assertion-aud').inputValue(), fx.as.tokenEndpoint, 'aud follows the discovered token endpoint');
  assert.deepEqual(await p.placeholderFields(), [], 'no field shows {fhir-server} any more');
  // Nothing the page uses still holds {fhir-server}: the card must not ask for it.
  assert.deepEqual(await p.placeholderNames(), [], 'no placeholder left to fill');
});

test('without CORS: discovery-error explains; the curl fetches the metadata; pasting it fills the endpoints', async (t) => {
  const p = await fx.open(t);
  await p.setIssuer(fx.closed.issuer);
  const outcome = await p.discover();
  assert.equal(outcome.status, undefined);
  assert.ok(outcome.error, 'discovery-error shown');
  assert.match(outcome.error, /CORS/, 'names CORS');
  assert.ok(outcome.error.includes(fx.closed.issuer), `names the server's origin ${fx.closed.issuer}`);
  assert.ok(outcome.error.includes(fx.server.origin), `names this page's origin ${fx.server.origin}`);
  assert.equal(await p.el('token-endpoint').inputValue(), '', 'nothing filled');

  await p.reveal('discovery-curl');
  const command = await p.text('discovery-curl');
  const args = await curlInvocation(command);
  assert.equal(args.url, `${fx.closed.issuer}/.well-known/openid-configuration`);
  const ran = await bash(command);
  assert.equal(ran.code, 0, ran.stderr);
  const metadata = JSON.parse(ran.stdout);
  assert.equal(metadata.issuer, fx.closed.issuer);

  await p.pasteMetadata(ran.stdout);
  assert.ok(await p.maybe('discovery-status'), 'discovery-status after paste');
  assert.equal(await p.maybe('discovery-error'), undefined, 'the error is gone');
  assert.equal(await p.el('token-endpoint').inputValue(), fx.closed.tokenEndpoint);
  assert.ok((await p.text('discovery-auth-methods')).includes('private_key_jwt'));
  await p.el('grant-type').selectOption('introspection');
  assert.equal(await p.el('token-endpoint').inputValue(), fx.closed.introspectionEndpoint);
});

test('pasted metadata that is not an authorization server\'s: the error says what is wrong', async (t) => {
  const p = await fx.open(t);
  await p.pasteMetadata('{"issuer": "https://as.example",\n "token_endpoint": }');
  const json = await p.text('discovery-error');
  assert.match(json, /\b2\b/, `names line 2: ${json}`);
  await p.pasteMetadata({ issuer: 'https://as.example' });
  assert.match(await p.text('discovery-error'), /token_endpoint/);
  await p.pasteMetadata({ token_endpoint: 'https://as.example/token', token_endpoint_auth_methods_supported: 'private_key_jwt' });
  assert.match(await p.text('discovery-error'), /token_endpoint_auth_methods_supported/);
  assert.equal(await p.el('token-endpoint').inputValue(), '', 'nothing was filled from a bad document');
});
