// The request panel as a person uses it: every copy is freshly signed and equals what the page
// then shows; after a Send the shown assertion is unused; nothing private leaves the page and
// fetches carry no cookie or Referer; the PowerShell and raw HTTP renderings say exactly what is
// sent; the token countdown; screenshots of steps 2–4 (light, dark, narrow).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { decodeJwt } from 'jose';
import { ARTIFACTS, foreignRequests, screenshot } from './lib/browser.mjs';
import { curlArgs, header, runCurl } from './lib/curl.mjs';
import { fixture } from './lib/fixture.mjs';
import { TOKEN_EXCHANGE } from './lib/oauth.mjs';
import { Secrets } from './lib/secrets.mjs';
import { Workbench, formFields, formValue } from './lib/workbench.mjs';

const fx = fixture({
  page: Workbench, clipboard: true, networkErrorsExpected: true, authorizationServers: { as: { cors: true } },
});

/** A page with a registered ES256 key, set up for client_credentials at the token endpoint. */
async function setup(t, { alg = 'ES256' } = {}) {
  const bench = await fx.open(t);
  const key = await bench.keyFor(alg);
  const clientId = `page-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks });
  await bench.configure({ clientId, aud: fx.as.tokenEndpoint, endpoint: fx.as.tokenEndpoint, params: { scope: 'api:read' } });
  return { bench, key, clientId };
}

const jtiOf = (jwt) => decodeJwt(jwt).jti;
const assertionOfCurl = async (command) => formValue((await curlArgs(command)).form, 'client_assertion');

/** Waits until the page shows `text` in `testid` (copying re-signs, then the page re-renders). */
async function pageShows(bench, testid, text) {
  await bench.page.waitForFunction(([id, t]) => document.querySelector(`[data-testid="${id}"]`)?.textContent === t,
    [testid, text], { timeout: 5_000 }).catch(() => {});
  return bench.text(testid);
}

test('every copy is freshly signed, and the clipboard equals what the page shows right after', async (t) => {
  const { bench } = await setup(t);
  const shownBefore = await bench.assertion();

  const curl1 = await bench.copy('curl-copy');
  assert.equal(await pageShows(bench, 'curl', curl1), curl1, 'clipboard = the curl command shown right after');
  const curl2 = await bench.copy('curl-copy');
  assert.equal(await pageShows(bench, 'curl', curl2), curl2, 'again');
  const [a1, a2] = [await assertionOfCurl(curl1), await assertionOfCurl(curl2)];
  assert.equal(await bench.assertion(), a2, 'the shown assertion is the one just copied');
  assert.equal(new Set([jtiOf(shownBefore), jtiOf(a1), jtiOf(a2)]).size, 3, 'three different jti');

  const jwt1 = await bench.copy('assertion-copy');
  assert.equal(await pageShows(bench, 'assertion', jwt1), jwt1, 'clipboard = the assertion shown right after');
  const jwt2 = await bench.copy('assertion-copy');
  assert.equal(await pageShows(bench, 'assertion', jwt2), jwt2);
  assert.match(jwt2, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'exactly a compact JWS');
  const jtis = [a1, a2, jwt1, jwt2].map(jtiOf);
  assert.equal(new Set(jtis).size, 4, `assertion-copy signs anew: ${jtis}`);

  for (const id of ['curl-powershell', 'request-http']) {
    await bench.reveal(id);
    const copied = await bench.copy(`${id}-copy`);
    const jwt = copied.match(/client_assertion=([\w.-]+)/)[1];
    assert.ok(!jtis.includes(jtiOf(jwt)), `${id}-copy signs anew`);
    jtis.push(jtiOf(jwt));
    assert.equal(await pageShows(bench, id, copied), copied, `${id}: clipboard = the page's text`);
  }

  // Both copied curl commands work: the server takes each jti once.
  for (const command of [curl1, curl2]) {
    const ran = await runCurl(command);
    assert.equal(ran.status, 200, ran.text);
  }
});

