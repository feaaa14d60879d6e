// Every provider preset, as a person would use it: choose it, fill its placeholders, generate
// the recommended key (and a certificate where x5t#S256 is needed), type a client id. Then no
// problem is listed, and the assertion (signature checked with jose against key-public-jwks) and
// the curl command (parsed by bash) follow the provider's rules in shared/reference/providers.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from './lib/fixture.mjs';
import { ProviderPage, PRESETS } from './lib/providerpage.mjs';
import { EXPECTED, checkPreset, prepare } from './lib/provider-expectations.mjs';

const fx = fixture({ page: ProviderPage });

test('the preset select offers exactly the contract presets, custom first', async (t) => {
  const p = await fx.open(t);
  const values = await p.el('preset').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(values, PRESETS);
  assert.equal(await p.presetValue(), 'custom');
  assert.deepEqual(Object.keys(EXPECTED).sort(), [...PRESETS].sort(), 'every preset has expectations here');
});

for (const id of PRESETS) {
  test(`preset ${id}: no problems, and assertion and curl follow the provider's rules`, async (t) => {
    const p = await fx.open(t);
    await p.choosePreset(id);
    if (id !== 'custom') {
      // Documentation link and summary.
      const docs = await p.el('preset-docs').getAttribute('href');
      assert.match(docs, /^https:\/\//, 'preset-docs links to the provider');
      assert.ok((await p.text('preset-summary')).trim().length > 20, 'preset-summary says something');
      if (EXPECTED[id].summary) assert.match(await p.text('preset-summary'), EXPECTED[id].summary, 'preset-summary is the preset\'s own');
    }
    // SMART servers publish /.well-known/smart-configuration; the others OpenID / RFC 8414 metadata.
    const smart = id === 'smart-backend' || id === 'koppeltaal';
    assert.equal(await p.el('discovery-document').inputValue(), smart ? 'smart-configuration' : 'openid-configuration', 'discovery document');
    // Every field holding a placeholder is marked until it is filled.
    const holding = await p.placeholderFields();
    if (Object.keys(EXPECTED[id].placeholders).length) assert.ok(holding.length > 0, 'some field holds the placeholders');
    await prepare(p, id);
    assert.deepEqual(await p.placeholderFields(), [], 'no field holds a placeholder once all are filled');
    const { header, claims, form } = await checkPreset(p, id);
    if (process.env.REPORT) console.error(`[preset] ${id}: ${JSON.stringify(header)} ${JSON.stringify(claims)} form ${Object.keys(form)}`);
    // Last, so that a missing mark does not hide the checks above.
    assert.deepEqual(holding.filter((f) => !f.marked), [], 'every field holding a placeholder has class has-placeholder');
  });
}

test('a placeholder is filled by blur too, and in every field it occurs in', async (t) => {
  const p = await fx.open(t);
  await p.choosePreset('keycloak');
  assert.deepEqual((await p.placeholderNames()).sort(), ['host', 'realm']);
  const marked = await p.fieldsWithPlaceholders();
  for (const id of ['token-endpoint', 'assertion-aud']) assert.ok(marked.includes(id), `${id} is marked (${marked})`);
  await p.el('placeholder-host').fill('sso.example.net');
  await p.el('placeholder-realm').focus(); // blur commits {host}
  await p.until(() => p.placeholderNames(), (n) => JSON.stringify(n) === '["realm"]', '{host} filled on blur');
  assert.equal(await p.el('token-endpoint').inputValue(), 'https://sso.example.net/realms/{realm}/protocol/openid-connect/token');
  assert.ok((await p.fieldsWithPlaceholders()).includes('token-endpoint'), 'still marked while {realm} is open');
  await p.fillPlaceholder('realm', 'ops');
  assert.equal(await p.el('token-endpoint').inputValue(), 'https://sso.example.net/realms/ops/protocol/openid-connect/token');
  await p.reveal('issuer');
  assert.equal(await p.el('issuer').inputValue(), 'https://sso.example.net/realms/ops');
  assert.equal(await p.el('assertion-aud').inputValue(), 'https://sso.example.net/realms/ops');
  assert.deepEqual(await p.fieldsWithPlaceholders(), []);
  // Introspection and revocation endpoints were filled too: switching the grant switches the URL.
  await p.el('grant-type').selectOption('introspection');
  assert.equal(await p.el('token-endpoint').inputValue(), 'https://sso.example.net/realms/ops/protocol/openid-connect/token/introspect');
  await p.el('grant-type').selectOption('revocation');
  assert.equal(await p.el('token-endpoint').inputValue(), 'https://sso.example.net/realms/ops/protocol/openid-connect/revoke');
});

test('switching presets replaces the provider values but keeps the client id', async (t) => {
  const p = await fx.open(t);
  await p.choosePreset('okta');
  await p.fillPlaceholder('domain', 'dev-1.okta.com');
  await p.set('client-id', 'keep-me');
  await p.choosePreset('smart-backend');
  assert.equal(await p.el('client-id').inputValue(), 'keep-me');
  assert.equal(await p.el('token-endpoint').inputValue(), 'https://{fhir-server}/token');
  assert.equal(await p.el('assertion-lifetime').inputValue(), '300');
  assert.deepEqual(await p.placeholderNames(), ['fhir-server']);
  await p.choosePreset('custom');
  // custom keeps what is there and only drops the provider rules.
  assert.equal(await p.el('token-endpoint').inputValue(), 'https://{fhir-server}/token');
  assert.equal(await p.el('client-id').inputValue(), 'keep-me');
});
