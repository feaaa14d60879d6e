// The key provably stays in the browser: one recorded session does everything the page offers
// (every key type with WebCrypto and with the RustCrypto worker, a certificate for each, an
// import of every export format, every grant against a real authorization server by Send and by
// the page's curl run with bash, discovery, the share link and .env, remember-key on and off,
// forget-everything), while lib/trust-recorder.mjs records every request (the context's, so the
// worker's and the service worker's too), every storage write and URL change the page makes,
// and every console line. Then:
//   - no private key material (lib/trust-ledger.mjs: every private member in base64url, base64
//     and hex, every private key body, by 40-character slices) is in any request, console line,
//     storage write, stored value or URL; the one allowed exception is localStorage
//     "pkjwt.key.v1" holding the current private JWK while key-remember is ticked, and it is
//     gone after unticking and after forget-everything;
//   - no client secret, token or signed assertion is in any URL or any storage;
//   - every request went to the page's own origin (GET, one of its files) or to exactly a URL
//     the user typed (POST to the endpoint for Send, GET of the metadata URL for discovery).
// REPORT=1 prints the numbers (requests by origin, writes, console lines).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import crypto, { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { pageProblems } from './lib/browser.mjs';
import { runCurl } from './lib/curl.mjs';
import { fixture } from './lib/fixture.mjs';
import { ENGINES, KINDS } from './lib/keypanel.mjs';
import { JWT_BEARER, TOKEN_EXCHANGE, TOKEN_TYPE } from './lib/oauth.mjs';
import { DIST } from './lib/server.mjs';
import { openssl } from './lib/verify.mjs';
import { formValue } from './lib/workbench.mjs';
import { ProviderPage } from './lib/providerpage.mjs';
import { Ledger } from './lib/trust-ledger.mjs';
import { snapshotTexts, writeText, isUrlWrite } from './lib/trust-recorder.mjs';

const KEY_ENTRY = 'pkjwt.key.v1';
/** The assertion algorithm used with each key type (a mix, so every family signs something). */
const ALG = {
  'RSA-2048': 'PS256', 'RSA-3072': 'RS384', 'RSA-4096': 'RS512',
  'EC-P256': 'ES256', 'EC-P384': 'ES384', 'EC-P521': 'ES512', Ed25519: 'EdDSA',
};
const REMEMBERING = new Set(['remember on', 'remember on again']);

const fx = fixture({ page: ProviderPage, clipboard: true, authorizationServers: { as: { cors: true } } });
/** The one recorded page of the session, and its record (lib/trust-recorder.mjs). */
let p, rec;
const ledger = new Ledger();
/** Requests the user asked for, in order: {method, url, why}. */
const asked = [];
/** The session's main client (registered with the current key's JWKS) and its key. */
let current;

before(async () => {
  p = await fx.openShared({ recorded: true });
  ({ rec } = p);
});

const show = (...args) => { if (process.env.REPORT) console.error('[trust-session]', ...args); };

/** Sets the phase writes are labelled with, and takes a snapshot of the storage at its start. */
async function phase(name) {
  await p.settle();
  await rec.snapshot(`before ${name}`);
  rec.phase = name;
}

/** Types the endpoint and presses Send; the request is one the user asked for. */
async function send(endpoint, expectStatus = '200') {
  await p.set('token-endpoint', endpoint);
  asked.push({ method: 'POST', url: endpoint, why: `Send (${await p.el('grant-type').inputValue()})` });
  const res = await p.send();
  assert.equal(res.status, expectStatus, `Send to ${endpoint}: status ${res.status}, error ${res.error}, body ${res.body}`);
  for (const name of ['client_assertion', 'assertion', 'client_secret', 'refresh_token', 'subject_token', 'actor_token', 'token']) {
    ledger.addToken(`sent ${name}`, formValue(res.form, name));
  }
  const json = res.body ? JSON.parse(res.body) : {};
  for (const name of ['access_token', 'refresh_token', 'id_token']) ledger.addToken(`response ${name}`, json[name]);
  return { ...res, json };
}

/** Copies the curl command (a fresh assertion) and runs it with bash against the server. */
async function curl(label) {
  const command = await p.copy('curl-copy');
  const ran = await runCurl(command);
  assert.equal(ran.status, 200, `${label} via curl: ${ran.text} ${ran.stderr}`);
  for (const [, value] of command.matchAll(/(?:client_assertion|assertion)=([A-Za-z0-9_.-]+)/g)) ledger.addToken(`curl assertion (${label})`, value);
  for (const name of ['access_token', 'refresh_token']) ledger.addToken(`curl ${name}`, ran.body?.[name]);
  return ran;
}

