// The page's redirect_uri, callback.html, on its own (no WebAssembly, no pkjwt page needed): it
// hands the address it was sent to to the window that opened it, for this origin only; falls back
// to the BroadcastChannel 'pkjwt-callback' when it has no opener; wipes the code and state from its
// address before anything else (no history entry keeps them); closes itself once the answer is
// taken; and otherwise says in words to go back to pkjwt. An opener of another origin gets nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from './lib/fixture.mjs';
import { DIST } from './lib/server.mjs';

const fx = fixture({});
// The pages here are checked by the last test (console errors of callback.html), not one by one.
const quiet = { check: false };
const consoles = [];
const ANSWER = 'code=callback-test-code&state=callback-test-state&iss=http%3A%2F%2F127.0.0.1%3A9';

function needCallback() {
  assert.ok(existsSync(join(DIST, 'callback.html')), `${DIST}/callback.html: the build has no callback page`);
}

/** A recorded-enough page of the dist origin (callback.html without an answer: harmless, no wasm). */
async function originPage(t, server = fx.server) {
  const rec = await fx.newPage(t, { origin: server.origin, ...quiet });
  consoles.push(rec);
  await rec.page.goto(`${server.url}callback.html`);
  return rec;
}

test('no answer in the address: it says what it is (the redirect_uri to register), no message sent', async (t) => {
  needCallback();
  const rec = await originPage(t);
  const text = await rec.page.locator('body').innerText();
  assert.match(text, /redirect_uri|callback/i, text);
  assert.equal(rec.page.isClosed(), false);
});

test('opened by a window of its origin: posts the address to it, wipes its own, closes', async (t) => {
  needCallback();
  const rec = await originPage(t);
  const { page, context } = rec;
  await page.evaluate(() => {
    window.__got = [];
    window.addEventListener('message', (e) => window.__got.push({ origin: e.origin, data: e.data, fromOpened: e.source === window.__opened }));
  });
  const popupSeen = context.waitForEvent('page');
  await page.evaluate((answer) => { window.__opened = window.open(`callback.html?${answer}`, 'cb', 'popup=yes'); }, ANSWER);
  const popup = await popupSeen;
  const urls = [];
  popup.on('framenavigated', (f) => { if (f === popup.mainFrame()) urls.push(f.url()); });
  await page.waitForFunction(() => window.__got.length > 0, null, { timeout: 10_000 });
  const [got] = await page.evaluate(() => window.__got);
  assert.equal(got.origin, fx.server.origin);
  assert.equal(got.data.type, 'pkjwt-callback');
  assert.equal(new URL(got.data.url).search, `?${ANSWER}`, 'the whole answer reached the opener');
  assert.equal(got.fromOpened, true, 'from the window the opener opened');
  if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: 5_000 }).catch(() => {});
  assert.equal(popup.isClosed(), true, 'the callback closed itself');
});

test('without an opener and nobody on the channel: the address is wiped and it says to go back to pkjwt', async (t) => {
  needCallback();
  const rec = await fx.newPage(t, quiet);
  consoles.push(rec);
  const before = await rec.page.evaluate(() => history.length);
  await rec.page.goto(`${fx.server.url}callback.html?${ANSWER}`);
  assert.equal(new URL(rec.page.url()).search, '', 'no code or state left in the address');
  await rec.page.waitForFunction(() => /pkjwt/i.test(document.body.innerText) && !/Handing/i.test(document.body.innerText), null, { timeout: 5_000 });
  const text = await rec.page.locator('body').innerText();
  assert.match(text, /go back|pkjwt/i, text);
  assert.ok(!text.includes('callback-test-code'), 'the page does not show the code');
  const history = await rec.page.evaluate(() => history.length);
  assert.equal(history, before + 1, 'one history entry for the callback, and it is the wiped one');
  await rec.page.goBack();
  assert.ok(!rec.page.url().includes('callback-test'), `going back finds no entry with the answer: ${rec.page.url()}`);
});

test('without an opener: the channel pkjwt-callback carries it to a pkjwt page of this origin, which answers "taken"', async (t) => {
  needCallback();
  const rec = await originPage(t);
  await rec.page.evaluate(() => {
    window.__got = [];
    const channel = new BroadcastChannel('pkjwt-callback');
    channel.onmessage = (e) => {
      window.__got.push(e.data);
      if (e.data?.type === 'pkjwt-callback') channel.postMessage({ type: 'pkjwt-callback-taken' });
    };
  });
  const other = await rec.context.newPage(); // same context and origin, opened by hand: no opener
  await other.goto(`${fx.server.url}callback.html?${ANSWER}`);
  await rec.page.waitForFunction(() => window.__got.length > 0, null, { timeout: 5_000 });
  const [got] = await rec.page.evaluate(() => window.__got);
  assert.equal(got.type, 'pkjwt-callback');
  assert.equal(new URL(got.url).search, `?${ANSWER}`);
  // A window the user opened with history behind it may not close itself (the browser refuses
  // window.close()): then it must say the answer was taken, not ask to go back.
  if (!other.isClosed()) await other.waitForEvent('close', { timeout: 3_000 }).catch(() => {});
  if (!other.isClosed()) {
    const text = await other.locator('body').innerText();
    assert.doesNotMatch(text, /go back|No pkjwt window/i, `taken, so no "go back": ${text}`);
    assert.match(text, /pkjwt/i);
  }
});

test('an opener of another origin receives nothing', async (t) => {
  needCallback();
  const elsewhere = await fx.serveDist(t); // the same files on another port: another origin
  const rec = await originPage(t, elsewhere);
  await rec.page.evaluate(() => {
    window.__got = [];
    window.addEventListener('message', (e) => window.__got.push(e.data));
  });
  const popupSeen = rec.context.waitForEvent('page');
  await rec.page.evaluate(([url, answer]) => { window.open(`${url}callback.html?${answer}`, 'cb', 'popup=yes'); }, [fx.server.url, ANSWER]);
  const popup = await popupSeen;
  const urls = [];
  popup.on('framenavigated', (f) => urls.push(f.url()));
  await popup.waitForEvent('close', { timeout: 3_000 }).catch(() => {});
  await rec.page.waitForTimeout(200); // a message in flight would arrive within a task or two
  assert.deepEqual(await rec.page.evaluate(() => window.__got), [], 'the foreign opener got no message');
  if (!popup.isClosed()) assert.equal(new URL(popup.url()).search, '', 'the address is wiped');
});

test('callback.html logs no console error (a missing favicon is one)', async () => {
  const lines = consoles.flatMap((rec) => rec.consoleMessages.filter((m) => m.type === 'error').map((m) => m.text));
  assert.ok(consoles.length >= 3);
  assert.deepEqual([...new Set(lines)], []);
});
