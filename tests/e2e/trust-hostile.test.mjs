// Hostile input never breaks the page. Into every text field the page has (found in each of
// its states: the default page, every grant, client secrets, presets with placeholders, the
// Mijn Burgerprofiel guide, and the next-steps after a response) we paste: 10 MB through the
// clipboard, control characters, 10 000-deep JSON and shell metacharacters; into the lifetime
// fields absurd numbers; into the URL fields absurd URLs; and through key-import-file a PEM
// whose bytes are not UTF-8. For each paste:
//   - a clear message appears in the field's error element, or the value is handled sensibly
//     (cut to a limit, refused by the field, or carried safely: no raw control characters in
//     any command, and the shell commands run by bash do exactly one curl and nothing else);
//   - the page answers quickly: the longest main-thread task from the paste until the page has
//     settled is at most LONG_TASK_BUDGET (200 ms) more than Chromium alone takes to paste the
//     same 10 MB into a bare field of the same maxlength (measured first, as a control: about
//     2 s without a limit, which is why every field has one; ~300 ms at 1 MiB);
//   - no page error, no panic, no console error but expected network errors, no dialog;
//   - the page keeps working: a new key is generated and an assertion is signed.
// Every measurement is written to artifacts/trust-hostile.json; REPORT=1 prints the table.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { X509Certificate, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, newPage, problems } from './lib/browser.mjs';
import { curlInvocation } from './lib/curl.mjs';
import { fixture } from './lib/fixture.mjs';
import { TOKEN_EXCHANGE } from './lib/oauth.mjs';
import { ProviderPage, decodeJwt } from './lib/providerpage.mjs';
import {
  LIFETIMES, LONG_TASK_BUDGET, MiB, PAYLOADS, absurdUrls, browserPasteCost, fillClipboard, measure, pasteFromClipboard,
  rawControls, setValue, startIpv6Server, watchLongTasks,
} from './lib/hostile.mjs';

const BASE = { clientId: 'hostile-client', aud: 'https://as.example/oauth2/token', endpoint: 'https://as.example/oauth2/token' };
/** Fields the brief names; param-* and placeholder-* stand for every one found. */
const REQUIRED = ['key-import', 'client-id', 'assertion-sub', 'assertion-aud', 'assertion-lifetime', 'assertion-extra',
  'assertion-typ', 'assertion-jku', 'token-endpoint', 'param-client_secret', 'issuer', 'discovery-paste', 'env-import',
  'api-url', 'mbp-temp-token'];
/** Artefacts that must never carry a raw control character (they are copied, run or shared). */
const ARTEFACTS = ['curl', 'curl-powershell', 'request-http', 'share-url', 'env-export', 'api-curl', 'mbp-step2-curl', 'mbp-step3-url',
  'key-public-jwk', 'key-public-jwks', 'discovery-curl'];
/** Chromium's own lines about a failed fetch; the page cannot prevent them. */
const NETWORK_NOISE = /^console\.error: (Failed to load resource: (net::ERR_\w+|the server responded with a status of [45]\d\d)|Access to fetch at '[^']*' from origin '[^']*' has been blocked by CORS policy)/;

const fx = fixture({ page: ProviderPage, clipboard: true, authorizationServers: { as: { cors: true } } });
let ipv6, pasteCost;
const rows = [];
const tested = new Set();

before(async () => {
  [ipv6] = await Promise.all([startIpv6Server(), fx.ready()]);
  // The page's fields have maxlength 8192 (one line), 256 (kid), 1 MiB (text areas, tokens) or
  // 256 KiB (extra claims); the control measures each as the browser handles it alone.
  const shapes = [
    { tag: 'input', max: 8192 }, { tag: 'input', max: 256 }, { tag: 'input', max: 1048576 },
    { tag: 'textarea', max: 1048576 }, { tag: 'textarea', max: 262144 },
  ];
  pasteCost = await browserPasteCost(fx.browser, newPage, fx.server.origin, shapes);
  if (process.env.REPORT) console.error('[hostile] the browser alone, 10 MB paste:', shapes.map((s) => `${s.tag} ${s.max}: ${pasteCost(s.tag, s.max)} ms`).join(', '));
});
after(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'trust-hostile.json'), `${JSON.stringify(rows, null, 1)}\n`);
  if (process.env.REPORT) {
    for (const r of rows) {
      console.error(`[hostile] ${r.state.padEnd(10)} ${r.field.padEnd(28)} ${r.payload.padEnd(22)} answer ${String(r.answerMs).padStart(6)} ms  longest task ${String(r.longestTask).padStart(5)} ms${r.longestTask > LONG_TASK_BUDGET ? ' (!)' : '    '}  ${r.outcome}`);
    }
  }
  await ipv6?.close();
});

