// Screenshots of every panel at 1280 and 360 px, light and dark, with a key (and certificate),
// a signed assertion, a response from a real server, and the Mijn Burgerprofiel flow with its
// step 2 answered, for a person to look at (tests/e2e/artifacts/ui-*.png). The checks are the
// ones a machine can make:
//   - nothing is wider than the viewport (a <pre> scrolls inside itself);
//   - at 1280 × 900, the key panel with a key is at most 1.5 screens tall, whichever key
//     artefact tab is open, also for an RSA-4096 key with a certificate;
//   - at 1280 × 900, the key panel, the assertion and the request summary (the request panel
//     down to where its first step's commands begin) fit in two screens.
// The heights are printed (and written to artifacts/ui-heights.json) for the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { ARTIFACTS, screenshot } from './lib/browser.mjs';
import { fixture } from './lib/fixture.mjs';
import { ProviderPage } from './lib/providerpage.mjs';

const fx = fixture({ page: ProviderPage, authorizationServers: { as: { cors: true } } });

const SCREEN = { width: 1280, height: 900 };
const VIEWS = [
  { name: '1280-light', viewport: SCREEN, colorScheme: 'light' },
  { name: '1280-dark', viewport: SCREEN, colorScheme: 'dark' },
  { name: '360-light', viewport: { width: 360, height: 780 }, colorScheme: 'light', isMobile: true, hasTouch: true },
  { name: '360-dark', viewport: { width: 360, height: 780 }, colorScheme: 'dark', isMobile: true, hasTouch: true },
];
const PANELS = ['provider', 'keys', 'assertion', 'request', 'response'];
const TNI_TOKEN = 'https://burgerprofiel.tni-vlaanderen.be/auth/v1/token';
const heights = {};

/** Elements whose right edge passes the viewport (outside a <pre>, which scrolls itself). */
function overflowing(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).position !== 'fixed')
      .filter((el) => !el.closest('pre'))
      .map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''}.${el.className} right=${Math.round(el.getBoundingClientRect().right)}`)
      .slice(0, 10);
    return { wide, scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth };
  });
}

async function expectFits(p, what) {
  const { wide, scroll } = await overflowing(p.page);
  assert.deepEqual(wide, [], `${what}: elements wider than the viewport`);
  assert.ok(scroll <= 0, `${what}: the page scrolls sideways by ${scroll}px`);
}

/** The key artefact tabs on offer, as [id, label]. */
function keyTabs(p) {
  return p.page.locator('#key-tabs [role=tab]:not([hidden])').evaluateAll((tabs) => tabs.map((t) => [t.id, t.textContent]));
}

/** Height of the key panel with each tab open: {tab label: px}. */
async function keyPanelHeights(p) {
  const out = {};
  for (const [id, label] of await keyTabs(p)) {
    await p.page.locator(`[id="${id}"]`).click();
    await p.page.locator(`[id="${id}"][aria-selected=true]`).waitFor();
    await p.settle();
    out[label] = Math.round((await p.page.locator('#keys').boundingBox()).height);
  }
  await p.page.locator('#key-tabs [role=tab]').first().click();
  await p.settle();
  return out;
}

/** From the top of the key panel to the end of the request summary, where the curl begins. */
async function keyToRequestSummary(p) {
  return p.page.evaluate(() => {
    const top = document.querySelector('#keys').getBoundingClientRect().top;
    const curl = document.querySelector('[data-testid="curl"]').closest('.artefact').getBoundingClientRect();
    return { summary: Math.round(curl.top - top), curlEnd: Math.round(curl.bottom - top) };
  });
}

/** A key with a certificate, a signed assertion for the local server, and its answer. */
async function fullPage(p, kind) {
  await p.generate(kind);
  await p.makeCertificate({ cn: 'pkjwt screenshot', days: 365 });
  const key = await p.key();
  const clientId = `shots-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks });
  await p.configure({ clientId, aud: fx.as.tokenEndpoint, endpoint: fx.as.tokenEndpoint });
  const res = await p.send();
  assert.equal(res.status, '200', `a response to show: ${res.error} ${res.body}`);
  return key;
}

async function shoot(p, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  for (const panel of PANELS) {
    const section = p.page.locator(`#${panel}`);
    if (await section.count()) await section.screenshot({ path: `${ARTIFACTS}ui-${panel}-${name}.png` });
  }
  await screenshot(p.page, `ui-page-${name}`);
}

