// When things go wrong, the page says so: a server without CORS (Send explains, the curl still
// works), the server's refusals (wrong aud, expired, replayed, unknown key) shown as the server
// sent them, client secrets, and input the page refuses before sending anything.
// Each test has its own page and authorization server (so as.errors is its own); they run
// concurrently because one of them waits out the server's 15 s clock tolerance.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { pageProblems } from './lib/browser.mjs';
import { runCurl } from './lib/curl.mjs';
import { fixture } from './lib/fixture.mjs';
import { Workbench, formValue } from './lib/workbench.mjs';

const CLOCK_TOLERANCE = 15; // oidc-provider's, in authorization-server/authorization-server.mjs

// The tests provoke error answers, which Chromium logs itself.
const fx = fixture({ page: Workbench, clipboard: true, networkErrorsExpected: true });

/**
 * A page and a server of its own; an ES256 key registered (unless `register` is false) as a
 * private_key_jwt client, the assertion and endpoint set for the token endpoint.
 */
async function setup(t, { cors = true, register = true, metadata = {}, alg = 'ES256' } = {}) {
  const [bench, as] = await Promise.all([fx.open(t), fx.authorizationServer(t, { cors })]);
  t.after(() => {
    if (process.env.REPORT && as.errors.length) console.error(`[server] ${t.name}: ${JSON.stringify(as.errors)}`);
  });
  const key = await bench.keyFor(alg);
  const clientId = `errors-${randomUUID()}`;
  if (register) await as.addClient({ client_id: clientId, jwks: key.publicJwks, ...metadata });
  await bench.configure({ clientId, aud: as.tokenEndpoint, endpoint: as.tokenEndpoint, params: { scope: 'api:read' } });
  return { bench, as, key, clientId };
}

/** The page shows the server's invalid_client refusal: status 401, error in oauth-error and body. */
function assertInvalidClient(res, label) {
  assert.equal(res.error, undefined, `${label}: a response, not a request-error`);
  assert.equal(res.status, '401', `${label}: status`);
  assert.match(res.oauthError ?? '', /invalid_client/, `${label}: response-oauth-error`);
  assert.equal(JSON.parse(res.body).error, 'invalid_client', `${label}: response-body`);
}

