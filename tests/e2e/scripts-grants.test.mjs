// The page's scripts for the other requests, in all four languages (one ES256 key), run by the
// real interpreters against the real oidc-provider: introspection and the refresh_token grant
// (each script run twice: a new assertion each time), token exchange, the JWT-bearer grant
// (its `assertion` signed afresh by the script), revocation (the server then no longer knows
// the token), and client_secret_post, whose secret the script reads from $PKJWT_CLIENT_SECRET
// and never holds; the authorization code flow's token request (a code per language, got from
// the server's own login and consent, answered from node, with PKCE). The four languages run
// at the same time.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { compactVerify, decodeJwt, importJWK } from 'jose';
import { fixture } from './lib/fixture.mjs';
import { frontChannel } from './lib/interactions.mjs';
import { JWT_BEARER, TOKEN_EXCHANGE, TOKEN_TYPE } from './lib/oauth.mjs';
import { Workbench } from './lib/workbench.mjs';
import {
  LANGS, ScriptPanel, ScriptRun, checkInterpreters, describe, downloadPrivateKey, workdir,
} from './lib/scripts.mjs';

// `code`: a server with the user flows, for the authorization code flow's token request.
const fx = fixture({ page: Workbench, authorizationServers: { as: { cors: true }, code: { userFlows: true } } });
const show = (...args) => { if (process.env.REPORT) console.error('[scripts-grants]', ...args); };