for (const view of VIEWS) {
  test(`panels at ${view.name}: a key, an assertion, a response`, async (t) => {
    const { name, ...context } = view;
    const p = await fx.open(t, { context });
    await fullPage(p, 'RSA-2048');
    await expectFits(p, `${name} with key, assertion and response`);
    // As a person sees the page: the driver opened "Engine" to choose one; it starts closed.
    await p.page.locator('details', { has: p.el('key-engine') }).evaluate((d) => { d.open = false; });
    const wide = view.viewport.width === SCREEN.width;
    const tabs = wide ? await keyPanelHeights(p) : {};
    const reach = wide ? await keyToRequestSummary(p) : undefined;
    if (wide) heights[`${name} RSA-2048`] = { keyPanelByTab: tabs, ...reach };
    await shoot(p, name);
    // A private artefact shown, for the screenshot of how it reads (and is marked).
    await p.reveal('key-private-jwk');
    await p.page.locator('section.artefact', { has: p.el('key-private-jwk') }).getByRole('button', { name: /Show|Tonen/ }).click();
    await expectFits(p, `${name} with the private JWK shown`);
    await p.page.locator('#keys').screenshot({ path: `${ARTIFACTS}ui-keys-private-${name}.png` });
    for (const [tab, height] of Object.entries(tabs)) {
      assert.ok(height <= 1.5 * SCREEN.height, `${name}: the key panel with the ${tab} tab is ${height}px, over 1.5 screens (${1.5 * SCREEN.height}px)`);
    }
    if (reach) {
      assert.ok(reach.summary <= 2 * SCREEN.height,
        `${name}: key panel, assertion and request summary take ${reach.summary}px, over two screens (${2 * SCREEN.height}px)`);
    }
  });

  test(`the Mijn Burgerprofiel flow at ${view.name}, step 2 answered`, async (t) => {
    const { name, ...context } = view;
    const p = await fx.open(t, { context });
    await p.choosePreset('mijn-burgerprofiel');
    await p.el('mbp-guide').waitFor();
    await p.generateRecommendedKey();
    await p.fillPlaceholder('mbp-client-id', 'mbp-client-42');
    await p.set('client-id', 'screenshot-client');
    await p.set('param-subject_token', 'the-users-acm-access-token');
    // TNI is out of reach here: Playwright answers as its guide says it does.
    await p.page.route(TNI_TOKEN, (route) => route.fulfill({
      status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' },
      body: JSON.stringify({ token: 'c2NyZWVuc2hvdC10ZW1wb3JhcnktdG9rZW4' }),
    }));
    await p.el('mbp-step2-send').click();
    await p.until(() => p.el('mbp-temp-token').inputValue(), (value) => value !== '', 'the temporary token from step 2');
    await expectFits(p, `${name} with the Mijn Burgerprofiel flow`);
    await mkdir(ARTIFACTS, { recursive: true });
    await p.page.locator('#request').screenshot({ path: `${ARTIFACTS}ui-request-mbp-${name}.png` });
  });
}

test('the key panel stays within 1.5 screens for an RSA-4096 key with a certificate, on every tab', async (t) => {
  const p = await fx.open(t, { context: { viewport: SCREEN } });
  await p.generate('RSA-4096');
  await p.makeCertificate({ cn: 'pkjwt screenshot with a longer common name', days: 3650 });
  const tabs = await keyPanelHeights(p);
  heights['1280 RSA-4096'] = { keyPanelByTab: tabs };
  assert.equal(Object.keys(tabs).length, 6, `six tabs for a private key: ${Object.keys(tabs)}`);
  for (const [tab, height] of Object.entries(tabs)) {
    assert.ok(height <= 1.5 * SCREEN.height, `RSA-4096: the key panel with the ${tab} tab is ${height}px, over ${1.5 * SCREEN.height}px`);
  }
  await expectFits(p, 'RSA-4096');
  await mkdir(ARTIFACTS, { recursive: true });
  await writeFile(`${ARTIFACTS}ui-heights.json`, `${JSON.stringify(heights, null, 1)}\n`);
  console.log(`[ui-screenshots] heights at 1280 × 900: ${JSON.stringify(heights)}`);
});
