// DPoP private keys never leave the page (issue 12, privacy). Three ways of looking:
//   1. As the page runs: an init script wraps crypto.subtle.generateKey/exportKey/wrapKey before
//      any of the page's code: the DPoP key of every algorithm is made with extractable: false,
//      its CryptoKey's privateKey.extractable is false, and the page never asks to export or
//      wrap a private key.
//   2. With the private half captured: the same wrapper makes the DPoP key extractable and
//      hands its private JWK to the test (the page itself is not told), so the trust ledger
//      (lib/trust-ledger.mjs) can search a whole recorded session — Send with the nonce retry,
//      copies of the curl, the API call, a new DPoP key, the share link — for it: in no request
//      (URL, headers, body), console line, storage write, stored value or URL.
//   3. The key worker's key: the wrapper refuses Ed25519 to WebCrypto (a browser without it),
//      the page falls back to a RustCrypto key made by the key worker; the worker's answer (the
//      private JWK) is captured from its message and searched for the same way.
// "Forget everything" drops the DPoP key: afterwards the page shows no thumbprint of it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { DPOP_ALGS } from './authorization-server/authorization-server.mjs';
import { runCurl } from './lib/curl.mjs';
import { DpopPage } from './lib/dpop-page.mjs';
import { checkProof } from './lib/dpop.mjs';
import { fixture } from './lib/fixture.mjs';
import { startResourceServer } from './lib/resource-server.mjs';
import { Ledger } from './lib/trust-ledger.mjs';
import { snapshotTexts, writeText } from './lib/trust-recorder.mjs';

const fx = fixture({ page: DpopPage, networkErrorsExpected: true, clipboard: true, authorizationServers: { as: { dpop: true } } });
let api;
before(async () => { await fx.ready(); api = await startResourceServer({ as: fx.as, requireNonce: true }); });
after(() => api?.close());
const show = (...args) => { if (process.env.REPORT) console.error('[trust-dpop]', ...args); };

/**
 * Runs in the page before its own scripts. Records every generateKey (algorithm, extractable,
 * usages, and the extractable flag of the private key made), exportKey and wrapKey of a private
 * key. mode 'capture': a key asked for as non-extractable is made extractable and its private
 * JWK handed to window.__dpopPrivate (the page gets the key as usual). mode 'no-ed25519':
 * generateKey refuses Ed25519, and the key worker's generate answers are handed to
 * window.__workerKey.
 */
function keyWatch(mode) {
  const subtle = crypto.subtle;
  const original = { generateKey: subtle.generateKey.bind(subtle), exportKey: subtle.exportKey.bind(subtle), wrapKey: subtle.wrapKey.bind(subtle) };
  window.__keyCalls = [];
  const forcedKeys = new WeakSet(); // DPoP keys the test made extractable (capture mode)
  const name = (alg) => (typeof alg === 'string' ? alg : alg?.name);
  subtle.generateKey = async function generateKey(algorithm, extractable, usages) {
    const call = { op: 'generateKey', name: name(algorithm), curve: algorithm?.namedCurve, extractable, usages: [...usages] };
    window.__keyCalls.push(call);
    if (mode === 'no-ed25519' && /^Ed25519$/i.test(call.name)) {
      call.refused = true;
      throw new DOMException('Algorithm: Unrecognized name', 'NotSupportedError');
    }
    const forced = mode === 'capture' && extractable === false;
    const made = await original.generateKey(algorithm, forced ? true : extractable, usages);
    call.privateExtractable = made.privateKey?.extractable;
    if (forced) {
      call.forced = true;
      forcedKeys.add(made.privateKey);
      const jwk = await original.exportKey('jwk', made.privateKey);
      window.__dpopPrivate(JSON.stringify(jwk));
    }
    return made;
  };
  subtle.exportKey = async function exportKey(format, key) {
    if (key?.type === 'private') window.__keyCalls.push({ op: 'exportKey', format, name: key.algorithm?.name, extractable: key.extractable, forced: forcedKeys.has(key) });
    return original.exportKey(format, key);
  };
  subtle.wrapKey = async function wrapKey(format, key, ...rest) {
    if (key?.type === 'private') window.__keyCalls.push({ op: 'wrapKey', format, name: key.algorithm?.name, extractable: key.extractable, forced: forcedKeys.has(key) });
    return original.wrapKey(format, key, ...rest);
  };
  if (mode === 'no-ed25519') {
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (event) => {
          const jwk = event.data?.jwk;
          if (typeof jwk === 'string' && jwk.includes('"d"')) window.__workerKey(jwk);
        });
      }
    };
  }
}

