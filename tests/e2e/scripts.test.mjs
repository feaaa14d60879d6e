// The page's Script output, run for real: for RS256, PS256, ES256 and EdDSA (Ed25519) keys, the
// python, node, go and bash scripts are taken from the page (script-lang, script), written with
// the private key the page downloads (key-private-pem-download) to a temporary directory, and
// run twice each by the real interpreter (the venv's python with requests + PyJWT[crypto],
// node, `go run main.go`, bash with openssl and curl) against the real oidc-provider, which
// registered the page's JWKS. Two access tokens per script, and the server's record shows every
// run signed a new assertion (oidc-provider refuses a jti it has seen), verified here again with
// node `jose` against the page's public JWK, with exactly the page's header and claim names.
// The first run reads the key from its default file name, the second from $PKJWT_KEY_FILE.
// The four languages run at the same time (each one's two runs one after the other); REPORT=1
// prints the run times.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK } from 'jose';
import { fixture } from './lib/fixture.mjs';
import { pemBody, PRIVATE_MEMBERS } from './lib/verify.mjs';
import { Workbench } from './lib/workbench.mjs';
import {
  FILE_NAMES, LANGS, ScriptPanel, ScriptRun, TRACE, checkInterpreters, describe, downloadPrivateKey, workdir,
} from './lib/scripts.mjs';

const fx = fixture({ page: Workbench, authorizationServers: { as: { cors: true } } });
const ALGS = ['RS256', 'PS256', 'ES256', 'EdDSA'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const show = (...args) => { if (process.env.REPORT) console.error('[scripts]', ...args); };

/** One page for the whole file: a new key and client per algorithm. */
let bench;
let scripts;
before(async () => {
  await checkInterpreters();
  bench = await fx.openShared();
  scripts = new ScriptPanel(bench);
});

/** The script never holds the private key: no PEM body, no 40-character run of it, no private JWK member. */
function assertNoPrivateKey(text, key, label) {
  const body = pemBody(key.privatePem);
  for (let i = 0; i + 40 <= body.length; i += 20) assert.ok(!text.includes(body.slice(i, i + 40)), `${label}: part of the PKCS#8 body is in the script`);
  assert.ok(!text.includes('PRIVATE KEY-----'), `${label}: a PEM private key block in the script`);
  for (const m of PRIVATE_MEMBERS) {
    const v = key.privateJwk?.[m];
    if (v) assert.ok(!text.includes(v.slice(0, 40)), `${label}: the private JWK member ${m} is in the script`);
  }
}

for (const alg of ALGS) {
  test(`${alg}: python, node, go and bash scripts each get two access tokens from oidc-provider, each run a new assertion`, async (t) => {
    const key = await bench.keyFor(alg);
    const clientId = `script-${alg}-${randomUUID()}`;
    await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks });
    const shown = await bench.configure({
      grant: 'client_credentials', auth: 'private_key_jwt', clientId, aud: fx.as.tokenEndpoint, alg,
      endpoint: fx.as.tokenEndpoint, params: { scope: 'api:read' },
    });
    const dir = await workdir(t, `scripts-${alg}`);
    const keyFile = await downloadPrivateKey(bench, dir);
    assert.equal(keyFile.pem, key.privatePem, 'the downloaded key file is the PKCS#8 PEM the page shows');

    const runs = {};
    for (const lang of LANGS) {
      const text = await scripts.text(lang);
      assertNoPrivateKey(text, key, `${alg} ${lang}`);
      if (alg === ALGS[0]) {
        const saved = await scripts.download();
        assert.equal(saved.name, FILE_NAMES[lang], `${lang}: the download's name`);
        assert.equal(saved.content, text, `${lang}: the download holds exactly the script shown`);
      }
      runs[lang] = await ScriptRun.write(lang, join(dir, lang), text);
      await runs[lang].addFile(keyFile.path, keyFile.name);
    }

    const started = Date.now();
    const results = Object.fromEntries(await Promise.all(LANGS.map(async (lang) => {
      const s = runs[lang];
      const first = await s.run();
      // The second run: the key only at $PKJWT_KEY_FILE, not under its default name.
      await mkdir(join(s.dir, 'keys'), { recursive: true });
      const elsewhere = join(s.dir, 'keys', 'client.pem');
      await rename(join(s.dir, keyFile.name), elsewhere);
      const second = await s.run({ env: { PKJWT_KEY_FILE: elsewhere } });
      return [lang, [first, second]];
    })));
    show(`${alg}: 4 languages × 2 runs in ${Date.now() - started} ms;`, LANGS.map((l) => `${l} ${results[l].map((r) => r.ms).join('+')} ms`).join(', '));

    const verifyKey = await importJWK(key.publicJwk, alg);
    const tokens = new Set();
    const jtis = new Set();
    const seen = fx.as.requestsTo('token').filter((r) => r.params?.client_assertion && decodeJwt(r.params.client_assertion).iss === clientId);
    for (const lang of LANGS) {
      for (const [i, ran] of results[lang].entries()) {
        const label = `${alg} ${lang} run ${i + 1}`;
        assert.equal(ran.code, 0, `${label}: ${describe(ran)}`);
        assert.doesNotMatch(ran.stderr, TRACE, `${label}: no stack trace`);
        const token = ran.json?.access_token;
        assert.ok(token, `${label}: stdout is the JSON answer with an access_token: ${ran.stdout.slice(0, 300)}`);
        assert.equal(decodeJwt(token).client_id, clientId, `${label}: the token is for the page's client`);
        assert.ok(!tokens.has(token), `${label}: a new access token`);
        tokens.add(token);

        // What the server got for this run, found by the token it answered with.
        const request = seen.find((r) => r.body?.access_token === token);
        assert.ok(request, `${label}: the server's record of the request`);
        assert.equal(request.params.grant_type, 'client_credentials');
        assert.equal(request.params.scope, 'api:read', `${label}: scope as on the page`);
        const assertion = request.params.client_assertion;
        await compactVerify(assertion, verifyKey).catch((err) => assert.fail(`${label}: jose does not verify the assertion with the page's public key: ${err.message}`));
        const header = decodeProtectedHeader(assertion);
        const claims = decodeJwt(assertion);
        assert.deepEqual(Object.entries(header), Object.entries(shown.header), `${label}: the header is the page's, member for member and in order`);
        assert.deepEqual(Object.keys(claims), Object.keys(shown.claims), `${label}: the page's claims, in its order`);
        for (const name of ['iss', 'sub', 'aud']) assert.deepEqual(claims[name], shown.claims[name], `${label}: ${name}`);
        assert.equal(claims.exp - claims.iat, shown.claims.exp - shown.claims.iat, `${label}: the page's lifetime`);
        assert.ok(Math.abs(claims.iat - Date.now() / 1000) < 120, `${label}: iat is the time of the run (${claims.iat})`);
        if (UUID.test(shown.claims.jti)) assert.match(claims.jti, UUID, `${label}: jti in the page's format`);
        else assert.equal(claims.jti.length, shown.claims.jti.length, `${label}: jti in the page's format`);
        assert.notEqual(claims.jti, shown.claims.jti, `${label}: not the page's jti`);
        assert.ok(!jtis.has(claims.jti), `${label}: a new jti`);
        jtis.add(claims.jti);
      }
    }
    assert.equal(seen.filter((r) => r.status === 200).length, 2 * LANGS.length, 'the server answered 200 to each of the eight runs');
    assert.equal(jtis.size, 2 * LANGS.length);
  });
}
