// The page's scripts with hostile values, when things go wrong, and with a .env file:
//   - hostile client_id, scope and resources (quotes, $(), backticks, ${}, backslashes, tabs,
//     control characters, non-ASCII, U+2028/U+2029, U+FEFF, %, +, &, =, 8 KB) reach a loopback
//     recorder from every language byte for byte as the page's own Send would post them (its raw
//     HTTP rendering), the client_assertion aside, which carries the client_id as iss; no
//     command in them ever runs;
//   - a missing key file, a key of the wrong type, a file that is no key, a missing
//     $PKJWT_CLIENT_SECRET: exit 2 and one line on stderr; an error answer of the server
//     (unknown client): exit 1 and one line `pkjwt: 401 invalid_client …`; never a stack trace;
//   - python and bash with script-env: the built-in client without a .env; the page's own .env
//     export of another client (and PKJWT_KEY_FILE in it) takes over; a hostile .env value
//     arrives as it is and runs nothing;
//   - DPoP on or an mTLS method: no script, script-error says why, and the script is back after.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compactVerify, decodeJwt, importJWK } from 'jose';
import { fixture } from './lib/fixture.mjs';
import { startFormRecorder, withoutValue } from './lib/form-recorder.mjs';
import { ProviderPage } from './lib/providerpage.mjs';
import { formFields } from './lib/workbench.mjs';
import {
  DOTENV_LANGS, LANGS, ScriptPanel, ScriptRun, TRACE, checkInterpreters, describe, downloadPrivateKey, workdir,
} from './lib/scripts.mjs';

const fx = fixture({ page: ProviderPage, authorizationServers: { as: { cors: true } } });

let bench;
let scripts;
let key;
let clientId;
let recorder;
before(async () => {
  await checkInterpreters();
  recorder = await startFormRecorder();
  bench = await fx.openShared();
  scripts = new ScriptPanel(bench);
  key = await bench.keyFor('ES256');
  clientId = `script-errors-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks });
  await baseline();
});
after(() => recorder?.close());

/** Every test starts from the same request: client_credentials for the registered client, private_key_jwt. */
async function baseline() {
  await bench.configure({ grant: 'client_credentials', auth: 'private_key_jwt', clientId, aud: fx.as.tokenEndpoint, endpoint: fx.as.tokenEndpoint, params: { scope: '', resource: '' } });
}

/**
 * Scripts of every language for the page's current request, each in its own directory with the
 * key file; with `build`, the Go program built once (ScriptRun.build: its own exit code and stderr).
 */
async function takeAll(t, label, { langs = LANGS, dotenv, build = false } = {}) {
  const dir = await workdir(t, label);
  const keyFile = await downloadPrivateKey(bench, dir);
  const runs = {};
  for (const lang of langs) {
    runs[lang] = await ScriptRun.write(lang, join(dir, lang), await scripts.text(lang, { dotenv }));
    await runs[lang].addFile(keyFile.path, keyFile.name);
    if (build) await runs[lang].build();
  }
  return { dir, keyFile, runs };
}

/** Exactly one non-empty line on stderr, no stack trace, the exit code expected. */
function assertOneLine(ran, code, label) {
  assert.equal(ran.code, code, `${label}: exit ${code} expected; ${describe(ran)}`);
  const lines = ran.stderr.replace(/\n$/, '').split('\n');
  assert.equal(lines.length, 1, `${label}: one line on stderr, got ${lines.length}: ${ran.stderr.slice(0, 1500)}`);
  assert.ok(lines[0].trim().length > 10, `${label}: the line says something: ${JSON.stringify(lines[0])}`);
  assert.doesNotMatch(ran.stderr, TRACE, `${label}: no stack trace`);
  return lines[0];
}

test('hostile values reach the server byte for byte from every language, and run nothing', async (t) => {
  await baseline();
  const dir = await workdir(t, 'hostile-marker');
  const marker = join(dir, 'pwned');
  const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter((c) => !'\0\n\r'.includes(c)).join('');
  const hostileClient = `x'; touch ${marker}; echo '$(touch ${marker})\`touch ${marker}\`"$(touch ${marker})" \\ \${HOME} %41+&=; ü€😀\u2028\u2029\uFEFF\tend`;
  const hostileScope = `a'b "c" \\d \\n e%41+f&g=h;i|j<k>l $(touch ${marker}) \`touch ${marker}\` $HOME \${HOME} !x ü€😀 \u2028\u2029\uFEFF\t${controls}\u007f\u202e ${'s'.repeat(8192)} end`;
  const resources = [`https://r.example/a?b='c'&d=$(touch ${marker})`, 'urn:x:`touch y`:"z"\u00e9'];
  await bench.set('client-id', hostileClient);
  await bench.set('token-endpoint', recorder.url('/token'));
  await bench.set('param-scope', hostileScope);
  await bench.set('param-resource', resources.join('\n'));
  const shown = await bench.assertionWhere(({ claims }) => claims.iss === hostileClient, 'assertion for the hostile client id');
  const http = await bench.http();
  const pageBody = http.split('\r\n\r\n')[1];
  const { runs } = await takeAll(t, 'hostile');
  const verifyKey = await importJWK(key.publicJwk, 'ES256');

  for (const lang of LANGS) {
    const before = recorder.requests.length;
    const ran = await runs[lang].run();
    assert.equal(ran.code, 0, `${lang}: ${describe(ran)}`);
    const got = recorder.requests.slice(before);
    assert.equal(got.length, 1, `${lang}: one request reached the recorder`);
    const [req] = got;
    assert.equal(req.method, 'POST', lang);
    assert.equal(req.url, '/token', lang);
    assert.match(req.headers['content-type'] ?? '', /^application\/x-www-form-urlencoded\b/, `${lang}: content-type`);
    assert.equal(withoutValue(req.body, 'client_assertion').toString('latin1'), withoutValue(pageBody, 'client_assertion').toString('latin1'),
      `${lang}: the body is byte for byte the page's (the assertion aside)`);
    const form = formFields(req.text);
    const value = (name) => form.filter(([n]) => n === name).map(([, v]) => v);
    assert.deepEqual(value('scope'), [hostileScope], `${lang}: scope exactly as typed`);
    assert.deepEqual(value('resource'), resources, `${lang}: one resource per line, exactly as typed`);
    const assertion = value('client_assertion')[0];
    await compactVerify(assertion, verifyKey);
    const claims = decodeJwt(assertion);
    assert.equal(claims.iss, hostileClient, `${lang}: iss is the client id exactly`);
    assert.equal(claims.sub, hostileClient, `${lang}: sub too`);
    assert.notEqual(claims.jti, shown.claims.jti);
    if (value('client_id').length) assert.deepEqual(value('client_id'), [hostileClient], `${lang}: client_id exactly`);
  }
  assert.equal(existsSync(marker), false, 'no command in a value ran');
});

