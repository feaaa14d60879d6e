// A page object for the user flows (authorization code with PKCE, PAR, JAR; device flow), on top
// of ProviderPage (discovery) and Workbench (assertion, Send). It drives the page only through the
// hooks of /work/shared/contract/testids.md, section "Authorization code, PAR, JAR, device flow",
// and the server's pages through lib/interactions.mjs.
//
//   const p = await fx.open(t, { page: AuthorizePage });
//   const key = await p.keyFor('ES256');
//   await fx.as.addClient({ client_id, jwks: key.publicJwks, redirect_uris: [await p.redirectUri()] });
//   await p.codeFlowSetup({ as: fx.as, clientId, alg: 'ES256', mode: 'par' });
//   const { popup, login } = await p.authorize({ login: 'alice' });   // popup → login → consent → callback
//   const code = await p.waitForCode();
//   const res = await p.sendJson();                                     // the token request
//   await p.verification();                                             // 'valid …' or 'invalid …'
import { decodeJwt } from 'jose';
import { unlessPageError } from './browser.mjs';
import { completeLogin } from './interactions.mjs';
import { ProviderPage } from './providerpage.mjs';
import { formFields } from './workbench.mjs';

import { DEVICE_CODE } from './oauth.mjs';

export { DEVICE_CODE };
export const MODES = ['query', 'par', 'jar', 'par-jar'];
const TIMEOUT = 15_000;

export class AuthorizePage extends ProviderPage {
  /** What the page shows where it stands (authorize-status), '' when absent. */
  async status() {
    return (await this.maybe('authorize-status')) ?? '';
  }

  /** The page's default redirect_uri (redirect-uri), after choosing the code grant. */
  async redirectUri() {
    await this.chooseGrant('authorization_code');
    await this.reveal('redirect-uri');
    return this.el('redirect-uri').inputValue();
  }

  /** Selects a grant, failing with a clear message when the page does not offer it. */
  async chooseGrant(grant) {
    const offered = await this.el('grant-type').locator('option').evaluateAll((os) => os.map((o) => o.value));
    if (!offered.includes(grant)) throw new Error(`grant-type has no option ${grant} (offers ${offered.join(' ')})`);
    if (await this.el('grant-type').inputValue() !== grant) await this.el('grant-type').selectOption(grant);
    await this.settle();
  }

  /**
   * Discovery of `as` (or, with discover: false, the endpoints typed by hand), the code grant with private_key_jwt (aud = issuer), the mode (undefined:
   * leave what the page chose), PKCE and the authorization parameters. Returns the assertion.
   */
  async codeFlowSetup({ as, clientId, alg, mode = 'query', pkce = 'S256', scope = 'openid offline_access', prompt = 'consent',
    extra = {}, discover = true } = {}) {
    if (discover) {
      await this.setIssuer(as.issuer);
      const outcome = await this.discover();
      if (outcome.error) throw new Error(`discovery-error: ${outcome.error}`);
    }
    await this.chooseGrant('authorization_code');
    await this.el('client-auth').selectOption('private_key_jwt');
    const assertion = await this.configure({ clientId, aud: as.issuer, alg, ...(discover ? {} : { endpoint: as.tokenEndpoint }) });
    if (!discover) {
      // Typed by hand, as for a provider without discovery.
      await this.reveal('authorize-endpoint');
      await this.set('authorize-endpoint', as.authorizationEndpoint);
      if (await this.el('par-endpoint').count()) await this.set('par-endpoint', as.parEndpoint);
    }
    await this.reveal('authorize-mode');
    if (mode !== undefined) await this.el('authorize-mode').selectOption(mode); // undefined: what the page chose
    await this.reveal('pkce-method');
    await this.el('pkce-method').selectOption(pkce);
    await this.authzParam('scope', scope);
    await this.authzParam('prompt', prompt);
    for (const [name, value] of Object.entries(extra)) await this.authzParam(name, value);
    await this.settle();
    return assertion;
  }

  async authzParam(name, value) {
    await this.reveal(`authz-param-${name}`);
    await this.set(`authz-param-${name}`, value);
  }

