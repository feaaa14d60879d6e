// Accessibility: axe-core finds no serious or critical violation in any state of the page
// (empty; with a key, certificate and assertion; with lint problems; with a response; with
// errors showing; in Dutch; at 360 px wide; with DPoP, the API call and mTLS), and the page works from the keyboard alone: every
// control is reached with Tab and shows a visible focus indicator, the main flow (choose a key
// type with the arrow keys, Enter on Generate, type, Space on checkboxes, Enter on Send and on a
// copy button) needs no mouse, and <details> summaries toggle with Enter.
// REPORT=1 prints every violation, serious or not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fixture } from './lib/fixture.mjs';
import { ProviderPage } from './lib/providerpage.mjs';
import { prepare } from './lib/provider-expectations.mjs';
import { SERIOUS, axeViolations, describeViolations, focusedLook, horizontalOverflow, markControls } from './lib/a11y.mjs';

// Some states show error answers on purpose, which Chromium logs itself.
const fx = fixture({
  page: ProviderPage, clipboard: true, networkErrorsExpected: true, authorizationServers: { as: { cors: true } },
});

/**
 * axe on the page as it is now: fails on serious/critical, prints the rest with REPORT=1. The tests
 * reveal everything first (p.revealAll()), so that axe looks at everything the page can show.
 */
async function expectAccessible(p, state) {
  const violations = await axeViolations(p.page);
  if (process.env.REPORT) {
    console.error(`[a11y] ${state}: ${violations.length ? '' : 'no violations'}`);
    for (const line of describeViolations(violations)) console.error(`[a11y]   ${line}`);
  }
  assert.deepEqual(describeViolations(violations.filter((v) => SERIOUS.has(v.impact))), [], `${state}: serious or critical axe violations`);
}

