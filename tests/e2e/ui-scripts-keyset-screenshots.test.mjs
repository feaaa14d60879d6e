// Screenshots of the day-two parts at 1280 and 360 px, light and dark, for a person to look at
// (tests/e2e/artifacts/ui13-*.png): the key panel with a set of three keys and a JWKS check that
// says "published" (ui13-keyset-<view>.png; the check's own block ui13-jwks-published-<view>.png),
// the check's block after a fetch CORS refused, with the paste and the curl
// (ui13-jwks-failed-<view>.png), and the Script block with a python
// script (ui13-script-<view>.png), plus the whole page (ui13-page-<view>.png). The machine's
// checks, made after each shot (so a failure still leaves the picture): nothing is wider than
// the viewport (a <pre> fits and scrolls inside itself).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { ARTIFACTS, screenshot } from './lib/browser.mjs';
import { fixture } from './lib/fixture.mjs';
import { startJwksServer } from './lib/jwks-server.mjs';
import { addKey, checkJwksUrl } from './lib/keyset.mjs';
import { ScriptPanel } from './lib/scripts.mjs';
import { Workbench } from './lib/workbench.mjs';

// The failed check provokes Chromium's own CORS line.
const fx = fixture({ page: Workbench, networkErrorsExpected: true });
const VIEWS = [
  { name: '1280-light', viewport: { width: 1280, height: 900 }, colorScheme: 'light' },
  { name: '1280-dark', viewport: { width: 1280, height: 900 }, colorScheme: 'dark' },
  { name: '360-light', viewport: { width: 360, height: 780 }, colorScheme: 'light', isMobile: true, hasTouch: true },
  { name: '360-dark', viewport: { width: 360, height: 780 }, colorScheme: 'dark', isMobile: true, hasTouch: true },
];

let jwks;
before(async () => { jwks = await startJwksServer(); });
after(() => jwks?.close());

/** Elements whose right edge passes the viewport (not counting the content of a <pre>, which scrolls itself). */
async function expectFits(page, what) {
  const { wide, scroll } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).position !== 'fixed')
      .filter((el) => !el.parentElement?.closest('pre')) // a <pre> itself must fit; what is inside it scrolls
      .map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} right=${Math.round(el.getBoundingClientRect().right)}`)
      .slice(0, 10);
    return { wide: out, scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth };
  });
  assert.deepEqual(wide, [], `${what}: elements wider than the viewport`);
  assert.ok(scroll <= 0, `${what}: the page scrolls sideways by ${scroll}px`);
}

/** The Script block: the nearest section or details around the language choice (and so the script). */
const scriptBlock = (p) => p.el('script-lang').locator('xpath=ancestor::*[self::section or self::details][1]');
/** The JWKS check's block (wherever the page put it). */
const jwksBlock = (p) => p.el('jwks-check').locator('xpath=ancestor::*[self::section or self::details][1]');

for (const view of VIEWS) {
  test(`key set, JWKS check and Script at ${view.name}`, async (t) => {
    const { name, ...context } = view;
    const p = await fx.open(t, { context });
    await mkdir(ARTIFACTS, { recursive: true });
    const key = await p.keyFor('ES256');
    await addKey(p, 'RSA-2048');
    await addKey(p, 'Ed25519');
    await p.configure({ clientId: 'screenshot-client', aud: 'https://as.example/token', endpoint: 'https://as.example/token', params: { scope: 'api:read' } });

    const urls = jwks.publish(`shot-${name}`, { keys: [key.publicJwk] });
    const ok = await checkJwksUrl(p, urls.cors);
    assert.match(ok.result ?? '', /^published\b/, JSON.stringify(ok));
    await p.page.locator('#keys').screenshot({ path: `${ARTIFACTS}ui13-keyset-${name}.png` });
    await jwksBlock(p).screenshot({ path: `${ARTIFACTS}ui13-jwks-published-${name}.png` });
    await expectFits(p.page, `${name} key set + published`);

    const scripts = new ScriptPanel(p);
    await scripts.text('python');
    await scriptBlock(p).scrollIntoViewIfNeeded();
    await scriptBlock(p).screenshot({ path: `${ARTIFACTS}ui13-script-${name}.png` });
    await screenshot(p.page, `ui13-page-${name}`);
    await expectFits(p.page, `${name} script`);

    const failed = await checkJwksUrl(p, urls.plain);
    assert.ok(failed.failed, JSON.stringify(failed));
    await jwksBlock(p).screenshot({ path: `${ARTIFACTS}ui13-jwks-failed-${name}.png` });
    await expectFits(p.page, `${name} failed check`);
  });
}