describe('server errors and CORS', { concurrency: true }, () => {
  test('no CORS: Send explains in plain words, the curl command still works', async (t) => {
    const { bench, as } = await setup(t, { cors: false });
    const res = await bench.send();
    assert.equal(res.sent?.url, as.tokenEndpoint, 'the browser did send the request');
    assert.equal(res.status, undefined, 'no response shown');
    assert.ok(res.error, 'request-error is shown');
    for (const phrase of [/CORS/, /curl/, /not a fault in your request/, new RegExp(as.issuer.replace(/\./g, '\\.'))]) {
      assert.match(res.error, phrase, 'request-error explains');
    }
    assert.ok(await bench.el('request-error').isVisible());
    const ran = await runCurl(await bench.copy('curl-copy'));
    assert.equal(ran.status, 200, `${ran.text}; server: ${JSON.stringify(as.errors)}`);
    assert.ok(ran.body.access_token);
    assert.deepEqual(as.errors, []);
  });

  test('wrong aud → 401 invalid_client shown in the page', async (t) => {
    const { bench, as } = await setup(t);
    await bench.configure({ aud: 'https://elsewhere.example/token' });
    const res = await bench.send();
    assertInvalidClient(res, 'wrong aud');
    assert.equal(decodeJwt(formValue(res.form, 'client_assertion')).aud, 'https://elsewhere.example/token');
    assert.match(as.errors.at(-1).detail, /aud/, `server's reason: ${JSON.stringify(as.errors.at(-1))}`);
  });

  test('expired assertion (lifetime 1 s, request-resign off) → 401 invalid_client', async (t) => {
    const { bench, as } = await setup(t);
    await bench.check('request-resign', false);
    const { token, claims } = await bench.configure({ lifetime: 1 });
    await bench.el('assertion-expired').waitFor({ timeout: 5_000 });
    assert.match(await bench.text('assertion-times'), /expired/);
    assert.equal(await bench.assertion(), token, 'an expired assertion stays as it is');
    // The server allows 15 s of clock skew: wait until the assertion is beyond that too.
    const wait = (claims.exp + CLOCK_TOLERANCE + 1) * 1000 - Date.now();
    await new Promise((ok) => setTimeout(ok, Math.max(0, wait)));
    const res = await bench.send();
    assert.equal(formValue(res.form, 'client_assertion'), token, 'request-resign off: the shown assertion, unchanged');
    assertInvalidClient(res, 'expired');
    assert.match(as.errors.at(-1).detail, /exp/, `server's reason: ${JSON.stringify(as.errors.at(-1))}`);
    assert.equal(await bench.assertion(), token, 'no re-signing after Send with request-resign off');
  });

  test('reused jti (request-resign off, Send twice) → the second is refused', async (t) => {
    const { bench, as } = await setup(t);
    await bench.reveal('request-resign');
    assert.equal(await bench.el('request-resign').isChecked(), true, 'request-resign is on by default');
    await bench.check('request-resign', false);
    const shown = await bench.assertion();
    const first = await bench.send();
    assert.equal(first.status, '200', first.body);
    assert.equal(formValue(first.form, 'client_assertion'), shown);
    assert.equal(await bench.assertion(), shown, 'still the same assertion after Send');
    const second = await bench.send();
    assert.equal(formValue(second.form, 'client_assertion'), shown, 'the very same assertion posted again');
    assertInvalidClient(second, 'replay');
    assert.equal(as.errors.length, 1, JSON.stringify(as.errors));
    assert.match(as.errors[0].detail, /jti|once/i, `server's reason: ${JSON.stringify(as.errors[0])}`);

    // Turning re-signing back on makes Send work again.
    await bench.check('request-resign', true);
    const third = await bench.send();
    assert.equal(third.status, '200', third.body);
    assert.notEqual(formValue(third.form, 'client_assertion'), shown);
  });

  test('a key the server does not know → 401 invalid_client', async (t) => {
    const { bench, as } = await setup(t);
    const registered = await bench.key();
    await bench.keyFor('ES256'); // a second key, never registered
    const { header } = await bench.assertionWhere(({ header }) => header.kid !== registered.kid, 'assertion with the new key');
    const res = await bench.send();
    assertInvalidClient(res, 'unregistered key');
    assert.notEqual(decodeJwt(formValue(res.form, 'client_assertion')).jti, undefined);
    assert.ok(header.kid);
    assert.match(as.errors.at(-1).detail, /key|signature/i, `server's reason: ${JSON.stringify(as.errors.at(-1))}`);
  });

  for (const auth of ['client_secret_basic', 'client_secret_post']) {
    test(`${auth}: Send and curl, with a secret that needs quoting`, async (t) => {
      // oidc-provider allows printable ASCII only (RFC 6749 VSCHAR).
      const secret = `s3cr3t it's "$HOME" & \`id\` $(id) %20+:;\\ ~`;
      const { bench, as, clientId } = await setup(t);
      await as.addClient({ client_id: clientId, client_secret: secret, token_endpoint_auth_method: auth });
      await bench.el('client-auth').selectOption(auth);
      await bench.set('param-client_secret', secret);
      const res = await bench.sendJson();
      assert.ok(res.json.access_token);
      assert.equal(formValue(res.form, 'client_assertion'), undefined, 'no assertion with a secret');
      if (auth === 'client_secret_basic') {
        const basic = res.sent.headers.authorization;
        assert.match(basic ?? '', /^Basic /, 'Authorization: Basic');
        const [id, pw] = Buffer.from(basic.slice(6), 'base64').toString('utf8').split(':').map((p) => decodeURIComponent(p.replace(/\+/g, ' ')));
        assert.deepEqual([id, pw], [clientId, secret], 'RFC 6749 §2.3.1 encoding of id and secret');
      } else {
        assert.equal(formValue(res.form, 'client_secret'), secret);
        assert.equal(formValue(res.form, 'client_id'), clientId);
      }
      const ran = await runCurl(await bench.copy('curl-copy'));
      assert.equal(ran.status, 200, ran.text);
      assert.ok(ran.body.access_token);

      await bench.set('param-client_secret', 'wrong');
      assertInvalidClient(await bench.send(), 'wrong secret');
      assert.match(as.errors.at(-1).detail ?? as.errors.at(-1).description, /secret|client authentication/i, JSON.stringify(as.errors.at(-1)));
    });
  }
});