/** A key, a certificate, and a signed assertion for the local server. */
async function withKeyAndAssertion(p) {
  await p.generate('EC-P256');
  await p.makeCertificate({ cn: 'a11y', days: 30 });
  const key = await p.key();
  const clientId = `a11y-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks });
  await p.configure({ clientId, aud: fx.as.tokenEndpoint, endpoint: fx.as.tokenEndpoint });
  return { key, clientId };
}

// --- axe in every state ------------------------------------------------------------------------

test('axe: the empty page', async (t) => {
  const p = await fx.open(t);
  await expectAccessible(p, 'empty');
});

test('axe: with a key, a certificate and an assertion', async (t) => {
  const p = await fx.open(t);
  await withKeyAndAssertion(p);
  await p.revealAll();
  await expectAccessible(p, 'key, certificate, assertion');
});

test('axe: with lint problems showing', async (t) => {
  const p = await fx.open(t);
  await prepare(p, 'smart-backend');
  await p.set('assertion-lifetime', '3600');
  await p.check('assertion-kid', false);
  await p.expectProblems(['kid', 'lifetime'], 'two broken rules');
  await p.revealAll();
  await expectAccessible(p, 'lint problems');
});

test('axe: with a response', async (t) => {
  const p = await fx.open(t);
  await withKeyAndAssertion(p);
  const res = await p.send();
  assert.equal(res.status, '200', `${res.error} ${res.body}`);
  await p.el('next-api').click();
  await p.el('api-url').waitFor();
  await p.revealAll();
  await expectAccessible(p, 'response');
});

test('axe: with DPoP on (key, proof decoded), a DPoP token, the API call and the mTLS card', async (t) => {
  const p = await fx.open(t);
  await withKeyAndAssertion(p);
  // oidc-provider takes DPoP proofs (ES256) by default, without nonces.
  await p.reveal('dpop-enabled');
  await p.el('dpop-enabled').setChecked(true);
  await p.page.waitForFunction(() => document.querySelector('[data-testid="dpop-jkt"]')?.textContent.trim(), null, { timeout: 30_000 });
  const res = await p.send();
  assert.equal(res.status, '200', `${res.error} ${res.body}`);
  assert.equal(JSON.parse(res.body).token_type, 'DPoP');
  await p.el('next-api').click();
  await p.el('api-url').waitFor();
  await p.el('client-auth').selectOption('self_signed_tls_client_auth');
  await p.el('mtls-card').waitFor();
  await p.revealAll();
  await expectAccessible(p, 'DPoP, API call, mTLS');
});

test('axe: with errors showing (key, assertion, request, discovery, .env import)', async (t) => {
  const p = await fx.open(t);
  await p.paste('this is not a key');
  await p.el('key-error').waitFor();
  await p.generate('EC-P256').catch(() => {});
  await p.set('client-id', 'a11y-errors');
  await p.set('assertion-lifetime', '-1');
  await p.set('token-endpoint', 'ftp://not-a-token-endpoint');
  await p.setIssuer('javascript:alert(1)');
  await p.discover();
  await p.reveal('env-import');
  await p.set('env-import', '\u0000 not an env file');
  await p.el('env-import-apply').click();
  await p.paste('still not a key');
  await p.revealAll();
  const shown = [];
  for (const id of ['key-error', 'assertion-error', 'request-error', 'discovery-error', 'env-import-result']) {
    if (await p.el(id).count() && await p.el(id).first().isVisible()) shown.push(id);
  }
  assert.deepEqual(shown, ['key-error', 'assertion-error', 'request-error', 'discovery-error', 'env-import-result'], 'every error is showing');
  await expectAccessible(p, 'errors');
});

test('axe: in Dutch (nl-BE), with a key, problems and a response', async (t) => {
  const p = await fx.open(t, { context: { locale: 'nl-BE' } });
  assert.equal(await p.page.evaluate(() => document.documentElement.lang), 'nl', '<html lang> says Dutch');
  assert.equal(await p.el('lang').inputValue(), 'nl');
  await withKeyAndAssertion(p);
  const res = await p.send();
  assert.equal(res.status, '200', `${res.error} ${res.body}`);
  await p.set('assertion-lifetime', '999999');
  await p.revealAll();
  await expectAccessible(p, 'Dutch');
});

test('axe: at 360 px wide, and the page reflows without scrolling sideways', async (t) => {
  const p = await fx.open(t, { context: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } });
  assert.equal(await horizontalOverflow(p.page), 0, 'empty page fits 360 px');
  await expectAccessible(p, '360 px empty');
  await withKeyAndAssertion(p);
  const res = await p.send();
  assert.equal(res.status, '200', `${res.error} ${res.body}`);
  await p.revealAll();
  await expectAccessible(p, '360 px with key, assertion and response');
  assert.equal(await horizontalOverflow(p.page), 0, 'with everything shown the page still fits 360 px (WCAG 1.4.10)');
});

// --- keyboard ----------------------------------------------------------------------------------

/** Presses Tab until `testid` has the focus; fails when it never gets it. */
async function tabTo(p, testid, max = 300) {
  for (let i = 0; i < max; i++) {
    if (await p.page.evaluate((id) => document.activeElement?.dataset?.testid === id, testid)) return i;
    await p.page.keyboard.press('Tab');
  }
  throw new Error(`${testid} is never reached with Tab`);
}

test('keyboard: Tab reaches every control, and each shows a visible focus indicator', async (t) => {
  const p = await fx.open(t);
  await withKeyAndAssertion(p);
  const res = await p.send();
  assert.equal(res.status, '200', `${res.error} ${res.body}`);
  await p.revealAll();
  await p.page.evaluate(() => document.activeElement?.blur());
  await p.page.mouse.click(1, 1);
  const controls = await markControls(p.page);
  assert.ok(controls.length > 40, `${controls.length} controls`);

  const reached = new Map();
  let first;
  for (let i = 0; i < controls.length * 3 + 20; i++) {
    await p.page.keyboard.press('Tab');
    const look = await focusedLook(p.page);
    if (!look) continue;
    if (look.id === first) break;
    first ??= look.id;
    if (look.id !== undefined && !reached.has(look.id)) reached.set(look.id, look);
  }
  const name = (c) => `${c.tag}${c.testid ? `[data-testid=${c.testid}]` : ''} "${c.label}"`;
  const unreached = controls.filter((c) => !reached.has(c.id)).map(name);
  const invisible = [...reached.values()].filter((l) => !l.visible).map((l) => `${name(l)}: focused ${l.look} / unfocused ${l.before}`);
  if (process.env.REPORT) console.error(`[a11y] Tab reached ${reached.size} of ${controls.length} controls`);
  assert.deepEqual(unreached, [], 'every control is reached with Tab');
  assert.deepEqual(invisible, [], 'every focused control looks focused (outline or box-shadow that is not there unfocused)');
});

test('keyboard: the main flow without a mouse', async (t) => {
  const p = await fx.open(t);
  const { page } = p;
  // Key type with the arrow keys, Generate with Enter.
  await tabTo(p, 'key-alg');
  assert.equal(await p.el('key-alg').inputValue(), 'RSA-2048');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await p.el('key-alg').inputValue(), 'EC-P256', 'ArrowDown chose EC P-256');
  await tabTo(p, 'key-generate');
  await page.keyboard.press('Enter');
  await p.el('key-public-jwk').waitFor({ state: 'attached' });
  const key = await p.key();
  assert.equal(key.publicJwk.crv, 'P-256');

  // Typing into the fields.
  const clientId = `keyboard-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks });
  for (const [testid, text] of [['client-id', clientId], ['assertion-aud', fx.as.tokenEndpoint], ['token-endpoint', fx.as.tokenEndpoint], ['param-scope', 'api:read']]) {
    await tabTo(p, testid);
    await page.keyboard.type(text);
    assert.equal(await p.el(testid).inputValue(), text, `${testid} typed`);
  }
  await p.assertionWhere(({ claims }) => claims.iss === clientId && claims.aud === fx.as.tokenEndpoint, 'assertion from typed fields');

  // Space on checkboxes.
  await tabTo(p, 'request-send-client-id');
  await page.keyboard.press('Space');
  assert.equal(await p.el('request-send-client-id').isChecked(), true, 'Space ticks');
  await page.keyboard.press('Space');
  assert.equal(await p.el('request-send-client-id').isChecked(), false, 'Space unticks');
  await tabTo(p, 'key-remember');
  await page.keyboard.press('Space');
  assert.equal(await p.el('key-remember').isChecked(), true, 'Space ticks key-remember');
  await page.keyboard.press('Space');
  assert.equal(await p.el('key-remember').isChecked(), false, 'Space unticks key-remember');

  // Enter on Send.
  await tabTo(p, 'request-send');
  await page.keyboard.press('Enter');
  await p.until(() => p.maybe('response-status'), (s) => s === '200', 'HTTP 200 after Enter on Send', 15_000);

  // Enter on a copy button.
  await page.evaluate(() => navigator.clipboard.writeText('before'));
  await tabTo(p, 'curl-copy');
  await page.keyboard.press('Enter');
  const copied = await p.until(() => page.evaluate(() => navigator.clipboard.readText()), (text) => text !== 'before', 'clipboard after Enter on curl-copy');
  assert.match(copied, /^curl /, 'the curl command was copied');
  assert.ok(copied.includes(fx.as.tokenEndpoint));
});

test('keyboard: <details> summaries toggle with Enter (and Space)', async (t) => {
  const p = await fx.open(t);
  await p.generate('EC-P256');
  const summaries = await p.page.locator('details > summary').evaluateAll((nodes) => nodes
    .filter((s) => s.offsetParent !== null)
    .map((s, i) => { s.dataset.a11ySummary = String(i); return { i: String(i), text: s.textContent.trim().slice(0, 40) }; }));
  assert.ok(summaries.length >= 5, `${summaries.length} summaries`);
  const failed = [];
  for (const { i, text } of summaries) {
    const summary = p.page.locator(`[data-a11y-summary="${i}"]`);
    const isOpen = () => summary.evaluate((s) => s.parentElement.open);
    const was = await isOpen();
    await summary.focus();
    await p.page.keyboard.press('Enter');
    if ((await isOpen()) === was) failed.push(`"${text}": Enter did not toggle`);
    await p.page.keyboard.press('Space');
    if ((await isOpen()) !== was) failed.push(`"${text}": Space did not toggle back`);
  }
  assert.deepEqual(failed, []);
});
