// Accessibility checks: axe-core on the page as it is, and what keyboard users need (every
// control reachable with Tab, a visible focus indicator on each).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Injects axe-core. page.addScriptTag({content}) adds an inline <script>, which the page's
 * Content-Security-Policy (script-src 'self') rightly refuses, and that refusal is itself a
 * console error; so the source is evaluated through the DevTools protocol instead, which a
 * page's CSP does not govern. Nothing of the page is relaxed for the check.
 */
export async function injectAxe(page) {
  if (await page.evaluate(() => typeof window.axe === 'object')) return;
  await page.evaluate(`${AXE_SOURCE}\n;0`);
}

/** Runs axe on the whole document; resolves the violations, each with its nodes' selectors. */
export async function axeViolations(page) {
  await injectAxe(page);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary?.split('\n').slice(0, 3).join(' ') })),
    }));
  });
}

export const SERIOUS = new Set(['serious', 'critical']);

/** One readable line per violation node. */
export function describeViolations(violations) {
  return violations.flatMap((v) => v.nodes.map((n) => `[${v.impact}] ${v.id}: ${v.help} — ${n.target} (${v.helpUrl})${n.summary ? ` — ${n.summary}` : ''}`));
}

/**
 * Marks every visible, enabled interactive control with data-a11y-id and records how it looks
 * unfocused (outline, box-shadow, border and background, of itself and, for a visually hidden
 * control such as a file input inside its label, of the element that draws it).
 * @returns [{id, testid, tag, label}]
 */
export async function markControls(page) {
  return page.evaluate(() => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
    const looks = (el) => {
      const s = getComputedStyle(el);
      return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.outlineOffset, s.boxShadow, s.borderColor, s.backgroundColor, s.textDecorationLine].join('|');
    };
    const hidden = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width <= 2 || r.height <= 2 || s.opacity === '0' || s.clipPath !== 'none' || s.clip !== 'auto';
    };
    // What draws the focus of a visually hidden control: its label's visible part.
    const drawer = (el) => (hidden(el) ? (el.closest('label')?.querySelector(':scope > span') ?? el.closest('label') ?? el) : el);
    window.__a11y = { looks, drawer }; // for focusedLook()
    window.__a11yLooks = new Map();
    const out = [];
    let n = 0;
    for (const el of document.querySelectorAll(selector)) {
      if (el.disabled || el.closest('[inert]')) continue;
      const box = el.getBoundingClientRect();
      const shown = el.offsetParent !== null || getComputedStyle(el).position === 'fixed';
      if (!shown || (box.width === 0 && box.height === 0 && !hidden(el))) continue;
      if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
      if (el.tagName === 'SUMMARY' && el.parentElement.closest('details:not([open])')) continue;
      const id = String(n++);
      el.dataset.a11yId = id;
      window.__a11yLooks.set(id, looks(drawer(el)));
      out.push({ id, testid: el.dataset.testid, tag: el.tagName.toLowerCase(), label: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40) });
    }
    return out;
  });
}

/** The focused element now: its a11y id, and whether it looks different from unfocused (after markControls). */
export async function focusedLook(page) {
  return page.evaluate(() => {
    if (!window.__a11y) throw new Error('focusedLook: call markControls first');
    const { looks, drawer: drawerOf } = window.__a11y;
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const drawer = drawerOf(el);
    const now = looks(drawer);
    const s = getComputedStyle(drawer);
    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    const before = window.__a11yLooks?.get(el.dataset.a11yId);
    return {
      id: el.dataset.a11yId,
      testid: el.dataset.testid,
      tag: el.tagName.toLowerCase(),
      label: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40),
      visible: ring && now !== before,
      look: now,
      before,
    };
  });
}

/** Horizontal overflow of the page itself (WCAG 1.4.10 reflow): how many CSS pixels too wide. */
export async function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
