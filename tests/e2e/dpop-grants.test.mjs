// DPoP (RFC 9449) for the machine grants, against a real oidc-provider that requires nonces
// (startAuthorizationServer({ dpop: true })) and a client registered dpop_bound_access_tokens:
// client_credentials for each of the six proof algorithms via Send (the server answers
// use_dpop_nonce first; the page retries once with its nonce, a fresh proof and a fresh client
// assertion, and says so), via the page's curl run by bash (the copy carries a new proof with
// the page's nonce), refresh, and introspection of an opaque token whose cnf.jkt is dpop-jkt.
// Independent checks: jose computes the thumbprint from the proof's own jwk, verifies every proof
// the server recorded (signature, typ, htm, htu, ath, nonce the server issued) and no jti repeats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, decodeJwt } from 'jose';
import { DPOP_ALGS } from './authorization-server/authorization-server.mjs';
import { curlArgs, header, runCurl } from './lib/curl.mjs';
import { DpopPage } from './lib/dpop-page.mjs';
import { checkAllProofs, checkProof, proofsAtServer } from './lib/dpop.mjs';
import { fixture } from './lib/fixture.mjs';
import { formValue } from './lib/workbench.mjs';

// The nonce asks are 400 answers on purpose: Chromium logs them.
const fx = fixture({ page: DpopPage, networkErrorsExpected: true, clipboard: true, authorizationServers: { as: { dpop: true } } });
const show = (...args) => { if (process.env.REPORT) console.error('[dpop-grants]', ...args); };

/** A page with an ES256 client key, a DPoP-bound client, client_credentials at the token endpoint, DPoP on. */
async function setup(t, { alg = 'ES256', grant = 'client_credentials' } = {}) {
  const p = await fx.open(t);
  const key = await p.keyFor('ES256');
  const clientId = `dpop-${alg}-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks, dpop_bound_access_tokens: true });
  await p.configure({ clientId, aud: fx.as.issuer, endpoint: fx.as.tokenEndpoint, grant });
  const jkt = await p.enableDpop({ alg });
  return { p, key, clientId, jkt };
}

/** The server's records since `mark` at `route`. */
const since = (mark, route = 'token') => fx.as.requests.slice(mark).filter((r) => r.route === route);

for (const alg of DPOP_ALGS) {
  test(`client_credentials, ${alg} proof: Send gets use_dpop_nonce, retries with the nonce, token_type DPoP bound to dpop-jkt`, async (t) => {
    const { p, jkt } = await setup(t, { alg });
    const mark = fx.as.requests.length;
    const browserMark = p.rec.requests.length;
    const res = await p.sendJson();
    assert.equal(res.json.token_type, 'DPoP', res.body);

    // The server's own record: first a use_dpop_nonce refusal carrying a nonce, then the 200.
    const records = since(mark);
    assert.deepEqual(records.map((r) => [r.status, r.error]), [[400, 'use_dpop_nonce'], [200, undefined]], 'one nonce ask, one retry');
    const issued = records[0].dpopNonce;
    assert.ok(issued, 'the refusal carried DPoP-Nonce');

    // What the browser sent: two POSTs, each with its own proof and its own client assertion.
    const posts = p.rec.requests.slice(browserMark).filter((r) => r.method === 'POST' && r.url === fx.as.tokenEndpoint);
    assert.equal(posts.length, 2);
    const [first, retry] = await Promise.all(posts.map((r) => checkProof(r.headers.dpop, { htm: 'POST', htu: fx.as.tokenEndpoint })));
    assert.equal(first.claims.nonce, undefined, 'the first proof had no nonce to carry');
    assert.equal(retry.claims.nonce, issued, 'the retry carries the nonce the server gave');
    assert.notEqual(first.claims.jti, retry.claims.jti);
    const assertions = posts.map((r) => formValue([...new URLSearchParams(r.postData)], 'client_assertion'));
    assert.notEqual(assertions[0], assertions[1], 'the retry signed a new client assertion');
    assert.equal(retry.header.alg, alg);
    assert.equal(retry.header.typ, 'dpop+jwt');

    // dpop-jkt is the RFC 7638 thumbprint of the key that signed (jose computes it from the proof's jwk).
    assert.equal(retry.jkt, jkt);
    assert.equal(await calculateJwkThumbprint(retry.header.jwk, 'sha256'), jkt);
    assert.deepEqual(decodeJwt(res.json.access_token).cnf, { jkt }, 'the access token is bound to dpop-jkt');
    assert.match(await p.binding(), /^bound/, 'token-binding says bound');
    assert.equal(await p.nonceShown(), issued, 'dpop-nonce shows the nonce in use');
    const note = await p.note();
    assert.match(note, /nonce/i, `dpop-note says the request was repeated with the server's nonce: ${note}`);
    show(alg, 'made by:', await p.trimmed('dpop-key-made-by'), '| note:', note, '| binding:', await p.binding());
  });
}