describe('input the page refuses before sending', () => {
  /** Expects a sentence in `testid` (visible), no request sent on Send, and the page still fine. */
  async function refused(bench, testid, pattern, label) {
    await bench.el(testid).waitFor({ timeout: 5_000 }).catch(() => {});
    const text = await bench.maybe(testid);
    assert.ok(text, `${label}: ${testid} is shown`);
    assert.match(text, pattern, `${label}: ${testid} says why`);
    assert.match(text, /^[A-Z].*\.$/s, `${label}: a sentence: ${text}`);
    assert.ok(await bench.el(testid).isVisible(), `${label}: visible`);
    const before = bench.rec.requests.length;
    const res = await bench.send();
    assert.equal(res.sent, undefined, `${label}: nothing is sent`);
    assert.equal(bench.rec.requests.slice(before).filter((r) => r.method !== 'GET').length, 0);
    assert.equal(await bench.maybe('curl'), undefined, `${label}: no curl command for a request that cannot be built`);
    assert.deepEqual(pageProblems(bench.rec), [], `${label}: no console error or panic`);
    return text;
  }

  test('endpoint, lifetime, extra claims, client secret: a sentence each, then the page works', async (t) => {
    const { bench } = await setup(t);
    const cases = [
      ['token-endpoint', '', 'request-error', /endpoint URL is empty/],
      ['token-endpoint', 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token', 'request-error', /placeholder \{tenant\}/],
      ['token-endpoint', 'ftp://example.test/token', 'request-error', /https:\/\//],
      ['token-endpoint', 'https://example.test/oauth token', 'request-error', /space/],
      ['assertion-lifetime', '0', 'assertion-error', /lifetime.*between 1 and/i],
      ['assertion-lifetime', 'abc', 'assertion-error', /lifetime.*between 1 and/i],
      ['assertion-lifetime', '99999999999', 'assertion-error', /lifetime.*between 1 and/i],
      ['assertion-extra', '{"scope": "read",\n "x": }', 'assertion-error', /line 2, column \d+/],
      ['assertion-extra', '{"exp": 4102444800}', 'assertion-error', /"exp"/],
      ['assertion-extra', '["not", "an", "object"]', 'assertion-error', /JSON object/],
    ];
    const endpoint = await bench.el('token-endpoint').inputValue();
    const good = { 'token-endpoint': endpoint, 'assertion-lifetime': '300', 'assertion-extra': '' };
    await bench.reveal('assertion-extra');
    const said = [];
    const stale = [];
    for (const [testid, value, where, pattern] of cases) {
      await bench.set(testid, value);
      const text = await refused(bench, where, pattern, `${testid} = ${JSON.stringify(value)}`);
      said.push(`${testid} = ${JSON.stringify(value)} → ${text}`);
      if (where === 'assertion-error') {
        // The request cannot be built without an assertion, and says so.
        assert.match(await bench.text('request-error'), /assertion/i, 'request-error points at the assertion');
      }
      await bench.set(testid, good[testid]);
      await bench.el(where).waitFor({ state: 'detached', timeout: 3_000 }).catch(() => {});
      const left = await bench.maybe('request-error');
      if (left !== undefined) stale.push(`after ${testid} = ${JSON.stringify(value)} was corrected: "${left}"`);
      await bench.assertionWhere(({ claims }) => claims.exp - claims.iat === 300, 'a valid assertion again');
      assert.ok(await bench.maybe('curl'), 'the curl command is back');
    }
    // A secret method with an empty secret.
    await bench.el('client-auth').selectOption('client_secret_post');
    await bench.set('param-client_secret', '');
    said.push(`client_secret empty → ${await refused(bench, 'request-error', /secret is empty/, 'empty client_secret')}`);
    await bench.el('client-auth').selectOption('private_key_jwt');

    if (process.env.REPORT) console.error(said.join('\n'));
    // Still works after all that.
    const res = await bench.sendJson();
    assert.ok(res.json.access_token);
    assert.deepEqual(stale, [], 'a request-error from a refused Send disappears once the input is corrected');
  });

  test('typing into the lifetime field keeps what was typed (no silent rewrite)', async (t) => {
    // <input type=number> hands the page '' while the text is not a number yet ("1e", "-", "1.");
    // the page must not write that '' back into the field and eat the keystrokes.
    const { bench } = await setup(t);
    const seen = [];
    for (const typed of ['1e5', '-5', '1.5']) {
      await bench.el('assertion-lifetime').fill('');
      await bench.el('assertion-lifetime').pressSequentially(typed, { delay: 30 });
      await bench.settle();
      const field = await bench.el('assertion-lifetime').evaluate((n) => n.value);
      const error = await bench.maybe('assertion-error');
      const claims = error ? undefined : (await bench.decoded()).claims;
      seen.push({ typed, field, error, lifetime: claims && claims.exp - claims.iat });
    }
    for (const { typed, field, error, lifetime } of seen) {
      // Acceptable: the field shows what was typed and the page either uses that number or says why not.
      const silent = !error && lifetime !== Number(typed);
      assert.ok(!silent && (field === typed || field === ''), `typed ${typed}: field shows "${field}", assertion lifetime ${lifetime}, error ${error}`);
    }
  });
});
