// The user's side of the authorization code and device flows against oidc-provider's own pages
// (devInteractions: a login form that takes any login and password, a consent form with
// "Continue", and "[ Cancel ]" on both, which answers access_denied), two ways:
//   - in a browser page (the popup the page opened, or a second page), as a person would:
//       await completeLogin(popup, { login: 'alice' });            // → { closed, urls }
//       await completeLogin(popup, { deny: true });                // consent cancelled
//       await approveDevice(page2, { uri, userCode, login: 'bob' });
//   - from node with fetch (no browser), for the server's own tests and for suites that need a
//     code without the page's front channel:
//       const { location } = await frontChannel(as, authorizationUrl, { login: 'alice' });
//       await deviceApproval(as, { userCode });
// Both follow the server's pages generically (whatever prompt comes next: login, consent, or
// none when a session and grant exist), so they do not assume one fixed sequence.

const TIMEOUT = 15_000;

/** The prompt of the oidc-provider form on the page ('login', 'consent'), or undefined. */
async function promptOf(page) {
  const field = page.locator('form input[name=prompt]');
  return (await field.count()) ? field.first().getAttribute('value') : undefined;
}

/**
 * Completes the login and consent pages in `page` (a Playwright page showing the authorization
 * server) until it leaves the server: the redirect to the client's redirect_uri, after which the
 * page's callback usually closes the window.
 * @param options.login the login typed (becomes the ID token's sub)
 * @param options.deny press "[ Cancel ]" on the consent page (access_denied)
 * @param options.denyLogin press "[ Cancel ]" on the login page
 * @param options.closeTimeout how long to wait for the client's callback to close the window (0: not at all)
 * @returns {{closed: boolean, urls: string[], prompts: string[]}} every URL the window was at
 *   (the redirect to the callback included), and the prompts it answered
 */
export async function completeLogin(page, { login = 'alice', password = 'any-password', deny = false, denyLogin = false,
  timeout = TIMEOUT, closeTimeout = 5_000 } = {}) {
  const urls = [];
  const prompts = [];
  // Navigation requests, not navigated frames: an error page (a 404 without a body) would show
  // as chrome-error:// and hide the address the server sent the window to.
  const onNav = (request) => { if (request.isNavigationRequest() && request.frame() === page.mainFrame()) urls.push(request.url()); };
  page.on('request', onNav);
  if (page.url() !== 'about:blank') urls.push(page.url());
  const issuerOrigin = () => urls.map((u) => new URL(u)).find((u) => u.pathname.startsWith('/auth') || u.pathname.startsWith('/interaction'))?.origin;
  try {
    const end = Date.now() + timeout;
    for (;;) {
      if (page.isClosed()) return { closed: true, urls, prompts };
      if (Date.now() > end) throw new Error(`the login did not finish within ${timeout} ms; at ${page.url()}, answered ${prompts.join(', ')}`);
      // Wait for the next thing: a form of the server, or a page that is not the server's.
      await page.waitForLoadState('domcontentloaded', { timeout }).catch(() => {});
      if (page.isClosed()) return { closed: true, urls, prompts };
      const origin = issuerOrigin();
      const here = page.url();
      if (origin && here !== 'about:blank' && new URL(here).origin !== origin) {
        // Left the server: the redirect reached the client. Give its callback a moment to close.
        if (closeTimeout) await page.waitForEvent('close', { timeout: closeTimeout }).catch(() => {});
        return { closed: page.isClosed(), urls, prompts };
      }
      const prompt = await promptOf(page).catch(() => undefined);
      if (!prompt) {
        await page.waitForURL((u) => u.href !== here, { timeout: 1_000 }).catch(() => {});
        continue;
      }
      prompts.push(prompt);
      const before = page.url();
      if ((prompt === 'consent' && deny) || (prompt === 'login' && denyLogin)) {
        await page.getByText('[ Cancel ]').click();
      } else if (prompt === 'login') {
        await page.locator('input[name=login]').fill(login);
        await page.locator('input[name=password]').fill(password);
        await page.locator('form button[type=submit]').click();
      } else if (prompt === 'consent') {
        await page.locator('form button[type=submit]').click();
      } else {
        throw new Error(`unknown prompt ${prompt} at ${before}`);
      }
      await page.waitForURL((u) => u.href !== before, { timeout }).catch((err) => { if (!page.isClosed()) throw err; });
    }
  } finally {
    page.off('request', onNav);
  }
}