let bench;
let scripts;
let key;
let clientId;
let keyFile;
let verifyKey;
before(async () => {
  await checkInterpreters();
  bench = await fx.openShared();
  scripts = new ScriptPanel(bench);
  key = await bench.keyFor('ES256');
  verifyKey = await importJWK(key.publicJwk, 'ES256');
  clientId = `script-grants-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks });
  await baseline();
});

/** Every test starts from the same request: client_credentials for the registered client, private_key_jwt. */
async function baseline() {
  await bench.el('client-auth').selectOption('private_key_jwt');
  await bench.set('assertion-sub', clientId); // the JWT-bearer test puts a user there
  await bench.configure({ grant: 'client_credentials', clientId, aud: fx.as.tokenEndpoint, endpoint: fx.as.tokenEndpoint });
}

/**
 * Takes each language's script for the request set up by `prepare(lang)` (called before each
 * language's script is taken), with the key file beside it, and runs it `times` times;
 * the languages at the same time. Returns {lang: [run, …]}.
 */
async function runEverywhere(t, label, { prepare, times = 1, env = {} } = {}) {
  const dir = await workdir(t, label);
  keyFile = await downloadPrivateKey(bench, dir);
  const runs = {};
  for (const lang of LANGS) {
    await prepare?.(lang);
    runs[lang] = await ScriptRun.write(lang, join(dir, lang), await scripts.text(lang));
    await runs[lang].addFile(keyFile.path, keyFile.name);
  }
  const started = Date.now();
  const out = Object.fromEntries(await Promise.all(LANGS.map(async (lang) => {
    const results = [];
    for (let i = 0; i < times; i++) results.push(await runs[lang].run({ env }));
    return [lang, results];
  })));
  show(`${label}: ${Date.now() - started} ms;`, LANGS.map((l) => `${l} ${out[l].map((r) => r.ms).join('+')} ms`).join(', '));
  return { out, runs };
}

/** Server records at `route` whose client assertion came from the key, new jtis all. */
async function assertFreshAssertions(route, count, label) {
  const entries = fx.as.requestsTo(route).filter((r) => r.params?.client_assertion && decodeJwt(r.params.client_assertion).iss === clientId);
  const recent = entries.slice(-count);
  assert.equal(recent.length, count, `${label}: ${count} requests at ${route}`);
  const jtis = new Set();
  for (const r of recent) {
    assert.equal(r.status, 200, `${label}: status ${r.status} ${r.error}`);
    await compactVerify(r.params.client_assertion, verifyKey);
    jtis.add(decodeJwt(r.params.client_assertion).jti);
  }
  assert.equal(jtis.size, count, `${label}: every run signed a new assertion`);
  return recent;
}

const ok = (ran, label) => assert.equal(ran.code, 0, `${label}: ${describe(ran)}`);

test('introspection: every language, twice, says the opaque token is active', async (t) => {
  await baseline();
  const token = await fx.as.mintAccessToken(clientId, { accountId: 'alice', resource: fx.as.opaqueResource });
  await bench.configure({ grant: 'introspection', endpoint: fx.as.introspectionEndpoint, params: { token, token_type_hint: 'access_token' } });
  const { out } = await runEverywhere(t, 'introspection', { times: 2 });
  for (const lang of LANGS) {
    for (const [i, ran] of out[lang].entries()) {
      ok(ran, `${lang} run ${i + 1}`);
      assert.equal(ran.json?.active, true, `${lang} run ${i + 1}: ${ran.stdout}`);
      assert.equal(ran.json.sub, 'alice');
      assert.equal(ran.json.client_id, clientId);
    }
  }
  const seen = await assertFreshAssertions('introspection', 2 * LANGS.length, 'introspection');
  for (const r of seen) assert.equal(r.params.token, token, 'the token sent is the page\'s');
});

test('refresh_token: every language, twice, gets access tokens for the user', async (t) => {
  await baseline();
  const rt = await fx.as.mintRefreshToken(clientId, { accountId: 'bob', scope: 'api:read' });
  await bench.configure({ grant: 'refresh_token', endpoint: fx.as.tokenEndpoint, params: { refresh_token: rt } });
  const { out } = await runEverywhere(t, 'refresh', { times: 2 });
  const tokens = new Set();
  for (const lang of LANGS) {
    for (const [i, ran] of out[lang].entries()) {
      ok(ran, `${lang} run ${i + 1}`);
      const at = ran.json?.access_token;
      assert.ok(at, `${lang} run ${i + 1}: an access token: ${ran.stdout}`);
      assert.equal(decodeJwt(at).sub, 'bob');
      assert.equal(ran.json.scope, 'api:read');
      tokens.add(at);
    }
  }
  assert.equal(tokens.size, 2 * LANGS.length, 'eight different access tokens');
  const seen = await assertFreshAssertions('token', 2 * LANGS.length, 'refresh');
  for (const r of seen) assert.deepEqual([r.params.grant_type, r.params.refresh_token], ['refresh_token', rt]);
});

test('token exchange: every language exchanges the subject token, with both audiences', async (t) => {
  await baseline();
  const subject = await fx.as.mintAccessToken(clientId, { accountId: 'carol' });
  await bench.configure({
    grant: TOKEN_EXCHANGE, endpoint: fx.as.tokenEndpoint,
    params: { subject_token: subject, subject_token_type: TOKEN_TYPE.access_token, audience: 'first-audience\nsecond-audience', scope: 'api:read' },
  });
  const { out } = await runEverywhere(t, 'exchange');
  for (const lang of LANGS) {
    const ran = out[lang][0];
    ok(ran, lang);
    assert.equal(ran.json?.issued_token_type, TOKEN_TYPE.access_token, `${lang}: ${ran.stdout}`);
    const claims = decodeJwt(ran.json.access_token);
    assert.equal(claims.sub, 'carol');
    assert.deepEqual(claims.aud, ['first-audience', 'second-audience'], `${lang}: both audiences reached the server`);
  }
  await assertFreshAssertions('token', LANGS.length, 'token exchange');
});

test('JWT-bearer grant (client-auth none): every language signs the grant assertion afresh, user in sub', async (t) => {
  await baseline();
  const bearer = `script-bearer-${randomUUID()}`;
  await fx.as.addClient({ client_id: bearer, jwks: key.publicJwks, token_endpoint_auth_method: 'none', grant_types: [JWT_BEARER] });
  await bench.configure({ grant: JWT_BEARER, auth: 'none', clientId: bearer, endpoint: fx.as.tokenEndpoint, params: { scope: 'api:read' } });
  await bench.set('assertion-sub', 'user@example.test');
  const shown = await bench.assertionWhere(({ claims }) => claims.sub === 'user@example.test', 'assertion with sub = user');
  const { out } = await runEverywhere(t, 'jwt-bearer', { times: 2 });
  const jtis = new Set();
  for (const lang of LANGS) {
    for (const [i, ran] of out[lang].entries()) {
      ok(ran, `${lang} run ${i + 1}`);
      assert.equal(decodeJwt(ran.json?.access_token ?? '').sub, 'user@example.test', `${lang}: ${ran.stdout}`);
    }
  }
  const seen = fx.as.requestsTo('token').filter((r) => r.params?.grant_type === JWT_BEARER).slice(-2 * LANGS.length);
  for (const r of seen) {
    assert.equal(r.status, 200);
    assert.equal(r.params.client_assertion, undefined, 'no client authentication');
    await compactVerify(r.params.assertion, verifyKey);
    const claims = decodeJwt(r.params.assertion);
    assert.deepEqual([claims.iss, claims.sub], [bearer, 'user@example.test']);
    assert.deepEqual(Object.keys(claims), Object.keys(shown.claims), 'the page\'s claims, in its order');
    assert.notEqual(claims.jti, shown.claims.jti);
    jtis.add(claims.jti);
  }
  assert.equal(jtis.size, 2 * LANGS.length, 'every run signed a new grant assertion');
});

test('revocation: each language revokes its own opaque token', async (t) => {
  await baseline();
  const tokens = {};
  await bench.configure({ grant: 'revocation', endpoint: fx.as.revocationEndpoint });
  const { out } = await runEverywhere(t, 'revocation', {
    prepare: async (lang) => {
      tokens[lang] = await fx.as.mintAccessToken(clientId, { resource: fx.as.opaqueResource });
      assert.ok(await fx.as.tokenRecord(tokens[lang]), 'control: the server holds the token before');
      await bench.set('param-token', tokens[lang]);
    },
  });
  for (const lang of LANGS) {
    ok(out[lang][0], lang);
    assert.equal(await fx.as.tokenRecord(tokens[lang]), undefined, `${lang}: the server no longer holds the token`);
  }
  await assertFreshAssertions('revocation', LANGS.length, 'revocation');
});

test('client_secret_post: the script reads the secret from $PKJWT_CLIENT_SECRET and does not hold it', async (t) => {
  await baseline();
  const secretClient = `script-secret-${randomUUID()}`;
  const secret = `s3cr3t-${randomUUID()}'"$(x)`;
  await fx.as.addClient({ client_id: secretClient, client_secret: secret, token_endpoint_auth_method: 'client_secret_post' });
  // No configure(): it waits for an assertion, which a secret-authenticated request does not need.
  await bench.el('grant-type').selectOption('client_credentials');
  await bench.el('client-auth').selectOption('client_secret_post');
  await bench.set('client-id', secretClient);
  await bench.set('token-endpoint', fx.as.tokenEndpoint);
  await bench.set('param-client_secret', secret);
  const { out, runs } = await runEverywhere(t, 'secret', { env: { PKJWT_CLIENT_SECRET: secret } });
  for (const lang of LANGS) {
    assert.ok(!runs[lang].text.includes('s3cr3t-'), `${lang}: the secret is not in the script`);
    ok(out[lang][0], lang);
    assert.equal(decodeJwt(out[lang][0].json?.access_token ?? '').client_id, secretClient, `${lang}: ${out[lang][0].stdout}`);
  }
  const seen = fx.as.requestsTo('token').filter((r) => r.params?.client_id === secretClient).slice(-LANGS.length);
  assert.deepEqual(seen.map((r) => [r.status, r.params.client_secret]), LANGS.map(() => [200, secret]), 'the secret reached the server byte for byte');
});