/** A recorded page with `mode`'s key watch, an EC client key made by the page and a DPoP-bound client. */
async function open(t, mode) {
  const captured = [];
  const p = await fx.open(t, {
    recorded: true,
    init: async (rec) => {
      await rec.context.exposeFunction('__dpopPrivate', (jwk) => captured.push(JSON.parse(jwk)));
      await rec.context.exposeFunction('__workerKey', (jwk) => captured.push(JSON.parse(jwk)));
      await rec.context.addInitScript(keyWatch, mode);
    },
  });
  const key = await p.keyFor('ES256');
  const clientId = `trust-dpop-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks, dpop_bound_access_tokens: true });
  await p.configure({ clientId, aud: fx.as.issuer, endpoint: fx.as.tokenEndpoint, grant: 'client_credentials' });
  return { p, key, clientId, captured };
}

const keyCalls = (p) => p.page.evaluate(() => window.__keyCalls);

/** Everything the recorded session carried out of the page or kept: [{where, text}]. */
async function sessionTexts(p) {
  await p.rec.settled();
  const snap = await p.rec.snapshot('end');
  return [
    ...p.rec.requests.map((r) => ({ where: `request ${r.method} ${r.url.slice(0, 80)}`, text: [r.url, ...Object.entries(r.headers ?? {}).map(([k, v]) => `${k}: ${v}`), r.postData ?? ''].join('\n') })),
    ...p.rec.console.map((m) => ({ where: `console.${m.type} (${m.from})`, text: m.text })),
    ...p.rec.writes.map((w) => ({ where: `${w.api}(${w.key ?? ''})`, text: writeText(w) })),
    ...p.rec.snapshots.flatMap(snapshotTexts),
    ...snapshotTexts(snap),
  ];
}

test('every DPoP key WebCrypto makes is non-extractable, and the page never exports or wraps a private key', async (t) => {
  const { p } = await open(t, 'watch');
  const seen = [];
  for (const alg of DPOP_ALGS) {
    const mark = (await keyCalls(p)).length;
    await p.enableDpop({ alg });
    const made = (await keyCalls(p)).slice(mark).filter((c) => c.op === 'generateKey');
    show(alg, JSON.stringify(made), '|', await p.trimmed('dpop-key-made-by'));
    assert.ok(made.length >= 1, `${alg}: a key was generated`);
    for (const call of made) {
      assert.equal(call.extractable, false, `${alg}: generateKey(${call.name}) asked extractable: false`);
      assert.equal(call.privateExtractable, false, `${alg}: the CryptoKey's privateKey.extractable is false`);
      assert.ok(call.usages.includes('sign'));
    }
    assert.match(await p.trimmed('dpop-key-made-by'), /WebCrypto/, `${alg}: made by WebCrypto`);
    seen.push(...made);
  }
  // The client key is extractable by design (the page shows its private exports); a DPoP key is not,
  // and the page never even tries to export or wrap one.
  const tried = (await keyCalls(p)).filter((c) => c.op !== 'generateKey' && c.extractable === false);
  assert.deepEqual(tried, [], 'no export or wrap of a non-extractable private key was attempted');
});