test('missing key file, wrong key type, not a key: exit 2 and one line on stderr', async (t) => {
  await baseline();
  const { dir, keyFile, runs } = await takeAll(t, 'key-errors', { build: true });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
  await writeFile(join(dir, 'rsa.pem'), rsa);
  await writeFile(join(dir, 'garbage.pem'), 'this is not a key\n');
  const missing = join(dir, 'no-such-dir', 'key.pem');
  const results = await Promise.all(LANGS.map(async (lang) => [lang, {
    missing: await runs[lang].run({ env: { PKJWT_KEY_FILE: missing } }),
    wrongType: await runs[lang].run({ env: { PKJWT_KEY_FILE: join(dir, 'rsa.pem') } }),
    garbage: await runs[lang].run({ env: { PKJWT_KEY_FILE: join(dir, 'garbage.pem') } }),
  }]));
  for (const [lang, r] of results) {
    const line = assertOneLine(r.missing, 2, `${lang} missing key file`);
    assert.ok(line.includes(missing) || line.includes('PKJWT_KEY_FILE'), `${lang}: the line names the file: ${line}`);
    assertOneLine(r.wrongType, 2, `${lang} RSA key for ES256`);
    assertOneLine(r.garbage, 2, `${lang} a file that is no key`);
    for (const ran of Object.values(r)) assert.doesNotMatch(ran.stdout, /access_token/, `${lang}: no token printed`);
  }
  // And the default file name: without PKJWT_KEY_FILE and without the file, the same.
  await Promise.all(LANGS.map(async (lang) => {
    await rename(join(runs[lang].dir, keyFile.name), join(runs[lang].dir, 'moved.pem'));
    assertOneLine(await runs[lang].run(), 2, `${lang} no key file under its default name ${keyFile.name}`);
  }));
  assert.equal(fx.as.requestsTo('token').filter((r) => r.params?.client_assertion && decodeJwt(r.params.client_assertion).iss === clientId).length, 0,
    'nothing was sent without a usable key');
});

test('an error answer from the server (unknown client): exit 1 and one line with status and error', async (t) => {
  const unknown = `not-registered-${randomUUID()}`;
  await baseline();
  await bench.configure({ clientId: unknown });
  const { runs } = await takeAll(t, 'server-error', { build: true });
  const results = await Promise.all(LANGS.map(async (lang) => [lang, await runs[lang].run()]));
  for (const [lang, ran] of results) {
    const line = assertOneLine(ran, 1, `${lang} unknown client`);
    assert.match(line, /^pkjwt: 401 invalid_client\b/, `${lang}: status and error: ${line}`);
  }
  const seen = fx.as.requestsTo('token').filter((r) => r.params?.client_assertion && decodeJwt(r.params.client_assertion).iss === unknown);
  assert.deepEqual(seen.map((r) => r.status), LANGS.map(() => 401), 'each script did reach the server');
});

