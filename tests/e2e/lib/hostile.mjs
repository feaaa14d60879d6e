// Hostile input for the page: the payloads, a way to paste each one like a person (or like a
// script), and the page's responsiveness while it copes (the browser's long-task API: the
// longest main-thread task from the paste until the page has answered and settled).
import { createServer } from 'node:http';

export const MiB = 1024 * 1024;
/**
 * Longest main-thread task we accept while the page copes with a paste, in milliseconds, on top
 * of what the browser itself spends putting the same paste into a bare field of the same
 * maxlength (`browserPasteCost`): that part is Chromium's, not the page's.
 */
export const LONG_TASK_BUDGET = 200;

const CONTROLS = `${Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('')}\u007f\u202e`;

/** One payload per kind of hostility; `via` says how it is pasted. */
export const PAYLOADS = {
  '10 MB': { value: () => 'A'.repeat(10 * MiB), via: 'clipboard' },
  'control characters': { value: () => `ctl${CONTROLS}end` },
  '10 000-deep JSON': { value: () => `${'{"a":['.repeat(10_000)}1${']}'.repeat(10_000)}` },
  'shell metacharacters': { value: (marker) => `x'; touch ${marker}; echo '$(touch ${marker})\`touch ${marker}\`"$(touch ${marker})"` },
};

/** Lifetimes nobody should be able to sign with. */
export const LIFETIMES = ['0', '-1', '9223372036854775807', '1e999', '٣٠٠'];

/**
 * URLs that must not be taken as they are. `https` gives the https form for fields that only
 * take https (jku). IPv6 points at `ipv6Origin` (a server on [::1]).
 */
export function absurdUrls(ipv6Origin, path = '/token') {
  return {
    'javascript:': 'javascript:alert(document.domain)',
    'data:': 'data:text/html,<script>alert(1)</script>',
    '1 MB long': `https://as.example/${'a'.repeat(MiB)}`,
    'with spaces': 'https://as.example/oauth 2/token',
    'with {placeholders}': 'https://{tenant}.example/oauth2/token',
    'with a fragment': 'https://as.example/oauth2/token#frag',
    'with userinfo': 'https://client:s3cr3t-in-url@as.example/oauth2/token',
    IPv6: `${ipv6Origin}${path}`,
  };
}

/** Control characters (other than line breaks and tabs) and bidi overrides in `text`. */
export function rawControls(text) {
  return [...new Set([...(text ?? '')].filter((c) => /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(c)))]
    .map((c) => `U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Installs a long-task recorder in every document of the context (before the page's scripts). */
export async function watchLongTasks(context) {
  await context.addInitScript(() => {
    window.__longTasks = [];
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    } catch { /* no long-task API */ }
  });
}

/**
 * Runs `action` (which pastes, and maybe presses a button) and measures: `answerMs`, the time
 * until the page runs a frame and a task again; `longestTask`, the longest main-thread task
 * from the start until `settleMs` after it answered.
 */
export async function measure(page, action, { settleMs = 300 } = {}) {
  const t0 = await page.evaluate(() => performance.now());
  const started = Date.now();
  await action();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  const answerMs = Date.now() - started;
  await page.waitForTimeout(settleMs);
  const tasks = await page.evaluate((t) => window.__longTasks.filter((e) => e.start + e.duration >= t).map((e) => Math.round(e.duration)), t0);
  return { answerMs, longestTask: Math.max(0, ...tasks), tasks };
}

/**
 * The control for LONG_TASK_BUDGET: the longest task Chromium itself spends when 10 MB is pasted
 * into a bare <input> and <textarea> of each `maxlength` (or none) on an empty page, the median
 * of three. Returns `(tag, maxlength) => milliseconds`.
 */
export async function browserPasteCost(browser, newPage, origin, fields) {
  const costs = new Map();
  for (const { tag, max } of fields) {
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const rec = await newPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
      await watchLongTasks(rec.context);
      // Served from the test's origin (a secure context, so the clipboard works), never from dist/.
      const url = `${origin}/paste-control.html`;
      const body = `<!doctype html><${tag} id="f" ${max ? `maxlength="${max}"` : ''}>${tag === 'textarea' ? '</textarea>' : ''}`;
      await rec.page.route(url, (route) => route.fulfill({ body, contentType: 'text/html' }));
      await rec.page.goto(url);
      await fillClipboard(rec.page, 'A'.repeat(10 * MiB));
      const m = await measure(rec.page, () => pasteFromClipboard(rec.page, rec.page.locator('#f')));
      runs.push(m.longestTask);
      await rec.context.close();
    }
    costs.set(`${tag}:${max ?? ''}`, runs.sort((a, b) => a - b)[1]);
  }
  return (tag, max) => costs.get(`${tag}:${max ?? ''}`) ?? 0;
}

/** Sets an input's value the way a script would, then fires input and change. */
export async function setValue(locator, value) {
  await locator.evaluate((el, v) => {
    el.value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

/**
 * Pastes like a person: clipboard, Ctrl+A, Ctrl+V, Tab (so the field also sees its change).
 * The clipboard is written before, outside what `measure` times.
 */
export async function fillClipboard(page, value) {
  await page.evaluate((v) => navigator.clipboard.writeText(v), value);
}

export async function pasteFromClipboard(page, locator) {
  await locator.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await locator.evaluate((el) => el.dispatchEvent(new Event('change', { bubbles: true })));
}

/**
 * A stand-in authorization server on the IPv6 loopback [::1]: discovery metadata and a token
 * endpoint that answers every POST with a token, both with CORS, and a log of what it got.
 */
export async function startIpv6Server() {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const headers = {
      'content-type': 'application/json',
      'access-control-allow-origin': '*',
      'access-control-allow-headers': '*',
      'cache-control': 'no-store',
    };
    if (req.method === 'OPTIONS') return res.writeHead(204, headers).end();
    if (req.method === 'GET' && req.url.startsWith('/.well-known/')) {
      return res.writeHead(200, headers).end(JSON.stringify({
        issuer: origin,
        token_endpoint: `${origin}/token`,
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
        token_endpoint_auth_signing_alg_values_supported: ['ES256', 'RS256'],
      }));
    }
    if (req.method === 'POST' && req.url === '/token') {
      req.resume();
      return req.on('end', () => res.writeHead(200, headers).end('{"access_token":"ipv6-token","token_type":"Bearer","expires_in":60}'));
    }
    return res.writeHead(404, headers).end('{"error":"not_found"}');
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '::1', ok));
  const origin = `http://[::1]:${server.address().port}`;
  return {
    origin,
    requests,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
