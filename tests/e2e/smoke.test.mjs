// Smoke test: the release build in dist/ loads, mounts and stays on its own origin,
// both at the server root and under a sub-path (relative asset URLs).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist } from './lib/server.mjs';
import { launch, newPage, problems, foreignRequests, screenshot, unlessPageError } from './lib/browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const base of ['/', '/some/sub/path/']) {
  test(`app mounts when served at ${base}`, async (t) => {
    const server = await serveDist({ base });
    t.after(() => server.close());
    const rec = await newPage(browser);
    t.after(() => rec.context.close());

    try {
      await rec.page.goto(server.url);
      await unlessPageError(rec, rec.page.locator('h1', { hasText: 'pkjwt' }).waitFor({ timeout: 30_000 }));
      await rec.page.waitForLoadState('networkidle');
      await rec.settled();

      assert.deepEqual(problems(rec), [], 'no console errors, page errors or panics');
      assert.deepEqual(foreignRequests(rec.requests, server.origin).map((r) => r.url), [],
        'every request goes to the page\'s own origin');
      // Under a sub-path, absolute asset URLs (/pkjwt-….js) would escape the mount and 404.
      const failed = rec.requests.filter((r) => !r.url.startsWith(server.url) || r.failure || r.status >= 400);
      assert.deepEqual(failed.map((r) => `${r.url} ${r.status ?? r.failure}`), [], 'every asset loads from the mount');
      assert.ok(rec.requests.some((r) => r.url.endsWith('.wasm')), 'the wasm module was fetched');
    } catch (err) {
      // Say what the page itself reported: a timeout alone hides the real cause.
      const shot = await screenshot(rec.page, `smoke${base}`).catch(() => 'none');
      throw new Error(`${err.message}\n  page problems: ${JSON.stringify(problems(rec), null, 2)}\n  screenshot: ${shot}`,
        { cause: err });
    }
  });
}
