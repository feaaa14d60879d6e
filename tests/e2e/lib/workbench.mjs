// A page object for steps 2–4 of the page (client assertion, token request, response), on top
// of the key panel's (lib/keypanel.mjs). It drives the page only through its data-testid hooks
// (/work/shared/contract/testids.md) and reads artefacts by textContent / value.
//
// Signing is asynchronous: after an edit the page re-signs, so readers wait for the assertion
// to reflect what was set (configure) or to change (nextAssertion) before using it.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { unlessPageError } from './browser.mjs';
import { KeyPanel } from './keypanel.mjs';

export const ALGS = {
  RS256: 'RSA-2048', RS384: 'RSA-2048', RS512: 'RSA-2048',
  PS256: 'RSA-2048', PS384: 'RSA-2048', PS512: 'RSA-2048',
  ES256: 'EC-P256', ES384: 'EC-P384', ES512: 'EC-P521',
  EdDSA: 'Ed25519',
};

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** The form fields of an application/x-www-form-urlencoded body, in order. */
export const formFields = (body) => [...new URLSearchParams(body)];

export class Workbench extends KeyPanel {
  // --- generic ---------------------------------------------------------------------------------

  /**
   * Sets an input/textarea the way typing would (one input event with the whole value). Works for
   * <input type=number> with non-numeric text too, where Playwright's fill() refuses.
   */
  async set(testid, value) {
    const el = this.el(testid);
    if (await el.evaluate((n) => n.type === 'number')) {
      // A number input holds '' for text it cannot parse (what the page then sees).
      await el.evaluate((n, v) => {
        n.value = v;
        n.dispatchEvent(new Event('input', { bubbles: true }));
      }, String(value));
    } else {
      await el.fill(String(value));
    }
  }

  async check(testid, on) {
    await this.reveal(testid);
    await this.el(testid).setChecked(on);
  }

  /** Text of an element, or undefined when it is absent. */
  async maybe(testid) {
    return (await this.el(testid).count()) ? this.text(testid) : undefined;
  }

  // --- key -------------------------------------------------------------------------------------

  /** Generates a key for `alg` (see ALGS) and returns the page's key (KeyPanel.key()). */
  async keyFor(alg) {
    await this.generate(ALGS[alg]);
    return this.key();
  }

  // --- assertion -------------------------------------------------------------------------------

  /** The current compact JWS ('' when none). */
  async assertion() {
    return (await this.el('assertion').count()) ? this.text('assertion') : '';
  }

  /** The current assertion decoded: {token, header, claims}. */
  async decoded() {
    const token = await this.assertion();
    return { token, header: decodeProtectedHeader(token), claims: decodeJwt(token) };
  }

  /** Waits until the shown assertion is not `previous` (and there is one). */
  async nextAssertion(previous, timeout = 10_000) {
    await this.page.waitForFunction((prev) => {
      const t = document.querySelector('[data-testid="assertion"]')?.textContent;
      return t && t !== prev;
    }, previous, { timeout });
    return this.assertion();
  }

  /**
   * Waits until the shown assertion satisfies `ok({header, claims, token})`: edits re-sign
   * asynchronously. Throws with the page's assertion-error when it never does.
   */
  async assertionWhere(ok, what = 'the expected assertion', timeout = 10_000) {
    const end = Date.now() + timeout;
    let last;
    while (Date.now() < end) {
      const token = await this.assertion();
      if (token) {
        try {
          last = { token, header: decodeProtectedHeader(token), claims: decodeJwt(token) };
          if (ok(last)) return last;
        } catch { /* mid-render */ }
      }
      await sleep(50);
    }
    throw new Error(`no ${what} within ${timeout} ms; assertion-error: ${await this.maybe('assertion-error')}; `
      + `last: ${JSON.stringify(last && { header: last.header, claims: last.claims })}`);
  }

  /**
   * Fills the assertion and request fields given (the others stay), then waits until the
   * assertion reflects client id, aud and alg. Returns the decoded assertion.
   */
  async configure({ clientId, aud, alg, lifetime, endpoint, grant, auth, params = {}, secret } = {}) {
    if (grant !== undefined) await this.el('grant-type').selectOption(grant);
    if (auth !== undefined) await this.el('client-auth').selectOption(auth);
    if (clientId !== undefined) await this.set('client-id', clientId);
    if (aud !== undefined) await this.set('assertion-aud', aud);
    if (alg !== undefined) await this.el('assertion-alg').selectOption(alg);
    if (lifetime !== undefined) await this.set('assertion-lifetime', lifetime);
    if (endpoint !== undefined) await this.set('token-endpoint', endpoint);
    if (secret !== undefined) await this.set('param-client_secret', secret);
    for (const [name, value] of Object.entries(params)) await this.set(`param-${name}`, value);
    const audList = aud?.split(/\s+/).filter(Boolean);
    return this.assertionWhere(({ header, claims }) =>
      (clientId === undefined || claims.iss === clientId)
      && (audList === undefined || JSON.stringify([claims.aud].flat()) === JSON.stringify(audList))
      && (alg === undefined || header.alg === alg)
      && (lifetime === undefined || claims.exp - claims.iat === Number(lifetime)),
    `assertion for ${JSON.stringify({ clientId, aud, alg, lifetime })}`);
  }

  // --- request ---------------------------------------------------------------------------------