test('the shown curl carries the shown proof; each copy a fresh proof with the nonce; bash + curl gets token_type DPoP', async (t) => {
  const { p, jkt } = await setup(t);
  await p.sendJson(); // learns the nonce
  const nonce = await p.nonceShown();
  assert.ok(nonce);
  const shown = await p.shownProof();
  assert.ok(shown, 'dpop-proof shows the proof of the request on screen');
  const shownArgs = await curlArgs(await p.curl());
  assert.equal(header(shownArgs.headers, 'DPoP'), shown.proof, 'the curl on screen carries the proof on screen');

  // dpop-proof-decoded shows the proof's own header and claims (decoded here by jose).
  await p.reveal('dpop-proof-decoded');
  const decodedText = await p.text('dpop-proof-decoded');
  for (const part of [shown.header, shown.claims]) {
    for (const [name, value] of Object.entries(part)) {
      if (typeof value !== 'object') assert.ok(decodedText.includes(JSON.stringify(value)), `dpop-proof-decoded shows ${name}: ${JSON.stringify(value)}`);
    }
  }
  // The PowerShell carries a proof too (no pwsh here: the proof is checked with jose).
  const powershell = await p.powershell();
  const psProof = powershell.match(/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g)?.find((jws) => {
    try { return JSON.parse(Buffer.from(jws.split('.')[0], 'base64url')).typ === 'dpop+jwt'; } catch { return false; }
  });
  assert.ok(psProof, 'curl-powershell carries a DPoP proof');
  assert.ok(powershell.includes(`'DPoP' = '${psProof}'`), 'as the DPoP member of -Headers');
  await checkProof(psProof, { htm: 'POST', htu: fx.as.tokenEndpoint, nonce });

  const copies = [await p.copy('curl-copy'), await p.copy('curl-copy')];
  const proofs = [];
  for (const command of copies) {
    const args = await curlArgs(command);
    const proof = header(args.headers, 'DPoP');
    assert.ok(proof, `a DPoP header in the curl: ${command}`);
    proofs.push(await checkProof(proof, { htm: 'POST', htu: fx.as.tokenEndpoint, nonce }));
  }
  assert.notEqual(proofs[0].claims.jti, proofs[1].claims.jti, 'each copy has a new jti');
  assert.notEqual(proofs[0].claims.jti, shown.claims.jti);

  for (const command of copies) {
    const ran = await runCurl(command);
    assert.equal(ran.status, 200, `curl: ${ran.text}`);
    assert.equal(ran.body.token_type, 'DPoP');
    assert.equal(decodeJwt(ran.body.access_token).cnf.jkt, jkt);
  }
});

test('an opaque token (resource = the opaque API): introspection says cnf.jkt = dpop-jkt, token-binding bound', async (t) => {
  const { p, jkt } = await setup(t);
  await p.set('param-resource', fx.as.opaqueResource);
  const res = await p.sendJson();
  assert.equal(res.json.token_type, 'DPoP');
  const token = res.json.access_token;
  assert.equal(token.split('.').length, 1, 'opaque');
  assert.equal((await fx.as.tokenRecord(token)).jkt, jkt, 'the provider\'s store binds it to dpop-jkt');

  await p.el('grant-type').selectOption('introspection');
  await p.set('token-endpoint', fx.as.introspectionEndpoint);
  await p.set('param-token', token);
  const introspected = await p.sendJson();
  assert.equal(introspected.json.active, true);
  assert.deepEqual(introspected.json.cnf, { jkt });
  assert.equal(introspected.json.token_type, 'DPoP');
  const binding = await p.binding();
  show('introspection binding:', binding);
  assert.match(binding, /^bound/, `token-binding for the introspection answer: ${binding}`);
});

