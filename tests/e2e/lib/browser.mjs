// Headless Debian Chromium driven by playwright-core (Playwright cannot download browsers here).
// newPage() records everything a page does on the network and the console, so tests can assert
// that nothing private leaves the page and that the app never panicked.
import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

// Running as root needs --no-sandbox; the background-networking flags stop Chromium from
// phoning home, which on this closed network only produces refused connections and noise.
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Launches Chromium. Playwright gives every launch a fresh temporary user-data-dir.
 * @param options.popupBlocking keep Chromium's pop-up blocker on, as a person's browser has it
 *   (Playwright turns it off by default): window.open then needs a user activation
 */
export function launch({ popupBlocking = false } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    ...(popupBlocking ? { ignoreDefaultArgs: ['--disable-popup-blocking'] } : {}),
  });
}

/**
 * Opens a page in a fresh context and records its activity.
 * @returns page, context, and the live logs:
 *   requests: [{url, method, headers, postData, resourceType, fromServiceWorker, status?, failure?}]
 *   consoleMessages: [{type, text}], pageErrors: [Error]
 *   settled(): resolves once every request's full headers have been read.
 */
export async function newPage(browser, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const requests = [];
  const consoleMessages = [];
  const pageErrors = [];
  const pending = new Set();
  const entries = new WeakMap();

  // On the context, so workers and popups are recorded too.
  context.on('request', (req) => {
    const entry = {
      url: req.url(),
      method: req.method(),
      headers: req.headers(),
      postData: req.postData(),
      resourceType: req.resourceType(),
      // sw.js fetching this build's files for the offline copy, not the page itself.
      fromServiceWorker: Boolean(req.serviceWorker()),
    };
    requests.push(entry);
    entries.set(req, entry);
    // headers() omits some (cookie, …); allHeaders() has them all but is async.
    const p = req.allHeaders().then((h) => { entry.headers = h; }, () => {}).finally(() => pending.delete(p));
    pending.add(p);
  });
  context.on('response', (res) => {
    const entry = entries.get(res.request());
    if (entry) entry.status = res.status();
  });
  context.on('requestfailed', (req) => {
    const entry = entries.get(req);
    if (entry) entry.failure = req.failure()?.errorText;
  });
  page.on('console', (msg) => consoleMessages.push({ type: msg.type(), text: msg.text() }));
  page.on('pageerror', (err) => pageErrors.push(err));

  return {
    page,
    context,
    requests,
    consoleMessages,
    pageErrors,
    settled: async () => { while (pending.size) await Promise.all([...pending]); },
  };
}

/** Settles like `promise`, but rejects at once when the page throws (e.g. wasm fails to start),
 *  instead of letting a wait run into its timeout. */
export function unlessPageError({ page, pageErrors }, promise) {
  return new Promise((resolve, reject) => {
    const onError = (err) => reject(new Error(`page error: ${err.message}`));
    if (pageErrors.length) onError(pageErrors[0]);
    page.once('pageerror', onError);
    promise.then(resolve, reject).finally(() => page.off('pageerror', onError));
  });
}

/** Console errors, page errors and Rust panics seen so far, as readable strings. */
export function problems({ consoleMessages, pageErrors }) {
  return [
    ...consoleMessages
      .filter((m) => m.type === 'error' || m.text.includes('panicked at'))
      .map((m) => `console.${m.type}: ${m.text}`),
    ...pageErrors.map((e) => `pageerror: ${e.stack ?? e}`),
  ];
}

/**
 * What Chromium itself logs for a fetch that got a 4xx/5xx answer or was refused by CORS: those
 * lines are the browser's, the page cannot prevent them, and tests of error answers provoke them
 * on purpose.
 */
export const BROWSER_NETWORK_LOG = /^console\.error: (Failed to load resource: (the server responded with a status of [45]\d\d|net::ERR_FAILED)|Access to fetch at '[^']*' from origin '[^']*' has been blocked by CORS policy)/;

/** problems() without the browser's own lines about failed fetches (BROWSER_NETWORK_LOG). */
export function pageProblems(rec) {
  return problems(rec).filter((p) => !BROWSER_NETWORK_LOG.test(p));
}

/** Requests that did not go to `origin` (data: URLs never leave the page). */
export function foreignRequests(requests, origin) {
  return requests.filter((r) => !r.url.startsWith('data:') && new URL(r.url).origin !== origin);
}

/** Saves a full-page PNG to tests/e2e/artifacts/<name>.png and returns its path. */
export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = `${ARTIFACTS}${name.replace(/[^\w.-]+/g, '_')}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}
