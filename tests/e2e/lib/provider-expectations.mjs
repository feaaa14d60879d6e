// What each provider preset must produce, written from /work/shared/reference/providers.md (not
// from the page's own catalog), and how to bring a fresh page to "preset chosen, placeholders
// filled, recommended key made, client id set".
import assert from 'node:assert/strict';
import { ACCESS_TOKEN_TYPE, ASSERTION_TYPE, JWT_BEARER, TOKEN_EXCHANGE } from './oauth.mjs';
import { UUID, rsaBits, verifyJwt, x5tS256 } from './providerpage.mjs';
import { checkProof } from './dpop.mjs';
import { formOf } from './workbench.mjs';

const ALL_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * Per preset: placeholders to fill (and nothing else may be open), client id, the key type,
 * and the rules: algs, maxLifetime, kid/typ/x5t#S256, aud (a string), iss/sub, endpoint, grant,
 * client auth, form fields the curl must carry (exact values, or RegExp), and form fields it must not.
 */
export const EXPECTED = {
  custom: {
    placeholders: {},
    clientId: 'custom-client',
    // No preset values: the user fills the endpoint and lets aud follow it.
    async before(p) {
      await p.set('token-endpoint', 'https://as.example.test/oauth2/token');
      await p.el('assertion-aud-mode').selectOption('token-endpoint');
    },
    key: { kty: 'RSA' },
    algs: ALL_ALGS,
    endpoint: 'https://as.example.test/oauth2/token',
    aud: 'https://as.example.test/oauth2/token',
    grant: 'client_credentials',
    auth: 'private_key_jwt',
    form: {},
  },
  'vlaanderen-acm': {
    placeholders: {},
    clientId: 'acm-client-0001',
    key: { kty: 'RSA', bits: 4096 }, // the ACM examples use RSA 4096
    algs: ['RS256'],
    maxLifetime: 600,
    typ: 'JWT',
    jtiUuid: true,
    endpoint: 'https://authenticatie.vlaanderen.be/op/v1/token',
    aud: 'https://authenticatie.vlaanderen.be/op',
    grant: 'client_credentials',
    auth: 'private_key_jwt',
    form: { scope: /^(vo_info|awv_toep_services)$/, client_id: 'acm-client-0001' },
  },
  'vlaanderen-acm-test': {
    placeholders: {},
    clientId: 'acm-ti-client-0001',
    key: { kty: 'RSA', bits: 4096 },
    algs: ['RS256'],
    maxLifetime: 600,
    typ: 'JWT',
    jtiUuid: true,
    endpoint: 'https://authenticatie-ti.vlaanderen.be/op/v1/token',
    aud: 'https://authenticatie-ti.vlaanderen.be/op',
    grant: 'client_credentials',
    auth: 'private_key_jwt',
    form: { scope: /^(vo_info|awv_toep_services)$/, client_id: 'acm-ti-client-0001' },
  },
  koppeltaal: {
    placeholders: {},
    clientId: '5ad7cf6a-9556-4d23-91ca-250dafa1df09',
    key: { kty: 'RSA' },
    algs: ['RS512'],
    maxLifetime: 300,
    kid: true,
    jtiUuid: true,
    // providers.md says auth-service.…; Koppeltaal's own "Authorizeren" page
    // (shared/seeds/001) says authentication-service.…, and the provider's document wins.
    endpoint: 'https://authentication-service.koppeltaal.headease.nl/oauth2/token',
    aud: 'https://authentication-service.koppeltaal.headease.nl/oauth2/token',
    grant: 'client_credentials',
    auth: 'private_key_jwt',
    form: {},
  },
  okta: {
    placeholders: { domain: 'dev-123456.okta.com' },
    clientId: '0oa1b2c3d4e5f6g7h8i9',
    key: {},
    algs: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'],
    maxLifetime: 3600,
    endpoint: 'https://dev-123456.okta.com/oauth2/v1/token',
    aud: 'https://dev-123456.okta.com/oauth2/v1/token', // the full URL called
    grant: 'client_credentials',
    auth: 'private_key_jwt',
    form: { scope: /^okta\.\S+/ },
  },
  'oidc-op': {
    placeholders: { host: 'op.example.org' },
    clientId: 'oidcop-client',
    key: {},
    algs: ALL_ALGS,
    endpoint: 'https://op.example.org/token',
    aud: 'https://op.example.org/token', // the exact URL of the endpoint being called
    grant: 'client_credentials',
    auth: 'private_key_jwt',
    form: {},
  },
  'mijn-burgerprofiel': {
    placeholders: { 'mbp-client-id': 'mbp-client-42' },
    params: { subject_token: 'user-access-token', actor_token: 'user-access-token' },
    clientId: 'acm-mbp-client',
    key: { kty: 'RSA' },
    algs: ['RS256'],
    maxLifetime: 600,
    typ: 'JWT',
    endpoint: 'https://authenticatie-ti.vlaanderen.be/op/v1/token', // step 1 is at ACM
    aud: 'https://authenticatie-ti.vlaanderen.be/op',
    grant: TOKEN_EXCHANGE,
    auth: 'private_key_jwt',
    form: {
      audience: 'mbp-client-42',
      subject_token: 'user-access-token',
      subject_token_type: ACCESS_TOKEN_TYPE,
      actor_token: 'user-access-token',
      actor_token_type: ACCESS_TOKEN_TYPE,
    },
  },
  'smart-backend': {
    placeholders: { 'fhir-server': 'fhir.example.org/r4' },
    clientId: 'smart-backend-client',
    key: {},
    algs: ['RS384', 'ES384'],
    maxLifetime: 300,
    kid: true,
    typ: 'JWT',
    endpoint: 'https://fhir.example.org/r4/token',
    aud: 'https://fhir.example.org/r4/token',
    grant: 'client_credentials',
    auth: 'private_key_jwt',
    form: { scope: /^system\/\S+/ },
  },
  keycloak: {
    placeholders: { host: 'kc.example.org', realm: 'demo' },
    clientId: 'kc-client',
    key: {},
    algs: ALL_ALGS,
    maxLifetime: 60,
    endpoint: 'https://kc.example.org/realms/demo/protocol/openid-connect/token',
    // One aud: the issuer (recommended) or the token endpoint.
    aud: ['https://kc.example.org/realms/demo', 'https://kc.example.org/realms/demo/protocol/openid-connect/token'],
    grant: 'client_credentials',
    auth: 'private_key_jwt',
    form: {},
  },
  auth0: {
    placeholders: { tenant: 'acme-dev', 'api-identifier': 'https://api.acme.example' },
    clientId: 'auth0-client-id',
    key: { kty: 'RSA', minBits: 2048, maxBits: 4096 },
    algs: ['RS256', 'RS384', 'PS256'],
    maxLifetime: 300,
    jti: true,
    endpoint: 'https://acme-dev.auth0.com/oauth/token',
    aud: 'https://acme-dev.auth0.com/', // with its trailing slash
    grant: 'client_credentials',
    auth: 'private_key_jwt',
    form: { audience: 'https://api.acme.example' },
  },
  entra: {
    placeholders: { tenant: 'contoso.onmicrosoft.com' },
    certificate: true,
    clientId: '11111111-2222-3333-4444-555555555555',
    key: { kty: 'RSA' },
    algs: ['PS256'], // PS256 with x5t#S256 (RS256 goes with the older x5t)
    x5tS256: true,
    jtiUuid: true,
    endpoint: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
    aud: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
    grant: 'client_credentials',
    auth: 'private_key_jwt',
    form: { scope: /\/\.default$/ },
  },
  'google-service-account': {
    placeholders: {},
    clientId: 'pkjwt-e2e@my-project.iam.gserviceaccount.com',
    key: { kty: 'RSA' },
    algs: ['RS256'],
    maxLifetime: 3600,
    typ: 'JWT',
    sub: null, // no sub: the service account acts as itself
    scopeClaim: /^https:\/\/www\.googleapis\.com\/auth\/\S+/,
    endpoint: 'https://oauth2.googleapis.com/token',
    aud: 'https://oauth2.googleapis.com/token',
    grant: JWT_BEARER,
    auth: 'none',
    form: {},
    notInForm: ['client_assertion', 'client_assertion_type', 'scope', 'client_id'],
  },
  salesforce: {
    placeholders: { username: 'alice@acme.example' },
    clientId: '3MVG9consumerKeyFromTheConnectedApp',
    key: { kty: 'RSA' },
    algs: ['RS256'],
    maxLifetime: 180,
    sub: 'alice@acme.example', // the username
    endpoint: 'https://login.salesforce.com/services/oauth2/token',
    aud: 'https://login.salesforce.com',
    grant: JWT_BEARER,
    auth: 'none',
    form: {},
    notInForm: ['client_assertion', 'client_assertion_type'],
  },
  // FAPI 2.0 Security Profile (final, https://openid.net/specs/fapi-security-profile-2_0-final.html):
  // the code flow with PAR and PKCE S256; private_key_jwt whose aud is the issuer identifier as
  // a string (§5.3.2.1 by RFC 7523's rule as FAPI 2.0 narrows it); PS256, ES256 or EdDSA (§5.4.1);
  // sender-constrained tokens (§5.3.2.1: DPoP here). Issue 12: a short lifetime, nbf/iat within 10 s.
  // The token request needs a code: a made-up one, as after the callback.
  fapi2: {
    placeholders: { host: 'as.example.org' },
    clientId: 'fapi2-client',
    key: {},
    algs: ['PS256', 'ES256', 'EdDSA'],
    maxLifetime: 60,
    nbf: 10,
    summary: /FAPI/,
    async before(p) {
      await p.reveal('param-code');
      await p.set('param-code', 'example-code');
    },
    endpoint: 'https://as.example.org/token',
    aud: 'https://as.example.org',
    grant: 'authorization_code',
    auth: 'private_key_jwt',
    form: { code: 'example-code', redirect_uri: /^http:\/\/127\.0\.0\.1:\d+\/callback\.html$/ },
    dpop: true,
  },
};