  /**
   * Presses authorize-start and returns the window it opened (after PAR in the par modes), or
   * throws with authorize-status when none opens.
   */
  async startAuthorize({ timeout = TIMEOUT } = {}) {
    await this.reveal('authorize-start');
    const opened = this.rec.context.waitForEvent('page', { timeout });
    await this.el('authorize-start').click();
    try {
      return await unlessPageError(this.rec, opened);
    } catch (err) {
      throw new Error(`authorize-start opened no window (${err.message}); authorize-status: ${await this.status()}; `
        + `request-error: ${await this.maybe('request-error')}`);
    }
  }

  /**
   * The code grant with `endpoint` typed as the authorization endpoint, query mode, Start: the
   * URL the page built (authorize-url), once shown. The window it opened is closed unvisited
   * (nothing need answer at `endpoint`).
   * @returns {URL}
   */
  async authorizationUrl(endpoint, { timeout = TIMEOUT } = {}) {
    await this.chooseGrant('authorization_code');
    await this.reveal('authorize-endpoint');
    await this.set('authorize-endpoint', endpoint);
    await this.reveal('authorize-mode');
    await this.el('authorize-mode').selectOption('query');
    const popup = await this.startAuthorize({ timeout });
    await popup.close();
    await this.page.waitForFunction((e) => document.querySelector('[data-testid="authorize-url"]')?.textContent.startsWith(e),
      endpoint, { timeout });
    return new URL(await this.text('authorize-url'));
  }

  /**
   * authorize-start, then the server's login and consent pages in the window it opened
   * (lib/interactions.mjs completeLogin), until the callback hands the answer back.
   * @returns {{popup, login: {closed, urls, prompts}}}
   */
  async authorize({ login = 'alice', deny = false, closeTimeout } = {}) {
    const popup = await this.startAuthorize();
    const result = await completeLogin(popup, { login, deny, closeTimeout });
    return { popup, login: result };
  }

  /** Waits until param-code holds a code (the callback was taken); returns it. */
  async waitForCode({ timeout = TIMEOUT } = {}) {
    await this.reveal('param-code');
    try {
      await this.page.waitForFunction(() => document.querySelector('[data-testid="param-code"]')?.value, null, { timeout });
    } catch {
      throw new Error(`param-code stayed empty; authorize-status: ${await this.status()}`);
    }
    return this.el('param-code').inputValue();
  }

  /** Waits until authorize-status says something other than `before` (and something); returns it. */
  async statusChange(before, { timeout = TIMEOUT } = {}) {
    await this.page.waitForFunction((prev) => {
      const t = document.querySelector('[data-testid="authorize-status"]')?.textContent?.trim();
      return t && t !== prev;
    }, before, { timeout }).catch(() => {});
    return this.status();
  }

  /** Pastes a redirected-to URL into authorize-callback-url and applies it; returns authorize-status then. */
  async pasteCallback(url) {
    const before = await this.status();
    await this.reveal('authorize-callback-url');
    await this.set('authorize-callback-url', url);
    await this.el('authorize-callback-apply').click();
    return this.statusChange(before);
  }

  /** token-verification once it has a verdict ('valid…' / 'invalid…'). */
  async verification({ timeout = TIMEOUT } = {}) {
    await this.reveal('token-verification');
    try {
      await this.page.waitForFunction(() => /^\s*(valid|invalid)/i.test(document.querySelector('[data-testid="token-verification"]')?.textContent ?? ''),
        null, { timeout });
    } catch {
      throw new Error(`token-verification has no verdict: "${await this.maybe('token-verification')}"`);
    }
    return (await this.text('token-verification')).trim();
  }

  /** The decoded claims of the last response's id_token (response-id-token-claims). */
  async idTokenClaims() {
    await this.reveal('response-id-token-claims');
    return JSON.parse(await this.text('response-id-token-claims'));
  }

