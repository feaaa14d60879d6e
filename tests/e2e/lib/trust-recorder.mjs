// Records everything a page session does that could carry data out of the page or keep it
// behind: on top of lib/browser.mjs newPage() (every request of the context, workers included),
// it records
//   writes:   every storage write the page's scripts make, seen from inside the page by wrappers
//             installed before any of its own script runs (context.addInitScript): Storage
//             setItem/removeItem/clear, indexedDB.open and object store put/add, CacheStorage
//             open and Cache put/add/addAll, the document.cookie setter and cookieStore.set,
//             history.pushState/replaceState URLs, and every hashchange/popstate/load URL;
//   console:  every console line of the context: the page, its dedicated workers and any
//             service worker (context-level 'console');
//   workers / serviceWorkers: the script URLs of the workers that ran;
//   snapshots: what storage actually holds (local/session storage, cookies, IndexedDB
//             databases, Cache Storage entries, window.name, the URL) whenever snapshot() is
//             called: a second witness that catches writes no wrapper saw (a direct
//             `localStorage.x = …`, a write made by a worker).
// Each write carries the test's current `phase` (set by the test), so a test can say which
// writes are allowed when.
import { newPage } from './browser.mjs';

/** Runs in every document of the context before the page's own scripts. */
function instrument() {
  if (window.__trustInstalled) return;
  window.__trustInstalled = true;
  // The test's own look at storage (snapshot()) goes through these, so it is not reported.
  window.__trustOriginals = { cachesOpen: globalThis.CacheStorage?.prototype.open };
  const report = (entry) => {
    const full = { ...entry, href: location.href, time: Date.now() };
    try {
      window.__trustRecord(JSON.stringify(full));
    } catch {
      (window.__trustPending ??= []).push(full);
    }
  };
  const text = (value) => {
    if (typeof value === 'string') return value;
    try { return JSON.stringify(value); } catch { return String(value); }
  };
  const wrap = (proto, name, describe) => {
    const original = proto?.[name];
    if (typeof original !== 'function') return;
    proto[name] = function wrapped(...args) {
      try { report(describe.call(this, ...args)); } catch { /* never break the page */ }
      return original.apply(this, args);
    };
  };
  const which = (storage) => {
    try {
      if (storage === window.localStorage) return 'localStorage';
      if (storage === window.sessionStorage) return 'sessionStorage';
    } catch { /* storage may be disabled */ }
    return 'Storage';
  };
  wrap(Storage.prototype, 'setItem', function (key, value) { return { api: `${which(this)}.setItem`, key: String(key), value: String(value) }; });
  wrap(Storage.prototype, 'removeItem', function (key) { return { api: `${which(this)}.removeItem`, key: String(key) }; });
  wrap(Storage.prototype, 'clear', function () { return { api: `${which(this)}.clear` }; });
  wrap(IDBFactory.prototype, 'open', (name, version) => ({ api: 'indexedDB.open', key: String(name), value: String(version ?? '') }));
  wrap(IDBFactory.prototype, 'deleteDatabase', (name) => ({ api: 'indexedDB.deleteDatabase', key: String(name) }));
  wrap(IDBObjectStore.prototype, 'put', function (value, key) { return { api: 'IDBObjectStore.put', key: `${this.name}:${text(key)}`, value: text(value) }; });
  wrap(IDBObjectStore.prototype, 'add', function (value, key) { return { api: 'IDBObjectStore.add', key: `${this.name}:${text(key)}`, value: text(value) }; });
  const requestUrl = (r) => new Request(r).url;
  // Cache Storage exists only in secure contexts (not in about:blank).
  wrap(globalThis.CacheStorage?.prototype, 'open', (name) => ({ api: 'caches.open', key: String(name) }));
  wrap(globalThis.Cache?.prototype, 'add', (request) => ({ api: 'Cache.add', key: requestUrl(request) }));
  wrap(globalThis.Cache?.prototype, 'addAll', (requests) => ({ api: 'Cache.addAll', key: [...requests].map(requestUrl).join(' ') }));
  const put = globalThis.Cache?.prototype.put;
  if (put) Cache.prototype.put = function (request, response) {
    try {
      const key = requestUrl(request);
      response.clone().text().then((body) => report({ api: 'Cache.put', key, value: body }), () => report({ api: 'Cache.put', key }));
    } catch { /* never break the page */ }
    return put.call(this, request, response);
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    enumerable: cookie.enumerable,
    get() { return cookie.get.call(this); },
    set(value) {
      report({ api: 'document.cookie', value: String(value) });
      cookie.set.call(this, value);
    },
  });
  if (window.CookieStore) wrap(CookieStore.prototype, 'set', (name, value) => ({ api: 'cookieStore.set', key: text(name), value: text(value) }));
  const absolute = (url) => {
    try { return url == null ? location.href : new URL(url, location.href).href; } catch { return String(url); }
  };
  wrap(History.prototype, 'pushState', (state, title, url) => ({ api: 'history.pushState', value: absolute(url), state: text(state) }));
  wrap(History.prototype, 'replaceState', (state, title, url) => ({ api: 'history.replaceState', value: absolute(url), state: text(state) }));
  window.addEventListener('hashchange', (e) => report({ api: 'hashchange', value: e.newURL }));
  window.addEventListener('popstate', () => report({ api: 'popstate', value: location.href }));
  report({ api: 'document', value: location.href });
}

