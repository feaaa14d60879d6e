// A ledger of everything private a test has seen, and a fast search for any of it in a text.
//
// Two kinds of needles:
//   private material: every private JWK member (d p q dp dq qi) of every key, as base64url,
//     standard base64 and hex (both cases), and every private key body (PKCS#8, PKCS#1, SEC1)
//     as base64 and base64url; each is found by any 40-character slice, so a truncated or
//     re-wrapped copy counts too. Slices that also occur in the key's public artefacts (a PKCS#8
//     body embeds the public key, and the SPKI can share base64 runs with it) are left out, so
//     a public key in a request is never reported as a leak.
//   secrets and tokens: client secrets, access/refresh/subject tokens, signed assertions. Found
//     whole, or by any 40-character slice when longer.
//
// find(text) looks at the text as it is, URL-decoded, JSON-unescaped and without whitespace
// (a PEM body broken into lines, a value escaped in a form body), with one pass of a
// 40-character window over each: linear in the text, so megabytes are fine.
import { PRIVATE_MEMBERS, pemBody } from './verify.mjs';

export const SLICE = 40;

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const b64 = (buf) => Buffer.from(buf).toString('base64');

/** Every 40-character window of `text` (the whole text when shorter). */
function* windows(text) {
  if (text.length <= SLICE) {
    yield text;
    return;
  }
  for (let i = 0; i + SLICE <= text.length; i++) yield text.slice(i, i + SLICE);
}

/** The ways a value can appear in a request, a URL, a storage entry or a console line. */
export function variants(text) {
  const out = new Set([text]);
  const lenient = text.replace(/\+/g, ' ').replace(/%[0-9a-f]{2}/gi, (m) => {
    try { return decodeURIComponent(m); } catch { return m; }
  });
  let decoded = lenient;
  try { decoded = decodeURIComponent(text.replace(/\+/g, ' ')); } catch { /* lenient form */ }
  for (const t of [decoded, lenient]) out.add(t);
  for (const t of [...out]) {
    out.add(t.replace(/\\\//g, '/').replace(/\\[nrt]/g, ''));
    out.add(t.replace(/\\[nrt]|\s+/g, ''));
  }
  return [...out];
}

class Needles {
  constructor() {
    /** window → label */
    this.slices = new Map();
    /** values shorter than a window: [value, label] */
    this.short = [];
    this.labels = new Set();
  }

  add(label, value, { exclude } = {}) {
    if (!value) return;
    this.labels.add(label);
    if (value.length < SLICE) {
      this.short.push([value, label]);
      return;
    }
    for (const w of windows(value)) {
      if (exclude?.has(w)) continue;
      if (!this.slices.has(w)) this.slices.set(w, label);
    }
  }

  find(text) {
    if (!text) return [];
    const hits = new Set();
    for (const t of variants(String(text))) {
      for (const [value, label] of this.short) if (t.includes(value)) hits.add(label);
      if (t.length < SLICE) continue;
      for (let i = 0; i + SLICE <= t.length; i++) {
        const label = this.slices.get(t.slice(i, i + SLICE));
        if (label) hits.add(label);
      }
    }
    return [...hits];
  }
}

/** The forms of a base64url member: base64url, standard base64, hex lower and upper. */
function memberForms(value) {
  const bytes = Buffer.from(value, 'base64url');
  const hex = bytes.toString('hex');
  return [value, b64(bytes), hex, hex.toUpperCase()];
}

/** Every window of a key's public artefacts (SPKI, certificate, public JWK members) in every form. */
function publicWindows(key) {
  const texts = [];
  for (const pem of [key.publicPem, key.certificatePem]) {
    if (!pem) continue;
    const body = pemBody(pem);
    texts.push(body, b64url(Buffer.from(body, 'base64')));
  }
  for (const jwk of [key.publicJwk, ...(key.publicJwks?.keys ?? [])]) {
    for (const [member, value] of Object.entries(jwk ?? {})) {
      if (member === 'x5c') texts.push(...value);
      else if (typeof value === 'string' && !PRIVATE_MEMBERS.includes(member) && value.length >= SLICE) texts.push(...memberForms(value));
    }
  }
  const out = new Set();
  for (const text of texts) for (const w of windows(text)) out.add(w);
  return out;
}

export class Ledger {
  constructor() {
    this.private = new Needles();
    this.tokens = new Needles();
    this.keys = 0;
  }

  /**
   * Remembers a key as the page showed it (KeyPanel.key()): its private members in every form
   * and its PKCS#8 body, minus whatever its public artefacts also contain.
   */
  addKey(label, key) {
    const exclude = publicWindows(key);
    for (const member of PRIVATE_MEMBERS) {
      const value = key.privateJwk?.[member];
      if (!value) continue;
      for (const form of memberForms(value)) this.private.add(`${label} ${member}`, form, { exclude });
    }
    if (key.privatePem) this.addPem(`${label} PKCS#8`, key.privatePem, key);
    this.keys++;
  }

  /**
   * Remembers another private encoding (PKCS#1, SEC1, …) by its body, base64 and base64url;
   * `key` (KeyPanel.key()) is the key it encodes, whose public artefacts are left out.
   */
  addPem(label, pem, key) {
    const exclude = key ? publicWindows(key) : undefined;
    const body = pemBody(pem);
    this.private.add(`${label} body`, body, { exclude });
    this.private.add(`${label} body (base64url)`, b64url(Buffer.from(body, 'base64')), { exclude });
  }

  /** Remembers a client secret, token or signed assertion. */
  addToken(label, value) {
    if (value) this.tokens.add(label, String(value));
  }

  /** Labels of the private material in `text`. */
  findPrivate(text) {
    return this.private.find(text);
  }

  /** Labels of the secrets and tokens in `text`. */
  findTokens(text) {
    return this.tokens.find(text);
  }

  get sizes() {
    return { keys: this.keys, privateSlices: this.private.slices.size, tokenLabels: this.tokens.labels.size };
  }
}
