// Registering the public key: the RFC 7591 curl against the local oidc-provider's open
// registration endpoint gives a client that then gets a token through the page; the Okta Apps
// API curl needs OKTA_API_TOKEN from the shell and sends the page's JWKS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bash, curlInvocation, header } from './lib/curl.mjs';
import { fixture } from './lib/fixture.mjs';
import { PRESETS, ProviderPage } from './lib/providerpage.mjs';

const fx = fixture({ page: ProviderPage, authorizationServers: { as: { cors: true } } });

test('every preset shows registration steps', async (t) => {
  const p = await fx.open(t);
  for (const id of PRESETS) {
    await p.choosePreset(id);
    await p.reveal('registration-steps');
    const steps = await p.el('registration-steps').locator('li').count();
    assert.ok(steps >= 1, `${id}: ${steps} steps`);
    assert.equal(await p.el('register-okta-curl').count(), 0, `${id}: no Okta curl without a key`);
  }
});

test('RFC 7591: the registration curl, run with bash, registers the page\'s key; the client then gets a token', async (t) => {
  const p = await fx.open(t);
  await p.generate('EC-P256');
  const key = await p.key();
  await p.setIssuer(fx.as.issuer);
  await p.reveal('register-dcr-curl');
  const command = await p.text('register-dcr-curl');
  const parsed = await curlInvocation(command);
  assert.equal(parsed.code, 0, parsed.stderr);
  assert.equal(parsed.url, fx.as.registrationEndpoint, 'posts to <issuer>/register');
  assert.equal(header(parsed.headers, 'content-type'), 'application/json');
  const body = JSON.parse(parsed.raw.at(-1));
  assert.equal(body.token_endpoint_auth_method, 'private_key_jwt');
  assert.equal(body.token_endpoint_auth_signing_alg, 'ES256');
  assert.deepEqual(body.jwks, key.publicJwks, 'the body carries key-public-jwks');
  assert.ok(!JSON.stringify(body).includes(key.privateJwk.d), 'and no private member');

  const ran = await bash(command);
  assert.equal(ran.code, 0, ran.stderr);
  const registered = JSON.parse(ran.stdout);
  assert.ok(registered.client_id, `a client_id came back: ${ran.stdout}`);
  assert.equal(registered.token_endpoint_auth_method, 'private_key_jwt');

  await p.set('client-id', registered.client_id);
  await p.set('token-endpoint', fx.as.tokenEndpoint);
  await p.el('assertion-aud-mode').selectOption('issuer');
  await p.set('param-scope', 'api:read');
  await p.assertionWhere(({ claims }) => claims.iss === registered.client_id && claims.aud === fx.as.issuer, 'assertion for the new client');
  const errorsBefore = fx.as.errors.length;
  const res = await p.sendJson();
  assert.ok(res.json.access_token, res.body);
  assert.deepEqual(fx.as.errors.slice(errorsBefore), []);
});

test('after discovery the registration curl uses the registration_endpoint the server announced', async (t) => {
  const p = await fx.open(t);
  await p.generate('EC-P256');
  await p.setIssuer(`${fx.as.issuer}/`); // a trailing slash must not produce //register
  await p.discover();
  await p.reveal('register-dcr-curl');
  assert.equal((await curlInvocation(await p.text('register-dcr-curl'))).url, fx.as.registrationEndpoint);
});

test('Okta Apps API curl: refuses to run without OKTA_API_TOKEN; sends SSWS and the page\'s JWKS', async (t) => {
  const p = await fx.open(t);
  await p.choosePreset('okta');
  await p.fillPlaceholder('domain', 'dev-31337.okta.com');
  const key = await p.generateRecommendedKey();
  await p.reveal('register-okta-curl');
  const command = await p.text('register-okta-curl');
  assert.ok(!/SSWS [0-9A-Za-z]/.test(command.replace(/\$\{OKTA_API_TOKEN[^}]*\}/, '')), 'no token written into the command');

  const without = await curlInvocation(command, { unset: ['OKTA_API_TOKEN'] });
  assert.notEqual(without.code, 0, 'bash stops');
  assert.deepEqual(without.argv, [], 'curl never ran');
  assert.match(without.stderr, /OKTA_API_TOKEN/, `the shell says what to export: ${without.stderr}`);

  const token = '00SsWs-Test.Token_value';
  const withToken = await curlInvocation(command, { env: { OKTA_API_TOKEN: token } });
  assert.equal(withToken.code, 0, withToken.stderr);
  assert.equal(withToken.url, 'https://dev-31337.okta.com/api/v1/apps');
  assert.equal(withToken.method, 'POST');
  assert.equal(header(withToken.headers, 'authorization'), `SSWS ${token}`);
  const body = JSON.parse(withToken.raw.at(-1));
  assert.deepEqual(body.settings.oauthClient.jwks, key.publicJwks, 'jwks equals key-public-jwks');
  assert.equal(body.credentials.oauthClient.token_endpoint_auth_method, 'private_key_jwt');
  assert.deepEqual(body.settings.oauthClient.grant_types, ['client_credentials']);
  assert.equal(body.settings.oauthClient.application_type, 'service');

  await p.choosePreset('custom');
  assert.equal(await p.el('register-okta-curl').count(), 0, 'only under the okta preset');
});

test('redirect_uri: registered as redirect_uris by the RFC 7591 curl, and carried by the share link', async (t) => {
  const p = await fx.open(t);
  await p.generate('EC-P256');
  await p.setIssuer(fx.as.issuer);
  await p.reveal('register-dcr-curl');
  const before = JSON.parse((await curlInvocation(await p.text('register-dcr-curl'))).raw.at(-1));
  assert.equal(before.redirect_uris, undefined, 'no redirect_uris until one is typed');

  const redirectUri = `https://app.example/callback?tenant=o'brien&x=$(id)`;
  await p.reveal('redirect-uri');
  await p.set('redirect-uri', redirectUri);
  const command = await p.text('register-dcr-curl');
  const body = JSON.parse((await curlInvocation(command)).raw.at(-1));
  assert.deepEqual(body.redirect_uris, [redirectUri], 'the body carries it exactly');
  const ran = await bash(command);
  assert.equal(ran.code, 0, ran.stderr);
  const registered = JSON.parse(ran.stdout);
  assert.ok(registered.client_id, `the server registered the client: ${ran.stdout}`);
  assert.deepEqual(registered.redirect_uris, [redirectUri], 'the server registered that redirect URI');

  const link = await p.shareUrl();
  assert.equal(new URLSearchParams(new URL(link).hash.slice(1)).get('redirect_uri'), redirectUri, 'the link carries it');
  assert.match(await p.envExport(), /^REDIRECT_URI='https:\/\/app\.example\/callback\?tenant=o'\\''brien&x=\$\(id\)'$/m, 'and so does the .env');
  const q = await fx.open(t, { url: link });
  await q.reveal('redirect-uri');
  assert.equal(await q.el('redirect-uri').inputValue(), redirectUri, 'a fresh page restores it from the link');
});