/** Registers a client for the current key and points the assertion at the token endpoint. */
async function useKey(key, kind) {
  const clientId = `trust-${kind}-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks });
  await p.el('grant-type').selectOption('client_credentials');
  await p.el('client-auth').selectOption('private_key_jwt');
  await p.configure({ clientId, aud: fx.as.tokenEndpoint, alg: ALG[kind] });
  current = { key, kind, clientId };
}

test('discovery fetches exactly the metadata URL of the issuer typed', async () => {
  await phase('discovery');
  await p.setIssuer(fx.as.issuer);
  asked.push({ method: 'GET', url: `${fx.as.issuer}/.well-known/openid-configuration`, why: 'discovery' });
  const outcome = await p.discover();
  assert.equal(outcome.error, undefined, `discovery-error: ${outcome.error}`);
  assert.ok(outcome.status, 'discovery-status shown');
});

for (const engine of ENGINES) {
  test(`${engine}: every key type, a certificate each, and a Send signed by each`, async () => {
    await phase(`keys ${engine}`);
    for (const kind of KINDS) {
      await p.generate(kind, { engine });
      await p.makeCertificate({ cn: `trust ${kind}`, days: 30 });
      const key = await p.key();
      assert.match(key.provenance, engine === 'rustcrypto' ? /RustCrypto/ : /WebCrypto/, `${kind}: made by ${engine}`);
      ledger.addKey(`${engine} ${kind}`, key);
      await useKey(key, kind);
      const res = await send(fx.as.tokenEndpoint);
      assert.ok(res.json.access_token, `${kind}: an access token`);
    }
  });
}

test('every export format of every key type goes back in through key-import (and the file picker)', async () => {
  await phase('imports');
  for (const kind of KINDS) {
    await p.generate(kind);
    await p.makeCertificate({ cn: `import ${kind}`, days: 10 });
    const original = await p.key();
    ledger.addKey(`import ${kind}`, original);
    const texts = {
      'private JWK': original.privateJwkText,
      JWKS: original.publicJwksText,
      'public JWK': original.publicJwkText,
      'SPKI PEM': original.publicPem,
      'certificate PEM': original.certificatePem,
      'PKCS#8 + certificate': `${original.privatePem}\n${original.certificatePem}`,
    };
    if (kind.startsWith('RSA')) {
      texts['PKCS#1 PEM'] = openssl(['pkey', '-in', 'k.pem', '-traditional'], { 'k.pem': original.privatePem });
      ledger.addPem(`import ${kind} PKCS#1`, texts['PKCS#1 PEM'], original);
    }
    if (kind.startsWith('EC')) {
      texts['SEC1 PEM'] = openssl(['ec', '-in', 'k.pem'], { 'k.pem': original.privatePem });
      ledger.addPem(`import ${kind} SEC1`, texts['SEC1 PEM'], original);
    }
    for (const [format, text] of Object.entries(texts)) {
      const back = await p.import(text);
      assert.equal(back.thumbprint, original.thumbprint, `${kind} ${format}: same key`);
    }
    const der = crypto.createPrivateKey(original.privatePem).export({ type: 'pkcs8', format: 'der' });
    for (const file of [
      { name: 'key.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(original.privatePem) },
      { name: 'key.der', mimeType: 'application/octet-stream', buffer: der },
    ]) {
      const back = await p.importFile(file);
      assert.equal(back.thumbprint, original.thumbprint, `${kind} ${file.name}: same key`);
    }
    await useKey(await p.key(), kind);
    await send(fx.as.tokenEndpoint);
  }
});

