// DPoP (RFC 9449) on the tests' side, with node `jose` only (independent of the page's code):
// making proofs for the server-level tests, and checking every proof a page emitted.
//
//   const key = await dpopKey('ES256');                       // { alg, privateKey, jwk, jkt }
//   const proof = await makeProof(key, { htm: 'POST', htu: as.tokenEndpoint, nonce });
//   const { header, claims, jkt } = await checkProof(proof, { htm: 'POST', htu: as.tokenEndpoint });
//   nonceAsk(res)                                             // the DPoP-Nonce a 400/401 use_dpop_nonce asked for
import { createHash, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';

export const PROOF_ALGS = ['ES256', 'ES384', 'ES512', 'PS256', 'RS256', 'EdDSA'];
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

/** base64url(SHA-256(access token)), a proof's `ath` (RFC 9449 §4.2). */
export const ath = (token) => createHash('sha256').update(token, 'ascii').digest('base64url');

/** A DPoP key pair for `alg`: { alg, privateKey, jwk (public), jkt (RFC 7638 SHA-256) }. */
export async function dpopKey(alg = 'ES256') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
  const jwk = await exportJWK(publicKey);
  return { alg, privateKey, jwk, jkt: await calculateJwkThumbprint(jwk, 'sha256') };
}

/** A signed proof (typ dpop+jwt, the public jwk in the header) with a fresh jti unless given. */
export function makeProof(key, { htm, htu, nonce, accessToken, jti = randomUUID(), iat = Math.floor(Date.now() / 1000), extra = {} }) {
  const claims = { jti, htm, htu, iat, ...extra };
  if (nonce !== undefined) claims.nonce = nonce;
  if (accessToken !== undefined) claims.ath = ath(accessToken);
  return new SignJWT(claims).setProtectedHeader({ typ: 'dpop+jwt', alg: key.alg, jwk: key.jwk }).sign(key.privateKey);
}

/**
 * Verifies `proof` with jose against the jwk it carries and checks it was made for the request:
 * typ, an asymmetric alg, no private jwk members, jti/iat present, htm, htu (= the URL without
 * query and fragment, and itself without either), ath when `accessToken` is given (and none
 * otherwise), nonce when given. Throws an Error naming what is wrong.
 * @returns {{header, claims, jkt}}
 */
export async function checkProof(proof, { htm, htu, accessToken, nonce, iatWindow = 120 } = {}) {
  const header = decodeProtectedHeader(proof);
  const leaked = PRIVATE_JWK_MEMBERS.filter((m) => header.jwk && m in header.jwk);
  if (leaked.length) throw new Error(`proof jwk has private members ${leaked.join(' ')}`);
  const { payload: claims } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: PROOF_ALGS });
  if (typeof claims.jti !== 'string' || !claims.jti) throw new Error('proof has no jti');
  if (typeof claims.iat !== 'number') throw new Error('proof has no iat');
  if (Math.abs(Math.floor(Date.now() / 1000) - claims.iat) > iatWindow) throw new Error(`proof iat ${claims.iat} is off`);
  if (htm !== undefined && claims.htm !== htm) throw new Error(`proof htm ${claims.htm}, request ${htm}`);
  if (htu !== undefined) {
    const bare = new URL(htu);
    bare.search = '';
    bare.hash = '';
    if (claims.htu !== bare.href) throw new Error(`proof htu ${claims.htu}, request ${bare.href}`);
  }
  if (accessToken !== undefined && claims.ath !== ath(accessToken)) throw new Error(`proof ath ${claims.ath}, token's ${ath(accessToken)}`);
  if (accessToken === undefined && htm !== undefined && claims.ath !== undefined) throw new Error('proof has an ath but the request carries no access token');
  if (nonce !== undefined && claims.nonce !== nonce) throw new Error(`proof nonce ${claims.nonce}, expected ${nonce}`);
  return { header, claims, jkt: await calculateJwkThumbprint(header.jwk, 'sha256') };
}

/** The nonce a response asks for (400 use_dpop_nonce / 401 WWW-Authenticate use_dpop_nonce), or undefined. */
export function nonceAsk({ status, headers, body }) {
  const get = (name) => (typeof headers?.get === 'function' ? headers.get(name) : headers?.[name.toLowerCase()]);
  const asked = (status === 400 && body?.error === 'use_dpop_nonce')
    || (status === 401 && /error="use_dpop_nonce"/.test(get('www-authenticate') ?? ''));
  return asked ? get('dpop-nonce') ?? undefined : undefined;
}

/**
 * The DPoP proofs an authorization server of the tests received (its own record, as.requests),
 * as { method, url, proof, authorization, status, error, time, issuedNonce } — issuedNonce: the
 * DPoP-Nonce its answer carried.
 */
export function proofsAtServer(as) {
  return as.requests.filter((r) => r.dpop).map((r) => ({
    method: r.method,
    url: `${r.tls ? as.mtlsOrigin : as.issuer}${r.path}`,
    proof: r.dpop,
    authorization: r.authorization,
    status: r.status,
    error: r.error,
    time: r.time,
    issuedNonce: r.dpopNonce,
  }));
}

/** The DPoP proofs the resource server of the tests received, in the same shape. */
export function proofsAtApi(api) {
  return api.requests.filter((r) => r.proof).map((r) => ({
    method: r.method, url: `${api.origin}${r.path}`, proof: r.proof, authorization: r.authorization, status: r.status, error: r.error, time: r.time,
  }));
}

/**
 * Checks every proof with jose against the request it came with (checkProof: signature by its
 * jwk, typ, htm, htu, ath = the hash of the `Authorization: DPoP` token when there is one), that
 * no jti repeats (replays sent on purpose are listed in `replays`), that a proof's nonce is one
 * the same server issued (`nonces`: every nonce a server answered with), and, when `jkt` is
 * given, that every proof is signed by that key. Returns the decoded proofs.
 */
export async function checkAllProofs(list, { jkt, nonces, replays = new Set() } = {}) {
  const seen = new Map();
  const out = [];
  for (const entry of list) {
    const token = /^DPoP (.+)$/i.exec(entry.authorization ?? '')?.[1];
    let checked;
    try {
      checked = await checkProof(entry.proof, { htm: entry.method, htu: entry.url, accessToken: token });
    } catch (err) {
      throw new Error(`${entry.method} ${entry.url}: ${err.message}`);
    }
    if (jkt !== undefined && checked.jkt !== jkt) throw new Error(`${entry.method} ${entry.url}: proof key ${checked.jkt}, not the page's ${jkt}`);
    if (checked.claims.nonce !== undefined && nonces && !nonces.has(checked.claims.nonce)) {
      throw new Error(`${entry.method} ${entry.url}: nonce ${checked.claims.nonce} was never issued`);
    }
    const { jti } = checked.claims;
    if (seen.has(jti) && !replays.has(entry.proof)) throw new Error(`jti ${jti} used twice: ${seen.get(jti)} and ${entry.method} ${entry.url}`);
    seen.set(jti, `${entry.method} ${entry.url}`);
    out.push({ ...entry, ...checked });
  }
  return out;
}
