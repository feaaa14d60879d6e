// A loopback API of the tests (a "resource server", RFC 6750 / RFC 9449 §7) that accepts the access
// tokens of an authorization server of the tests (authorization-server/) as a real API would:
//
//   const api = await startResourceServer({ as });          // as: startAuthorizationServer({ dpop: true })
//   api.url                                                  // http://127.0.0.1:<port>/api/orders
//   curl -H 'Authorization: DPoP <token>' -H 'DPoP: <proof>' api.url
//   api.requests.at(-1)  // { method, path, scheme, proof, status, error, description, ... }
//
// Authorization: Bearer <token>: accepted when the token is one `as` issued and is not
// sender-constrained; a DPoP-bound token sent as Bearer is refused (RFC 9449 §7.1).
// Authorization: DPoP <token> with one DPoP header: the proof is checked with node `jose`
// (RFC 9449 §4.3): typ dpop+jwt, an asymmetric alg the page offers, a public jwk without private
// members, the signature by that jwk, htm = the method, htu = this URL (query and fragment
// ignored), iat within `iatWindow` seconds, ath = base64url(SHA-256(token)), a jti not seen before
// (a replay is refused), the nonce when `requireNonce` (401 use_dpop_nonce + DPoP-Nonce), and the
// jwk's RFC 7638 thumbprint = the token's cnf.jkt. The token's binding comes from the authorization
// server itself: a JWT access token verified with its JWKS (cnf in the claims), an opaque one from
// its store (as.tokenRecord).
// Refusals are 401 with WWW-Authenticate naming the error (invalid_token, invalid_dpop_proof,
// use_dpop_nonce) and a description. CORS: any loopback origin (the page's), with
// Authorization and DPoP allowed and DPoP-Nonce / WWW-Authenticate exposed (exposeHeaders: false
// leaves them unexposed, as many APIs do, so a page cannot read the nonce).
import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, EmbeddedJWK, jwtVerify } from 'jose';
import { DPOP_ALGS } from '../authorization-server/authorization-server.mjs';

const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/;
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

/** base64url(SHA-256(token)): the `ath` of a proof for this token (RFC 9449 §4.2). */
export const athOf = (token) => createHash('sha256').update(token, 'ascii').digest('base64url');

class Refusal extends Error {
  constructor(error, description, { status = 401, nonce } = {}) {
    super(description);
    this.error = error;
    this.status = status;
    this.nonce = nonce;
  }
}

/**
 * Starts the API on 127.0.0.1 with a random port.
 * @param {object} options
 * @param options.as the authorization server whose tokens it accepts
 * @param {string} [options.path='/api/orders'] the path of `url` (any path is served the same way)
 * @param {boolean} [options.requireNonce=false] DPoP proofs must carry this server's nonce
 * @param {boolean} [options.exposeHeaders=true] expose DPoP-Nonce and WWW-Authenticate to pages
 * @param {number} [options.iatWindow=60] seconds a proof's iat may be off
 * @param {boolean} [options.rotateOnSuccess=false] every accepted request gets a new nonce in its
 *   200 answer's DPoP-Nonce (RFC 9449 §8.2: any answer may carry the next nonce)
 */
