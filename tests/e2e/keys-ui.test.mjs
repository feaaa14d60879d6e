// Key workshop, interaction: key-busy and responsiveness during a slow generation; download and
// copy buttons for every artefact; private artefacts blurred until shown; the page under a
// sub-path; screenshots of the panel (light, dark, narrow).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { screenshot, ARTIFACTS } from './lib/browser.mjs';
import { fixture } from './lib/fixture.mjs';
import { ARTEFACTS, PRIVATE_ARTEFACTS } from './lib/keypanel.mjs';
import { verifyKey } from './lib/verify.mjs';
import { Secrets } from './lib/secrets.mjs';

const secrets = new Secrets();
const fx = fixture({ secrets });

test('key-busy shows while WebCrypto makes an RSA-4096 key, and the page stays responsive', async (t) => {
  const panel = await fx.open(t);
  const { page } = panel;
  // In the page: a requestAnimationFrame loop, key-busy's comings and goings (with its text and
  // whether key-generate was disabled meanwhile), and every input event of key-import.
  await page.evaluate(() => {
    const probe = { frames: [], busy: [], inputs: [] };
    window.__probe = probe;
    const loop = () => { probe.frames.push(performance.now()); requestAnimationFrame(loop); };
    requestAnimationFrame(loop);
    new MutationObserver(() => {
      const busy = document.querySelector('[data-testid="key-busy"]');
      if ((probe.busy.at(-1)?.on ?? false) !== !!busy) {
        probe.busy.push({
          on: !!busy,
          t: performance.now(),
          visible: !!busy?.checkVisibility(),
          text: busy?.textContent,
          generateDisabled: document.querySelector('[data-testid="key-generate"]').disabled,
        });
      }
    }).observe(document.body, { childList: true, subtree: true });
    document.querySelector('[data-testid="key-import"]').addEventListener('input', () => probe.inputs.push(performance.now()));
  });
  await panel.el('key-alg').selectOption('RSA-4096');

  // RSA key generation takes a random time; retry until one run is long enough to type into.
  let seen;
  const typed = 'typing while the key is made';
  for (let attempt = 1; attempt <= 5; attempt++) {
    await panel.forget();
    await panel.el('key-import').fill('');
    await page.evaluate(() => { Object.assign(window.__probe, { frames: [], busy: [], inputs: [] }); });
    await panel.el('key-generate').click();
    await panel.el('key-import').pressSequentially(typed);
    await panel.el('key-public-jwk').waitFor({ state: 'attached', timeout: 60_000 });
    await panel.settle();
    assert.equal(await panel.el('key-busy').count(), 0, 'key-busy is gone once the key is there');
    assert.equal(await panel.el('key-import').inputValue(), typed, 'what was typed arrived');
    secrets.addKey(`busy ${attempt}`, await panel.key());
    const probe = await page.evaluate(() => window.__probe);
    assert.deepEqual(probe.busy.map((b) => b.on), [true, false], `key-busy appeared once, then went away (${JSON.stringify(probe.busy)})`);
    const [on, off] = [probe.busy[0].t, probe.busy[1].t];
    const frames = probe.frames.filter((f) => f > on && f <= off);
    seen = {
      attempt,
      busyMs: Math.round(off - on),
      busyVisible: probe.busy[0].visible,
      busyText: probe.busy[0].text,
      generateDisabled: probe.busy[0].generateDisabled,
      framesWhileBusy: frames.length,
      maxFrameGapMs: Math.round(Math.max(0, ...[on, ...frames, off].map((f, i, a) => (i ? f - a[i - 1] : 0)))),
      inputsWhileBusy: probe.inputs.filter((x) => x > on && x < off).length,
    };
    if (seen.inputsWhileBusy >= 3) break;
  }
  console.log(`RSA-4096 WebCrypto busy window: ${JSON.stringify(seen)}`);
  assert.ok(seen.busyVisible, 'key-busy is visible (not merely in the DOM)');
  assert.match(seen.busyText, /Generating RSA-4096/, 'key-busy says what is being made');
  assert.ok(seen.generateDisabled, 'key-generate is disabled while busy');
  assert.ok(seen.inputsWhileBusy >= 3, `typing was handled while busy (${seen.inputsWhileBusy} input events)`);
  assert.ok(seen.framesWhileBusy >= Math.min(10, seen.busyMs / 50), `animation frames kept coming (${seen.framesWhileBusy} in ${seen.busyMs} ms)`);
  assert.ok(seen.maxFrameGapMs < 250, `no frame gap over 250 ms (max ${seen.maxFrameGapMs} ms)`);
});

const FILES = {
  'key-public-jwks': /-jwks\.json$/,
  'key-public-jwk': /-public\.jwk\.json$/,
  'key-public-pem': /-public\.pem$/,
  'key-private-jwk': /-private\.jwk\.json$/,
  'key-private-pem': /-private\.pem$/,
  'key-certificate-pem': /-certificate\.pem$/,
};