  /**
   * The curl command once it carries the shown assertion (when one is needed), so the two are
   * read consistently.
   */
  async curl() {
    const token = await this.assertion();
    const auth = await this.el('client-auth').inputValue();
    const grant = await this.el('grant-type').inputValue();
    if (token && (auth === 'private_key_jwt' || grant.endsWith('jwt-bearer'))) {
      await this.page.waitForFunction((t) => document.querySelector('[data-testid="curl"]')?.textContent.includes(t), token,
        { timeout: 5_000 }).catch(() => {});
    }
    return this.text('curl');
  }

  async powershell() {
    await this.reveal('curl-powershell');
    return this.text('curl-powershell');
  }

  async http() {
    await this.reveal('request-http');
    return this.text('request-http');
  }

  /** POSTs the page has sent to `url` (the browser's own record). */
  posts(url) {
    return this.rec.requests.filter((r) => r.method === 'POST' && r.url === url);
  }

  /**
   * Clicks the button `testid` and waits until the page is done with it: the page disables the
   * button while it works and enables it again after. Resolves 'done'; 'still sending' (busy at
   * `timeout`); 'never started'; 'not sent' (not busy within `notSentAfter` ms: errors found
   * before sending, no request built, never disable the button); with `refuseDisabled`,
   * 'disabled' (it could not be pressed at all).
   */
  async pressUntilIdle(testid, { timeout, notSentAfter, refuseDisabled = false }) {
    return unlessPageError(this.rec, this.page.evaluate(({ testid, timeout, notSentAfter, refuseDisabled }) => new Promise((resolve) => {
      const button = document.querySelector(`[data-testid="${testid}"]`);
      let seenBusy = false;
      const finish = (result) => { observer.disconnect(); clearTimeout(timer); resolve(result); };
      const observer = new MutationObserver(() => {
        if (button.disabled) seenBusy = true;
        else if (seenBusy) finish('done');
      });
      observer.observe(button, { attributes: true, childList: true, subtree: true, characterData: true });
      const timer = setTimeout(() => finish(seenBusy ? 'still sending' : 'never started'), timeout);
      if (refuseDisabled && button.disabled) { finish('disabled'); return; }
      button.click();
      setTimeout(() => { if (!seenBusy && !button.disabled) finish('not sent'); }, notSentAfter);
    }), { testid, timeout, notSentAfter, refuseDisabled }));
  }

  /**
   * Presses Send and waits until the page is done (the button was disabled while sending and is
   * enabled again). Returns what the page then shows, and the request the browser really sent.
   * @returns {{status?: string, body?: string, oauthError?: string, error?: string, expires?: string,
   *   sent?: {url, headers, postData}, form?: [string, string][]}}
   */
  async send({ timeout = 35_000 } = {}) {
    const before = this.rec.requests.length;
    const done = await this.pressUntilIdle('request-send', { timeout, notSentAfter: 1_000 });
    if (done === 'still sending') throw new Error('Send did not finish');
    await this.settle();
    await this.rec.settled();
    const sent = this.rec.requests.slice(before).filter((r) => r.method === 'POST').at(-1);
    // With request-resign on, the page replaces the assertion it just sent by an unused one,
    // right after the button comes back: wait for that, so what is read next is not spent.
    const form = sent?.postData !== undefined ? formFields(sent.postData) : undefined;
    const spent = formValue(form, 'client_assertion') ?? formValue(form, 'assertion');
    if (spent && await this.el('request-resign').isChecked()) {
      await this.nextAssertion(spent, 5_000).catch(() => {});
    }
    return {
      done,
      status: await this.maybe('response-status'),
      body: await this.maybe('response-body'),
      oauthError: await this.maybe('response-oauth-error'),
      error: await this.maybe('request-error'),
      expires: await this.maybe('response-expires'),
      sent,
      form,
    };
  }

  /** Send, then the response body parsed as JSON (throws with what the page shows otherwise). */
  async sendJson(expectStatus = '200') {
    const res = await this.send();
    if (res.status !== expectStatus) {
      throw new Error(`expected HTTP ${expectStatus}, page shows status ${res.status}, error ${res.error}, body ${res.body}`);
    }
    return { ...res, json: JSON.parse(res.body) };
  }

  // --- clipboard -------------------------------------------------------------------------------

  /**
   * Clicks a copy button and returns what landed on the clipboard (needs clipboard permissions).
   * One browser has one clipboard for all its contexts, so copies are taken one at a time.
   */
  copy(testid, timeout = 10_000) {
    const run = clipboardQueue.then(() => this.#copy(testid, timeout));
    clipboardQueue = run.catch(() => {});
    return run;
  }

  async #copy(testid, timeout) {
    const sentinel = `pkjwt-test-sentinel-${Math.random()}`;
    await this.page.evaluate((s) => navigator.clipboard.writeText(s), sentinel);
    await this.el(testid).click();
    const end = Date.now() + timeout;
    while (Date.now() < end) {
      const text = await this.page.evaluate(() => navigator.clipboard.readText());
      if (text !== sentinel) return text;
      await sleep(50);
    }
    throw new Error(`${testid}: nothing was copied within ${timeout} ms`);
  }
}

/** Tests running concurrently in one process take turns at the (browser-wide) clipboard. */
let clipboardQueue = Promise.resolve();

/** The (first) value of `name` in a form ([[name, value]]), e.g. client_assertion; all of them. */
export const formValue = (form, name) => form?.find(([n]) => n === name)?.[1];
export const formValues = (form, name) => form?.filter(([n]) => n === name).map(([, v]) => v) ?? [];
/** A form ([[name, value]]) as an object; the last of repeated names wins. */
export const formOf = (form) => Object.fromEntries(form);
