// Sharing a setup: the link (share-url and the page's own URL fragment) and the .env export
// restore the same setup in a fresh browser, and never carry a key, a client secret or a token.
// Crafted links and other tools' .env files: secrets are ignored, and the page says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from './lib/fixture.mjs';
import { TOKEN_EXCHANGE } from './lib/oauth.mjs';
import { PRIVATE_MEMBERS, openssl } from './lib/verify.mjs';
import { ProviderPage } from './lib/providerpage.mjs';

const fx = fixture({ page: ProviderPage });

const SECRET = {
  client_secret: 'cs-9f8e7d6c5b4a-very-secret',
  refresh_token: 'rt-0123456789abcdef-refresh',
  subject_token: 'st-fedcba9876543210-subject',
  actor_token: 'at-a1b2c3d4e5f6-actor',
};

/**
 * Okta preset, filled in, with a key, a custom alg and lifetime, a client secret and tokens in
 * the params. Returns the key and the setup as the page shows it.
 */
async function richSetup(p) {
  await p.choosePreset('okta');
  await p.fillPlaceholder('domain', 'dev-424242.okta.com');
  const key = await p.generateRecommendedKey();
  await p.set('client-id', '0oa-share-client');
  await p.el('assertion-alg').selectOption('RS384');
  await p.set('assertion-lifetime', '900');
  await p.set('param-scope', 'okta.users.read okta.apps.read');
  await p.el('grant-type').selectOption('refresh_token');
  await p.set('param-refresh_token', SECRET.refresh_token);
  await p.el('grant-type').selectOption(TOKEN_EXCHANGE);
  await p.set('param-subject_token', SECRET.subject_token);
  await p.set('param-actor_token', SECRET.actor_token);
  await p.el('client-auth').selectOption('client_secret_post');
  await p.set('param-client_secret', SECRET.client_secret);
  await p.settle();
  return { key, setup: await p.setup() };
}

/** Every secret value found in `text` (raw or URL-decoded). */
function secretsIn(text, key) {
  const decoded = decodeURIComponent(text.replace(/\+/g, ' '));
  const values = [
    ...Object.entries(SECRET),
    ...PRIVATE_MEMBERS.map((m) => [`private JWK ${m}`, key.privateJwk[m]]),
    ['PKCS#8 body', key.privatePem.split('\n')[1]],
  ].filter(([, v]) => v);
  return values.filter(([, v]) => text.includes(v) || decoded.includes(v)).map(([name]) => name);
}

/** The parts of a setup a link or .env restores (no tokens, no secret). */
function shareable(setup) {
  const { params, ...rest } = setup;
  return { ...rest, scope: params.scope, audience: params.audience, subject_token_type: params.subject_token_type };
}

test('the link restores the setup in a fresh browser and carries no key, secret or token', async (t) => {
  const p = await fx.open(t);
  const { key, setup } = await richSetup(p);
  const link = await p.shareUrl();
  assert.ok(link.startsWith(fx.server.url), `share-url is this page: ${link}`);
  const fragment = new URL(link).hash;
  assert.ok(fragment.length > 1, 'the link has a fragment');
  assert.equal(new URL(p.page.url()).hash, fragment, 'the page URL carries the same fragment');
  assert.deepEqual(secretsIn(link, key), [], 'no secret in share-url');
  assert.deepEqual(secretsIn(p.page.url(), key), [], 'no secret in the page URL');
  const keys = [...new URLSearchParams(fragment.slice(1)).keys()];
  for (const name of ['client_secret', 'refresh_token', 'subject_token', 'actor_token', 'd', 'p', 'q']) {
    assert.ok(!keys.includes(name), `no ${name} key in the fragment (${keys})`);
  }

  const q = await fx.open(t, { url: link });
  const restored = await q.setup();
  assert.deepEqual(shareable(restored), shareable(setup), 'the same setup');
  assert.equal(restored.preset, 'okta');
  assert.equal(restored.alg, 'RS384');
  assert.equal(restored.lifetime, '900');
  assert.equal(restored.grant, TOKEN_EXCHANGE);
  assert.equal(restored.params.scope, 'okta.users.read okta.apps.read');
  for (const name of ['subject_token', 'actor_token']) assert.equal(restored.params[name], '', `${name} not restored`);
  assert.equal(await q.el('param-client_secret').inputValue(), '', 'client secret not restored');
  assert.equal(await q.el('key-public-jwk').count(), 0, 'no key came with the link');
  assert.equal(await q.el('share-notes').count(), 0, 'nothing to report for a clean link');
  // The endpoints of the preset came along: introspection and revocation too.
  await q.el('client-auth').selectOption('private_key_jwt');
  await q.el('grant-type').selectOption('introspection');
  assert.equal(await q.el('token-endpoint').inputValue(), 'https://dev-424242.okta.com/oauth2/v1/introspect');
  await q.el('grant-type').selectOption('refresh_token');
  assert.equal(await q.el('param-refresh_token').inputValue(), '', 'refresh token not restored');
  assert.deepEqual(await q.placeholderFields(), [], 'no field holds a placeholder');
  // {domain} was filled before sharing: the page must not ask for it again.
  assert.deepEqual(await q.placeholderNames(), [], 'no placeholder left to fill after restoring');
});