/**
 * Approves (or denies) a device authorization in `page`: opens `uri` (verification_uri_complete,
 * or verification_uri with `userCode` typed in), confirms, logs in and consents. Resolves once
 * the server's success page (or, when denied, its answer) shows.
 * @returns {{title: string, prompts: string[]}} the final page's heading and the prompts answered
 */
export async function approveDevice(page, { uri, userCode, login = 'alice', deny = false, timeout = TIMEOUT } = {}) {
  await page.goto(uri);
  const input = page.locator('input[name=user_code]');
  if (await input.count() && await input.first().isVisible()) {
    await input.fill(userCode);
    await Promise.all([page.waitForURL(() => true, { waitUntil: 'domcontentloaded', timeout }), page.getByText('Continue').click()]);
  }
  const heading = async () => (await page.locator('h1').first().textContent()).trim();
  if (await heading() !== 'Confirm Device') throw new Error(`expected the confirmation page, got "${await heading()}": ${await page.content()}`);
  const shown = await page.locator('code').first().textContent();
  if (userCode && normalise(shown) !== normalise(userCode)) throw new Error(`the confirmation page shows ${shown}, not ${userCode}`);
  const before = page.url();
  if (deny) await page.locator('button[name=abort]').click();
  else await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((u) => u.href !== before, { timeout }).catch(() => {});
  const prompts = [];
  const end = Date.now() + timeout;
  for (;;) {
    await page.waitForLoadState('domcontentloaded');
    const prompt = await promptOf(page);
    if (!prompt) break;
    if (Date.now() > end) throw new Error(`device approval did not finish; at ${page.url()}`);
    prompts.push(prompt);
    const here = page.url();
    if (prompt === 'login') {
      await page.locator('input[name=login]').fill(login);
      await page.locator('input[name=password]').fill('any-password');
    }
    await page.locator('form button[type=submit]').click();
    await page.waitForURL((u) => u.href !== here, { timeout });
  }
  return { title: await heading(), prompts, body: await page.locator('body').innerText() };
}

const normalise = (code) => String(code).toUpperCase().replace(/[^A-Z0-9]/g, '');

// --- from node, with fetch ---------------------------------------------------------------------

/** A minimal cookie jar: name → {value, path}, sent by path prefix (one host: the server's). */
export class CookieJar {
  constructor() { this.cookies = new Map(); }
  take(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const path = attrs.find((a) => /^path=/i.test(a))?.slice(5) || '/';
      const expired = attrs.some((a) => /^expires=/i.test(a) && new Date(a.slice(8)) < new Date()) || attrs.some((a) => /^max-age=0$/i.test(a));
      if (expired || value === '') this.cookies.delete(`${name} ${path}`);
      else this.cookies.set(`${name} ${path}`, { name, value, path });
    }
  }
  header(url) {
    const { pathname } = new URL(url);
    return [...this.cookies.values()].filter((c) => pathname.startsWith(c.path)).map((c) => `${c.name}=${c.value}`).join('; ');
  }
}