test('after a Send the shown assertion is a new, unused one', async (t) => {
  const { bench } = await setup(t);
  const before = await bench.assertion();
  const res = await bench.sendJson();
  const sent = formValue(res.form, 'client_assertion');
  assert.notEqual(jtiOf(sent), jtiOf(before), 'Send signed a new assertion');
  const after = await bench.nextAssertion(sent);
  assert.notEqual(jtiOf(after), jtiOf(sent), 'the page re-signed after sending');
  assert.notEqual(jtiOf(after), jtiOf(before));
  // The curl command read off the page (not copied) carries that unused assertion and works.
  const command = await bench.curl();
  assert.equal(await assertionOfCurl(command), after);
  const ran = await runCurl(command);
  assert.equal(ran.status, 200, ran.text);
});

test('nothing private leaves the page; fetches carry no Cookie and no Referer', async (t) => {
  const { bench, key, clientId } = await setup(t, { alg: 'RS256' }); // RSA: d, p, q, dp, dq, qi
  // A cookie the browser would send to the server (same host) if the page let it.
  await bench.rec.context.addCookies([{ name: 'session', value: 'must-not-be-sent', url: fx.as.issuer }]);
  assert.equal((await bench.rec.context.cookies(fx.as.issuer)).length, 1, 'the cookie applies to the server');
  const secrets = new Secrets();
  secrets.addKey('RSA-2048', key);
  assert.deepEqual(secrets.values.map((v) => v.label),
    ['d', 'p', 'q', 'dp', 'dq', 'qi', 'PKCS#8 body'].map((m) => `RSA-2048 ${m}`), 'every private member and the PKCS#8 body are known');

  // A tour of everything that sends: client_credentials, exchange, introspection, revocation, secrets.
  const cc = await bench.sendJson();
  await bench.el('next-exchange').click();
  const exchanged = await bench.sendJson();
  await bench.set('param-resource', fx.as.opaqueResource);
  const opaque = await bench.sendJson();
  await bench.el('next-introspect').click();
  await bench.set('token-endpoint', fx.as.introspectionEndpoint);
  assert.equal((await bench.sendJson()).json.active, true);
  await bench.el('grant-type').selectOption('revocation');
  await bench.set('token-endpoint', fx.as.revocationEndpoint);
  assert.equal((await bench.send()).status, '200');
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks, client_secret: 'pw-must-travel', token_endpoint_auth_method: 'client_secret_basic' });
  await bench.el('grant-type').selectOption('client_credentials');
  await bench.set('token-endpoint', fx.as.tokenEndpoint);
  await bench.el('client-auth').selectOption('client_secret_basic');
  await bench.set('param-client_secret', 'pw-must-travel');
  await bench.set('param-resource', '');
  await bench.sendJson();
  assert.ok(cc.json.access_token && exchanged.json.access_token && opaque.json.access_token);
  await bench.rec.settled();

  const leaks = [];
  for (const r of bench.rec.requests) {
    const text = [r.url, ...Object.entries(r.headers ?? {}).map(([k, v]) => `${k}: ${v}`), r.postData ?? ''].join('\n');
    for (const hit of secrets.find(text)) leaks.push(`${r.method} ${r.url} carries ${hit}`);
  }
  for (const m of bench.rec.consoleMessages) for (const hit of secrets.find(m.text)) leaks.push(`console carries ${hit}`);
  assert.deepEqual(leaks, [], 'no private key material in any request or console message');

  const fetches = bench.rec.requests.filter((r) => r.resourceType === 'fetch' && r.method === 'POST');
  assert.equal(fetches.length, 6, 'every Send was recorded');
  for (const r of fetches) {
    const names = Object.keys(r.headers).map((h) => h.toLowerCase());
    assert.ok(!names.includes('cookie'), `${r.url}: no Cookie (${r.headers.cookie})`);
    assert.ok(!names.includes('referer'), `${r.url}: no Referer (${r.headers.referer})`);
    assert.ok([fx.as.tokenEndpoint, fx.as.introspectionEndpoint, fx.as.revocationEndpoint].includes(r.url), `only to the endpoint typed: ${r.url}`);
  }
  assert.ok(fetches.at(-1).headers.authorization?.startsWith('Basic '), 'the one header that should travel does');
  const elsewhere = foreignRequests(bench.rec.requests, fx.server.origin).filter((r) => new URL(r.url).origin !== fx.as.issuer);
  assert.deepEqual(elsewhere.map((r) => r.url), [], 'no request to any third place');
  const pageGets = bench.rec.requests.filter((r) => r.method !== 'POST' && r.method !== 'OPTIONS');
  assert.ok(pageGets.every((r) => r.url.startsWith(fx.server.origin)), 'the page loads only its own assets');


  // What a server really receives: a recording token endpoint that would accept cookies (CORS with
  // credentials). The page's Send reaches it without Cookie or Referer; a plain fetch from the
  // same page with credentials (the control) arrives with both, so these checks can fail.
  const received = [];
  const recorder = createServer((req, res) => {
    received.push({ method: req.method, cookie: req.headers.cookie, referer: req.headers.referer });
    res.writeHead(req.method === 'OPTIONS' ? 204 : 200, {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-credentials': 'true',
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '',
      'content-type': 'application/json',
    }).end(req.method === 'OPTIONS' ? undefined : '{"access_token":"recorded","token_type":"Bearer"}');
  });
  await new Promise((ok) => recorder.listen(0, '127.0.0.1', ok));
  t.after(() => new Promise((ok) => { recorder.closeAllConnections(); recorder.close(() => ok()); }));
  const recorderUrl = `http://127.0.0.1:${recorder.address().port}/token`;
  assert.equal((await bench.rec.context.cookies(recorderUrl)).length, 1, 'the cookie applies to the recorder too');
  await bench.set('token-endpoint', recorderUrl);
  await bench.sendJson();
  const posts = received.filter((r) => r.method === 'POST');
  assert.equal(posts.length, 1);
  assert.deepEqual(posts[0], { method: 'POST', cookie: undefined, referer: undefined }, 'the server got no Cookie and no Referer');
  // Controls: the recorder does see a cookie and a Referer when a fetch asks for them (a
  // request's own referrerPolicy overrides the page's <meta name=referrer>).
  await bench.page.evaluate((url) => fetch(url, { method: 'POST', credentials: 'include', referrerPolicy: 'unsafe-url' }).then((r) => r.text()), recorderUrl);
  assert.equal(received.at(-1).cookie, 'session=must-not-be-sent', 'control: a credentialed fetch carries the cookie');
  assert.equal(received.at(-1).referer, bench.page.url().split('#')[0], 'control: a fetch that asks for a Referer carries one');
  // And the page's own policy: even a plain fetch from it carries no Referer.
  await bench.page.evaluate((url) => fetch(url, { method: 'POST' }).then((r) => r.text()), recorderUrl);
  assert.equal(received.at(-1).referer, undefined, 'the page\'s referrer policy is no-referrer');
});

