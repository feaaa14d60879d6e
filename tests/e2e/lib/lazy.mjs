// The page's lazy modules as the browser sees them, shared by the e2e suites and `make bench`
// (scripts/bench.mjs). The page loads every chunk (lazy-<name>-<hash>.wasm, see lib/size.mjs)
// on first use and preloads them all once the browser is idle after mount, and says where that
// stands on <html data-lazy>: "loading" after mount, "ready" once every chunk loaded, "failed"
// when one did not (that part then shows testid lazy-error instead of itself).
import { existsSync } from 'node:fs';
import { unlessPageError } from './browser.mjs';
import { DIST } from './server.mjs';
import { isLazyFile, lazyFiles } from './size.mjs';

let lazyBuild;
/** The build under test (dist/) has lazy chunks: its pages must reach data-lazy="ready". */
export const isLazyBuild = () => (lazyBuild ??= existsSync(DIST) && lazyFiles(DIST).length > 0);

/** The chunk file a URL (http: or file:) names, or undefined when it names none. */
export const lazyFileOf = (url) => {
  const name = decodeURIComponent(new URL(url).pathname.split('/').pop());
  return isLazyFile(name) ? name : undefined;
};

/**
 * Init script: records performance.now() when the app has mounted its Generate button
 * ("interactive") in window.__pkjwtInteractive. Installed before any page script, so the page
 * needs no hook of its own.
 */
export const INTERACTIVE_PROBE = () => {
  const found = () => document.querySelector('[data-testid="key-generate"]');
  const observer = new MutationObserver(() => {
    if (found()) {
      window.__pkjwtInteractive = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
};

/**
 * Init script: records performance.now() at each change of <html data-lazy> in
 * window.__pkjwtLazy ({state: ms}, first time each state was seen).
 */
export const LAZY_PROBE = () => {
  window.__pkjwtLazy = {};
  const note = () => {
    const state = document.documentElement?.dataset.lazy;
    if (state && !(state in window.__pkjwtLazy)) window.__pkjwtLazy[state] = performance.now();
  };
  new MutationObserver(note).observe(document, { attributes: true, attributeFilter: ['data-lazy'], subtree: true });
};

/** <html data-lazy> now (undefined when the page does not set it). */
export const lazyState = (page) => page.evaluate(() => document.documentElement.dataset.lazy);

/**
 * Waits until data-lazy is "ready" or "failed" and returns which (failing fast on a page error).
 * A timeout says where the state stood.
 */
export async function lazySettled(rec, { timeout = 30_000 } = {}) {
  const waited = rec.page.waitForFunction(() => {
    const state = document.documentElement.dataset.lazy;
    return (state === 'ready' || state === 'failed') && state;
  }, null, { timeout, polling: 50 });
  try {
    return await (await unlessPageError(rec, waited)).jsonValue();
  } catch (error) {
    const state = await lazyState(rec.page).catch(() => 'unknown (page gone)');
    throw new Error(`the lazy modules did not settle within ${timeout} ms: data-lazy is ${JSON.stringify(state)} (${error.message.split('\n')[0]})`,
      { cause: error });
  }
}

/**
 * In a build with lazy chunks: waits until the page has loaded every one (data-lazy="ready"),
 * so that no test races a chunk. "failed" is an error that names the chunk requests that went
 * wrong. A build without chunks has nothing to wait for.
 */
export async function lazyReady(rec, options) {
  if (!isLazyBuild()) return;
  if (await lazySettled(rec, options) === 'failed') {
    const bad = rec.requests.filter((r) => lazyFileOf(r.url) && (r.failure || r.status >= 400))
      .map((r) => `${r.url}: ${r.failure ?? r.status}`);
    const said = rec.consoleMessages.filter((m) => m.type === 'error').map((m) => m.text);
    throw new Error(`a lazy module failed to load (data-lazy="failed"); chunk requests that failed: ${bad.join('; ') || 'none seen'}; `
      + `console errors: ${said.join(' | ') || 'none'}`);
  }
}

/**
 * The page's own PerformanceResourceTiming entries of lazy chunks: {name (the URL), file,
 * startTime, responseEnd} in ms after navigation start.
 */
export async function lazyTimings(page) {
  const entries = await page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => ({ name: e.name, startTime: e.startTime, responseEnd: e.responseEnd })));
  return entries.map((e) => ({ ...e, file: lazyFileOf(e.name) })).filter((e) => e.file);
}