test('every grant against the real server, by Send and by the curl command', async () => {
  await phase('grants');
  await p.generate('EC-P256');
  const key = await p.key();
  ledger.addKey('grants EC-P256', key);
  await useKey(key, 'EC-P256');
  const { clientId } = current;

  // client_credentials
  const cc = await send(fx.as.tokenEndpoint);
  await curl('client_credentials');

  // refresh_token
  await p.el('grant-type').selectOption('refresh_token');
  const rt = await fx.as.mintRefreshToken(clientId, { scope: 'api:read' });
  ledger.addToken('minted refresh token', rt);
  await p.set('param-refresh_token', rt);
  await send(fx.as.tokenEndpoint);
  const rt2 = await fx.as.mintRefreshToken(clientId, { accountId: 'bob' });
  ledger.addToken('minted refresh token 2', rt2);
  await p.set('param-refresh_token', rt2);
  await curl('refresh_token');

  // token exchange
  await p.el('grant-type').selectOption(TOKEN_EXCHANGE);
  await p.set('param-subject_token', cc.json.access_token);
  await p.set('param-subject_token_type', TOKEN_TYPE.access_token);
  await p.set('param-audience', 'trust-audience');
  await send(fx.as.tokenEndpoint);
  await curl('token exchange');

  // JWT-bearer, no client authentication, for a client registered that way
  const bearerClient = `trust-bearer-${randomUUID()}`;
  await fx.as.addClient({ client_id: bearerClient, jwks: key.publicJwks, token_endpoint_auth_method: 'none', grant_types: [JWT_BEARER] });
  await p.el('grant-type').selectOption(JWT_BEARER);
  await p.el('client-auth').selectOption('none');
  await p.set('client-id', bearerClient);
  await p.set('assertion-sub', 'user@example.test');
  await p.set('param-scope', 'api:read');
  await p.assertionWhere(({ claims }) => claims.iss === bearerClient && claims.sub === 'user@example.test', 'JWT-bearer assertion');
  await send(fx.as.tokenEndpoint);
  await curl('jwt-bearer');
  await p.set('client-id', clientId);
  await p.set('assertion-sub', clientId);
  await p.set('param-scope', '');
  await p.el('client-auth').selectOption('private_key_jwt');

  // introspection and revocation of opaque tokens
  await p.el('grant-type').selectOption('client_credentials');
  await p.set('param-resource', fx.as.opaqueResource);
  const opaque = (await send(fx.as.tokenEndpoint)).json.access_token;
  await p.el('grant-type').selectOption('introspection');
  await p.set('param-token', opaque);
  assert.equal((await send(fx.as.introspectionEndpoint)).json.active, true, 'introspection: active');
  await curl('introspection');
  await p.el('grant-type').selectOption('revocation');
  await send(fx.as.revocationEndpoint);
  await curl('revocation');

  // a client secret, by client_secret_basic and client_secret_post
  const secret = `trust-secret-${randomUUID()}`;
  ledger.addToken('client secret', secret);
  for (const method of ['client_secret_basic', 'client_secret_post']) {
    const secretClient = `trust-${method}-${randomUUID()}`;
    await fx.as.addClient({ client_id: secretClient, client_secret: secret, token_endpoint_auth_method: method });
    await p.el('grant-type').selectOption('client_credentials');
    await p.el('client-auth').selectOption(method);
    await p.set('client-id', secretClient);
    await p.set('param-client_secret', secret);
    await p.set('param-resource', '');
    await send(fx.as.tokenEndpoint);
    await curl(method);
  }

  // next-api: a curl for an API call with the token; the page itself calls nothing
  await p.el('next-api').click();
  await p.set('api-url', `${fx.as.issuer}/api/resource`);
  await p.settle();
  ledger.addToken('api-curl bearer', (await p.text('api-curl')).match(/Bearer ([^'"\s]+)/)?.[1]);
  await p.el('client-auth').selectOption('private_key_jwt');
  await p.set('client-id', clientId);
});

test('the share link and the .env export carry no key, secret or token, and the link restores the setup', async () => {
  await phase('share');
  const link = await p.shareUrl();
  const env = await p.envExport();
  for (const [what, text] of [['share-url', link], ['.env export', env]]) {
    assert.deepEqual(ledger.findPrivate(text), [], `${what}: no private key material`);
    assert.deepEqual(ledger.findTokens(text), [], `${what}: no secret or token`);
  }
  for (const testid of ['share-url-download', 'env-export-download']) {
    const [download] = await Promise.all([p.page.waitForEvent('download'), p.el(testid).click()]);
    const saved = readFileSync(await download.path(), 'utf8');
    assert.deepEqual([...ledger.findPrivate(saved), ...ledger.findTokens(saved)], [], `${testid}: nothing private in the file`);
  }
  assert.ok((await p.importEnv(env)).length > 0, 'the .env export imports back');

  await p.page.goto('about:blank'); // a real load, not a same-document hash change
  await p.page.goto(link);
  await p.ready();
  assert.equal(await p.el('client-id').inputValue(), current.clientId, 'the link restores the client id');
  assert.equal(await p.el('key-summary').count(), 0, 'the link brings no key');
});

test('key-remember keeps the private JWK in localStorage only while ticked; forget-everything clears all', async () => {
  await phase('remember off');
  await p.generate('EC-P384');
  const key = await p.key();
  ledger.addKey('remembered EC-P384', key);
  assert.deepEqual(await storedKeys(), [], 'nothing stored before ticking');

  await phase('remember on');
  await p.el('key-remember').check();
  await p.settle();
  assert.equal(await storedThumbprint(), key.thumbprint, 'ticked: localStorage holds this private key');
  await p.el('key-kid').fill('trust-remembered');
  await p.el('key-kid').press('Tab');
  await p.reload();
  assert.equal(await p.text('key-thumbprint'), key.thumbprint, 'the remembered key is back after a reload');

  await p.el('key-remember').uncheck();
  await phase('remember unticked');
  assert.deepEqual(await storedKeys(), [], 'unticked: the stored key is gone at once');
  assert.equal(await p.text('key-thumbprint'), key.thumbprint, 'and the key stays in the page');

  await phase('remember on again');
  await p.el('key-remember').check();
  await p.settle();
  assert.equal(await storedThumbprint(), key.thumbprint, 'ticked again: stored again');
  await p.el('forget-everything').click();
  await phase('forgotten');
  assert.equal(await p.el('key-summary').count(), 0, 'forget-everything: no key in the page');
  const snap = await rec.snapshot('after forget-everything');
  assert.deepEqual({ local: snap.localStorage, session: snap.sessionStorage, cookies: snap.cookies, idb: snap.indexedDB },
    { local: {}, session: {}, cookies: [], idb: [] }, 'forget-everything: storage empty');
  await p.reload();
  assert.equal(await p.el('key-summary').count(), 0, 'no key after a reload either');
  await rec.snapshot('end');
});

/** The localStorage keys that hold a JWK. */
async function storedKeys() {
  const snap = await rec.snapshot(`check (${rec.phase})`);
  return Object.keys(snap.localStorage);
}

async function storedThumbprint() {
  const snap = await rec.snapshot(`check (${rec.phase})`);
  assert.deepEqual(Object.keys(snap.localStorage), [KEY_ENTRY], 'exactly one localStorage entry');
  const jwk = JSON.parse(snap.localStorage[KEY_ENTRY]);
  assert.ok(jwk.d, 'the stored JWK is the private key (as the warning says)');
  return calculateJwkThumbprint(jwk);
}

// --- what the recording shows ------------------------------------------------------------------

test('the recorders saw the session (so the checks below can fail)', async () => {
  // A line from the page, from the key worker and from the service worker reaches the recorder.
  // (The reloads above ended the key worker: a RustCrypto key starts it again.)
  await p.generate('Ed25519', { engine: 'rustcrypto' });
  ledger.addKey('canary Ed25519', await p.key());
  const canary = `trust-canary-${randomUUID()}`;
  await p.page.evaluate((c) => console.log(c), canary);
  assert.equal(p.page.workers().length, 1, 'the key worker is running');
  await p.page.workers()[0].evaluate((c) => console.log(c), canary);
  for (const sw of rec.context.serviceWorkers()) await sw.evaluate((c) => console.log(c), canary);
  await p.settle();
  const heard = rec.console.filter((m) => m.text === canary).map((m) => (m.from === 'page' ? 'page' : new URL(m.from).pathname));
  rec.console = rec.console.filter((m) => m.text !== canary);
  assert.deepEqual(heard.sort(), ['page', '/keygen_worker_loader.js', ...rec.context.serviceWorkers().map((w) => new URL(w.url()).pathname)].sort(),
    'console lines of the page and of every worker are recorded');
  await rec.settled();
  assert.ok(ledger.keys >= 2 * KINDS.length + KINDS.length + 2, `keys in the ledger: ${ledger.keys}`);
  assert.ok(rec.requests.some((r) => /keygen_worker[^/]*\.wasm$/.test(new URL(r.url).pathname)),
    "the worker's own fetch of its WebAssembly was recorded");
  assert.ok(rec.workers.some((url) => /keygen_worker/.test(url)), 'the key worker was seen');
  assert.ok(rec.writes.some((w) => w.api === 'localStorage.setItem' && w.key === KEY_ENTRY), 'the remembered key was seen being written');
  assert.ok(rec.writes.some((w) => w.api === 'history.replaceState'), 'URL changes were seen');
  assert.ok(asked.filter((a) => a.method === 'POST').length >= 30, `Sends made: ${asked.length}`);
});

test('no private key material in any request, console line, storage write, stored value or URL', async () => {
  await rec.settled();
  const found = [];
  for (const r of rec.requests) {
    const text = [r.url, ...Object.entries(r.headers ?? {}).map(([k, v]) => `${k}: ${v}`), r.postData ?? ''].join('\n');
    for (const hit of ledger.findPrivate(text)) found.push(`request ${r.method} ${r.url.slice(0, 80)} carries ${hit}`);
  }
  for (const m of rec.console) for (const hit of ledger.findPrivate(m.text)) found.push(`console.${m.type} (${m.from}) carries ${hit}`);
  for (const w of rec.writes) {
    const hits = ledger.findPrivate(writeText(w));
    if (!hits.length) continue;
    if (isAllowedKeyWrite(w)) continue;
    found.push(`${w.api}(${w.key ?? ''}) in phase "${w.phase}" carries ${hits.join(', ')}`);
  }
  for (const snap of rec.snapshots) {
    for (const { where, text } of snapshotTexts(snap)) {
      const hits = ledger.findPrivate(text);
      if (hits.length && !(where.startsWith(`localStorage[${KEY_ENTRY}]`) && REMEMBERING.has(snap.phase))) found.push(`${where} holds ${hits.join(', ')}`);
    }
  }
  assert.deepEqual(found, []);
});

/** The one allowed private write: the private JWK to localStorage[pkjwt.key.v1] while remember is ticked. */
function isAllowedKeyWrite(w) {
  if (w.api !== 'localStorage.setItem' || w.key !== KEY_ENTRY || !REMEMBERING.has(w.phase)) return false;
  try { return typeof JSON.parse(w.value).d === 'string'; } catch { return false; }
}

test('the private JWK was written to storage only while key-remember was ticked, and removed on unticking and forget-everything', async () => {
  const keyWrites = rec.writes.filter((w) => w.key === KEY_ENTRY || /\.clear$/.test(w.api));
  show('key storage writes:', runs(keyWrites.map((w) => `${w.phase}: ${w.api}`)));
  const sets = keyWrites.filter((w) => w.api === 'localStorage.setItem');
  assert.ok(sets.length >= 2, 'written when ticked, and again when ticked again');
  for (const w of sets) assert.ok(ledger.findPrivate(w.value).length > 0, 'the ledger recognises the stored private JWK (so it would see one elsewhere)');
  assert.deepEqual(sets.filter((w) => !REMEMBERING.has(w.phase)).map((w) => w.phase), [], 'never written while unticked');
  const removedOnUntick = rec.writes.some((w) => w.phase === 'remember on' && w.api === 'localStorage.removeItem' && w.key === KEY_ENTRY);
  assert.ok(removedOnUntick, 'unticking removed it (localStorage.removeItem)');
  assert.ok(rec.writes.some((w) => w.phase === 'remember on again' && /^localStorage\.(clear|removeItem)$/.test(w.api)), 'forget-everything removed it');
  const remembering = rec.snapshots.filter((s) => s.localStorage[KEY_ENTRY]);
  assert.ok(remembering.length >= 1, 'a snapshot saw it stored');
  assert.deepEqual(remembering.filter((s) => !REMEMBERING.has(s.phase)).map((s) => s.label), [], 'no snapshot outside the ticked phases holds it');
});

test('no client secret, token or assertion in any URL, storage write or stored value', async () => {
  const found = [];
  for (const w of rec.writes) for (const hit of ledger.findTokens(writeText(w))) found.push(`${w.api}(${w.key ?? ''}) ${isUrlWrite(w) ? 'URL' : 'storage'} carries ${hit}`);
  for (const snap of rec.snapshots) {
    for (const { where, text } of snapshotTexts(snap)) for (const hit of ledger.findTokens(text)) found.push(`${where} holds ${hit}`);
  }
  for (const r of rec.requests) for (const hit of ledger.findTokens(r.url)) found.push(`request URL ${r.url.slice(0, 80)} carries ${hit}`);
  for (const m of rec.console) for (const hit of ledger.findTokens(m.text)) found.push(`console.${m.type} carries ${hit}`);
  assert.ok(ledger.sizes.tokenLabels > 10, `tokens in the ledger: ${ledger.sizes.tokenLabels}`);
  const bodies = rec.requests.filter((r) => r.method === 'POST');
  // A client_secret_basic Send carries its secret in the Authorization header, not the body.
  const basic = (r) => {
    const credentials = r.headers?.authorization?.match(/^Basic (.+)$/)?.[1];
    return credentials ? decodeURIComponent(Buffer.from(credentials, 'base64').toString('utf8')) : '';
  };
  const carried = (r) => `${r.postData ?? ''}\n${basic(r)}`;
  const unrecognised = bodies.filter((r) => ledger.findTokens(carried(r)).length === 0).map((r) => `${r.url} ${String(r.postData).slice(0, 200)}`);
  assert.deepEqual(unrecognised, [], 'the ledger recognises what each Send carried (so it would see it elsewhere)');
  assert.deepEqual(found, []);
});

test("every request went to the page's own files or to exactly a URL the user typed", async () => {
  await rec.settled();
  const files = new Set(readdirSync(DIST));
  const own = [];
  const elsewhere = [];
  const wrong = [];
  for (const r of rec.requests) {
    if (r.url.startsWith('data:')) continue;
    const url = new URL(r.url);
    if (url.protocol === 'blob:') {
      if (new URL(url.pathname).origin !== fx.server.origin) wrong.push(`blob from another origin: ${r.url}`);
      continue;
    }
    if (url.origin === fx.server.origin) {
      own.push(r);
      const file = url.pathname.slice(1);
      if (r.method !== 'GET' || r.postData) wrong.push(`${r.method} ${r.url} to the page's own origin with a body`);
      if (url.search) wrong.push(`own-origin request with a query: ${r.url}`);
      if (file !== '' && !files.has(file)) wrong.push(`own-origin request for a file not in the build: ${r.url}`);
      continue;
    }
    elsewhere.push(r);
    if (r.headers.cookie) wrong.push(`${r.url} carried a cookie`);
    if (r.headers.referer) wrong.push(`${r.url} carried a Referer: ${r.headers.referer}`);
  }
  const byOrigin = {};
  for (const r of rec.requests) {
    const origin = r.url.startsWith('data:') ? 'data:' : new URL(r.url).protocol === 'blob:' ? 'blob:' : new URL(r.url).origin;
    const key = `${origin} ${r.method}`;
    byOrigin[key] = (byOrigin[key] ?? 0) + 1;
  }
  show('requests by origin:', JSON.stringify(byOrigin));
  show(`own files: ${own.length}; to the server: ${elsewhere.length}; asked for: ${asked.length}`);
  for (const entry of rec.snapshots.at(-1).caches) {
    const url = new URL(entry.url);
    if (url.origin !== fx.server.origin || entry.method !== 'GET' || (url.pathname !== '/' && !files.has(url.pathname.slice(1)))) {
      wrong.push(`the offline cache holds ${entry.method} ${entry.url}, not one of the page's files`);
    }
  }
  assert.deepEqual(wrong, []);
  assert.deepEqual(elsewhere.map((r) => `${r.method} ${r.url}`), asked.map((a) => `${a.method} ${a.url}`),
    'exactly the requests the user asked for, in order, and nothing else leaves the page');
});

test('no console errors, page errors or panics; no dialogs', async () => {
  const lines = rec.console.filter((m) => m.type === 'error' || /panicked at/.test(m.text));
  show(`console lines: ${rec.console.length} (${JSON.stringify(count(rec.console.map((m) => `${m.from === 'page' ? 'page' : 'worker'} ${m.type}`)))})`);
  show(`storage writes: ${JSON.stringify(count(rec.writes.map((w) => w.api)))}`);
  show(`snapshots: ${rec.snapshots.length}; service workers: ${JSON.stringify(rec.serviceWorkers)}; workers: ${JSON.stringify(rec.workers)}`);
  show(`caches at the end: ${JSON.stringify([...new Set(rec.snapshots.at(-1).caches.map((c) => c.cache))])}, ${rec.snapshots.at(-1).caches.length} entries`);
  assert.deepEqual(lines.map((m) => `${m.from} ${m.type}: ${m.text}`), []);
  assert.deepEqual(pageProblems(rec), []);
  assert.deepEqual(rec.dialogs, []);
});

/** "a ×3 | b" for a list with repeats in a row. */
function runs(list) {
  const out = [];
  for (const x of list) {
    if (out.at(-1)?.[0] === x) out.at(-1)[1]++;
    else out.push([x, 1]);
  }
  return out.map(([x, n]) => (n > 1 ? `${x} ×${n}` : x)).join(' | ');
}

function count(list) {
  const out = {};
  for (const x of list) out[x] = (out[x] ?? 0) + 1;
  return out;
}