test('refresh: Send and curl each get token_type DPoP bound to dpop-jkt', async (t) => {
  const { p, clientId, jkt } = await setup(t, { grant: 'refresh_token' });
  await p.set('param-refresh_token', await fx.as.mintRefreshToken(clientId));
  const mark = fx.as.requests.length;
  const sent = await p.sendJson();
  assert.equal(sent.json.token_type, 'DPoP');
  assert.deepEqual(since(mark).map((r) => [r.status, r.error]), [[400, 'use_dpop_nonce'], [200, undefined]], 'after the nonce retry');
  assert.equal(decodeJwt(sent.json.access_token).cnf.jkt, jkt);
  await p.set('param-refresh_token', sent.json.refresh_token ?? await fx.as.mintRefreshToken(clientId));
  const ran = await runCurl(await p.copy('curl-copy'));
  assert.equal(ran.status, 200, ran.text);
  assert.equal(ran.body.token_type, 'DPoP');
  assert.equal(decodeJwt(ran.body.access_token).cnf.jkt, jkt);
});

test('without DPoP the same client is refused (the server requires proofs), and the page keeps Bearer for a free client', async (t) => {
  const { p, key } = await setup(t);
  await p.disableDpop();
  const refused = await p.send();
  assert.equal(refused.status, '400', refused.body);
  assert.equal(refused.sent.headers.dpop, undefined, 'no DPoP header with DPoP off');
  assert.match(fx.as.errors.at(-1).detail, /DPoP proof JWT not provided/, 'refused for the missing proof');
  const free = `free-${randomUUID()}`;
  await fx.as.addClient({ client_id: free, jwks: key.publicJwks });
  await p.configure({ clientId: free });
  const res = await p.sendJson();
  assert.equal(res.json.token_type, 'Bearer');
  assert.match(await p.binding(), /^not bound/);
});

test('a token endpoint typed with a query: the proof\'s htu has none (RFC 9449 §4.2), and the server accepts it', async (t) => {
  const { p, jkt } = await setup(t);
  await p.set('token-endpoint', `${fx.as.tokenEndpoint}?tenant=a`);
  const res = await p.sendJson();
  assert.equal(res.json.token_type, 'DPoP', res.body);
  const { claims } = await checkProof(res.sent.headers.dpop, { htm: 'POST', htu: fx.as.tokenEndpoint });
  assert.equal(claims.htu, fx.as.tokenEndpoint, 'htu = scheme://authority/path');
  assert.equal(decodeJwt(res.json.access_token).cnf.jkt, jkt);
  assert.equal(await p.el('dpop-proof-problems').locator('li').count(), 0, 'the page finds nothing wrong with its own proof');
});

test('dpop-key = client: the client key signs the proofs (dpop-jkt = its thumbprint), the page warns, the server binds the token to it', async (t) => {
  const { p, key } = await setup(t);
  const jkt = await p.enableDpop({ alg: 'ES256', key: 'client' });
  assert.equal(jkt, await calculateJwkThumbprint(key.publicJwk, 'sha256'), 'dpop-jkt is the client key\'s thumbprint');
  const warned = await p.until(() => p.problems(), (list) => list.some((x) => /dpop/i.test(x.rule) || /DPoP/.test(x.message)), 'a DPoP warning');
  show('client-key warning:', JSON.stringify(warned.filter((x) => /dpop/i.test(x.rule) || /DPoP/.test(x.message))));
  const res = await p.sendJson();
  assert.equal(decodeJwt(res.json.access_token).cnf.jkt, jkt);
  assert.equal((await checkProof(res.sent.headers.dpop, { htm: 'POST', htu: fx.as.tokenEndpoint })).jkt, jkt);
});

test('every proof the server received in this suite verifies with jose, was made for its request, and no jti repeats', async () => {
  const received = proofsAtServer(fx.as);
  const nonces = new Set(fx.as.requests.map((r) => r.dpopNonce).filter(Boolean));
  const checked = await checkAllProofs(received, { nonces });
  show('proofs checked:', checked.length, 'algs:', [...new Set(checked.map((c) => c.header.alg))].join(' '));
  assert.ok(checked.length >= DPOP_ALGS.length * 2 + 4, `the suite's proofs reached the server (${checked.length})`);
  assert.deepEqual([...new Set(checked.map((c) => c.header.alg))].sort(), [...DPOP_ALGS].sort());
});