test('every artefact downloads as a well-named file and copies exactly, with feedback', async (t) => {
  const panel = await fx.open(t, { clipboard: true });
  const { page } = panel;
  const key = await secrets.generated(panel, 'RSA-2048');
  await panel.makeCertificate({ cn: 'downloads', days: 30 });
  const artefacts = await panel.artefacts();
  assert.deepEqual(Object.keys(artefacts).sort(), Object.keys(FILES).sort(), 'all six artefacts are there');
  const stem = key.kid.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 16);

  for (const [id, suffix] of Object.entries(FILES)) {
    await panel.reveal(id);
    const [download] = await Promise.all([page.waitForEvent('download'), panel.el(`${id}-download`).click()]);
    const name = download.suggestedFilename();
    assert.match(name, suffix, `${id}: extension/suffix of ${name}`);
    assert.ok(name.startsWith(`pkjwt-${stem}-`), `${id}: ${name} starts with pkjwt-<kid prefix ${stem}>`);
    const content = await readFile(await download.path(), 'utf8');
    assert.equal(content, artefacts[id], `${id}: the file holds exactly the artefact`);

    await panel.el(`${id}-copy`).click();
    await page.waitForFunction((id) => /Copied/.test(document.querySelector(`[data-testid="${id}-copy"]`).textContent), id, { timeout: 2_000 });
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), artefacts[id], `${id}: the clipboard holds exactly the artefact`);
    assert.equal(await panel.text(id), artefacts[id], `${id}: the artefact itself is unchanged (no feedback text inside it)`);
  }
  // The feedback goes away again.
  await page.waitForFunction(() => document.querySelector('[data-testid="key-public-jwks-copy"]').textContent.trim() === 'Copy', null, { timeout: 4_000 });

  // A kid the user typed becomes a safe file name (no path separators, no spaces).
  await panel.el('key-kid').fill('../my key/for prod');
  await panel.el('key-kid').press('Tab');
  await panel.reveal('key-public-jwk');
  const [download] = await Promise.all([page.waitForEvent('download'), panel.el('key-public-jwk-download').click()]);
  assert.equal(download.suggestedFilename(), 'pkjwt-mykeyforprod-public.jwk.json');
});

test('private artefacts are blurred until "Show" is pressed; public ones never are', async (t) => {
  const panel = await fx.open(t);
  await secrets.generated(panel, 'EC-P256');
  const blurred = (id) => panel.el(id).evaluate((el) => getComputedStyle(el).filter.includes('blur'));
  for (const id of ARTEFACTS) {
    assert.equal(await blurred(id), PRIVATE_ARTEFACTS.includes(id), `${id} blurred: ${PRIVATE_ARTEFACTS.includes(id)}`);
    assert.ok((await panel.text(id)).length > 0, `${id} has its text regardless`);
  }
  for (const id of PRIVATE_ARTEFACTS) {
    await panel.reveal(id);
    const section = panel.page.locator('section.artefact', { has: panel.el(id) });
    await section.getByRole('button', { name: 'Show' }).click();
    assert.equal(await blurred(id), false, `${id} readable after Show`);
    await section.getByRole('button', { name: 'Hide' }).click();
    assert.equal(await blurred(id), true, `${id} blurred again after Hide`);
  }
});

/** The key artefact tabs as the page has them now: id, selected, tabindex, hidden, and the panel each controls. */
function tabState(page) {
  return page.locator('[role=tablist] [role=tab]').evaluateAll((tabs) => tabs.map((tab) => {
    const panel = document.getElementById(tab.getAttribute('aria-controls'));
    return {
      id: tab.id,
      selected: tab.getAttribute('aria-selected') === 'true',
      tabindex: tab.getAttribute('tabindex'),
      offered: !tab.hidden,
      panelShown: Boolean(panel && !panel.hidden),
      labelledBy: panel?.getAttribute('aria-labelledby'),
    };
  }));
}