/** Reads the forms of an HTML page: [{id, action, method, fields: {name: value}, buttons: [{name, value}]}]. */
export function forms(html) {
  const out = [];
  for (const [, attrs, inner] of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attr = (name, text = attrs) => text.match(new RegExp(`\\b${name}="([^"]*)"`, 'i'))?.[1];
    const fields = {};
    for (const [input] of inner.matchAll(/<input\b[^>]*>/gi)) {
      const name = attr('name', input);
      if (name) fields[name] = unescapeHtml(attr('value', input) ?? '');
    }
    out.push({ id: attr('id'), action: unescapeHtml(attr('action') ?? ''), method: (attr('method') ?? 'get').toLowerCase(), fields });
  }
  return out;
}
const unescapeHtml = (s) => s.replace(/&#x2F;/g, '/').replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * Runs the front channel from node: GET `url` (an authorization URL of `as`), then follows the
 * server's redirects and answers its login and consent forms, until a redirect leaves the server.
 * @returns {{location?: string, params?: URLSearchParams, status: number, body?: any, prompts: string[], jar}}
 *   location: where the server sent the browser (the redirect_uri with code/state/iss or error),
 *   params: its query; or, when the server answered without redirecting, status and body
 */
export async function frontChannel(as, url, { login = 'alice', deny = false, jar = new CookieJar(), maxSteps = 20 } = {}) {
  const prompts = [];
  let next = { url, method: 'GET' };
  for (let step = 0; step < maxSteps; step++) {
    const res = await fetch(next.url, {
      method: next.method,
      redirect: 'manual',
      headers: { cookie: jar.header(next.url), ...(next.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: next.body,
    });
    jar.take(res);
    if (res.status >= 300 && res.status < 400) {
      const location = new URL(res.headers.get('location'), next.url).href;
      if (new URL(location).origin !== new URL(as.issuer).origin) {
        return { status: res.status, location, params: new URL(location).searchParams, prompts, jar };
      }
      next = { url: location, method: 'GET' };
      continue;
    }
    const text = await res.text();
    const form = forms(text).find((f) => f.fields.prompt);
    if (res.status !== 200 || !form) {
      let body = text;
      try { body = JSON.parse(text); } catch { /* html */ }
      return { status: res.status, body, prompts, jar };
    }
    const prompt = form.fields.prompt;
    prompts.push(prompt);
    if ((prompt === 'consent' && deny)) {
      const abort = text.match(/<a href="([^"]*)">\[ Cancel \]<\/a>/)?.[1];
      next = { url: new URL(unescapeHtml(abort), next.url).href, method: 'GET' };
      continue;
    }
    const fields = { ...form.fields, ...(prompt === 'login' ? { login, password: 'any-password' } : {}) };
    next = { url: new URL(form.action, next.url).href, method: 'POST', body: new URLSearchParams(fields).toString() };
  }
  throw new Error(`the front channel did not finish in ${maxSteps} steps`);
}

/**
 * Approves a device authorization from node: the verification page with `userCode`, the
 * confirmation, login and consent. `deny` presses Abort on the confirmation.
 * @returns {{status: number, title: string, prompts: string[]}} the final page
 */
export async function deviceApproval(as, { userCode, login = 'alice', deny = false, jar = new CookieJar() } = {}) {
  const go = async (url, body) => {
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET', redirect: 'manual',
      headers: { cookie: jar.header(url), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: body && new URLSearchParams(body).toString(),
    });
    jar.take(res);
    return res;
  };
  let res = await go(as.verificationUri);
  let html = await res.text();
  const input = forms(html).find((f) => f.id === 'op.deviceInputForm');
  res = await go(new URL(input.action, as.verificationUri).href, { ...input.fields, user_code: userCode });
  html = await res.text();
  const confirm = forms(html).find((f) => f.id === 'op.deviceConfirmForm');
  if (!confirm) return { status: res.status, title: html.match(/<h1>([^<]*)/)?.[1], prompts: [], html };
  res = await go(new URL(confirm.action, as.verificationUri).href, { ...confirm.fields, ...(deny ? { abort: 'yes' } : {}) });
  const prompts = [];
  for (let step = 0; step < 20; step++) {
    if (res.status >= 300 && res.status < 400) {
      res = await go(new URL(res.headers.get('location'), as.issuer).href);
      continue;
    }
    html = await res.text();
    const form = forms(html).find((f) => f.fields.prompt);
    if (!form) return { status: res.status, title: html.match(/<h1>([^<]*)/)?.[1], prompts, html };
    prompts.push(form.fields.prompt);
    const fields = { ...form.fields, ...(form.fields.prompt === 'login' ? { login, password: 'any-password' } : {}) };
    res = await go(new URL(form.action, as.issuer).href, fields);
  }
  throw new Error('device approval did not finish');
}