test('authorization_code: each language redeems its own code (PKCE) for tokens and an id_token', async (t) => {
  await baseline();
  const codeClient = `script-code-${randomUUID()}`;
  const redirectUri = 'https://client.example/callback';
  await fx.code.addClient({ client_id: codeClient, jwks: key.publicJwks, redirect_uris: [redirectUri] });
  await bench.set('assertion-sub', codeClient);
  await bench.configure({ grant: 'authorization_code', clientId: codeClient, aud: fx.code.tokenEndpoint, endpoint: fx.code.tokenEndpoint });
  await bench.set('redirect-uri', redirectUri);
  const codes = {};
  const { out } = await runEverywhere(t, 'code', {
    prepare: async (lang) => {
      const verifier = randomBytes(32).toString('base64url');
      const query = new URLSearchParams({
        client_id: codeClient, response_type: 'code', redirect_uri: redirectUri, scope: 'openid', state: randomUUID(), nonce: randomUUID(),
        code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
      });
      const front = await frontChannel(fx.code, `${fx.code.authorizationEndpoint}?${query}`);
      const code = front.params?.get('code');
      assert.ok(code, `${lang}: a code from the front channel: ${JSON.stringify(front.body)}`);
      codes[lang] = code;
      await bench.set('param-code', code);
      await bench.set('param-code_verifier', verifier);
    },
  });
  for (const lang of LANGS) {
    const ran = out[lang][0];
    ok(ran, lang);
    assert.ok(ran.json?.access_token, `${lang}: ${ran.stdout}`);
    const idToken = decodeJwt(ran.json.id_token ?? '');
    assert.deepEqual([idToken.sub, idToken.aud], ['alice', codeClient], `${lang}: the id_token is alice's, for the client`);
  }
  const seen = fx.code.requestsTo('token').filter((r) => r.params?.grant_type === 'authorization_code').slice(-LANGS.length);
  assert.deepEqual(seen.map((r) => [r.status, r.params.code, r.params.redirect_uri]).sort(), LANGS.map((l) => [200, codes[l], redirectUri]).sort(),
    'each code redeemed once, with the redirect_uri (the languages ran at the same time: in any order)');
  for (const r of seen) await compactVerify(r.params.client_assertion, verifyKey);
});