test('Send posts to exactly the URL the curl shows, an endpoint with a query included', async (t) => {
  // Azure AD B2C names its policy in the token endpoint's query (…/token?p=b2c_1_signin). The
  // page once sent such a request to "…?p=b2c_1_signin&" (a library appended a separator).
  const { bench } = await setup(t);
  const received = [];
  const recorder = createServer((req, res) => {
    received.push({ method: req.method, url: req.url });
    res.writeHead(req.method === 'OPTIONS' ? 204 : 200, {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '',
      'content-type': 'application/json',
    }).end(req.method === 'OPTIONS' ? undefined : '{"access_token":"recorded","token_type":"Bearer"}');
  });
  await new Promise((ok) => recorder.listen(0, '127.0.0.1', ok));
  t.after(() => new Promise((ok) => { recorder.closeAllConnections(); recorder.close(() => ok()); }));
  const path = '/tenant/oauth2/v2.0/token?p=b2c_1_signin&x=a%2Fb';
  await bench.set('token-endpoint', `http://127.0.0.1:${recorder.address().port}${path}`);
  const shown = new URL((await curlArgs(await bench.text('curl'))).url);
  assert.equal(shown.pathname + shown.search, path, 'the curl names the endpoint as typed');
  await bench.sendJson();
  const posts = received.filter((r) => r.method === 'POST');
  assert.deepEqual(posts.map((r) => r.url), [path], 'the server got the POST at exactly that path and query');
});

