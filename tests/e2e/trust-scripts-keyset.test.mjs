// Privacy of the day-two outputs, in one recorded session (lib/trust-recorder.mjs) with a key set
// of three keys (EC P-256, RSA-2048, Ed25519), each remembered in the ledger (lib/trust-ledger.mjs:
// every private member in every encoding and the PKCS#8 body, by 40-character slices):
//   - no script of any language, for any key and any request (client_credentials, refresh,
//     client_secret_post, JWT-bearer, with and without .env), and no script download, holds any
//     private key material; nor does the JWKS check's curl;
//   - the key set reaches storage only after key-remember is ticked (then all three keys are
//     there), and is gone once it is unticked;
//   - no private material in any request, console line, or any storage write other than the
//     remembered set while ticked.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from './lib/fixture.mjs';
import { addKey, checkJwksUrl, keySet, useKey } from './lib/keyset.mjs';
import { startJwksServer } from './lib/jwks-server.mjs';
import { JWT_BEARER } from './lib/oauth.mjs';
import { DOTENV_LANGS, LANGS, ScriptPanel } from './lib/scripts.mjs';
import { Ledger } from './lib/trust-ledger.mjs';
import { snapshotTexts, writeText } from './lib/trust-recorder.mjs';
import { Workbench } from './lib/workbench.mjs';

const fx = fixture({ page: Workbench, networkErrorsExpected: true });
let p;
let rec;
let scripts;
const ledger = new Ledger();
/** The kids of the set and a label for each. */
const keys = [];

before(async () => {
  p = await fx.openShared({ recorded: true });
  ({ rec } = p);
  scripts = new ScriptPanel(p);
});

async function phase(name) {
  await p.settle();
  await rec.snapshot(`before ${name}`);
  rec.phase = name;
}

/** Where private material is in storage right now: [where: labels]. */
async function privateInStorage(label) {
  const snap = await rec.snapshot(label);
  return snapshotTexts(snap).flatMap(({ where, text }) => {
    const hits = ledger.findPrivate(text);
    return hits.length ? [`${where}: ${hits.join(', ')}`] : [];
  });
}

test('a set of three keys, each in the ledger (which finds their private parts: the control)', async () => {
  await phase('keys');
  await p.generate('EC-P256');
  await addKey(p, 'RSA-2048');
  await addKey(p, 'Ed25519');
  const set = await keySet(p);
  assert.equal(set.length, 3, JSON.stringify(set));
  for (const { kid } of set) {
    if (!(await keySet(p)).find((k) => k.kid === kid).current) await useKey(p, kid);
    const key = await p.key();
    assert.equal(key.kid, kid);
    const label = `${key.publicJwk.kty}${key.publicJwk.crv ? ` ${key.publicJwk.crv}` : ''}`;
    ledger.addKey(label, key);
    keys.push({ kid, label, key });
    assert.ok(ledger.findPrivate(key.privatePem).some((h) => h.startsWith(label)), `control: the ledger finds ${label}'s PEM`);
    assert.ok(ledger.findPrivate(JSON.stringify(key.privateJwk)).some((h) => h.startsWith(label)), `control: and its private JWK`);
  }
});

