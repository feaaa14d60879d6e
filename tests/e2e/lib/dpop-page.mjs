// A page object for DPoP, FAPI 2.0 and mTLS (issue 12), on top of AuthorizePage (discovery, the
// user flows, Send). It drives the page only through the hooks of
// /work/shared/contract/testids.md, section "DPoP, FAPI 2.0, mTLS", plus the ui's
// dpop-bind-code, dpop-key, dpop-note, api-headers, api-error, token-binding and
// mtls-download-certificate / mtls-download-key.
//
//   const p = await fx.open(t, { page: DpopPage });
//   const jkt = await p.enableDpop({ alg: 'ES256' });      // dpop-enabled on, the key made, its thumbprint
//   const res = await p.sendJson();                         // Send (the page retries once with the server's nonce)
//   p.proofsSentTo(url)                                     // every DPoP header the browser sent there
//   const answer = await p.apiSend();                       // api-send → { status, body, headers, error }
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { AuthorizePage } from './authorize.mjs';

const TIMEOUT = 15_000;

export class DpopPage extends AuthorizePage {
  /** Text of a testid, trimmed ('' when absent). */
  async trimmed(testid) {
    return ((await this.maybe(testid)) ?? '').trim();
  }

  /**
   * Turns DPoP on with `alg` and the key source (own or client), waits for the key: returns its
   * thumbprint as shown in dpop-jkt.
   */
  async enableDpop({ alg = 'ES256', key = 'own', timeout = 60_000 } = {}) {
    await this.reveal('dpop-enabled');
    const before = await this.trimmed('dpop-jkt');
    await this.el('dpop-enabled').setChecked(true);
    await this.reveal('dpop-alg');
    const algChanged = (await this.el('dpop-alg').inputValue()) !== alg;
    await this.el('dpop-alg').selectOption(alg);
    if ((await this.el('dpop-key').count()) && (await this.el('dpop-key').inputValue()) !== key) await this.el('dpop-key').selectOption(key);
    try {
      await this.page.waitForFunction(({ prev, changed }) => {
        const t = document.querySelector('[data-testid="dpop-jkt"]')?.textContent?.trim();
        return t && (!changed || !prev || t !== prev);
      }, { prev: before, changed: algChanged }, { timeout });
    } catch {
      throw new Error(`dpop-jkt stayed empty; dpop-key-made-by: ${await this.maybe('dpop-key-made-by')}`);
    }
    await this.settle();
    return this.trimmed('dpop-jkt');
  }

  async disableDpop() {
    await this.reveal('dpop-enabled');
    await this.el('dpop-enabled').setChecked(false);
    await this.settle();
  }

  async jkt() { return this.trimmed('dpop-jkt'); }
  async nonceShown() { return this.trimmed('dpop-nonce'); }
  async note() { return this.trimmed('dpop-note'); }

  /** The proof the request on screen carries (dpop-proof), once there is one. */
  async shownProof({ timeout = TIMEOUT } = {}) {
    await this.page.waitForFunction(() => document.querySelector('[data-testid="dpop-proof"]')?.textContent?.trim().split('.').length === 3,
      null, { timeout }).catch(() => {});
    const proof = await this.trimmed('dpop-proof');
    return proof ? { proof, header: decodeProtectedHeader(proof), claims: decodeJwt(proof) } : undefined;
  }

  /** The DPoP headers the browser sent to `url` (method, url, proof, authorization), oldest first. */
  proofsSentTo(url) {
    return this.rec.requests
      .filter((r) => r.method !== 'OPTIONS' && r.url.split('?')[0] === url.split('?')[0] && r.headers.dpop)
      .map((r) => ({ method: r.method, url: r.url, proof: r.headers.dpop, authorization: r.headers.authorization, status: r.status }));
  }

  /** Every request the browser sent with a DPoP header. */
  allProofsSent() {
    return this.rec.requests.filter((r) => r.method !== 'OPTIONS' && r.headers.dpop)
      .map((r) => ({ method: r.method, url: r.url, proof: r.headers.dpop, authorization: r.headers.authorization }));
  }

  /** token-binding once it shows ('' when it never does). */
  async binding({ timeout = TIMEOUT } = {}) {
    await this.page.waitForFunction(() => /^(bound|not bound|mismatch)/.test(document.querySelector('[data-testid="token-binding"]')?.textContent?.trim() ?? ''),
      null, { timeout }).catch(() => {});
    return this.trimmed('token-binding');
  }

  // --- the API call -------------------------------------------------------------------------

  /** next-api, then the API URL typed; waits until the api-curl names it. */
  async apiSetup(url) {
    await this.el('next-api').click();
    await this.reveal('api-url');
    await this.set('api-url', url);
    const { host } = new URL(url);
    await this.page.waitForFunction((h) => document.querySelector('[data-testid="api-curl"]')?.textContent.includes(h), host, { timeout: TIMEOUT });
  }

  /** The api-curl once it carries a proof (DPoP on) or once shown. */
  async apiCurl() {
    await this.reveal('api-curl');
    return this.text('api-curl');
  }

  /**
   * Presses api-send and waits until the page is done (the button is disabled while sending).
   * @returns {{status, body, headers, error, sent: object[]}} what the page shows, and the
   *   requests the browser made to the API meanwhile
   */
  async apiSend({ timeout = 30_000 } = {}) {
    await this.reveal('api-send');
    const before = this.rec.requests.length;
    const done = await this.pressUntilIdle('api-send', { timeout, notSentAfter: 2_000, refuseDisabled: true });
    if (done === 'still sending' || done === 'disabled') throw new Error(`api-send: ${done}; api-error: ${await this.maybe('api-error')}`);
    await this.settle();
    await this.rec.settled();
    const url = (await this.el('api-url').inputValue()).trim();
    const sent = this.rec.requests.slice(before).filter((r) => r.method !== 'OPTIONS' && r.url.split('?')[0] === url.split('?')[0]);
    return {
      done,
      status: await this.trimmed('api-status'),
      body: await this.maybe('api-body'),
      headers: await this.maybe('api-headers'),
      error: (await this.el('api-error').count()) && await this.el('api-error').isVisible() ? await this.trimmed('api-error') : undefined,
      sent,
    };
  }

  // --- mTLS -----------------------------------------------------------------------------------

  /**
   * Downloads the certificate and private key with the mTLS card's buttons into `dir`, under the
   * names the browser suggests. @returns {{certFile, keyFile, certName, keyName, certPem, keyPem}}
   */
  async downloadMtlsFiles(dir) {
    const saved = {};
    for (const [testid, what] of [['mtls-download-certificate', 'cert'], ['mtls-download-key', 'key']]) {
      await this.reveal(testid);
      const [download] = await Promise.all([this.page.waitForEvent('download', { timeout: TIMEOUT }), this.el(testid).click()]);
      const name = download.suggestedFilename();
      const file = join(dir, name);
      await download.saveAs(file);
      saved[`${what}Name`] = name;
      saved[`${what}File`] = file;
      saved[`${what}Pem`] = await readFile(file, 'utf8');
    }
    return saved;
  }
}