/** The form pairs of a PowerShell rendering: the single-quoted body lines, URL-decoded. */
function powershellRequest(ps) {
  const lines = ps.split('\n');
  const start = lines.indexOf('$body = @(');
  const end = lines.indexOf(") -join '&'");
  assert.ok(start >= 0 && end > start, `PowerShell body block: ${ps}`);
  const literal = (q) => {
    assert.match(q, /^'.*'$/s, `a single-quoted literal: ${q}`);
    return q.slice(1, -1).replace(/(['\u2018\u2019\u201A\u201B])\1/g, '$1');
  };
  const body = lines.slice(start + 1, end).map((l) => literal(l.trim())).join('&');
  const headers = [];
  const hStart = lines.indexOf('$headers = @{');
  for (const line of lines.slice(hStart + 1, lines.indexOf('}', hStart))) {
    const m = line.trim().match(/^('(?:[^']|'')*') = ('(?:[^']|'')*')$/);
    assert.ok(m, `header line: ${line}`);
    headers.push([literal(m[1]), literal(m[2])]);
  }
  const uri = literal(ps.match(/-Uri ('(?:[^']|'')*')/)[1]);
  const contentType = literal(ps.match(/-ContentType ('(?:[^']|'')*')/)[1]);
  return { body, form: formFields(body), headers, uri, contentType };
}

/** The raw HTTP rendering taken apart. */
function httpRequest(http) {
  const [head, body] = http.split('\r\n\r\n');
  const [requestLine, ...headerLines] = head.split('\r\n');
  const headers = headerLines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]);
  return { requestLine, headers, body, form: formFields(body) };
}

for (const auth of ['client_secret_post', 'private_key_jwt']) {
  test(`PowerShell and raw HTTP say exactly what Send posts (${auth}, token exchange)`, async (t) => {
    const { bench, clientId, key } = await setup(t);
    const secret = `it's "$x" & \`y\` %41+=;`;
    if (auth !== 'private_key_jwt') {
      await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks, client_secret: secret, token_endpoint_auth_method: auth });
    }
    const subject = await fx.as.mintAccessToken(clientId, { accountId: 'alice' });
    await bench.el('grant-type').selectOption(TOKEN_EXCHANGE);
    await bench.el('client-auth').selectOption(auth);
    if (auth !== 'private_key_jwt') await bench.set('param-client_secret', secret);
    await bench.set('param-subject_token', subject);
    await bench.set('param-audience', "mbp-client\nx y&z=1'\u2019ü");
    await bench.set('param-scope', 'api:read api:write');
    await bench.check('request-resign', false); // Send posts exactly what is shown

    await bench.curl(); // consistent with the shown assertion
    const ps = powershellRequest(await bench.powershell());
    const http = httpRequest(await bench.http());
    const curl = await curlArgs(await bench.text('curl'));

    // PowerShell = raw HTTP = curl, field by field.
    assert.deepEqual(ps.form, http.form, 'PowerShell body fields = raw HTTP body fields');
    assert.deepEqual(curl.form, http.form, 'curl --data-urlencode fields = raw HTTP body fields');
    assert.deepEqual(http.form.filter(([n]) => n === 'audience').map(([, v]) => v), ['mbp-client', "x y&z=1'\u2019ü"]);
    assert.equal(ps.uri, fx.as.tokenEndpoint);
    assert.equal(ps.contentType, 'application/x-www-form-urlencoded');
    const url = new URL(fx.as.tokenEndpoint);
    assert.equal(http.requestLine, `POST ${url.pathname} HTTP/1.1`);
    assert.equal(header(http.headers, 'Host'), url.host);
    assert.equal(Number(header(http.headers, 'Content-Length')), Buffer.byteLength(http.body), 'Content-Length counts bytes');
    for (const [name, value] of http.headers) {
      if (['host', 'content-length', 'content-type'].includes(name.toLowerCase())) continue;
      assert.equal(header(ps.headers, name), value, `PowerShell sends header ${name}`);
      assert.equal(header(curl.headers, name), value, `curl sends header ${name}`);
    }

    // What the browser posted = the raw HTTP shown.
    const res = await bench.sendJson();
    assert.equal(res.sent.postData, http.body, 'the posted body is byte for byte the raw HTTP body');
    for (const [name, value] of http.headers) {
      if (['host', 'content-length'].includes(name.toLowerCase())) continue;
      assert.equal(res.sent.headers[name.toLowerCase()], value, `the posted request has ${name}`);
    }
    assert.deepEqual(decodeJwt(res.json.access_token).aud, ['mbp-client', "x y&z=1'\u2019ü"], 'and the server read the same audiences');
    // curl agrees with the server too (a fresh copy: the shown assertion was just used).
    const ran = await runCurl(await bench.copy('curl-copy'));
    assert.equal(ran.status, 200, ran.text);
    assert.deepEqual(decodeJwt(ran.body.access_token).aud, ['mbp-client', "x y&z=1'\u2019ü"]);
  });
}

test('countdowns never show more time than there is (access token and assertion)', async (t) => {
  // The page's clock ticks once a second. Whenever an answer arrives (or an assertion is signed)
  // after a wall-clock second began but before the page's next tick, a countdown computed from
  // the stale tick shows one second more than there is: 10:01 for expires_in 600. With real time
  // that happens on a share of runs that depends on the tick's phase; Playwright's clock makes it
  // every run: pause just after a tick, move the system time into the next second without firing
  // the interval, then sign and send.
  const bench = await fx.open(t, { init: ({ page }) => page.clock.install({ time: Date.now() }) });
  const key = await bench.keyFor('ES256');
  const clientId = `page-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks });
  await bench.configure({ clientId, aud: fx.as.tokenEndpoint, endpoint: fx.as.tokenEndpoint });

  const second = Math.ceil(Date.now() / 1000) + 2;
  await bench.page.clock.pauseAt(second * 1000 + 100); // the interval has ticked within `second`
  await bench.page.clock.setSystemTime(second * 1000 + 1_400); // the next second, no tick yet
  await bench.set('assertion-lifetime', '299');
  await bench.assertionWhere(({ claims }) => claims.exp - claims.iat === 299, 'a 299 s assertion');
  const times = await bench.text('assertion-times');
  await bench.el('request-send').click();
  await bench.el('response-status').waitFor();
  const expires = await bench.text('response-expires');
  const left = (text) => {
    const [, m, sec] = text.match(/expires in (\d+):(\d\d)/);
    return Number(m) * 60 + Number(sec);
  };
  const over = [];
  if (left(times) > 299) over.push(`assertion-times for lifetime 299: "${times}"`);
  if (left(expires) > 600) over.push(`response-expires for expires_in 600: "${expires}"`);
  assert.deepEqual(over, [], 'a countdown starts at most at the full lifetime');
});

test('screenshots of the assertion, request and response panels (1200 light/dark, 360)', async (t) => {
  const { bench } = await setup(t);
  await bench.sendJson();
  for (const id of ['assertion-extra', 'curl-powershell', 'request-http', 'request-resign', 'response-headers']) await bench.reveal(id);
  const shots = [];
  const overflows = [];
  for (const [label, width, scheme] of [['1200-light', 1200, 'light'], ['1200-dark', 1200, 'dark'], ['360', 360, 'light']]) {
    await bench.page.setViewportSize({ width, height: 900 });
    await bench.page.emulateMedia({ colorScheme: scheme });
    await bench.settle();
    for (const panel of ['assertion', 'request', 'response']) {
      const path = `${ARTIFACTS}request-${panel}-${label}.png`;
      await bench.page.locator(`#${panel}`).screenshot({ path });
      shots.push(path);
    }
    // Nothing may stick out sideways at any width: no box past the viewport, and no text spilling
    // out of a box that neither wraps nor scrolls it.
    const overflow = await bench.page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const name = (el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''}`;
      const out = [];
      if (document.documentElement.scrollWidth > width + 1) out.push(`the page scrolls sideways (${document.documentElement.scrollWidth} > ${width})`);
      for (const el of document.querySelectorAll('#assertion *, #request *, #response *')) {
        if (!el.checkVisibility()) continue;
        const box = el.getBoundingClientRect();
        if (box.right > width + 1) out.push(`${name(el)} ends at ${Math.round(box.right)} px`);
        const style = getComputedStyle(el);
        if (style.overflowX === 'visible' && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
          out.push(`${name(el)}: content ${el.scrollWidth} px spills out of its ${el.clientWidth} px box`);
        }
      }
      return out.slice(0, 10);
    });
    overflows.push(...overflow.map((o) => `${label}: ${o}`));
    shots.push(await screenshot(bench.page, `request-page-${label}`));
  }
  if (process.env.REPORT) console.error(shots.join('\n'));
  assert.deepEqual(overflows, [], 'nothing sticks out sideways');
});
