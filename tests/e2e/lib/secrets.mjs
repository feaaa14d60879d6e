// Keeps every private value a test file has seen and every page it opened, so the file can
// end by proving that no request (url, headers, body) and no console message carried any of it.
import { foreignRequests } from './browser.mjs';
import { PRIVATE_MEMBERS, pemBody } from './verify.mjs';

const SLICE = 40;

export class Secrets {
  constructor() {
    /** @type {{label: string, value: string}[]} whole values */
    this.values = [];
    /** PKCS#8 bodies, each checked by every 40-character slice */
    this.bodies = [];
    /** [{rec, origin}] */
    this.pages = [];
  }

  /** Remembers the private members of a JWK and the body of a PKCS#8 PEM. */
  addKey(label, { privateJwk, privatePem }) {
    for (const member of PRIVATE_MEMBERS) {
      if (privateJwk?.[member]) this.values.push({ label: `${label} ${member}`, value: privateJwk[member] });
    }
    if (privatePem) {
      const body = pemBody(privatePem);
      this.values.push({ label: `${label} PKCS#8 body`, value: body });
      this.bodies.push({ label: `${label} PKCS#8 body`, body });
    }
  }

  /** Generates a `kind` key in `panel` (a KeyPanel; `options` as for its generate()) and remembers it. */
  async generated(panel, kind, options) {
    await panel.generate(kind, options);
    const key = await panel.key();
    this.addKey(`${kind} ${this.keyCount}`, key);
    return key;
  }

  /** Remembers another private encoding of a key (PKCS#1, SEC1, encrypted PKCS#8 …) by its body. */
  addPem(label, pem) {
    const body = pemBody(pem);
    this.values.push({ label, value: body });
    this.bodies.push({ label, body });
  }

  /** Tracks a page (a newPage() record) served from `origin`. */
  track(rec, origin) {
    this.pages.push({ rec, origin });
    return rec;
  }

  get keyCount() {
    return this.bodies.length;
  }

  /** Where `text` (also URL-decoded) contains a secret: a list of labels. */
  find(text) {
    if (!text) return [];
    let decoded = text;
    try { decoded = decodeURIComponent(text.replace(/\+/g, ' ')); } catch { /* keep raw */ }
    const haystacks = [text, decoded];
    const has = (needle) => haystacks.some((h) => h.includes(needle));
    const hits = [];
    for (const { label, value } of this.values) if (has(value)) hits.push(label);
    for (const { label, body } of this.bodies) {
      for (let i = 0; i + SLICE <= body.length; i++) {
        if (has(body.slice(i, i + SLICE))) { hits.push(`${label} (40-char slice at ${i})`); break; }
      }
    }
    return hits;
  }

  /** Every request and console message that contains a secret, and every request to another origin. */
  async leaks() {
    const found = [];
    let requests = 0;
    for (const { rec, origin } of this.pages) {
      await rec.settled();
      for (const r of rec.requests) {
        requests++;
        const text = [r.url, ...Object.entries(r.headers ?? {}).map(([k, v]) => `${k}: ${v}`), r.postData ?? ''].join('\n');
        for (const hit of this.find(text)) found.push(`request ${r.method} ${r.url} carries ${hit}`);
        if (r.method !== 'GET' || r.postData) found.push(`request ${r.method} ${r.url} sends a body`);
      }
      for (const r of foreignRequests(rec.requests, origin)) found.push(`request to another origin: ${r.url}`);
      for (const m of rec.consoleMessages) {
        for (const hit of this.find(m.text)) found.push(`console.${m.type} carries ${hit}`);
      }
    }
    return { found, requests, pages: this.pages.length, keys: this.keyCount };
  }
}
