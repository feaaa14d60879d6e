// Live lint: starting from a clean preset (lib/provider-expectations.mjs prepare()), breaking one
// rule lists exactly that problem (data-rule), with a fix button; pressing it clears the list and
// the assertion / request change as the rule wants. Also the RFC 10070 and FAPI 2.0 rule sets on
// the custom preset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from './lib/fixture.mjs';
import { JWT_BEARER, TOKEN_EXCHANGE } from './lib/oauth.mjs';
import { openssl } from './lib/verify.mjs';
import { ProviderPage, rsaBits, x5tS256 } from './lib/providerpage.mjs';
import { EXPECTED, prepare } from './lib/provider-expectations.mjs';
import { formOf } from './lib/workbench.mjs';

const fx = fixture({ page: ProviderPage });

/** A page of test `t` with preset `id` prepared, listing no problem. */
async function clean(t, id) {
  const p = await fx.open(t);
  const key = await prepare(p, id);
  await p.expectProblems([], `${id} starts clean`);
  return { p, key };
}

const form = async (p) => formOf((await p.curlRequest()).form);

/**
 * Each case: the preset, how to break the rule, the data-rule(s) that must then be listed (exactly),
 * and, after pressing the fix(es), what must hold of the page ({p, header, claims, key}).
 */
const CASES = [
  {
    name: 'SMART: lifetime 3600', preset: 'smart-backend', rules: ['lifetime'],
    break: (p) => p.set('assertion-lifetime', '3600'),
    broken: ({ claims }) => claims.exp - claims.iat === 3600,
    fixed: ({ claims }) => claims.exp - claims.iat <= 300,
  },
  {
    name: 'Koppeltaal: alg RS256', preset: 'koppeltaal', rules: ['alg'],
    break: (p) => p.el('assertion-alg').selectOption('RS256'),
    broken: ({ header }) => header.alg === 'RS256',
    fixed: ({ header }) => header.alg === 'RS512',
  },
  {
    name: 'SMART: kid unchecked', preset: 'smart-backend', rules: ['kid'],
    break: (p) => p.check('assertion-kid', false),
    broken: ({ header }) => !('kid' in header),
    fixed: ({ header, key }) => header.kid === key.kid,
  },
  {
    name: 'SMART: typ emptied', preset: 'smart-backend', rules: ['typ'],
    break: async (p) => { await p.reveal('assertion-typ'); await p.set('assertion-typ', ''); },
    broken: ({ header }) => !('typ' in header),
    fixed: ({ header }) => header.typ === 'JWT',
  },
  {
    name: 'ACM: typ changed', preset: 'vlaanderen-acm-test', rules: ['typ'],
    break: async (p) => { await p.reveal('assertion-typ'); await p.set('assertion-typ', 'client-authentication+jwt'); },
    broken: ({ header }) => header.typ === 'client-authentication+jwt',
    fixed: ({ header }) => header.typ === 'JWT',
  },
  {
    name: 'Okta: aud changed', preset: 'okta', rules: ['aud'],
    break: (p) => p.set('assertion-aud', 'https://dev-123456.okta.com/oauth2/default/v1/token'),
    broken: ({ claims }) => claims.aud === 'https://dev-123456.okta.com/oauth2/default/v1/token',
    fixed: ({ claims }) => claims.aud === EXPECTED.okta.endpoint,
  },
  {
    name: 'Auth0: aud without its trailing slash', preset: 'auth0', rules: ['aud'],
    break: (p) => p.set('assertion-aud', 'https://acme-dev.auth0.com'),
    broken: ({ claims }) => claims.aud === 'https://acme-dev.auth0.com',
    fixed: ({ claims }) => claims.aud === 'https://acme-dev.auth0.com/',
  },
  {
    name: 'Koppeltaal: aud as an array', preset: 'koppeltaal', rules: ['aud-string'],
    break: (p) => p.check('assertion-aud-array', true),
    broken: ({ claims }) => Array.isArray(claims.aud),
    fixed: ({ claims }) => claims.aud === EXPECTED.koppeltaal.aud,
  },
  {
    name: 'Entra: x5t#S256 unchecked', preset: 'entra', rules: ['x5t#S256'],
    break: (p) => p.check('assertion-x5t-s256', false),
    broken: ({ header }) => !('x5t#S256' in header),
    fixed: ({ header, key }) => header['x5t#S256'] === x5tS256(key.certificatePem),
  },
  {
    name: 'SMART: scope emptied', preset: 'smart-backend', rules: ['scope'],
    break: (p) => p.set('param-scope', ''),
    fixedRequest: async (p) => assert.match((await form(p)).scope ?? '', /^system\//),
  },
  {
    name: 'Entra: scope emptied', preset: 'entra', rules: ['scope'],
    break: (p) => p.set('param-scope', '  '),
    fixedRequest: async (p) => assert.match((await form(p)).scope ?? '', /\/\.default$/),
  },
  {
    name: 'Google: client_auth private_key_jwt', preset: 'google-service-account', rules: ['client-auth'],
    break: (p) => p.el('client-auth').selectOption('private_key_jwt'),
    // The page refuses to build a JWT-bearer request that also carries a client assertion.
    brokenRequest: async (p) => {
      await p.el('request-error').waitFor();
      assert.equal(await p.el('curl').count(), 0, 'no curl while the request cannot be built');
    },
    fixedRequest: async (p) => {
      assert.equal(await p.el('client-auth').inputValue(), 'none');
      assert.equal(await p.el('request-error').count(), 0, 'request-error gone');
      const f = await form(p);
      assert.ok(!('client_assertion' in f) && f.grant_type === JWT_BEARER && f.assertion, JSON.stringify(Object.keys(f)));
    },
  },
  {
    name: 'Google: scope claim removed', preset: 'google-service-account', rules: ['scope-claim'],
    break: async (p) => { await p.reveal('assertion-extra'); await p.set('assertion-extra', '{}'); },
    broken: ({ claims }) => !('scope' in claims),
    fixed: ({ claims }) => /^https:\/\/www\.googleapis\.com\/auth\//.test(claims.scope ?? ''),
  },
  {
    name: 'Salesforce: grant changed', preset: 'salesforce', rules: ['grant'],
    break: (p) => p.el('grant-type').selectOption('client_credentials'),
    fixedRequest: async (p) => {
      assert.equal(await p.el('grant-type').inputValue(), JWT_BEARER);
      assert.equal((await form(p)).grant_type, JWT_BEARER);
    },
  },
  {
    name: 'Mijn Burgerprofiel: grant changed', preset: 'mijn-burgerprofiel', rules: ['grant'],
    break: (p) => p.el('grant-type').selectOption('client_credentials'),
    fixedRequest: async (p) => assert.equal((await form(p)).grant_type, TOKEN_EXCHANGE),
  },
  {
    name: 'ACM: send client_id unchecked', preset: 'vlaanderen-acm', rules: ['client-id-field'],
    break: (p) => p.check('request-send-client-id', false),
    brokenRequest: async (p) => assert.ok(!('client_id' in (await form(p)))),
    fixedRequest: async (p) => assert.equal((await form(p)).client_id, EXPECTED['vlaanderen-acm'].clientId),
  },
  {
    name: 'Keycloak: lifetime 120', preset: 'keycloak', rules: ['lifetime'],
    break: (p) => p.set('assertion-lifetime', '120'),
    broken: ({ claims }) => claims.exp - claims.iat === 120,
    fixed: ({ claims }) => claims.exp - claims.iat <= 60,
  },
  {
    name: 'Okta: sub edited', preset: 'okta', rules: ['sub'],
    break: (p) => p.set('assertion-sub', 'someone-else'),
    broken: ({ claims }) => claims.sub === 'someone-else',
    fixed: ({ claims }) => claims.sub === EXPECTED.okta.clientId,
  },
];

for (const c of CASES) {
  test(`${c.name} → ${c.rules}, and its fix clears it`, async (t) => {
    const { p, key } = await clean(t, c.preset);
    await c.break(p);
    if (c.broken) await p.assertionWhere(c.broken, 'the broken assertion');
    if (c.brokenRequest) await c.brokenRequest(p);
    const listed = await p.expectProblems(c.rules, `${c.preset} after "${c.name}"`);
    for (const problem of listed) assert.ok(problem.fixable, `${problem.rule} has a fix button`);
    for (const rule of c.rules) await p.fix(rule);
    await p.expectProblems([], `${c.preset} after the fix`);
    const current = await p.key();
    if (c.fixed) await p.assertionWhere((a) => c.fixed({ ...a, key: current, p }), 'the fixed assertion');
    if (c.fixedRequest) await c.fixedRequest(p);
    // Still a valid signature by the page's key.
    await p.verifiedAssertion();
    assert.equal(current.kid, key.kid, 'the fix kept the key');
  });
}

test('Auth0: lifetime 400 → an error (max 300) and advice (60 recommended); each fix clears its own', async (t) => {
  const { p } = await clean(t, 'auth0');
  await p.set('assertion-lifetime', '400');
  const listed = await p.expectProblems(['lifetime', 'lifetime'], 'two lifetime findings');
  assert.deepEqual(listed.map((x) => x.warning), [false, true], 'the error first, then the advice');
  await p.fix('lifetime');
  const [left] = await p.expectProblems(['lifetime'], 'the advice remains');
  assert.equal(left.warning, true);
  await p.assertionWhere(({ claims }) => claims.exp - claims.iat === 300, 'lifetime 300');
  await p.fix('lifetime');
  await p.expectProblems([]);
  await p.assertionWhere(({ claims }) => claims.exp - claims.iat === 60, 'lifetime 60');
});

test('Auth0: a 1024-bit RSA key → key-size; the fix makes a 2048-bit key', async (t) => {
  const { p } = await clean(t, 'auth0');
  const pem = openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024']);
  const small = await p.import(pem);
  assert.equal(rsaBits(small.publicJwk), 1024, 'the 1024-bit key was imported');
  const [problem] = await p.expectProblems(['key-size'], 'auth0 with a 1024-bit key');
  assert.match(problem.message, /1024/, 'the message names the size');
  assert.match(problem.message, /2048/, 'and the range');
  await p.fix('key-size');
  await p.until(async () => rsaBits(JSON.parse(await p.text('key-public-jwk'))), (bits) => bits === 2048, 'a new 2048-bit key', 60_000);
  await p.expectProblems([], 'auth0 after the fix');
  const fresh = await p.key();
  assert.notEqual(fresh.kid, small.kid);
  const { header } = await p.assertionWhere(({ header }) => header.kid === fresh.kid, 'an assertion by the new key');
  assert.ok(EXPECTED.auth0.algs.includes(header.alg), header.alg);
  await p.verifiedAssertion();
});

test('custom + RFC 10070: aud must be the issuer, typ client-authentication+jwt', async (t) => {
  const { p } = await clean(t, 'custom');
  await p.setIssuer('https://as.example.test');
  await p.expectProblems([], 'rule sets are off by default');
  await p.check('lint-rfc10070', true);
  const listed = await p.expectProblems(['aud', 'typ'], 'RFC 10070 on');
  assert.equal(listed.find((x) => x.rule === 'typ').warning, true, 'typ is advice (recommended), not an error');
  assert.equal(listed.find((x) => x.rule === 'aud').warning, false, 'aud is an error');
  await p.fix('aud');
  await p.expectProblems(['typ'], 'after fixing aud');
  await p.fix('typ');
  await p.expectProblems([], 'after fixing typ');
  await p.assertionWhere(({ header, claims }) => claims.aud === 'https://as.example.test' && header.typ === 'client-authentication+jwt',
    'aud = issuer (a string), typ client-authentication+jwt');
  await p.check('lint-rfc10070', false);
  await p.expectProblems([], 'RFC 10070 off');
});

test('custom + FAPI 2.0: PS256/ES256/EdDSA only, aud = issuer, iat skew ≤ 10 s', async (t) => {
  const { p } = await clean(t, 'custom');
  await p.setIssuer('https://fapi.example.test');
  await p.check('lint-fapi2', true);
  await p.expectProblems(['alg', 'aud'], 'FAPI 2.0 on with RS256 and aud = token endpoint');
  await p.fix('alg');
  await p.fix('aud');
  await p.expectProblems([], 'after both fixes');
  await p.assertionWhere(({ header, claims }) => ['PS256', 'ES256', 'EdDSA'].includes(header.alg) && claims.aud === 'https://fapi.example.test',
    'a FAPI 2.0 assertion');
  await p.reveal('assertion-skew');
  await p.set('assertion-skew', '30');
  const [skew] = await p.expectProblems(['skew'], 'iat back-dated 30 s');
  assert.equal(skew.warning, true);
  await p.fix('skew');
  await p.expectProblems([]);
  assert.ok(Number(await p.el('assertion-skew').inputValue()) <= 10);
});