test('no script of any language, for any key or request, holds private key material', async () => {
  await phase('scripts');
  const found = [];
  const look = (what, text) => {
    for (const hit of ledger.findPrivate(text)) found.push(`${what}: ${hit}`);
    if (/PRIVATE KEY-----/.test(text)) found.push(`${what}: a PEM private key block`);
  };
  await p.configure({ grant: 'client_credentials', auth: 'private_key_jwt', clientId: 'trust-scripts', aud: 'https://as.example/token', endpoint: 'https://as.example/token' });
  let texts = 0;
  for (const { kid, label } of keys) {
    await useKey(p, kid);
    for (const lang of LANGS) {
      look(`${lang} (${label})`, await scripts.text(lang, { dotenv: false }));
      texts++;
    }
  }
  // The other requests, with the last key.
  const requests = [
    ['refresh_token', async () => { await p.el('grant-type').selectOption('refresh_token'); await p.set('param-refresh_token', 'rt-trust'); }],
    ['client_secret_post', async () => {
      await p.el('grant-type').selectOption('client_credentials');
      await p.el('client-auth').selectOption('client_secret_post');
      await p.set('param-client_secret', 'secret-trust');
    }],
    ['jwt-bearer', async () => { await p.el('client-auth').selectOption('none'); await p.el('grant-type').selectOption(JWT_BEARER); }],
  ];
  for (const [what, prepare] of requests) {
    await prepare();
    for (const lang of LANGS) {
      const got = await scripts.take(lang, { dotenv: false });
      if (got.text !== undefined) { look(`${lang} ${what}`, got.text); texts++; }
    }
    for (const lang of DOTENV_LANGS) {
      const got = await scripts.take(lang, { dotenv: true });
      if (got.text !== undefined) { look(`${lang} ${what} .env`, got.text); texts++; }
    }
  }
  for (const lang of LANGS) {
    await scripts.take(lang);
    const saved = await scripts.download();
    look(`download ${saved.name}`, saved.content);
  }
  await p.el('grant-type').selectOption('client_credentials');
  await p.el('client-auth').selectOption('private_key_jwt');
  assert.ok(texts >= 3 * LANGS.length + 3 * LANGS.length, `scripts looked at: ${texts}`);
  assert.deepEqual(found, []);
});

test('the JWKS check\'s curl holds nothing private', async () => {
  const server = await startJwksServer();
  try {
    const urls = server.publish('trust', { keys: [keys[0].key.publicJwk] });
    const out = await checkJwksUrl(p, urls.plain); // no CORS: the fetch fails, the curl is offered
    assert.ok(out.failed, JSON.stringify(out));
    const command = await p.text('jwks-check-curl');
    assert.ok(command.includes(urls.plain), command);
    assert.deepEqual(ledger.findPrivate(command), []);
    assert.deepEqual(server.requests.map((r) => r.body), server.requests.map(() => ''), 'the page sent no body');
  } finally {
    await server.close();
  }
});

test('the key set reaches storage only after key-remember is ticked, all of it, and leaves when unticked', async () => {
  assert.deepEqual(await privateInStorage('before remember'), [], 'nothing private stored before ticking');
  await phase('remember on');
  await p.el('key-remember').check();
  await p.settle();
  const stored = await privateInStorage('remembering');
  for (const { label } of keys) assert.ok(stored.some((s) => s.includes(label)), `ticked: ${label} is stored (${stored.join('; ')})`);
  assert.ok(stored.every((s) => s.startsWith('localStorage[')), `only in localStorage: ${stored.join('; ')}`);
  await p.el('key-remember').uncheck();
  await p.settle();
  await phase('remember off');
  assert.deepEqual(await privateInStorage('after unticking'), [], 'unticked: gone at once');
  await p.reload();
  assert.deepEqual(await privateInStorage('after reload'), []);
});

test('no private material in any request, console line, or storage write other than the remembered set', async () => {
  await rec.settled();
  const found = [];
  for (const r of rec.requests) {
    const text = [r.url, ...Object.entries(r.headers ?? {}).map(([k, v]) => `${k}: ${v}`), r.postData ?? ''].join('\n');
    for (const hit of ledger.findPrivate(text)) found.push(`request ${r.method} ${r.url.slice(0, 80)}: ${hit}`);
  }
  for (const m of rec.console) for (const hit of ledger.findPrivate(m.text)) found.push(`console.${m.type}: ${hit}`);
  const writes = rec.writes.filter((w) => ledger.findPrivate(writeText(w)).length);
  for (const w of writes) {
    if (w.phase === 'remember on' && w.api === 'localStorage.setItem') continue;
    found.push(`${w.api}(${w.key ?? ''}) in phase ${w.phase}`);
  }
  assert.ok(writes.length >= 1, 'the remembered set was seen being written (so the check can fail)');
  assert.deepEqual(found, []);
});