// --- the page in each state ----------------------------------------------------------------------

/**
 * Opens a fresh page of test `t` with a key and a working assertion. attempt() judges the console
 * of every paste itself (NETWORK_NOISE aside), so the fixture's after-check is off.
 */
async function open(t) {
  const p = await fx.open(t, { check: false, init: watchPage });
  await p.generate('EC-P256');
  await p.configure({ clientId: BASE.clientId, aud: BASE.aud, endpoint: BASE.endpoint });
  return p;
}

/** Long tasks and dialogs, recorded from before the page loads. */
async function watchPage(rec) {
  await watchLongTasks(rec.context);
  rec.dialogs = [];
  rec.page.on('dialog', (d) => { rec.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
}

/** Each state of the page, as a page of test `t`. */
const STATES = {
  default: async (t) => open(t),
  refresh: async (t) => grant(t, 'refresh_token'),
  exchange: async (t) => grant(t, TOKEN_EXCHANGE),
  introspection: async (t) => grant(t, 'introspection'),
  secret: async (t) => {
    const p = await open(t);
    await p.el('client-auth').selectOption('client_secret_post');
    return p;
  },
  okta: async (t) => {
    const p = await open(t);
    await p.choosePreset('okta');
    return p;
  },
  mbp: async (t) => {
    const p = await open(t);
    await p.choosePreset('mijn-burgerprofiel');
    await p.el('mbp-guide').waitFor();
    return p;
  },
  response: async (t) => {
    const p = await open(t);
    const key = await p.key();
    const clientId = `hostile-${randomUUID()}`;
    await fx.as.addClient({ client_id: clientId, jwks: key.publicJwks });
    await p.configure({ clientId, aud: fx.as.tokenEndpoint, endpoint: fx.as.tokenEndpoint });
    const res = await p.send();
    assert.equal(res.status, '200', `a response to work with: ${res.error} ${res.body}`);
    await p.el('next-api').click();
    await p.el('api-url').waitFor();
    p.base = { ...BASE, clientId, aud: fx.as.tokenEndpoint, endpoint: fx.as.tokenEndpoint };
    return p;
  },
};

async function grant(t, id) {
  const p = await open(t);
  await p.el('grant-type').selectOption(id);
  return p;
}

/** Text fields of the page as it is now (details opened), by testid. */
async function textFields(p) {
  await p.revealAll();
  return p.page.locator('input[data-testid], textarea[data-testid]').evaluateAll((nodes) => nodes
    .filter((n) => n.tagName === 'TEXTAREA' || ['text', 'url', 'search', 'email', 'tel', 'password', 'number', ''].includes(n.type))
    .map((n) => n.dataset.testid));
}

// --- what a person does after pasting, and where the page should answer -----------------------

const ASSERTION_FIELDS = ['client-id', 'assertion-sub', 'assertion-aud', 'assertion-lifetime', 'assertion-typ', 'assertion-skew',
  'assertion-jku', 'assertion-extra', 'key-kid'];

function how(field) {
  if (field === 'key-import') return { press: 'key-import-apply', errors: ['key-error'] };
  if (field === 'key-cert-cn' || field === 'key-cert-days') return { press: 'key-make-certificate', errors: ['key-error'] };
  // A fresh page for each: discovery-error tells about the last fetch and stays until the next.
  if (field === 'issuer') return { press: 'discovery-fetch', errors: ['discovery-error'], fresh: true };
  if (field === 'discovery-paste') return { press: 'discovery-paste-apply', errors: ['discovery-error'], fresh: true };
  if (field === 'env-import') return { press: 'env-import-apply', errors: ['env-import-result'], fresh: true };
  if (field.startsWith('placeholder-')) return { key: 'Enter', errors: ['request-error', 'assertion-error', 'discovery-error'], fresh: true };
  if (ASSERTION_FIELDS.includes(field)) return { errors: ['assertion-error', 'key-error'] };
  if (field === 'api-url' || field === 'mbp-temp-token') return { errors: ['request-error'], nearby: true };
  return { errors: ['request-error'] };
}

/** The payloads for a field: the common four, lifetimes and URLs where they fit. */
function payloadsFor(field) {
  const list = Object.entries(PAYLOADS).map(([name, p]) => ({ name, ...p }));
  const lifetimes = LIFETIMES.map((value) => ({ name: `lifetime ${value}`, value: () => value, lifetime: value }));
  if (['assertion-lifetime', 'key-cert-days', 'assertion-skew'].includes(field)) list.push(...lifetimes);
  if (['token-endpoint', 'issuer', 'assertion-jku', 'api-url', 'assertion-aud'].includes(field)) {
    const https = field === 'assertion-jku';
    const urls = absurdUrls(https ? ipv6.origin.replace('http:', 'https:') : ipv6.origin, field === 'assertion-jku' ? '/jwks.json' : field === 'issuer' ? '' : '/token');
    list.push(...Object.entries(urls).map(([name, value]) => ({ name: `URL ${name}`, value: () => value, url: name })));
  }
  return list;
}

/** Visible, non-empty error elements among `testids` (and, when `nearby`, alerts in the card). */
async function shownErrors(p, testids, field, nearby) {
  const out = [];
  for (const id of testids) {
    const el = p.el(id);
    if (await el.count() && await el.first().isVisible()) {
      const text = (await el.first().textContent()).trim();
      if (text) out.push(`${id}: ${text}`);
    }
  }
  if (nearby && await p.el(field).count()) {
    const near = await p.el(field).evaluate((el) => [...(el.closest('.card, section') ?? document).querySelectorAll('.error, [role=alert]')]
      .filter((n) => n.offsetParent !== null && n.textContent.trim()).map((n) => `alert: ${n.textContent.trim()}`));
    out.push(...near);
  }
  return out;
}

// --- one paste ---------------------------------------------------------------------------------

const marker = join(tmpdir(), `pkjwt-hostile-${randomUUID()}`);

/** Pastes `payload` into `field`, presses what a person would, and judges what happened. */
async function attempt(p, state, field, payload) {
  const { page, rec } = p;
  const action = how(field);
  const value = payload.value(marker);
  const problemsBefore = problems(rec).length;
  const requestsBefore = rec.requests.length;
  const locator = p.el(field);
  await p.reveal(field);
  const original = await locator.inputValue();
  const shape = await locator.evaluate((el) => ({ tag: el.tagName.toLowerCase(), max: el.maxLength > 0 ? el.maxLength : undefined }));
  const errorsBefore = await shownErrors(p, action.errors, field, action.nearby);
  if (payload.via === 'clipboard') await fillClipboard(page, value);
  let pressed = true;
  const m = await measure(page, async () => {
    if (payload.via === 'clipboard') await pasteFromClipboard(page, locator);
    else await setValue(locator, value);
    if (action.press) {
      pressed = await p.el(action.press).isEnabled({ timeout: 30_000 }).then((on) => on && p.el(action.press).click({ timeout: 30_000 }).then(() => true));
    }
    // A placeholder field goes away once its value is applied (on change), so Enter is for
    // the ones still there.
    if (action.key && await locator.count()) await locator.press(action.key);
  });
  if (field === 'issuer') await p.until(() => p.el('discovery-fetch').isDisabled(), (busy) => !busy, 'discovery done', 15_000).catch(() => {});
  await p.settle();

  // Only messages that this paste brought count (some states show one from the start).
  const errors = (await shownErrors(p, action.errors, field, action.nearby)).filter((e) => !errorsBefore.includes(e));
  const kept = (await locator.count()) ? (await locator.inputValue()).length : undefined;
  // A placeholder field is gone once applied: its maxlength says whether the paste was cut.
  const cut = kept !== undefined ? kept < value.length : payload.via === 'clipboard' && (shape.max ?? Infinity) < value.length;
  const found = [];
  if (!pressed && !errors.length) found.push(`${action.press} is disabled, and no message says why`);

  // The answer: a message, or a sensible handling of the value.
  if (payload.name === '10 MB' && !errors.length && !cut) {
    found.push(`took all 10 MB without a word (no message in ${action.errors.join('/')}, no length limit on the field)`);
  }
  for (const id of ARTEFACTS) {
    if (!(await p.el(id).count())) continue;
    const bad = rawControls(await p.text(id));
    if (bad.length) found.push(`${id} carries raw ${bad.join(' ')}`);
  }
  if (payload.name === '10 000-deep JSON' && ['key-import', 'assertion-extra', 'discovery-paste'].includes(field) && !errors.length) {
    found.push(`no message for 10 000-deep JSON in ${action.errors.join('/')}`);
  }
  if (payload.name === 'shell metacharacters') found.push(...await shellSafe(p));
  if (payload.lifetime !== undefined) found.push(...await judgeLifetime(p, field, payload.lifetime, errors));
  if (payload.url !== undefined) found.push(...await judgeUrl(p, field, payload, value, errors, requestsBefore));

  // The page stays itself.
  const newProblems = problems(rec).slice(problemsBefore).filter((line) => !NETWORK_NOISE.test(line));
  found.push(...newProblems.map((line) => line.slice(0, 300)));
  if (rec.dialogs.length) found.push(`dialog opened: ${rec.dialogs.splice(0).join(' | ')}`);
  if (new URL(page.url()).origin !== fx.server.origin) found.push(`the page navigated to ${page.url().slice(0, 80)}`);
  const control = payload.via === 'clipboard' ? pasteCost(shape.tag, shape.max) : 0;
  if (m.longestTask > LONG_TASK_BUDGET + control) {
    found.push(`longest main-thread task ${m.longestTask} ms (budget ${LONG_TASK_BUDGET} ms + ${control} ms the browser alone takes for this paste into a bare ${shape.tag}${shape.max ? ` of maxlength ${shape.max}` : ''}; all: ${m.tasks.join(', ')})`);
  }

  const outcome = errors.length ? errors[0].slice(0, 120) : cut ? `cut to ${kept} characters` : 'accepted';
  rows.push({ state, field, payload: payload.name, answerMs: m.answerMs, longestTask: m.longestTask, browserAlone: control, outcome, problems: found });
  return { found, original, fresh: action.fresh };
}

/** The shell commands the page shows run under bash (curl stubbed): one curl, nothing else. */
async function shellSafe(p) {
  const found = [];
  for (const id of ['curl', 'api-curl', 'mbp-step2-curl', 'discovery-curl']) {
    if (!(await p.el(id).count())) continue;
    const command = await p.text(id);
    if (!command.trim()) continue;
    const run = await curlInvocation(`${command}\necho '<end>'`);
    if (run.code !== 0) found.push(`${id}: bash exited ${run.code}: ${run.stderr.slice(0, 200)}`);
    if (existsSync(marker)) {
      found.push(`${id}: running it executed the pasted command (${marker} was created)`);
      rmSync(marker, { force: true });
    }
  }
  return found;
}

/** Lifetime fields: refused with a message, or (Arabic-Indic ٣٠٠) read as 300. */
async function judgeLifetime(p, field, value, errors) {
  const ok300 = value === '٣٠٠';
  if (errors.length) return [];
  if (field === 'assertion-lifetime') {
    const { claims } = await p.decoded().catch(() => ({ claims: {} }));
    if (ok300 && claims.exp - claims.iat === 300) return [];
    return [`lifetime ${value} signed without a message: exp - iat = ${claims.exp - claims.iat}`];
  }
  if (field === 'key-cert-days') {
    const pem = await p.maybe('key-certificate-pem');
    const days = pem ? (Date.parse(new X509Certificate(pem).validTo) - Date.parse(new X509Certificate(pem).validFrom)) / 86_400_000 : undefined;
    if (ok300 && Math.round(days) === 300) return [];
    return [`certificate validity ${value} taken without a message (certificate valid ${days?.toFixed(1)} days)`];
  }
  // assertion-skew: sensible when iat stays within a day of now.
  const { claims } = await p.decoded().catch(() => ({ claims: {} }));
  const off = Math.abs((claims.iat ?? 0) - Date.now() / 1000);
  return off < 86_400 ? [] : [`clock skew ${value} taken without a message: iat is ${Math.round(off)} s from now`];
}

/** URL fields: refused with a message (and nothing fetched) unless the URL is fine (IPv6). */
async function judgeUrl(p, field, payload, value, errors, requestsBefore) {
  const found = [];
  const sent = p.rec.requests.slice(requestsBefore).filter((r) => new URL(r.url).origin !== fx.server.origin && !r.url.startsWith('blob:'));
  const fine = payload.url === 'IPv6' || (payload.url === 'with a fragment' && ['assertion-jku', 'api-url'].includes(field))
    || (field === 'assertion-aud' && !['1 MB long', 'with {placeholders}'].includes(payload.url));
  const placeholderListed = payload.url === 'with {placeholders}' && (await p.placeholderNames()).includes('tenant');
  if (!fine && !errors.length && !placeholderListed) found.push(`${payload.url} URL taken without a message in ${how(field).errors.join('/')}`);
  if (!fine && sent.length) found.push(`fetched ${sent.map((r) => `${r.method} ${r.url.slice(0, 80)}`).join(', ')} for a URL it should refuse`);
  if (payload.url === 'with userinfo' && ['token-endpoint', 'issuer'].includes(field)) {
    // The page refuses credentials in the URL; they must not end up in the page URL or the share link.
    const where = [['the page URL', p.page.url()], ['share-url', await p.shareUrl()], ['env-export', await p.envExport()]]
      .filter(([, text]) => text.includes('s3cr3t-in-url')).map(([w]) => w);
    if (where.length) found.push(`the password typed in ${field} was written to ${where.join(' and ')}`);
  }
  if (payload.url === 'IPv6') {
    if (errors.length) found.push(`an IPv6 URL was refused: ${errors[0]}`);
    if (field === 'token-endpoint') {
      const { url } = await curlInvocation(await p.text('curl'));
      if (url !== value) found.push(`curl --url ${url}, not the IPv6 URL typed`);
      const res = await p.send();
      if (res.status !== '200') found.push(`Send to the IPv6 endpoint: status ${res.status}, error ${res.error}`);
    }
    if (field === 'issuer') {
      const wanted = `${ipv6.origin}/.well-known/openid-configuration`;
      if (!sent.some((r) => r.method === 'GET' && r.url === wanted)) found.push(`discovery did not GET ${wanted}: ${sent.map((r) => r.url).join(', ')}`);
      if (!(await p.maybe('discovery-status'))) found.push('no discovery-status after reading the IPv6 issuer');
    }
    if (field === 'assertion-jku') {
      const { header } = await p.decoded().catch(() => ({ header: {} }));
      if (header.jku !== value) found.push(`jku header is ${header.jku}, not ${value}`);
    }
  }
  return found;
}

/**
 * After a paste: the field back as it was, a new key (Generate, as a person presses it), and an
 * assertion signed with it; no key-error left over once the key is there.
 */
async function stillWorks(p, field, original) {
  const base = p.base ?? BASE;
  if (await p.el(field).count()) await setValue(p.el(field), original);
  const before = await p.maybe('key-thumbprint');
  await p.el('key-alg').selectOption('EC-P256');
  await p.el('key-generate').click();
  await p.page.waitForFunction((b) => {
    const t = document.querySelector('[data-testid="key-thumbprint"]')?.textContent;
    return t && t !== b;
  }, before, { timeout: 15_000 });
  const thumbprint = await p.text('key-thumbprint');
  const stale = await p.maybe('key-error');
  await p.set('client-id', base.clientId);
  await p.set('assertion-aud', base.aud);
  const { token } = await p.assertionWhere(({ header, claims }) => claims.iss === base.clientId && header.kid === thumbprint,
    'an assertion signed with the new key');
  assert.equal(decodeJwt(token).iss, base.clientId);
  assert.equal(stale, undefined, `key-error still shown after a key was generated: ${stale}`);
}

// --- the tests ---------------------------------------------------------------------------------

for (const [state, setup] of Object.entries(STATES)) {
  test(`hostile paste into every text field (${state})`, { timeout: 30 * 60_000 }, async (t) => {
    const first = await setup(t);
    const only = process.env.HOSTILE_ONLY?.split(',');
    const fields = (await textFields(first)).filter((f) => !tested.has(f) && (!only || only.includes(f)));
    await first.rec.context.close();
    assert.ok(fields.length > 0 || state !== 'default' || process.env.HOSTILE_ONLY, 'text fields found');
    for (const field of fields) {
      tested.add(field);
      await t.test(field, async (st) => {
        let p = await setup(st);
        const found = [];
        try {
          for (const payload of payloadsFor(field)) {
            const result = await attempt(p, state, field, payload);
            found.push(...result.found.map((f) => `${payload.name}: ${f}`));
            try {
              if (result.fresh) {
                await p.rec.context.close();
                p = await setup(st);
              } else {
                await stillWorks(p, field, result.original);
              }
            } catch (error) {
              found.push(`${payload.name}: the page no longer works: ${error.message.split('\n')[0]}`);
              await p.rec.context.close();
              p = await setup(st);
            }
          }
          await stillWorks(p, field, await p.el(field).count() ? await p.el(field).inputValue() : '');
        } finally {
          await p.rec.context.close();
        }
        assert.deepEqual(found, [], `${field}: what went wrong`);
      });
    }
  });
}

test('every field the brief names was tested (param-* and placeholder-* included)', { skip: !!process.env.HOSTILE_ONLY }, () => {
  const missing = REQUIRED.filter((f) => !tested.has(f));
  assert.deepEqual(missing, []);
  assert.ok([...tested].filter((f) => f.startsWith('param-')).length >= 8, `param fields: ${[...tested].filter((f) => f.startsWith('param-'))}`);
  assert.ok([...tested].some((f) => f.startsWith('placeholder-')), 'a placeholder field');
});

test('key-import-file: a PEM whose body is not UTF-8, binary garbage and a 10 MB file get a clear key-error', async (t) => {
  const p = await open(t);
  const notUtf8 = Buffer.concat([
    Buffer.from('-----BEGIN PRIVATE KEY-----\n'),
    Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xff, 0xfe, 0xfd, 0x80, 0x0a]),
    Buffer.from('\n-----END PRIVATE KEY-----\n'),
  ]);
  // From disk (a path, as a person picks it): a buffer would be decoded in the page by the
  // test harness itself, which blocks the main thread and would be measured as the page's.
  const dir = mkdtempSync(join(tmpdir(), 'pkjwt-hostile-files-'));
  const files = [
    ['not-utf8.pem', notUtf8],
    ['garbage.der', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256))],
    ['huge.pem', Buffer.alloc(10 * MiB, 'A')],
  ].map(([name, bytes]) => {
    writeFileSync(join(dir, name), bytes);
    return { name, path: join(dir, name) };
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const found = [];
  for (const file of files) {
    await p.forget();
    const before = problems(p.rec).length;
    const m = await measure(p.page, async () => {
      await p.el('key-import-file').setInputFiles(file.path);
      await p.el('key-error').or(p.el('key-thumbprint')).first().waitFor({ timeout: 10_000 });
    });
    const error = await p.maybe('key-error');
    rows.push({ state: 'default', field: 'key-import-file', payload: file.name, answerMs: m.answerMs, longestTask: m.longestTask, outcome: error?.slice(0, 120) ?? 'imported?' });
    if (!error?.trim()) found.push(`${file.name}: no key-error`);
    if (await p.el('key-thumbprint').count()) found.push(`${file.name}: a key was imported`);
    if (m.longestTask > LONG_TASK_BUDGET) found.push(`${file.name}: longest main-thread task ${m.longestTask} ms`);
    found.push(...problems(p.rec).slice(before).map((line) => `${file.name}: ${line.slice(0, 300)}`));
  }
  await stillWorks(p, 'key-import', '');
  assert.deepEqual(found, []);
});
