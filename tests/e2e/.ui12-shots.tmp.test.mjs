// Temporary (ui12's screenshots; not part of the suite, deleted after use).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DpopPage } from './lib/dpop-page.mjs';
import { fixture } from './lib/fixture.mjs';
import { startResourceServer } from './lib/resource-server.mjs';

const OUT = process.env.SHOTS ?? '/work/plan/shots12/';
const fx = fixture({ page: DpopPage, networkErrorsExpected: true, clipboard: true, authorizationServers: { as: { dpop: true } } });
let api;
before(async () => { await fx.ready(); api = await startResourceServer({ as: fx.as, requireNonce: true }); });
after(() => api?.close());
const VIEWS = [
  { name: '1280-light', viewport: { width: 1280, height: 900 }, colorScheme: 'light' },
  { name: '1280-dark', viewport: { width: 1280, height: 900 }, colorScheme: 'dark' },
  { name: '360-light', viewport: { width: 360, height: 780 }, colorScheme: 'light', isMobile: true, hasTouch: true },
  { name: '360-dark', viewport: { width: 360, height: 780 }, colorScheme: 'dark', isMobile: true, hasTouch: true },
];
for (const view of VIEWS) {
  test(`dpop card and api call at ${view.name}`, async (t) => {
    const { name, ...context } = view;
    const p = await fx.open(t, { context });
    const key = await p.keyFor('ES256');
    const clientId = `shots-${randomUUID()}`;
    await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks, dpop_bound_access_tokens: true });
    await p.configure({ clientId, aud: fx.as.issuer, endpoint: fx.as.tokenEndpoint, grant: 'client_credentials' });
    await p.enableDpop({ alg: 'ES256' });
    const res = await p.sendJson();
    assert.equal(res.json.token_type, 'DPoP');
    await p.page.locator('details', { has: p.el('dpop-proof-decoded') }).evaluate((d) => { d.open = true; });
    await p.settle();
    await p.el('dpop-card').screenshot({ path: `${OUT}dpop-card-${name}.png` });
    await p.page.locator('#response').screenshot({ path: `${OUT}response-${name}.png` });
    await p.apiSetup(api.url);
    const answer = await p.apiSend();
    assert.equal(answer.status, '200');
    await p.page.locator('details', { has: p.el('api-headers') }).evaluate((d) => { d.open = true; });
    await p.settle();
    await p.el('api-card').screenshot({ path: `${OUT}api-call-${name}.png` });
    const wide = await p.page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      return [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > width + 1)
        .filter((el) => el.tagName === "PRE" || !el.closest("pre")).map((el) => `${el.tagName.toLowerCase()}[${el.dataset.testid ?? ''}].${el.className} right=${Math.round(el.getBoundingClientRect().right)}`).slice(0, 12);
    });
    assert.deepEqual(wide, [], `${name}: wider than the viewport`);
  });
}
