// A page object for step 1 of the page (provider presets, placeholders, discovery, registration,
// sharing, the Mijn Burgerprofiel guide) and the live lint under the assertion, on top of the
// workbench (lib/workbench.mjs). It drives the page only through data-testid hooks and option
// values, never through English wording.
import crypto from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { unlessPageError } from './browser.mjs';
import { curlInvocation } from './curl.mjs';
import { Workbench } from './workbench.mjs';

export const PRESETS = ['custom', 'vlaanderen-acm', 'vlaanderen-acm-test', 'koppeltaal', 'okta', 'oidc-op',
  'mijn-burgerprofiel', 'smart-backend', 'keycloak', 'auth0', 'entra', 'google-service-account', 'salesforce', 'fapi2'];

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

export class ProviderPage extends Workbench {
  /**
   * PKJWT_E2E_LOCALE (e.g. nl-BE) sets the browser language, to prove the tests that use this
   * driver do not depend on the page's wording.
   */
  static contextOptions() {
    const locale = process.env.PKJWT_E2E_LOCALE;
    return locale ? { locale } : {};
  }

  /** Polls `read()` until `ok(value)`; throws `what` with the last value otherwise. */
  async until(read, ok, what, timeout = 10_000) {
    const end = Date.now() + timeout;
    let last;
    for (;;) {
      last = await read();
      if (ok(last)) return last;
      if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeout} ms`);
      await sleep(50);
    }
  }

  // --- preset and placeholders -----------------------------------------------------------------

  async choosePreset(id) {
    await this.el('preset').selectOption(id);
    await this.settle();
  }

  async presetValue() {
    return this.el('preset').inputValue();
  }

  /** Names of the open placeholders ({name}), from the placeholder-NAME inputs. */
  async placeholderNames() {
    if (!(await this.el('placeholders').count())) return [];
    return this.page.locator('[data-testid^="placeholder-"]')
      .evaluateAll((nodes) => nodes.map((n) => n.dataset.testid.slice('placeholder-'.length)));
  }

  /** Types `value` into placeholder-NAME and presses Enter; waits until {NAME} is gone. */
  async fillPlaceholder(name, value) {
    const input = this.el(`placeholder-${name}`);
    await input.fill(value);
    await input.press('Enter');
    await this.until(() => this.placeholderNames(), (names) => !names.includes(name), `placeholder {${name}} filled`);
  }

  async fillPlaceholders(values) {
    for (const [name, value] of Object.entries(values)) await this.fillPlaceholder(name, value);
  }

  /** testids of inputs marked has-placeholder. */
  async fieldsWithPlaceholders() {
    return this.page.locator('input.has-placeholder')
      .evaluateAll((nodes) => nodes.map((n) => n.dataset.testid ?? n.getAttribute('aria-label') ?? n.outerHTML.slice(0, 60)));
  }

  /**
   * Inputs and textareas whose value holds a {placeholder}: [{testid, marked}] where marked
   * says whether it carries class has-placeholder.
   */
  async placeholderFields() {
    return this.page.locator('input[data-testid], textarea[data-testid]').evaluateAll((nodes) => nodes
      .filter((n) => /\{[A-Za-z0-9_-]+\}/.test(n.value))
      .map((n) => ({ testid: n.dataset.testid, value: n.value, marked: n.classList.contains('has-placeholder') })));
  }

  /** Presses preset-generate-key and waits for the new key (the hint disappears once it fits). */
  async generateRecommendedKey({ timeout = 120_000 } = {}) {
    const before = (await this.el('key-thumbprint').count()) ? await this.text('key-thumbprint') : null;
    await this.el('preset-generate-key').click();
    await unlessPageError(this.rec, this.page.waitForFunction((before) => {
      const t = document.querySelector('[data-testid="key-thumbprint"]');
      return (t && t.textContent !== before) || document.querySelector('[data-testid="key-error"]');
    }, before, { timeout }));
    if (await this.el('key-error').count()) throw new Error(`key generation failed: ${await this.text('key-error')}`);
    await this.el('preset-generate-key').waitFor({ state: 'detached', timeout: 5_000 });
    return this.key();
  }

  // --- problems --------------------------------------------------------------------------------

  /** The problems listed: [{rule, warning, fixable, message}]. */
  async problems() {
    return this.el('assertion-problems').locator('[data-testid="assertion-problem"]').evaluateAll((nodes) => nodes.map((n) => ({
      rule: n.dataset.rule,
      warning: n.classList.contains('warning'),
      fixable: !!n.querySelector('[data-testid="assertion-problem-fix"]'),
      message: n.textContent,
    })));
  }

  async problemRules() {
    return (await this.problems()).map((p) => p.rule).sort();
  }

  /** Waits until exactly `rules` (any order, repeats count) are listed. */
  async expectProblems(rules, what = 'problems', timeout = 10_000) {
    const want = [...rules].sort();
    return this.until(() => this.problems(), (list) => JSON.stringify(list.map((p) => p.rule).sort()) === JSON.stringify(want),
      `${what}: expected ${JSON.stringify(want)}`, timeout);
  }

  /** Presses the fix of the (first) problem with `rule`. */
  async fix(rule) {
    const item = this.el('assertion-problems').locator(`[data-testid="assertion-problem"][data-rule="${rule}"]`).first();
    await item.getByTestId('assertion-problem-fix').click();
    await this.settle();
  }

  // --- assertion -------------------------------------------------------------------------------

  /**
   * The shown assertion, its signature verified by jose against key-public-jwks (no time checks
   * beyond jose's: exp in the future, iat not in the future).
   */
  async verifiedAssertion() {
    const jwks = JSON.parse(await this.text('key-public-jwks'));
    return { ...(await verifyJwt(await this.assertion(), jwks)), jwks };
  }

  // --- request ---------------------------------------------------------------------------------

  /** The curl command as curl would receive it (bash parses it). */
  async curlRequest() {
    const command = await this.curl();
    return { command, ...(await curlInvocation(command)) };
  }

  // --- discovery -------------------------------------------------------------------------------

  async setIssuer(issuer) {
    await this.reveal('issuer');
    await this.set('issuer', issuer);
  }

  /** Presses discovery-fetch; resolves {status} or {error} with the shown text. */
  async discover() {
    await this.reveal('discovery-fetch');
    const before = await this.discoveryOutcome();
    await this.el('discovery-fetch').click();
    const outcome = await this.until(() => this.discoveryOutcome(), (o) => o.busy === false && JSON.stringify(o) !== JSON.stringify(before),
      'discovery outcome', 15_000).catch(async () => this.discoveryOutcome());
    return outcome;
  }

  async discoveryOutcome() {
    return {
      busy: await this.el('discovery-fetch').isDisabled(),
      status: await this.maybe('discovery-status'),
      error: await this.maybe('discovery-error'),
    };
  }

  async pasteMetadata(json) {
    await this.reveal('discovery-paste');
    await this.set('discovery-paste', typeof json === 'string' ? json : JSON.stringify(json));
    await this.el('discovery-paste-apply').click();
    await this.settle();
  }

  // --- share -----------------------------------------------------------------------------------

  async shareUrl() {
    await this.reveal('share-url');
    return this.text('share-url');
  }

  async envExport() {
    await this.reveal('env-export');
    return this.text('env-export');
  }

  async importEnv(text) {
    await this.reveal('env-import');
    await this.set('env-import', text);
    await this.el('env-import-apply').click();
    await this.el('env-import-result').waitFor();
    return this.text('env-import-result');
  }

  /** The setup as the page shows it, for comparing two pages. */
  async setup() {
    const value = (id) => this.maybe(id);
    const params = await this.page.locator('[data-testid^="param-"]')
      .evaluateAll((nodes) => Object.fromEntries(nodes.map((n) => [n.dataset.testid.slice(6), n.value])));
    await this.reveal('issuer');
    return {
      preset: await this.presetValue(),
      clientId: await value('client-id'),
      sub: await value('assertion-sub'),
      issuer: await value('issuer'),
      endpoint: await value('token-endpoint'),
      grant: await value('grant-type'),
      auth: await value('client-auth'),
      aud: await value('assertion-aud'),
      audMode: await value('assertion-aud-mode'),
      alg: await value('assertion-alg'),
      lifetime: await value('assertion-lifetime'),
      params,
    };
  }
}

/** Verifies a compact JWS with jose against a JWKS; {token, header, claims}. */
export async function verifyJwt(token, jwks) {
  const header = decodeProtectedHeader(token);
  const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { algorithms: [header.alg] });
  return { token, header, claims: payload };
}

/** RSA modulus size of a JWK, in bits. */
export function rsaBits(jwk) {
  return jwk.kty === 'RSA' ? crypto.createPublicKey({ key: jwk, format: 'jwk' }).asymmetricKeyDetails.modulusLength : undefined;
}

/** base64url SHA-256 of the DER of a certificate PEM (the x5t#S256 it should carry). */
export function x5tS256(pem) {
  return Buffer.from(new crypto.X509Certificate(pem).fingerprint256.replace(/:/g, ''), 'hex').toString('base64url');
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export { decodeJwt, decodeProtectedHeader };