test('key artefact tabs: one tab stop, arrow keys and Home/End move and show, hidden panels keep their artefacts', async (t) => {
  const panel = await fx.open(t);
  const { page } = panel;
  await secrets.generated(panel, 'EC-P256');
  const texts = {};
  for (const id of [...ARTEFACTS, 'key-certificate-pem']) texts[id] = (await panel.el(id).count()) ? await panel.text(id) : undefined;
  const expectShown = async (index, what) => {
    const state = await tabState(page);
    assert.equal(state.length, 6, `${what}: six tabs`);
    for (const tab of state) assert.equal(tab.labelledBy, tab.id, `${what}: ${tab.id}'s panel is labelled by it`);
    assert.deepEqual(state.map((tab) => tab.selected), state.map((_, i) => i === index), `${what}: tab ${index} is the selected one`);
    assert.deepEqual(state.map((tab) => tab.tabindex), state.map((_, i) => (i === index ? '0' : '-1')), `${what}: only it is in the Tab order`);
    assert.deepEqual(state.map((tab) => tab.panelShown), state.map((_, i) => i === index), `${what}: only its panel shows`);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'tab', `${what}: the focus is on a tab`);
    assert.equal(await page.evaluate(() => document.activeElement?.id), state[index].id, `${what}: the focus follows`);
    return state;
  };
  await page.locator('[role=tab][aria-selected=true]').focus();
  const first = await expectShown(0, 'at first');
  assert.equal(first[0].id, 'key-tab-jwks', 'the public JWKS comes first');
  await page.keyboard.press('ArrowRight');
  await expectShown(1, 'ArrowRight');
  await page.keyboard.press('End');
  await expectShown(5, 'End');
  await page.keyboard.press('ArrowRight');
  await expectShown(0, 'ArrowRight wraps to the first');
  await page.keyboard.press('ArrowLeft');
  await expectShown(5, 'ArrowLeft wraps to the last');
  await page.keyboard.press('Home');
  await expectShown(0, 'Home');
  for (const [id, text] of Object.entries(texts)) {
    if (text !== undefined) assert.equal(await panel.text(id), text, `${id} keeps its text in its hidden panel`);
  }

  // A public key has no private tabs: they are not offered, and the keys skip them.
  const publicKey = JSON.stringify(JSON.parse(texts['key-public-jwk']));
  await panel.import(publicKey);
  await page.locator('[role=tab][aria-selected=true]').focus();
  await page.keyboard.press('End');
  const state = await tabState(page);
  assert.deepEqual(state.map((tab) => tab.offered), [true, true, true, true, false, false], 'no private tabs for a public key');
  assert.equal(state.findIndex((tab) => tab.selected), 3, 'End goes to the last tab offered (the certificate)');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'key-tab-certificate');
});

test('served from a sub-path, generating keys works', async (t) => {
  const sub = await fx.serveDist(t, { base: '/some/sub/path/' });
  const panel = await fx.open(t, { url: sub.url });
  for (const [kind, engine] of [['RSA-2048', 'webcrypto'], ['EC-P256', 'rustcrypto'], ['Ed25519', 'webcrypto']]) {
    const key = await secrets.generated(panel, kind, { engine });
    await verifyKey(key, kind, `${kind}/${engine} under /some/sub/path/`);
  }
  await panel.makeCertificate({ cn: 'sub-path', days: 2 });
  await panel.rec.settled();
  const outside = panel.rec.requests.filter((r) => !r.url.startsWith('blob:') && (!r.url.startsWith(sub.url) || r.status >= 400 || r.failure));
  assert.deepEqual(outside.map((r) => `${r.url} ${r.status ?? r.failure}`), [], 'every request stays under the mount and succeeds');
});

const SHOTS = [
  { name: 'keys-1200-light', viewport: { width: 1200, height: 900 }, colorScheme: 'light' },
  { name: 'keys-1200-dark', viewport: { width: 1200, height: 900 }, colorScheme: 'dark' },
  { name: 'keys-360', viewport: { width: 360, height: 800 }, colorScheme: 'light', isMobile: true, hasTouch: true },
];

for (const { name, ...options } of SHOTS) {
  test(`screenshot ${name}: the panel fits its width`, async (t) => {
    const panel = await fx.open(t, { context: options });
    await secrets.generated(panel, 'RSA-2048');
    await panel.makeCertificate({ cn: 'pkjwt screenshot', days: 365 });
    await panel.reveal('key-private-jwk');
    await panel.page.getByRole('button', { name: 'Show' }).first().click();
    await panel.settle();
    await screenshot(panel.page, `${name}-page`);
    const path = `${ARTIFACTS}${name}.png`;
    await panel.page.locator('#keys').screenshot({ path });
    // Nothing may stick out sideways (a horizontal scrollbar on a phone).
    const overflow = await panel.page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      return [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).position !== 'fixed')
        .filter((el) => !el.closest('pre')) // a <pre> scrolls inside itself
        .map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''}.${el.className} right=${Math.round(el.getBoundingClientRect().right)}`)
        .slice(0, 10);
    });
    assert.deepEqual(overflow, [], `${path}: elements wider than the ${options.viewport.width}px viewport`);
    assert.ok(await panel.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
      `${path}: no horizontal scrolling`);
  });
}

test('nothing private left the page (requests, console)', async () => {
  const { found, requests, keys } = await secrets.leaks();
  assert.ok(keys >= 5 && requests > 0, `${keys} keys, ${requests} requests`);
  assert.deepEqual(found, []);
});
