// The set-up every e2e suite shares, declared in one call at the top of the suite:
//
//   const fx = fixture({ page: ProviderPage, authorizationServers: { as: { cors: true } } });
//   test('…', async (t) => {
//     const p = await fx.open(t); // the page, in a fresh recorded browser context, loaded
//     … fx.as.tokenEndpoint, fx.server.url, fx.browser …
//   });
//
// Before the suite it starts headless Chromium (lib/browser.mjs), a static server for dist/
// (lib/server.mjs) and the authorization servers named (authorization-server/), and stops them
// after it. After every test it makes the standard after-check for every page that test opened
// and every page of the suite: no console error, page error or Rust panic (lib/browser.mjs
// problems()); a failure says what the page logged and saves a screenshot. Then the test's
// contexts close, whether the check passed or not. The check runs in afterEach, before the
// test's own t.after hooks, because node:test skips the t.after hooks that follow one that fails.
//
// What varies between suites is an option here, not a copy there: the page driver; browser
// context options (viewport, locale, colour scheme, permissions); the clipboard; whether
// Chromium's own lines about failed fetches are expected; request recording
// (lib/trust-recorder.mjs); a Secrets ledger (lib/secrets.mjs) that tracks every page; set-up of
// the context before the page loads.
import { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import { startAuthorizationServer } from '../authorization-server/authorization-server.mjs';
import { launch, newPage, pageProblems, problems, screenshot } from './browser.mjs';
import { KeyPanel } from './keypanel.mjs';
import { serveDist } from './server.mjs';
import { recordedPage } from './trust-recorder.mjs';

export const CLIPBOARD = ['clipboard-read', 'clipboard-write'];

const RESERVED = new Set(['browser', 'server', 'ready', 'open', 'openShared', 'newPage', 'serveDist', 'authorizationServer']);

/**
 * Declares the suite's set-up (call it once, at the top level of the suite).
 * @param {object} options
 * @param options.page the page driver fx.open() makes by default (KeyPanel, Workbench, ProviderPage)
 * @param options.browser false for a suite without a browser (then no dist/ server either)
 * @param options.authorizationServers {name: startAuthorizationServer options}: each becomes fx[name]
 * @param options.context browser context options for every page (a page's own go over them)
 * @param options.clipboard every page may read and write the clipboard
 * @param options.networkErrorsExpected the after-check leaves out what Chromium logs itself for a
 *   fetch that failed or was refused by CORS (lib/browser.mjs pageProblems()): for suites that
 *   provoke error answers
 * @param options.secrets a Secrets that tracks every page opened (for its final leaks() test)
 */
export function fixture({
  page: Driver = KeyPanel,
  browser = true,
  authorizationServers = {},
  context = {},
  clipboard = false,
  networkErrorsExpected = false,
  secrets,
} = {}) {
  const names = Object.keys(authorizationServers);
  for (const name of names) if (RESERVED.has(name)) throw new Error(`fixture: "${name}" is taken, name the server otherwise`);
  const fx = {};
  /** Pages checked after every test (opened with t = null), and pages by the test that opened them. */
  const suitePages = [];
  const testPages = new Map();

  async function start() {
    const starting = [
      ['browser', browser && launch()],
      ['server', browser && serveDist()],
      ...names.map((name) => [name, startAuthorizationServer(authorizationServers[name])]),
    ].filter(([, promise]) => promise);
    const settled = await Promise.allSettled(starting.map(([, promise]) => promise));
    // Whatever started is kept, so that `after` stops it even when something else did not start.
    settled.forEach((result, i) => { if (result.status === 'fulfilled') fx[starting[i][0]] = result.value; });
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }
  let starting;
  /**
   * Resolves once the browser and servers run. Every method here awaits it, and so must a suite's
   * own `before` that uses fx.browser or a server directly: node 20 starts a file's top-level
   * `before` hooks one after the other but does not wait for one to finish before the next.
   */
  fx.ready = () => (starting ??= start());
  before(() => fx.ready());
  after(async () => {
    await starting?.catch(() => {});
    await Promise.all([fx.browser?.close(), fx.server?.close(), ...names.map((name) => fx[name]?.close())]);
  });

  afterEach(async (t) => {
    const pages = [...(testPages.get(t) ?? []), ...suitePages].filter((page) => page.check);
    testPages.delete(t);
    const found = [];
    for (const { rec, quiet } of pages) {
      const lines = quiet ? pageProblems(rec) : problems(rec);
      if (!lines.length) continue;
      // Where the page stood when it complained (the context is still open here).
      const shot = await screenshot(rec.page, `problems-${t.name}`).catch(() => 'none');
      found.push(...lines, `(screenshot: ${shot})`);
    }
    assert.deepEqual(found, [], 'no console errors, page errors or panics');
  });

  /**
   * A fresh browser context with one page, recorded (lib/browser.mjs newPage(), or with
   * `recorded` lib/trust-recorder.mjs recordedPage()), not loaded yet. It belongs to test `t`
   * (checked after it, then closed) or, with t = null, to the suite (see openShared()).
   * @param options.context browser context options (over the suite's)
   * @param options.check false: no after-check for this page, because the test expects errors
   *   (say why where you use it)
   * @param options.origin the page's origin, for `secrets` (dist/'s server by default)
   * @param options.driverOptions the driver's own context options (fx.open() passes them), under the rest
   */
  fx.newPage = async (t, {
    context: own = {}, clipboard: withClipboard = clipboard, networkErrorsExpected: quiet = networkErrorsExpected,
    recorded = false, check = true, origin, driverOptions = {},
  } = {}) => {
    await fx.ready();
    origin ??= fx.server?.origin;
    const options = { ...driverOptions, ...context, ...own };
    if (withClipboard) options.permissions = [...new Set([...(options.permissions ?? []), ...CLIPBOARD])];
    const rec = await (recorded ? recordedPage : newPage)(fx.browser, options);
    const page = { rec, check, quiet };
    if (t) {
      if (!testPages.has(t)) testPages.set(t, []);
      testPages.get(t).push(page);
      t.after(() => rec.context.close());
    } else {
      suitePages.push(page);
    }
    secrets?.track(rec, origin);
    return rec;
  };

  /**
   * fx.newPage(), loaded at `url` (dist/ at the root by default) and driven by `page` (the suite's
   * driver by default), once the app has mounted and loaded its lazy modules.
   * @param options.init runs on the record before the page loads (init scripts, a fake clock, …)
   * @param options.lazy false: wait for the mount only, not for the lazy modules (lib/lazy.mjs),
   *   for a test of their loading
   */
  fx.open = async (t, { page: Page = Driver, url, init, lazy = true, ...options } = {}) => {
    await fx.ready();
    url ??= fx.server.url;
    const rec = await fx.newPage(t, { origin: new URL(url).origin, ...options, driverOptions: Page.contextOptions() });
    await init?.(rec);
    const driver = new Page(rec);
    await driver.goto(url, { lazy });
    return driver;
  };

  /** fx.open() of a page for the whole suite: checked after every test, closed with the browser. */
  fx.openShared = (options) => fx.open(null, options);

  /** Another static server for dist/ (lib/server.mjs serveDist() options), stopped after test `t`. */
  fx.serveDist = async (t, options) => {
    const server = await serveDist(options);
    t.after(() => server.close());
    return server;
  };

  /** An authorization server of test `t` alone (so its `errors` are the test's), stopped after it. */
  fx.authorizationServer = async (t, options) => {
    const server = await startAuthorizationServer(options);
    t.after(() => server.close());
    return server;
  };

  return fx;
}
