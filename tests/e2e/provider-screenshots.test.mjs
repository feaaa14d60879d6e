// Screenshots of the provider panel with open placeholders and of the problems list, at 1200 px
// (light and dark) and 360 px, for a person to look at (tests/e2e/artifacts/). The checks here
// are the ones a machine can make: nothing wider than the viewport, the pieces are on screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { ARTIFACTS, screenshot } from './lib/browser.mjs';
import { fixture } from './lib/fixture.mjs';
import { ProviderPage } from './lib/providerpage.mjs';

const fx = fixture({ page: ProviderPage });

const VIEWS = [
  { name: '1200-light', viewport: { width: 1200, height: 900 }, colorScheme: 'light' },
  { name: '1200-dark', viewport: { width: 1200, height: 900 }, colorScheme: 'dark' },
  { name: '360-light', viewport: { width: 360, height: 780 }, colorScheme: 'light', isMobile: true, hasTouch: true },
];

for (const view of VIEWS) {
  test(`provider panel and problems list at ${view.name}`, async (t) => {
    const { name, ...options } = view;
    const p = await fx.open(t, { context: options });
    // SMART with its {fhir-server} placeholder open and three broken rules (two errors, one advice).
    await p.choosePreset('smart-backend');
    await p.generateRecommendedKey();
    await p.set('client-id', 'screenshot-client');
    await p.set('assertion-lifetime', '3600');
    await p.check('assertion-kid', false);
    await p.check('lint-rfc10070', true);
    const listed = await p.expectProblems(['kid', 'lifetime', 'typ']);
    assert.ok(listed.some((x) => x.warning) && listed.some((x) => !x.warning), 'errors and advice both shown');
    assert.deepEqual(await p.placeholderNames(), ['fhir-server']);

    const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the ${view.viewport.width}px viewport`);
    for (const id of ['placeholders', 'placeholder-fhir-server', 'assertion-problems', 'preset', 'preset-docs']) {
      const box = await p.el(id).boundingBox();
      assert.ok(box && box.width > 0 && box.x >= 0 && box.x + box.width <= view.viewport.width + 0.5,
        `${id} lies within the viewport: ${JSON.stringify(box)}`);
    }
    for (const item of await p.el('assertion-problems').locator('[data-testid="assertion-problem"]').all()) {
      const box = await item.boundingBox();
      assert.ok(box.x + box.width <= view.viewport.width + 0.5, `a problem item overflows: ${JSON.stringify(box)}`);
    }

    await mkdir(ARTIFACTS, { recursive: true });
    await p.page.locator('#provider').screenshot({ path: `${ARTIFACTS}provider-panel-${name}.png` });
    await p.el('assertion-problems').locator('xpath=..').screenshot({ path: `${ARTIFACTS}provider-problems-${name}.png` });
    await screenshot(p.page, `provider-page-${name}`);
  });
}