test('client_secret_post without $PKJWT_CLIENT_SECRET: exit 2 and one line naming it', async (t) => {
  await baseline();
  await bench.el('client-auth').selectOption('client_secret_post');
  await bench.set('param-client_secret', 'not-in-the-script-9c1e');
  const { runs } = await takeAll(t, 'no-secret', { build: true });
  const results = await Promise.all(LANGS.map(async (lang) => [lang, await runs[lang].run()]));
  for (const [lang, ran] of results) {
    assert.ok(!runs[lang].text.includes('not-in-the-script-9c1e'), `${lang}: the secret is not in the script`);
    const line = assertOneLine(ran, 2, `${lang} no secret`);
    assert.match(line, /PKJWT_CLIENT_SECRET/, `${lang}: names the variable: ${line}`);
  }
});

test('.env (python, bash): built-in client without one; the page\'s .env export of another client takes over; hostile values run nothing', async (t) => {
  await baseline();
  const other = `script-dotenv-${randomUUID()}`;
  await fx.as.addClient({ client_id: other, jwks: key.publicJwks });
  // The page's own .env export for the other client, and one for a hostile client id sent to the recorder.
  await bench.configure({ clientId: other });
  const otherEnv = await bench.envExport();
  const dir = await workdir(t, 'dotenv-marker');
  const marker = join(dir, 'pwned');
  const hostileClient = `e'; touch ${marker}; echo '$(touch ${marker})\`touch ${marker}\`"$(touch ${marker})" ü€`;
  await bench.configure({ clientId: hostileClient, endpoint: recorder.url('/dotenv') });
  const hostileEnv = await bench.envExport();
  assert.match(hostileEnv, /CLIENT_ID=/, `the export names the client: ${hostileEnv}`);
  await bench.configure({ clientId, endpoint: fx.as.tokenEndpoint });
  const { runs, keyFile } = await takeAll(t, 'dotenv', { langs: DOTENV_LANGS, dotenv: true });

  await Promise.all(DOTENV_LANGS.map(async (lang) => {
    const s = runs[lang];
    const none = await s.run();
    assert.equal(none.code, 0, `${lang} without .env: ${describe(none)}`);
    assert.equal(decodeJwt(none.json?.access_token ?? '').client_id, clientId, `${lang} without .env: the built-in client`);

    await mkdir(join(s.dir, 'keys'));
    await rename(join(s.dir, keyFile.name), join(s.dir, 'keys', 'k.pem'));
    await writeFile(join(s.dir, '.env'), `${otherEnv}PKJWT_KEY_FILE=keys/k.pem\n`);
    const withEnv = await s.run();
    assert.equal(withEnv.code, 0, `${lang} with the page's .env: ${describe(withEnv)}`);
    assert.equal(decodeJwt(withEnv.json?.access_token ?? '').client_id, other, `${lang}: CLIENT_ID from .env`);

    await writeFile(join(s.dir, '.env'), `${hostileEnv}PKJWT_KEY_FILE=keys/k.pem\n`);
    const before = recorder.requests.filter((r) => r.url === '/dotenv').length;
    const hostile = await s.run();
    assert.equal(hostile.code, 0, `${lang} with a hostile .env: ${describe(hostile)}`);
    const got = recorder.requests.filter((r) => r.url === '/dotenv');
    assert.ok(got.length > before, `${lang}: TOKEN_ENDPOINT from .env`);
    const assertion = new URLSearchParams(got.at(-1).text).get('client_assertion');
    assert.equal(decodeJwt(assertion).iss, hostileClient, `${lang}: the client id from .env, exactly`);

    // A .env written by hand that tries to run a command: never run (whatever the script makes of it).
    await writeFile(join(s.dir, '.env'), `CLIENT_ID=$(touch ${marker})\nTOKEN_ENDPOINT=\`touch ${marker}\`\nPKJWT_KEY_FILE=keys/k.pem\n`);
    const evil = await s.run();
    assert.doesNotMatch(evil.stderr, TRACE, `${lang}: no stack trace`);
  }));
  assert.equal(existsSync(marker), false, 'no command from a .env ran');
});

test('no script where none can be made: DPoP on, an mTLS method; script-error says why', async () => {
  await baseline();
  const expectError = async (lang, what, pattern) => {
    const got = await scripts.take(lang);
    assert.equal(got.text, undefined, `${what}: no ${lang} script`);
    assert.match(got.error ?? '', pattern, `${what}: script-error says why: ${got.error}`);
    assert.equal(await bench.el('script-download').count(), 0, `${what}: nothing to download`);
  };
  await bench.reveal('dpop-enabled');
  await bench.el('dpop-enabled').setChecked(true);
  for (const lang of LANGS) await expectError(lang, 'DPoP', /DPoP/);
  await bench.el('dpop-enabled').setChecked(false);
  assert.ok((await scripts.take('python')).text, 'DPoP off: the script is back');

  await bench.el('client-auth').selectOption('tls_client_auth');
  for (const lang of LANGS) await expectError(lang, 'tls_client_auth', /mTLS/);
  await bench.el('client-auth').selectOption('private_key_jwt');
  assert.ok((await scripts.take('node')).text, 'private_key_jwt again: the script is back');
});