/**
 * A fresh page with `id` chosen, placeholders filled, the recommended key generated (a
 * certificate made where x5t#S256 is required) and the client id set. Returns the key.
 */
export async function prepare(p, id) {
  const want = EXPECTED[id];
  await p.choosePreset(id);
  assert.equal(await p.presetValue(), id);
  assert.deepEqual((await p.placeholderNames()).sort(), Object.keys(want.placeholders).sort(), `${id}: open placeholders`);
  await p.fillPlaceholders(want.placeholders);
  assert.deepEqual(await p.placeholderNames(), [], `${id}: every placeholder filled`);
  assert.equal(await p.el('placeholders').count(), 0, `${id}: the placeholders card goes away once all are filled`);
  let key;
  if (id === 'custom') {
    assert.equal(await p.el('preset-generate-key').count(), 0, 'custom recommends no key');
    await p.generate('RSA-2048');
    key = await p.key();
  } else {
    key = await p.generateRecommendedKey();
  }
  if (want.certificate) {
    await p.makeCertificate({});
    key = await p.key();
  }
  await p.set('client-id', want.clientId);
  if (want.before) await want.before(p);
  for (const [name, value] of Object.entries(want.params ?? {})) await p.set(`param-${name}`, value);
  await p.assertionWhere(({ claims }) => claims.iss === want.clientId, `${id}: assertion for ${want.clientId}`);
  return key;
}