export async function startResourceServer({
  as, path = '/api/orders', requireNonce = false, exposeHeaders = true, iatWindow = 60, rotateOnSuccess = false,
} = {}) {
  if (!as) throw new Error('startResourceServer: as (the authorization server) is required');
  const asKeys = createLocalJWKSet(as.jwks);
  const seen = new Set(); // jkt + jti of every proof accepted or refused after its signature checked
  let nonce = randomBytes(16).toString('base64url');
  const requests = [];

  /** What `as` says the token is bound to: { jkt, x5t, sub, clientId }, or a refusal. */
  async function binding(token) {
    if (token.split('.').length === 3) {
      try {
        const { payload } = await jwtVerify(token, asKeys, { issuer: as.issuer, typ: 'at+jwt' });
        return { jkt: payload.cnf?.jkt, x5t: payload.cnf?.['x5t#S256'], sub: payload.sub, clientId: payload.client_id, format: 'jwt' };
      } catch (cause) {
        throw new Refusal('invalid_token', `the access token is not valid: ${cause.message}`);
      }
    }
    const record = await as.tokenRecord(token);
    if (!record) throw new Refusal('invalid_token', 'the access token is unknown, expired or revoked');
    return { jkt: record.jkt, x5t: record['x5t#S256'], sub: record.accountId, clientId: record.clientId, format: 'opaque' };
  }

  /** Checks a DPoP proof for this request (RFC 9449 §4.3, §7.1); returns { header, claims, jkt }. */
  async function checkProof(proof, { method, url, token }) {
    let header;
    try { header = decodeProtectedHeader(proof); } catch (cause) {
      throw new Refusal('invalid_dpop_proof', `the DPoP proof is not a JWS: ${cause.message}`);
    }
    const privateMembers = PRIVATE_JWK_MEMBERS.filter((m) => header.jwk && m in header.jwk);
    if (privateMembers.length) throw new Refusal('invalid_dpop_proof', `the proof's jwk has private members: ${privateMembers.join(' ')}`);
    let claims;
    try {
      ({ payload: claims } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: DPOP_ALGS }));
    } catch (cause) {
      throw new Refusal('invalid_dpop_proof', `the DPoP proof does not verify: ${cause.message}`);
    }
    const jkt = await calculateJwkThumbprint(header.jwk, 'sha256');
    for (const name of ['jti', 'htm', 'htu', 'iat']) {
      if (claims[name] === undefined) throw new Refusal('invalid_dpop_proof', `the proof has no ${name}`);
    }
    const replayKey = `${jkt} ${claims.jti}`;
    if (seen.has(replayKey)) throw new Refusal('invalid_dpop_proof', `the proof's jti ${claims.jti} was used before (replay)`);
    seen.add(replayKey);
    if (claims.htm !== method) throw new Refusal('invalid_dpop_proof', `htm ${claims.htm} is not the request's method ${method}`);
    const bare = (u) => { const x = new URL(u); x.search = ''; x.hash = ''; return x.href; };
    if (!URL.canParse(claims.htu) || bare(claims.htu) !== bare(url)) {
      throw new Refusal('invalid_dpop_proof', `htu ${claims.htu} is not this URL ${bare(url)}`);
    }
    const skew = Math.floor(Date.now() / 1000) - claims.iat;
    if (Math.abs(skew) > iatWindow) throw new Refusal('invalid_dpop_proof', `iat is ${skew} s off`);
    if (claims.ath !== athOf(token)) {
      throw new Refusal('invalid_dpop_proof', claims.ath === undefined ? 'the proof has no ath' : 'ath is not the hash of the access token');
    }
    if (requireNonce && claims.nonce !== nonce) {
      throw new Refusal('use_dpop_nonce', claims.nonce === undefined ? 'a DPoP nonce is required' : 'the DPoP nonce is not the current one', { nonce });
    }
    return { header, claims, jkt };
  }

  async function serve(req, entry) {
    const url = `${origin}${req.url}`;
    const authorization = req.headers.authorization ?? '';
    const [scheme, token, ...rest] = authorization.split(' ');
    entry.scheme = scheme;
    if (!scheme || !token || rest.length) throw new Refusal('invalid_request', 'an Authorization header "Bearer <token>" or "DPoP <token>" is required');
    const proofs = req.headersDistinct.dpop ?? [];
    entry.proof = proofs[0];
    if (/^bearer$/i.test(scheme)) {
      const bound = await binding(token);
      if (bound.jkt) throw new Refusal('invalid_token', 'this access token is DPoP-bound: send it as Authorization: DPoP with a proof');
      return { ok: true, scheme: 'Bearer', sub: bound.sub, client_id: bound.clientId };
    }
    if (!/^dpop$/i.test(scheme)) throw new Refusal('invalid_request', `unknown authorization scheme ${scheme}`);
    if (proofs.length !== 1) throw new Refusal('invalid_dpop_proof', proofs.length ? 'more than one DPoP header' : 'no DPoP header');
    const bound = await binding(token);
    const proof = await checkProof(proofs[0], { method: req.method, url, token });
    entry.claims = proof.claims;
    entry.jkt = proof.jkt;
    if (!bound.jkt) throw new Refusal('invalid_token', 'this access token is not DPoP-bound');
    if (bound.jkt !== proof.jkt) throw new Refusal('invalid_token', `the proof's key (jkt ${proof.jkt}) is not the token's (cnf.jkt ${bound.jkt})`);
    return { ok: true, scheme: 'DPoP', sub: bound.sub, client_id: bound.clientId, jkt: bound.jkt };
  }

  const server = createServer(async (req, res) => {
    const reqOrigin = req.headers.origin;
    if (reqOrigin && LOOPBACK_ORIGIN.test(reqOrigin)) {
      res.setHeader('Access-Control-Allow-Origin', reqOrigin);
      res.setHeader('Vary', 'Origin');
      if (exposeHeaders) res.setHeader('Access-Control-Expose-Headers', 'DPoP-Nonce, WWW-Authenticate');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
      res.setHeader('Access-Control-Allow-Headers', 'authorization, dpop, content-type');
      res.setHeader('Access-Control-Max-Age', '600');
      res.writeHead(204).end();
      return;
    }
    for await (const chunk of req) void chunk; // drain any body
    const entry = { method: req.method, path: req.url, origin: reqOrigin, authorization: req.headers.authorization, time: Date.now() };
    requests.push(entry);
    try {
      const body = await serve(req, entry);
      entry.status = 200;
      const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
      if (rotateOnSuccess) {
        nonce = randomBytes(16).toString('base64url');
        headers['dpop-nonce'] = nonce;
        entry.issuedNonce = nonce;
      }
      res.writeHead(200, headers).end(JSON.stringify(body));
    } catch (err) {
      if (!(err instanceof Refusal)) {
        entry.status = 500;
        entry.error = 'server_error';
        entry.description = err.message;
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'server_error' }));
        return;
      }
      Object.assign(entry, { status: err.status, error: err.error, description: err.message });
      const scheme = entry.scheme && /^bearer$/i.test(entry.scheme) && err.error !== 'invalid_token' ? 'Bearer' : 'DPoP';
      const challenge = `${scheme} error="${err.error}", error_description="${err.message.replace(/["\\]/g, "'")}"`
        + (scheme === 'DPoP' ? `, algs="${DPOP_ALGS.join(' ')}"` : '');
      const headers = { 'content-type': 'application/json', 'www-authenticate': challenge };
      if (err.nonce) {
        headers['dpop-nonce'] = err.nonce;
        entry.issuedNonce = err.nonce;
      }
      res.writeHead(err.status, headers).end(JSON.stringify({ error: err.error, error_description: err.message }));
    }
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;

  return {
    origin,
    url: origin + path,
    /**
     * Every request but preflights, oldest first: { method, path, origin, authorization, scheme,
     * proof, claims, jkt, status, error, description, issuedNonce (the DPoP-Nonce answered), time }.
     */
    requests,
    /** The nonce proofs must carry (requireNonce). */
    get nonce() { return nonce; },
    /** A new nonce: proofs with the old one get use_dpop_nonce. */
    rotateNonce() { nonce = randomBytes(16).toString('base64url'); return nonce; },
    async close() {
      server.closeAllConnections();
      await new Promise((ok) => server.close(() => ok()));
    },
  };
}