  /**
   * Send for requests that may be GETs (userinfo): Workbench.send(), plus the last request the
   * browser made to `url` whatever its method.
   */
  async sendTo(url) {
    const before = this.rec.requests.length;
    const res = await this.send();
    await this.rec.settled();
    const sent = this.rec.requests.slice(before).filter((r) => r.url === url && r.method !== 'OPTIONS').at(-1);
    return { ...res, sent, form: sent?.postData ? formFields(sent.postData) : undefined };
  }

  /**
   * next-userinfo, then the userinfo request sent from the page: by its own step's Send
   * (userinfo-send / userinfo-status / userinfo-body, as the ui builds it) when there is one, else
   * by request-send. Returns what the page shows and the request the browser sent to `endpoint`.
   * @returns {{status?: string, body?: string, error?: string, sent?: object}}
   */
  async userinfo(endpoint, { timeout = TIMEOUT } = {}) {
    await this.el('next-userinfo').click();
    await this.settle();
    const before = this.rec.requests.length;
    let shown;
    if (await this.el('userinfo-send').count()) {
      await this.reveal('userinfo-send');
      const answered = this.page.waitForResponse((r) => r.url() === endpoint && r.request().method() === 'GET', { timeout }).catch(() => null);
      await this.el('userinfo-send').click();
      const response = await answered;
      if (response) {
        await this.page.waitForFunction((status) => document.querySelector('[data-testid="userinfo-status"]')?.textContent.trim() === status,
          String(response.status()), { timeout: 5_000 }).catch(() => {});
      }
      await this.settle();
      shown = { status: (await this.maybe('userinfo-status'))?.trim(), body: await this.maybe('userinfo-body'), error: await this.maybe('userinfo-error') };
    } else {
      const res = await this.send();
      shown = { status: res.status, body: res.body, error: res.error };
    }
    await this.rec.settled();
    const sent = this.rec.requests.slice(before).filter((r) => r.url === endpoint && r.method !== 'OPTIONS').at(-1);
    return { ...shown, sent };
  }

  // --- device flow -------------------------------------------------------------------------------

  /** device-start; resolves once device-user-code and device-verification-uri show. */
  async deviceStart({ timeout = TIMEOUT } = {}) {
    await this.reveal('device-start');
    await this.el('device-start').click();
    try {
      await this.page.waitForFunction(() => document.querySelector('[data-testid="device-user-code"]')?.textContent?.trim()
        && document.querySelector('[data-testid="device-verification-uri"]')?.textContent?.trim(), null, { timeout });
    } catch {
      throw new Error(`no device-user-code; device-status: ${await this.maybe('device-status')}; device-error: ${await this.maybe('device-error')}; `
        + `request-error: ${await this.maybe('request-error')}`);
    }
    return {
      userCode: (await this.text('device-user-code')).trim(),
      uri: (await this.text('device-verification-uri')).trim(),
      href: await this.el('device-verification-uri').evaluate((n) => n.closest('a')?.href ?? n.querySelector('a')?.href ?? null),
    };
  }

  /** Waits until device-status matches `re`; returns its text. */
  async deviceStatus(re, { timeout = 30_000 } = {}) {
    try {
      await this.page.waitForFunction((src) => new RegExp(src, 'i').test(document.querySelector('[data-testid="device-status"]')?.textContent ?? ''),
        re.source, { timeout });
    } catch {
      throw new Error(`device-status never matched ${re}: "${await this.maybe('device-status')}"`);
    }
    return (await this.text('device-status')).trim();
  }
}

/** The OAuth answer in a redirected-to URL (query or fragment). */
export function callbackParams(url) {
  const u = new URL(url);
  return new URLSearchParams(u.search.length > 1 ? u.search : u.hash.slice(1));
}

/** Waits until `ok()` (a look at a server's record), checking every 100 ms. */
export async function until(ok, what, timeout) {
  const end = Date.now() + timeout;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The device-code token requests (polls) of `clientId` that `as` recorded after `mark`. */
export const devicePolls = (as, clientId, mark) => as.requests.slice(mark)
  .filter((r) => r.route === 'token' && r.params?.grant_type === DEVICE_CODE && decodeJwt(r.params.client_assertion).iss === clientId);