/**
 * Opens a recorded page (not navigated yet: call page.goto).
 * @returns the newPage() record plus writes, console, workers, serviceWorkers, snapshots,
 *   phase (settable) and snapshot(label).
 */
export async function recordedPage(browser, contextOptions = {}) {
  const rec = await newPage(browser, contextOptions);
  const { page, context } = rec;
  rec.phase = 'start';
  rec.writes = [];
  rec.console = [];
  rec.workers = [];
  rec.serviceWorkers = [];
  rec.snapshots = [];
  rec.dialogs = [];
  await context.exposeBinding('__trustRecord', (source, json) => {
    rec.writes.push({ phase: rec.phase, ...JSON.parse(json) });
  });
  await context.addInitScript(instrument);
  context.on('console', (msg) => {
    rec.console.push({ phase: rec.phase, type: msg.type(), text: msg.text(), from: msg.worker()?.url() ?? 'page' });
  });
  page.on('worker', (worker) => rec.workers.push(worker.url()));
  context.on('serviceworker', (worker) => rec.serviceWorkers.push(worker.url()));
  page.on('dialog', (dialog) => { rec.dialogs.push(`${dialog.type()}: ${dialog.message()}`); dialog.dismiss().catch(() => {}); });

  /** What the origin holds right now, as seen from the page; also kept in rec.snapshots. */
  rec.snapshot = async (label) => {
    const inPage = await page.evaluate(async () => {
      const cached = [];
      for (const name of await caches.keys()) {
        const cache = await window.__trustOriginals.cachesOpen.call(caches, name);
        for (const request of await cache.keys()) {
          const response = await cache.match(request);
          cached.push({ cache: name, url: request.url, method: request.method, body: response ? await response.clone().text() : '' });
        }
      }
      const dump = (storage) => Object.fromEntries(Object.keys(storage).map((k) => [k, storage.getItem(k)]));
      return {
        href: location.href,
        localStorage: dump(localStorage),
        sessionStorage: dump(sessionStorage),
        documentCookie: document.cookie,
        indexedDB: (await indexedDB.databases()).map((d) => d.name),
        caches: cached,
        windowName: window.name,
      };
    });
    const snap = { label, phase: rec.phase, ...inPage, cookies: await context.cookies() };
    rec.snapshots.push(snap);
    return snap;
  };
  return rec;
}

/** The texts of a snapshot that hold data, each with where it was: [{where, text}]. */
export function snapshotTexts(snap) {
  return [
    { where: `URL (${snap.label})`, text: snap.href },
    ...Object.entries(snap.localStorage).map(([k, v]) => ({ where: `localStorage[${k}] (${snap.label})`, text: `${k}=${v}` })),
    ...Object.entries(snap.sessionStorage).map(([k, v]) => ({ where: `sessionStorage[${k}] (${snap.label})`, text: `${k}=${v}` })),
    { where: `document.cookie (${snap.label})`, text: snap.documentCookie },
    ...snap.cookies.map((c) => ({ where: `cookie ${c.name} (${snap.label})`, text: `${c.name}=${c.value}` })),
    ...snap.indexedDB.map((name) => ({ where: `IndexedDB ${name} (${snap.label})`, text: name })),
    ...snap.caches.map((c) => ({ where: `Cache ${c.cache} ${c.url} (${snap.label})`, text: `${c.url}\n${c.body}` })),
    { where: `window.name (${snap.label})`, text: snap.windowName },
  ].filter((t) => t.text);
}

/** The text of a recorded write (everything it carried). */
export const writeText = (w) => [w.key, w.value, w.state].filter((x) => x != null).join('\n');

/** Is this write a change of the page's URL (history or hash)? */
export const isUrlWrite = (w) => /^(history\.|hashchange|popstate|document)/.test(w.api);
