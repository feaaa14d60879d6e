// Smoke test: the release build in dist/ loads, mounts and stays on its own origin,
// both at the server root and under a sub-path (relative asset URLs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { problems, foreignRequests, screenshot, unlessPageError } from './lib/browser.mjs';
import { fixture } from './lib/fixture.mjs';

// The raw page, without a driver: nothing but the page's own heading is assumed.
const fx = fixture();

for (const base of ['/', '/some/sub/path/']) {
  test(`app mounts when served at ${base}`, async (t) => {
    const server = await fx.serveDist(t, { base });
    const rec = await fx.newPage(t);

    try {
      await rec.page.goto(server.url);
      await unlessPageError(rec, rec.page.locator('h1', { hasText: 'pkjwt' }).waitFor({ timeout: 30_000 }));
      await rec.page.waitForLoadState('networkidle');
      await rec.settled();

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