test('the DPoP private key (captured by the test) is in no request, console line, storage write, stored value or URL of a whole session', async (t) => {
  const { p, captured } = await open(t, 'capture');
  const ledger = new Ledger();
  const jkt = await p.enableDpop({ alg: 'ES256' });
  assert.equal(captured.length, 1, 'the test captured the DPoP private key');
  const publicOf = ({ d, ...pub }) => pub; // eslint-disable-line no-unused-vars
  assert.equal(await calculateJwkThumbprint(publicOf(captured[0])), jkt, 'the captured key is the DPoP key (same thumbprint)');

  // A session: Send (nonce retry), two curl copies run by bash, the API call, a new DPoP key and its use, the share link.
  const res = await p.sendJson();
  assert.equal(res.json.token_type, 'DPoP');
  for (let i = 0; i < 2; i++) assert.equal((await runCurl(await p.copy('curl-copy'))).status, 200);
  await p.apiSetup(api.url);
  assert.equal((await p.apiSend()).status, '200');
  await p.reveal('dpop-regenerate');
  const before = await p.jkt();
  await p.el('dpop-regenerate').click();
  await p.until(() => p.jkt(), (j) => j && j !== before, 'a new DPoP key');
  assert.equal(captured.length, 2, 'the new key was captured too');
  await p.configure({}); // re-sign with the new key
  await p.sendJson();
  const share = await p.shareUrl();
  assert.ok(share.startsWith('http'), 'the share link');

  for (const [i, jwk] of captured.entries()) ledger.addKey(`DPoP key ${i + 1}`, { privateJwk: jwk, publicJwk: publicOf(jwk) });
  const texts = [...await sessionTexts(p), { where: 'share link', text: share }];
  const found = texts.flatMap(({ where, text }) => ledger.findPrivate(text).map((hit) => `${where} carries ${hit}`));
  assert.deepEqual(found, [], 'no DPoP private key material anywhere');
  // The ledger can find it (so the check above could fail): the captured d in a text.
  assert.deepEqual(ledger.findPrivate(`x${captured[0].d}x`), ['DPoP key 1 d']);
  const exports = (await keyCalls(p)).filter((c) => c.op !== 'generateKey' && c.forced);
  assert.deepEqual(exports, [], 'the page never exported or wrapped the DPoP key, even though it could have here');
  const proofs = p.allProofsSent();
  assert.ok(proofs.length >= 4, `proofs sent: ${proofs.length}`);
  for (const { proof } of proofs) await checkProof(proof); // no private members in any proof's jwk
  show('texts searched:', texts.length, 'proofs:', proofs.length);
});

test('without WebCrypto Ed25519 the key worker makes the DPoP key; its private JWK stays in the page too', async (t) => {
  const { p, captured } = await open(t, 'no-ed25519');
  const ledger = new Ledger();
  const jkt = await p.enableDpop({ alg: 'EdDSA' });
  const madeBy = await p.trimmed('dpop-key-made-by');
  show('EdDSA without WebCrypto:', madeBy);
  assert.match(madeBy, /RustCrypto|worker/i, `made by the key worker: ${madeBy}`);
  assert.ok((await keyCalls(p)).some((c) => c.refused), 'WebCrypto was asked first and refused');
  assert.equal(captured.length, 1, 'the worker\'s private JWK was captured from its message');
  const { d, ...pub } = captured[0];
  assert.ok(d);
  assert.equal(await calculateJwkThumbprint(pub), jkt);
  const res = await p.sendJson();
  assert.equal(res.json.token_type, 'DPoP');
  assert.equal((await runCurl(await p.copy('curl-copy'))).status, 200);
  ledger.addKey('worker DPoP key', { privateJwk: captured[0], publicJwk: pub });
  const found = (await sessionTexts(p)).flatMap(({ where, text }) => ledger.findPrivate(text).map((hit) => `${where} carries ${hit}`));
  assert.deepEqual(found, [], 'no worker-made DPoP private key material anywhere');
});

test('forget-everything drops the DPoP key', async (t) => {
  const { p } = await open(t, 'watch');
  const jkt = await p.enableDpop({ alg: 'ES256' });
  assert.ok(jkt);
  await p.el('forget-everything').click();
  await p.settle();
  const after = await p.jkt();
  assert.notEqual(after, jkt, `dpop-jkt after forget-everything: "${after}"`);
  const snap = await p.rec.snapshot('after forget');
  assert.deepEqual({ local: snap.localStorage, session: snap.sessionStorage, idb: snap.indexedDB }, { local: {}, session: {}, idb: [] });
});
