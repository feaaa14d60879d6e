// The key set and the JWKS URL check of the key panel, driven through their data-testid hooks:
// key-add, key-set (one child per key, data-kid, aria-current="true" on the current one),
// key-set-use and key-set-remove inside each child; jwks-url, jwks-check, jwks-check-result,
// and when the fetch fails jwks-check-paste, jwks-check-paste-apply and jwks-check-curl.
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** The keys the page holds, in the page's order: [{kid, current}]. */
export async function keySet(panel) {
  if (!(await panel.el('key-set').count())) return [];
  return panel.el('key-set').evaluate((list) => [...list.querySelectorAll('[data-kid]')]
    .filter((el) => !el.parentElement.closest('[data-kid]') || !list.contains(el.parentElement.closest('[data-kid]')))
    .map((el) => ({ kid: el.getAttribute('data-kid'), current: el.getAttribute('aria-current') === 'true' })));
}

/** The current key's kid according to key-set. */
export async function currentKid(panel) {
  return (await keySet(panel)).find((k) => k.current)?.kid;
}

/** Waits until key-set satisfies `ok(set)`; throws with key-error's text or the last set. */
export async function keySetWhere(panel, ok, what, timeout = 60_000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await keySet(panel);
    if (ok(last)) return last;
    if (await panel.el('key-error').count() && await panel.el('key-error').isVisible()) {
      throw new Error(`${what}: key-error says ${await panel.text('key-error')}`);
    }
    await sleep(50);
  }
  throw new Error(`${what}: not within ${timeout} ms; key-set: ${JSON.stringify(last)}`);
}

/** key-add with `kind` chosen in key-alg; resolves the new key's kid (the current key stays). */
export async function addKey(panel, kind) {
  const before = await keySet(panel);
  const current = before.find((k) => k.current)?.kid;
  await panel.el('key-alg').selectOption(kind);
  await panel.reveal('key-add');
  await panel.el('key-add').click();
  const after = await keySetWhere(panel, (set) => set.length === Math.max(before.length, 1) + 1, `key-add ${kind}`);
  const added = after.find((k) => !before.some((b) => b.kid === k.kid) && k.kid !== current);
  if (!added) throw new Error(`key-add ${kind}: no new kid in ${JSON.stringify(after)}`);
  return added.kid;
}

/** The key-set child of `kid`. */
export const member = (panel, kid) => panel.el('key-set').locator(`[data-kid="${kid.replace(/["\\]/g, '\\$&')}"]`);

/** key-set-use on `kid`'s child; waits until it is the current one and the page shows it. */
export async function useKey(panel, kid) {
  await member(panel, kid).getByTestId('key-set-use').click();
  await keySetWhere(panel, (set) => set.find((k) => k.kid === kid)?.current, `key-set-use ${kid}`, 10_000);
  await panel.page.waitForFunction((k) => document.querySelector('[data-testid="key-kid"]')?.value === k, kid, { timeout: 10_000 });
}

/** key-set-remove on `kid`'s child; waits until it is gone. */
export async function removeKey(panel, kid) {
  await member(panel, kid).getByTestId('key-set-remove').click();
  await keySetWhere(panel, (set) => !set.some((k) => k.kid === kid), `key-set-remove ${kid}`, 10_000);
}

/**
 * Types `url` into jwks-url and presses jwks-check. Resolves {result} once jwks-check-result
 * shows an answer, or {failed: true, text} when the fetch failed and the paste path appeared.
 * An answer is a text other than the one before, or with `served()` (the test's server says it
 * answered this check) the text shown half a second after that.
 */
export async function checkJwksUrl(panel, url, { timeout = 15_000, served } = {}) {
  await panel.reveal('jwks-url');
  const before = await resultText(panel);
  await panel.el('jwks-url').fill(url);
  await panel.el('jwks-check').click();
  const end = Date.now() + timeout;
  let servedAt;
  while (Date.now() < end) {
    await sleep(50);
    if (served && !servedAt && served()) servedAt = Date.now();
    if (await panel.el('jwks-check-paste').count() && await panel.el('jwks-check-paste').isVisible()) {
      return { failed: true, text: await resultText(panel) };
    }
    const now = await resultText(panel);
    if (now !== undefined && now.trim() && (now !== before || (servedAt && Date.now() - servedAt > 500))) return { result: now };
  }
  throw new Error(`jwks-check of ${url}: no result within ${timeout} ms (jwks-check-result: ${await resultText(panel)})`);
}

/** Pastes `text` into jwks-check-paste, applies it, and resolves jwks-check-result's text. */
export async function checkPasted(panel, text) {
  const before = await resultText(panel);
  await panel.el('jwks-check-paste').fill(text);
  await panel.el('jwks-check-paste-apply').click();
  await panel.page.waitForFunction((b) => {
    const t = document.querySelector('[data-testid="jwks-check-result"]')?.textContent;
    return t && t !== b;
  }, before, { timeout: 10_000 });
  return resultText(panel);
}

async function resultText(panel) {
  return (await panel.el('jwks-check-result').count()) ? panel.text('jwks-check-result') : undefined;
}

/** Removes every key but the current one (key-set-remove), so a test starts from one key. */
export async function onlyCurrent(panel) {
  for (const k of await keySet(panel)) if (!k.current) await removeKey(panel, k.kid);
}