test('a crafted link carrying client_secret and refresh_token: ignored, and share-notes says so', async (t) => {
  const crafted = `${fx.server.url}#v=1&preset=smart-backend&client_id=crafted-client`
    + `&client_secret=${SECRET.client_secret}&refresh_token=${SECRET.refresh_token}&grant=refresh_token&client_auth=client_secret_post`;
  const p = await fx.open(t, { url: crafted });
  await p.el('share-notes').waitFor();
  const notes = await p.text('share-notes');
  assert.ok(notes.includes('client_secret') && notes.includes('refresh_token'), `share-notes names both: ${notes}`);
  assert.ok(!notes.includes(SECRET.client_secret) && !notes.includes(SECRET.refresh_token), 'and does not repeat their values');
  assert.equal(await p.presetValue(), 'smart-backend');
  assert.equal(await p.el('client-id').inputValue(), 'crafted-client');
  assert.equal(await p.el('grant-type').inputValue(), 'refresh_token');
  assert.equal(await p.el('param-refresh_token').inputValue(), '', 'refresh_token not planted');
  assert.equal(await p.el('param-client_secret').inputValue(), '', 'client_secret not planted');
  await p.settle();
  assert.ok(!p.page.url().includes(SECRET.client_secret) && !p.page.url().includes(SECRET.refresh_token),
    `the page rewrites its URL without them: ${p.page.url()}`);
});

test('a link with unknown settings lists them in share-notes', async (t) => {
  const p = await fx.open(t, { url: `${fx.server.url}#v=1&preset=entra&colour=blue` });
  await p.el('share-notes').waitFor();
  assert.match(await p.text('share-notes'), /colour/);
  assert.equal(await p.presetValue(), 'entra');
});

test('.env: export, then import in a fresh browser, restores the same setup and carries no secret', async (t) => {
  const p = await fx.open(t);
  const { key, setup } = await richSetup(p);
  const env = await p.envExport();
  assert.deepEqual(secretsIn(env, key), [], 'no secret in the .env');
  assert.match(env, /^CLIENT_ID=0oa-share-client$/m);
  // It is a shell file too: bash can source it.
  const sourced = execFileSync('bash', ['-c', 'set -a; eval "$1"; printf %s "$SCOPE"', '_', env], { encoding: 'utf8' });
  assert.equal(sourced, 'okta.users.read okta.apps.read', 'bash reads SCOPE back');

  const q = await fx.open(t);
  const result = await q.importEnv(env);
  assert.match(result, /\d+/, `env-import-result: ${result}`);
  const restored = await q.setup();
  assert.deepEqual(shareable(restored), shareable(setup));
  assert.equal(await q.el('param-client_secret').inputValue(), '');
  assert.equal(await q.el('key-public-jwk').count(), 0);
  assert.deepEqual(await q.placeholderNames(), [], 'no placeholder left to fill after importing');
});

const SEED_SCOPES = 'okta.users.read okta.users.manage';

test('seed-style .env (one line per value): CLIENT_ID, SCOPES, OKTA_URL read; PRIVATE_KEY and API_KEY ignored', async (t) => {
  const pem = openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024']);
  const oneLine = pem.trim().split('\n').join('\\n');
  const env = [
    `PRIVATE_KEY="${oneLine}"`,
    'PUBLIC_KEY=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC',
    'MODULUS=u9Vy',
    'CLIENT_ID=0oa1seedclient',
    'OKTA_URL=https://dev-777.okta.com',
    'API_KEY=00aaaabbbbccccdddd',
    `SCOPES='${SEED_SCOPES}'`,
    '',
  ].join('\n');
  const p = await fx.open(t);
  const result = await p.importEnv(env);
  assert.match(result, /PRIVATE_KEY/, `env-import-result names PRIVATE_KEY: ${result}`);
  assert.match(result, /API_KEY/, `and API_KEY: ${result}`);
  assert.equal(await p.el('client-id').inputValue(), '0oa1seedclient');
  assert.equal(await p.el('param-scope').inputValue(), SEED_SCOPES);
  await p.reveal('issuer');
  assert.equal(await p.el('issuer').inputValue(), 'https://dev-777.okta.com');
  assert.equal(await p.el('key-public-jwk').count(), 0, 'PRIVATE_KEY was not imported as a key');
  assert.ok(!p.page.url().includes('BEGIN'), 'nor put in the URL');
});

test('seed-style .env as python-dotenv writes it (multi-line quoted PRIVATE_KEY) is read too', async (t) => {
  // The seed scripts keep their values with python-dotenv; set_key() writes a PEM as a quoted
  // value spanning several lines. The page has to get past it to CLIENT_ID and SCOPES.
  const dir = mkdtempSync(join(tmpdir(), 'pkjwt-seed-env-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, '.env');
  const pem = openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024']);
  execFileSync('python3', ['-c', `
import sys
from dotenv import set_key
f = sys.argv[1]
open(f, 'w').close()
set_key(f, 'PRIVATE_KEY', sys.argv[2])
set_key(f, 'CLIENT_ID', '0oa1dotenvclient')
set_key(f, 'OKTA_URL', 'https://dev-888.okta.com')
set_key(f, 'API_KEY', '00eeeeffff')
set_key(f, 'SCOPES', sys.argv[3])
`, file, pem, SEED_SCOPES]);
  const env = readFileSync(file, 'utf8');
  assert.ok(env.split('\n').length > 8, 'the PEM spans several lines');
  const p = await fx.open(t);
  const result = await p.importEnv(env);
  assert.equal(await p.el('client-id').inputValue(), '0oa1dotenvclient', `CLIENT_ID read; env-import-result: ${result}`);
  assert.equal(await p.el('param-scope').inputValue(), SEED_SCOPES);
  assert.match(result, /PRIVATE_KEY/);
  assert.equal(await p.el('key-public-jwk').count(), 0);
});