const matches = (value, expected) => (expected instanceof RegExp ? expected.test(value ?? '') : value === expected);

/**
 * Checks the shown assertion and curl against EXPECTED[id]. Returns what it read.
 */
export async function checkPreset(p, id) {
  const want = EXPECTED[id];
  const at = (what) => `${id}: ${what}`;
  await p.settle();
  assert.deepEqual(await p.problems(), [], at('no problems listed'));
  assert.deepEqual(await p.fieldsWithPlaceholders(), [], at('no field still holds a placeholder'));

  const { header, claims, jwks } = await p.verifiedAssertion();
  const [jwk] = jwks.keys;
  assert.equal(jwks.keys.length, 1, at('one key in the JWKS'));

  // Key.
  if (want.key.kty) assert.equal(jwk.kty, want.key.kty, at('key type'));
  if (want.key.bits) assert.equal(rsaBits(jwk), want.key.bits, at('RSA modulus size'));
  if (want.key.minBits) assert.ok(rsaBits(jwk) >= want.key.minBits && rsaBits(jwk) <= want.key.maxBits, at(`RSA ${rsaBits(jwk)} bits`));

  // Header.
  assert.ok(want.algs.includes(header.alg), at(`alg ${header.alg} is one of ${want.algs}`));
  if (want.kid) assert.equal(header.kid, jwk.kid, at('kid names the key'));
  if (want.typ) assert.equal(header.typ, want.typ, at('typ'));
  if (want.x5tS256) {
    const pem = await p.text('key-certificate-pem');
    assert.equal(header['x5t#S256'], x5tS256(pem), at('x5t#S256 is the certificate thumbprint'));
  }

  // Claims.
  assert.equal(claims.iss, want.clientId, at('iss is the client id'));
  if (want.sub === null) assert.ok(!('sub' in claims), at('no sub'));
  else assert.equal(claims.sub, want.sub ?? want.clientId, at('sub'));
  assert.equal(typeof claims.aud, 'string', at('aud is one string'));
  assert.ok([want.aud].flat().includes(claims.aud), at(`aud ${claims.aud} is ${want.aud}`));
  assert.equal(typeof claims.exp, 'number', at('exp'));
  assert.equal(typeof claims.iat, 'number', at('iat'));
  if (want.maxLifetime) assert.ok(claims.exp - claims.iat <= want.maxLifetime, at(`lifetime ${claims.exp - claims.iat} ≤ ${want.maxLifetime}`));
  if (want.grant !== JWT_BEARER || want.jti) assert.equal(typeof claims.jti, 'string', at('jti'));
  if (want.jtiUuid) assert.match(claims.jti, UUID, at('jti is a UUID'));
  if (want.scopeClaim) assert.match(claims.scope ?? '', want.scopeClaim, at('scope claim'));
  if (want.nbf !== undefined) {
    assert.equal(typeof claims.nbf, 'number', at('nbf'));
    assert.ok(Math.abs(claims.nbf - claims.iat) <= want.nbf, at(`nbf within ${want.nbf} s of iat`));
  }

  // Request.
  assert.equal(await p.el('token-endpoint').inputValue(), want.endpoint, at('token-endpoint'));
  assert.equal(await p.el('grant-type').inputValue(), want.grant, at('grant-type'));
  assert.equal(await p.el('client-auth').inputValue(), want.auth, at('client-auth'));
  const curl = await p.curlRequest();
  assert.equal(curl.code, 0, at(`bash parses the curl: ${curl.stderr}`));
  assert.equal(curl.url, want.endpoint, at('curl URL'));
  const form = formOf(curl.form);
  assert.equal(form.grant_type, want.grant, at('curl grant_type'));
  if (want.auth === 'private_key_jwt') {
    assert.equal(form.client_assertion_type, ASSERTION_TYPE, at('curl client_assertion_type'));
    assert.equal(form.client_assertion?.split('.').length, 3, at('curl client_assertion'));
  }
  if (want.grant === JWT_BEARER) assert.equal(form.assertion?.split('.').length, 3, at('curl assertion (the grant)'));
  for (const [name, value] of Object.entries(want.form)) assert.ok(matches(form[name], value), at(`curl ${name}=${form[name]} matches ${value}`));
  for (const name of want.notInForm ?? []) assert.ok(!(name in form), at(`curl has no ${name}`));
  if (want.dpop) {
    // A DPoP proof (RFC 9449) for this request, verified with jose against its own jwk.
    const proof = curl.headers.find(([n]) => n.toLowerCase() === 'dpop')?.[1];
    assert.ok(proof, at('the curl carries a DPoP header'));
    await checkProof(proof, { htm: 'POST', htu: want.endpoint });
  }
  // The JWT in the curl is signed by the same key and says the same things (fresh jti/iat/exp).
  const sent = form.client_assertion ?? form.assertion;
  const { claims: sentClaims, header: sentHeader } = await verifyJwt(sent, jwks);
  for (const name of ['iss', 'sub', 'aud', 'scope']) assert.deepEqual(sentClaims[name], claims[name], at(`curl JWT ${name}`));
  assert.deepEqual({ ...sentHeader }, { ...header }, at('curl JWT header'));
  return { header, claims, jwk, curl, form };
}
