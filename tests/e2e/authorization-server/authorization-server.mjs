// A real OAuth 2.0 authorization server for end-to-end tests, built on oidc-provider 9.
// It listens on http://127.0.0.1:<random port>; the page (fetch) and bash + curl talk to it over HTTP.
//
//   const as = await startAuthorizationServer({ cors: true });
//   await as.addClient({ client_id: 'demo', jwks: publicJwks });        // after the page made a key
//   curl -d grant_type=client_credentials -d client_assertion=… as.tokenEndpoint
//   const rt = await as.mintRefreshToken('demo');                        // for the refresh grant
//   as.errors.at(-1)  // { endpoint, error, description, detail }: why the last request failed
//   await as.close();
//
//   const as = await startAuthorizationServer({ userFlows: true, requirePkce: true, requirePar: true });
//   await as.addClient({ client_id: 'web', jwks, redirect_uris: [callbackUrl] }); // code + device flows
//   as.authorizationEndpoint, as.parEndpoint, as.deviceAuthorizationEndpoint, as.userinfoEndpoint
//   as.requestsTo('token').at(-1)  // { params: { grant_type, code, … }, status, body, error, time }
//   lib/interactions.mjs answers its login and consent pages (a browser page, or fetch from node)
//
// Client authentication: private_key_jwt (RS/PS/ES 256/384/512, EdDSA, Ed25519), client_secret_basic,
// client_secret_post, none. Grants: client_credentials, refresh_token, token exchange (RFC 8693) and
// the JWT-bearer grant (RFC 7523 §2.1). Introspection (RFC 7662), revocation (RFC 7009), open dynamic
// registration (RFC 7591), discovery at /.well-known/openid-configuration and
// /.well-known/oauth-authorization-server.
//
// Accepted `aud` of a client assertion (oidc-provider's rule, confirmed by
// authorization-server.test.mjs next to this file): the issuer, the token endpoint URL, or the URL
// of the endpoint being called; a list passes when one member is accepted. So at the token
// endpoint: issuer or token URL; at introspection: issuer, token URL or introspection URL; at
// revocation: issuer, token URL or revocation URL. Issuer or token URL therefore work everywhere.
// Every client assertion needs a fresh `jti`, whatever the endpoint.
//
// JWT-bearer grant: iss = client_id, aud = issuer or token endpoint URL, exp required, jti optional but
// single-use. The request may carry client authentication (any method) or none at all, as Google and
// Salesforce requests do; then the client named by iss must be registered with
// token_endpoint_auth_method "none" (see nameAssertionClient). Its errors are invalid_grant.
//
// User flows (option userFlows: true; off by default, so discovery then lists only the grants above):
// the authorization code flow (response_type=code) with oidc-provider's own login and consent pages
// (devInteractions: any login, any password; "[ Cancel ]" on either page is access_denied), PKCE
// S256 (required for every client with requirePkce, else only for public clients, oidc-provider's
// rule), PAR (RFC 9126; requirePar makes it mandatory and says so in discovery), request objects
// (RFC 9101: `request` by value and inside PAR, verified with the client's registered JWKS;
// requireSignedRequestObject makes them mandatory), the device authorization grant (RFC 8628),
// userinfo, the claims parameter, `iss` in every authorization response (RFC 9207), ID tokens
// signed RS256 with the server's key (as.jwks) carrying the request's nonce, refresh tokens when
// scope has offline_access and prompt has consent (seed 003: oidc-provider drops offline_access
// otherwise). A client registered with redirect_uris gets response_type code and every grant; one
// without keeps the machine-to-machine grants only. Access tokens of the code and device flows
// are opaque (no resource requested: they are for userinfo); one asked for with resource= follows
// that resource's format. as.requests records what each request carried and how it ended.
//
// Access token formats: tokens for `as.resource` (the default when no `resource` is sent) follow the
// `accessTokenFormat` option, JWT (typ at+jwt, RS256) by default, for every grant; tokens for
// `as.opaqueResource` are always opaque. oidc-provider refuses to introspect or revoke JWT access
// tokens (400 unsupported_token_type), so introspection and revocation tests use opaque tokens:
// refresh tokens, or access tokens requested with resource=as.opaqueResource.
//
// Sender-constrained tokens (off by default; each is an option):
//   dpop: true — DPoP (RFC 9449) with server nonces required on every proof (token endpoint, PAR,
//     userinfo): a proof without a valid nonce gets 400 use_dpop_nonce (401 with
//     WWW-Authenticate at userinfo) and a DPoP-Nonce header, CORS-exposed at the token, PAR and
//     userinfo endpoints (oidc-provider exposes it at none of device authorization,
//     introspection, revocation, which do not take proofs). Proof algorithms: the page's six
//     (DPOP_ALGS). A client registered with dpop_bound_access_tokens: true must send a proof; with a
//     proof, access tokens are token_type DPoP with cnf.jkt (in the JWT's claims, or in the store
//     and introspection for opaque ones). oidc-provider turns DPoP on by default with no nonces
//     and three algorithms; without this option that stays so.
//   fapi: true — oidc-provider's FAPI 2.0 profile (client assertion aud must be the issuer string,
//     PKCE required), with userFlows, PAR required and PKCE required; clients added default to
//     dpop_bound_access_tokens (sender-constraining) unless they ask for certificate binding.
//   mtls: true — RFC 8705: tls_client_auth and self_signed_tls_client_auth, and
//     certificate-bound access tokens (cnf.x5t#S256), served by a second, TLS server of the tests
//     (as.mtlsOrigin, https://127.0.0.1:<port>, its own self-signed server certificate in
//     as.mtlsCaFile for curl's CURL_CA_BUNDLE) that asks every client for a certificate and hands
//     the peer certificate to oidc-provider. Discovery lists the TLS endpoints as
//     mtls_endpoint_aliases. tls_client_auth trusts exactly the certificates the test declared
//     with as.trustClientCertificate(pem) (as a CA's would be) and compares
//     tls_client_auth_subject_dn with the certificate's subject; self_signed_tls_client_auth
//     matches the certificate against the x5c of the client's registered jwks.
import { createServer, IncomingMessage } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLocalJWKSet, decodeJwt, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { DEVICE_CODE, JWT_BEARER, TOKEN_EXCHANGE, TOKEN_TYPE } from '../lib/oauth.mjs';

export const CLIENT_AUTH_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512',
  'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
/** DPoP proof algorithms accepted with the dpop option: the page's dpop-alg values. */
export const DPOP_ALGS = ['ES256', 'ES384', 'ES512', 'PS256', 'RS256', 'EdDSA'];
/** The endpoints the TLS server of the mtls option serves, by their discovery names. */
const MTLS_ALIASES = {
  token_endpoint: 'token',
  pushed_authorization_request_endpoint: 'pushed_authorization_request',
  device_authorization_endpoint: 'device_authorization',
  userinfo_endpoint: 'userinfo',
  introspection_endpoint: 'introspection',
  revocation_endpoint: 'revocation',
};

const ROUTES = {
  authorization: '/auth',
  pushed_authorization_request: '/request',
  device_authorization: '/device/auth',
  code_verification: '/device',
  userinfo: '/me',
  token: '/token',
  introspection: '/token/introspect',
  revocation: '/token/revoke',
  registration: '/register',
  jwks: '/jwks',
};
const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/;
const CLOCK_TOLERANCE = 15; // seconds, oidc-provider's default, used by the JWT-bearer grant too
const DEBUG = !!process.env.DEBUG;
export { DEVICE_CODE };
const M2M_GRANTS = ['client_credentials', 'refresh_token', TOKEN_EXCHANGE, JWT_BEARER];
/** Grants of a client registered with redirect_uris on a server with userFlows. */
const USER_GRANTS = ['authorization_code', DEVICE_CODE, ...M2M_GRANTS];
/** The oidc-provider warnings that say a development-only default is in use: expected here. */
const EXPECTED_WARNINGS = /oidc-provider WARNING: (Unsupported runtime|a quick start development-only feature devInteractions)/;
const debug = (...args) => { if (DEBUG) console.error('[authorization-server]', ...args); };

// oidc-provider 9 wants Node 22+ and says so on import with a console.warn; it works on Node 20
// (the tests prove it). The notice is swallowed unless DEBUG is set; anything else still gets through.
let providerModule;
async function quietly(run) {
  const warn = console.warn;
  console.warn = (...args) => {
    if (DEBUG || !EXPECTED_WARNINGS.test(String(args[0]))) warn(...args);
  };
  try {
    return await run();
  } finally {
    console.warn = warn;
  }
}
async function loadProvider() {
  providerModule ??= await quietly(() => import('oidc-provider'));
  return providerModule;
}

// The device flow's pages (oidc-provider's own say "you MUST change it" on every use and load a
// web font from the internet): plain forms, the same field names and form ids.
const page = (title, body) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head>`
  + `<body><h1>${title}</h1>${body}</body></html>`;
async function userCodeInputSource(ctx, form, out, err) {
  const msg = err ? '<p class="error">The code you entered is incorrect or no longer valid. Try again.</p>'
    : '<p>Enter the code displayed on your device</p>';
  ctx.body = page('Sign-in', `${msg}${form}<button type="submit" form="op.deviceInputForm">Continue</button>`);
}
async function userCodeConfirmSource(ctx, form, client, deviceInfo, userCode) {
  const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  ctx.body = page('Confirm Device', `<p>${escape(client.clientId)}</p><p>The code on your device: <code>${userCode}</code></p>${form}`
    + '<button type="submit" form="op.deviceConfirmForm">Continue</button>'
    + '<button type="submit" form="op.deviceConfirmForm" value="yes" name="abort">[ Abort ]</button>');
}
async function deviceSuccessSource(ctx) {
  ctx.body = page('Sign-in Success', '<p>Your sign-in was successful, you can now close this page.</p>');
}

/**
 * In-memory storage for one server. Our own (rather than oidc-provider's quick-start adapter) so that
 * nothing is evicted (its LRU holds 1000 entries, replay records included), nothing warns, and
 * `addClient` can write clients that oidc-provider then finds by client_id.
 */
class MemoryAdapter {
  constructor(store, model) { this.store = store; this.model = model; }
  key(id) { return `${this.model}:${id}`; }
  async upsert(id, payload, expiresIn) {
    const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
    this.store.set(this.key(id), { payload, expiresAt });
  }
  async find(id) {
    const entry = this.store.get(this.key(id));
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) { this.store.delete(this.key(id)); return undefined; }
    return entry.payload;
  }
  async findByUid(uid) { return this.#findBy((p) => p.uid === uid); }
  async findByUserCode(code) { return this.#findBy((p) => p.userCode === code); }
  async consume(id) { const p = await this.find(id); if (p) p.consumed = Math.floor(Date.now() / 1000); }
  async destroy(id) { this.store.delete(this.key(id)); }
  async revokeByGrantId(grantId) {
    for (const [key, { payload }] of this.store) if (payload.grantId === grantId) this.store.delete(key);
  }
  #findBy(match) {
    for (const [key, { payload }] of this.store) {
      if (key.startsWith(`${this.model}:`) && match(payload)) return this.find(key.slice(this.model.length + 1));
    }
    return undefined;
  }
}

/**
 * Starts an authorization server on 127.0.0.1 with a random port.
 * @param {object} [options]
 * @param {boolean} [options.cors=true] true: browser calls from any loopback origin work, confidential
 *   clients included; false: no CORS headers at all, so a browser fetch fails (like Entra, Okta, Auth0)
 *   while curl works.
 * @param {object[]} [options.clients] client metadata to register at start (see addClient).
 * @param {string[]} [options.scopes] API scopes clients may request (default api:read api:write).
 * @param {'jwt'|'opaque'} [options.accessTokenFormat='jwt'] format of access tokens for `resource`.
 * @param {number} [options.accessTokenTTL=600] access token lifetime in seconds.
 * @param {boolean} [options.userFlows=false] the authorization code flow (login and consent pages,
 *   PKCE, PAR, request objects), the device flow and userinfo (see the top of this file).
 * @param {boolean} [options.requirePkce=false] with userFlows: every authorization request needs
 *   code_challenge (S256); otherwise only public clients need it.
 * @param {boolean} [options.requirePar=false] with userFlows: authorization requests only by PAR
 *   (discovery says require_pushed_authorization_requests: true).
 * @param {boolean} [options.requireSignedRequestObject=false] with userFlows: only signed request objects.
 * @param {boolean} [options.dpop=false] DPoP with nonces required (see the top of this file).
 * @param {boolean} [options.dpopNonce=true] with dpop: false accepts proofs without a nonce.
 * @param {boolean} [options.fapi=false] the FAPI 2.0 profile (implies userFlows, requirePar, requirePkce).
 * @param {boolean} [options.mtls=false] RFC 8705 behind a TLS server of the tests (as.mtlsOrigin).
 */
export async function startAuthorizationServer({
  cors = true,
  clients = [],
  scopes = ['api:read', 'api:write'],
  accessTokenFormat = 'jwt',
  accessTokenTTL = 600,
  userFlows = false,
  requirePkce = false,
  requirePar = false,
  requireSignedRequestObject = false,
  dpop = false,
  dpopNonce = true,
  fapi = false,
  mtls = false,
} = {}) {
  const { Provider, errors } = await loadProvider();
  if (fapi) { userFlows = true; requirePar = true; requirePkce = true; }

  const server = createServer();
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const tokenEndpoint = issuer + ROUTES.token;
  const resource = 'https://api.example.test';
  const opaqueResource = 'https://opaque-api.example.test';
  const store = new Map();

  // The server's own signing key, for JWT access tokens (and ID tokens, which no grant here issues).
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const signingJwk = { ...await exportJWK(privateKey), kid: 'as-1', alg: 'RS256', use: 'sig' };
  const publicJwk = { ...await exportJWK(publicKey), kid: 'as-1', alg: 'RS256', use: 'sig' };
  const ownKeys = createLocalJWKSet({ keys: [publicJwk] });

  const resourceServer = (identifier, format = identifier === opaqueResource ? 'opaque' : accessTokenFormat) => ({
    scope: scopes.join(' '),
    accessTokenTTL,
    accessTokenFormat: format,
    ...(format === 'jwt' ? { jwt: { sign: { alg: 'RS256' } } } : {}),
  });
  const tokenClaims = new WeakMap(); // extra claims (act) for tokens our own grants issue

  const configuration = {
    adapter: (model) => new MemoryAdapter(store, model),
    jwks: { keys: [signingJwk] },
    routes: ROUTES,
    scopes: ['openid', 'offline_access', ...scopes],
    clockTolerance: CLOCK_TOLERANCE,
    // Without userFlows no authorization endpoint flows: discovery then lists only our grants.
    responseTypes: userFlows ? ['code'] : [],
    clientAuthMethods: ['private_key_jwt', 'client_secret_basic', 'client_secret_post', 'none',
      ...(mtls ? ['tls_client_auth', 'self_signed_tls_client_auth'] : [])],
    enabledJWA: {
      clientAuthSigningAlgValues: CLIENT_AUTH_ALGS,
      requestObjectSigningAlgValues: CLIENT_AUTH_ALGS,
      ...(dpop ? { dPoPSigningAlgValues: DPOP_ALGS } : {}),
    },
    // A bare { client_id, jwks } is a private_key_jwt client allowed every grant served here.
    clientDefaults: {
      grant_types: M2M_GRANTS,
      response_types: [],
      token_endpoint_auth_method: 'private_key_jwt',
    },
    features: {
      // Login and consent pages only for the user flows.
      devInteractions: { enabled: userFlows },
      clientCredentials: { enabled: true },
      // Public clients may only introspect their own tokens, authenticated clients any token.
      introspection: {
        enabled: true,
        allowedPolicy: async (ctx, client, token) => client.clientAuthMethod !== 'none' || token.clientId === client.clientId,
      },
      revocation: { enabled: true, allowedPolicy: async (ctx, client, token) => token.clientId === client.clientId },
      registration: { enabled: true }, // open registration: POST client metadata, no initial token
      resourceIndicators: {
        enabled: true,
        // At the token endpoint (client_credentials) as.resource unless one was asked for; the
        // authorization and device requests get none, so their tokens are for userinfo.
        defaultResource: async (ctx, client, oneOf) => oneOf ?? (ctx.oidc.route === 'token' ? resource : undefined),
        useGrantedResource: async () => true,
        getResourceServerInfo: async (ctx, identifier) => {
          if (identifier !== resource && identifier !== opaqueResource) throw new errors.InvalidTarget();
          return resourceServer(identifier);
        },
      },
    },
    // oidc-provider's default refuses CORS for confidential clients; the page is a confidential
    // client running on a loopback origin, so allow exactly those origins when cors is on. With cors
    // off the request is served (as curl would be) and the CORS headers are stripped further down.
    // userinfo, PAR and device authorization are served to the page by the same rule.
    clientBasedCORS: (ctx, origin) => !cors || LOOPBACK_ORIGIN.test(origin),
    extraTokenClaims: async (ctx, token) => tokenClaims.get(token),
    findAccount: async (ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
    pkce: { required: (ctx, client) => requirePkce || client.clientAuthMethod === 'none' },
    cookies: { keys: [randomUUID()] },
    // Every TTL set explicitly: oidc-provider prints a notice whenever one of its defaults is used.
    ttl: {
      AccessToken: (ctx, token) => token.resourceServer?.accessTokenTTL ?? accessTokenTTL,
      ClientCredentials: (ctx, token) => token.resourceServer?.accessTokenTTL ?? accessTokenTTL,
      RefreshToken: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      AuthorizationCode: 60,
      BackchannelAuthenticationRequest: 600,
      DeviceCode: 600,
      IdToken: 3600,
      Interaction: 3600,
      PreAuthorizedCode: 600,
      Session: 3600,
    },
    // Errors stay JSON even when a browser asks for HTML.
    renderError: async (ctx, out) => { ctx.type = 'json'; ctx.body = out; },
  };
  if (dpop) {
    configuration.features.dPoP = { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => dpopNonce };
  }
  if (fapi) configuration.features.fapi = { enabled: true, profile: '2.0' };
  const tls = mtls ? await startTlsServer() : undefined;
  if (mtls) {
    configuration.features.mTLS = {
      enabled: true,
      certificateBoundAccessTokens: true,
      tlsClientAuth: true,
      selfSignedTlsClientAuth: true,
      getCertificate: (ctx) => peerCertificate(ctx.req.socket),
      // The TLS handshake proved the client holds the certificate's key; trusted are exactly the
      // certificates the test declared (as a CA's issued ones would be).
      certificateAuthorized: (ctx) => tls.trusted(peerCertificate(ctx.req.socket)),
      certificateSubjectMatches: (ctx, property, expected) => property === 'tls_client_auth_subject_dn'
        && sameDistinguishedName(peerCertificate(ctx.req.socket)?.subject, expected),
    };
  }
  if (userFlows) {
    Object.assign(configuration.features, {
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: requirePar },
      requestObjects: { enabled: true, requireSignedRequestObject },
      claimsParameter: { enabled: true },
      userinfo: { enabled: true },
      deviceFlow: { enabled: true, userCodeInputSource, userCodeConfirmSource, successSource: deviceSuccessSource },
    });
  }
  const provider = await quietly(() => new Provider(issuer, configuration));

  // --- issuing access tokens (our grants and the mint helpers) -------------------------------------

  /**
   * Saves a new access token for `audiences` (default: as.resource). Opaque when asked, or when one
   * of the audiences is the opaque resource; otherwise in the server's accessTokenFormat.
   */
  async function issueAccessToken({ client, accountId, scope, audiences = [], format, gty, claims }) {
    const [first = resource] = audiences;
    format ??= audiences.includes(opaqueResource) ? 'opaque' : accessTokenFormat;
    const at = new provider.AccessToken({ client, accountId, gty, scope: scope || undefined });
    at.resourceServer = new provider.ResourceServer(first, resourceServer(first, format));
    if (audiences.length > 1) at.aud = audiences; // RFC 8693 allows several; oidc-provider's setter one
    if (claims) tokenClaims.set(at, claims);
    return { value: await at.save(), token: at };
  }

  /** The requested scopes this client may have; others are dropped, as oidc-provider does. */
  const grantableScope = (requested, client) => {
    const allowed = new Set(client.scope ? client.scope.split(' ') : scopes);
    return (requested ?? '').split(' ').filter((s) => allowed.has(s)).join(' ');
  };

  // --- token exchange (RFC 8693) ---------------------------------------------------------------------

  /**
   * What a subject_token or actor_token stands for: { sub, clientId, scope, act }.
   * RFC 8693 §2.2.2: an invalid or unacceptable token is invalid_request.
   */
  async function readToken(value, type, name) {
    if (type === TOKEN_TYPE.access_token || type === TOKEN_TYPE.jwt) {
      if (value.split('.').length === 3) {
        try {
          const { payload } = await jwtVerify(value, ownKeys, { issuer, typ: 'at+jwt' });
          return { sub: payload.sub, clientId: payload.client_id, scope: payload.scope, act: payload.act };
        } catch (cause) {
          throw new errors.InvalidRequest(`${name} is not a valid access token issued here: ${cause.message}`);
        }
      }
      if (type === TOKEN_TYPE.access_token) {
        const found = await provider.AccessToken.find(value) ?? await provider.ClientCredentials.find(value);
        if (found) {
          return { sub: found.accountId ?? found.clientId, clientId: found.clientId, scope: found.scope, act: found.extra?.act };
        }
      }
    } else if (type === TOKEN_TYPE.refresh_token) {
      const found = await provider.RefreshToken.find(value);
      if (found?.isValid) return { sub: found.accountId, clientId: found.clientId, scope: found.scope };
    } else {
      throw new errors.InvalidRequest(`unsupported ${name}_type, use one of ${Object.values(TOKEN_TYPE).join(' ')}`);
    }
    throw new errors.InvalidRequest(`${name} is invalid, expired or revoked`);
  }

  const list = (value) => (value === undefined ? [] : [value].flat());

  async function tokenExchange(ctx) {
    const { params, client } = ctx.oidc;
    for (const name of ['subject_token', 'subject_token_type']) {
      if (!params[name]) throw new errors.InvalidRequest(`missing required parameter '${name}'`);
    }
    if (!!params.actor_token !== !!params.actor_token_type) {
      throw new errors.InvalidRequest('actor_token and actor_token_type must be sent together');
    }
    const requested = params.requested_token_type ?? TOKEN_TYPE.access_token;
    if (requested !== TOKEN_TYPE.access_token && requested !== TOKEN_TYPE.jwt) {
      throw new errors.InvalidRequest(`unsupported requested_token_type ${requested}`);
    }
    const resources = list(params.resource);
    for (const r of resources) {
      if (!URL.canParse(r) || r.includes('#')) {
        throw new errors.InvalidTarget('resource must be an absolute URI without a fragment');
      }
    }

    const subject = await readToken(params.subject_token, params.subject_token_type, 'subject_token');
    const actor = params.actor_token
      ? await readToken(params.actor_token, params.actor_token_type, 'actor_token')
      : undefined;

    // Down-scoping only: what the subject token carried, or less.
    const held = new Set((subject.scope ?? '').split(' ').filter(Boolean));
    const wanted = params.scope ? params.scope.split(' ') : [...held];
    const missing = wanted.filter((s) => !held.has(s));
    if (missing.length) throw new errors.InvalidScope('requested scope exceeds the subject_token\'s scope', missing.join(' '));

    const jwt = requested === TOKEN_TYPE.jwt;
    const { value, token } = await issueAccessToken({
      client,
      accountId: subject.sub,
      scope: wanted.join(' '),
      audiences: [...list(params.audience), ...resources], // every requested target ends up in aud
      format: jwt ? 'jwt' : undefined,
      gty: 'token-exchange',
      claims: actor ? { act: { sub: actor.sub, ...(actor.act ? { act: actor.act } : {}) } } : undefined,
    });
    ctx.body = {
      access_token: value,
      issued_token_type: requested,
      token_type: token.tokenType,
      expires_in: token.expiration,
      ...(token.scope ? { scope: token.scope } : {}),
    };
  }

  // --- JWT-bearer grant (RFC 7523 §2.1), as Google service accounts and Salesforce use it ------------

  // Errors of this grant are invalid_grant (RFC 7523 §3.1) with a description saying why.
  const invalidGrant = (description) => new errors.CustomOIDCProviderError('invalid_grant', description);

  async function jwtBearer(ctx) {
    const { params, client } = ctx.oidc;
    if (!params.assertion) throw new errors.InvalidRequest("missing required parameter 'assertion'");
    let claims;
    try {
      ({ payload: claims } = await jwtVerify(params.assertion, createLocalJWKSet(client.jwks ?? { keys: [] }), {
        issuer: client.clientId, // iss = client_id (Google: the service account, Salesforce: consumer key)
        audience: [issuer, tokenEndpoint],
        algorithms: CLIENT_AUTH_ALGS,
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_TOLERANCE,
      }));
    } catch (cause) {
      throw invalidGrant(`assertion rejected: ${cause.message}`);
    }
    // jti is optional here (Google sends none), but single-use when present.
    if (claims.jti !== undefined && !await provider.ReplayDetection.unique(claims.iss, claims.jti, claims.exp + CLOCK_TOLERANCE)) {
      throw invalidGrant('assertion rejected: jti already used');
    }
    const resources = list(params.resource);
    if (resources.length > 1) throw new errors.InvalidTarget('only one resource may be requested with this grant');
    const target = resources[0] ?? resource;
    if (target !== resource && target !== opaqueResource) throw new errors.InvalidTarget();

    // scope from the request (RFC 7523) or from the assertion's scope claim (Google).
    const { value, token } = await issueAccessToken({
      client,
      accountId: claims.sub ?? claims.iss, // Salesforce puts the user in sub
      scope: grantableScope(params.scope ?? claims.scope, client),
      audiences: [target],
      gty: 'jwt-bearer',
    });
    ctx.body = {
      access_token: value,
      token_type: token.tokenType,
      expires_in: token.expiration,
      ...(token.scope ? { scope: token.scope } : {}),
    };
  }

  provider.registerGrantType(TOKEN_EXCHANGE, tokenExchange, [
    'subject_token', 'subject_token_type', 'actor_token', 'actor_token_type',
    'requested_token_type', 'audience', 'resource', 'scope',
  ], ['audience', 'resource']);
  provider.registerGrantType(JWT_BEARER, jwtBearer, ['assertion', 'scope', 'resource'], ['resource']);

  // --- HTTP ----------------------------------------------------------------------------------------

  // Why requests failed: oidc-provider answers "client authentication failed" for every client
  // authentication problem and keeps the reason in error_detail, which only reaches event listeners.
  const errorLog = [];
  for (const [event, endpoint] of [['grant.error', 'token'], ['introspection.error', 'introspection'],
    ['revocation.error', 'revocation'], ['registration_create.error', 'registration'],
    ['discovery.error', 'discovery'], ['server_error', 'server'], ['authorization.error', 'authorization'],
    ['pushed_authorization_request.error', 'par'], ['userinfo.error', 'userinfo'],
    ['device_authorization.error', 'device_authorization'], ['code_verification.error', 'code_verification']]) {
    provider.on(event, (ctx, err) => {
      const entry = {
        endpoint,
        error: err.error ?? err.message,
        description: err.error_description,
        detail: err.error_detail ?? err.cause?.message,
      };
      errorLog.push(entry);
      debug('error', JSON.stringify(entry));
    });
  }

  // What every request carried and how it ended (the server's own record, for "nothing was sent"
  // and "the server saw this"): { method, path, route, status, origin, params, error }. params are
  // the parameters oidc-provider recognised for the route (a request object's and PAR's merged in).
  const requestLog = [];
  provider.use(async (ctx, next) => {
    const entry = { method: ctx.method, path: ctx.path, origin: ctx.get('Origin') || undefined, time: Date.now() };
    requestLog.push(entry);
    try {
      await next();
    } finally {
      entry.route = ctx.oidc?.route;
      entry.status = ctx.status;
      if (ctx.oidc?.params) entry.params = { ...ctx.oidc.params };
      if (ctx.body && typeof ctx.body === 'object' && !Buffer.isBuffer(ctx.body) && typeof ctx.body.pipe !== 'function') {
        try { entry.body = structuredClone(ctx.body); } catch { /* not plain data */ } // a JSON answer (tokens, request_uri, device_code, error)
        if (typeof ctx.body.error === 'string') entry.error = ctx.body.error;
      }
      if (ctx.status >= 300 && ctx.status < 400) entry.location = ctx.response.get('Location');
      if (ctx.get('DPoP')) entry.dpop = ctx.get('DPoP');
      if (ctx.get('Authorization')) entry.authorization = ctx.get('Authorization');
      if (ctx.response.get('DPoP-Nonce')) entry.dpopNonce = ctx.response.get('DPoP-Nonce');
      if (ctx.response.get('WWW-Authenticate')) entry.wwwAuthenticate = ctx.response.get('WWW-Authenticate');
      entry.tls = ctx.req.socket.encrypted === true;
      if (entry.tls) entry.clientCertificate = peerCertificate(ctx.req.socket)?.toString();
    }
    if (tls && ctx.oidc?.route === 'discovery' && ctx.status === 200 && ctx.body && typeof ctx.body === 'object') {
      // oidc-provider has no TLS endpoints of its own: the TLS server of the tests serves them (RFC 8705 §5).
      ctx.body.mtls_endpoint_aliases = Object.fromEntries(Object.entries(MTLS_ALIASES)
        .filter(([name]) => ctx.body[name])
        .map(([name, route]) => [name, tls.origin + ROUTES[route]]));
    }
    // The login and consent pages load a web font from the internet: not here.
    if (typeof ctx.body === 'string' && ctx.response.is('html')) {
      ctx.body = ctx.body.replace(/@import url\(https:\/\/fonts\.googleapis\.com[^)]*\);?/g, '');
    }
    if (!cors) {
      // Like most real token endpoints: no CORS headers whatsoever, so browsers refuse the response.
      for (const name of Object.keys(ctx.response.headers)) {
        if (name.toLowerCase().startsWith('access-control-')) ctx.remove(name);
      }
    } else if (ctx.path === ROUTES.registration && LOOPBACK_ORIGIN.test(ctx.get('Origin'))) {
      // oidc-provider sends no CORS headers from the registration endpoint; allow the page there too.
      ctx.set('Access-Control-Allow-Origin', ctx.get('Origin'));
      if (ctx.method === 'OPTIONS') {
        ctx.set('Access-Control-Allow-Methods', 'POST');
        ctx.set('Access-Control-Allow-Headers', ctx.get('Access-Control-Request-Headers') || 'content-type');
        ctx.status = 204;
      }
    }
    debug(ctx.method, ctx.path, ctx.status);
  });

  const handle = provider.callback();
  tls?.server.on('request', handle);
  server.on('request', (req, res) => {
    const unauthenticatedTokenRequest = req.method === 'POST'
      && req.url.split('?')[0] === ROUTES.token
      && !req.headers.authorization
      && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    if (!unauthenticatedTokenRequest) return handle(req, res);
    nameAssertionClient(req).then((replayed) => handle(replayed, res), (err) => {
      res.writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'invalid_request', error_description: err.message }));
    });
  });

  const harness = {
    issuer,
    tokenEndpoint,
    introspectionEndpoint: issuer + ROUTES.introspection,
    revocationEndpoint: issuer + ROUTES.revocation,
    registrationEndpoint: issuer + ROUTES.registration,
    jwksUri: issuer + ROUTES.jwks,
    authorizationEndpoint: issuer + ROUTES.authorization,
    parEndpoint: issuer + ROUTES.pushed_authorization_request,
    userinfoEndpoint: issuer + ROUTES.userinfo,
    deviceAuthorizationEndpoint: issuer + ROUTES.device_authorization,
    verificationUri: issuer + ROUTES.code_verification,
    /**
     * Every request, oldest first: { method, path, route, status, origin, time, params, body (a JSON
     * answer), error, location (of a redirect) }.
     */
    requests: requestLog,
    /** Requests that reached `route` (oidc-provider's route names: token, authorization, …). */
    requestsTo(route) { return requestLog.filter((r) => r.route === route); },
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    /** Default resource (RFC 8707) and `aud` of access tokens; format per accessTokenFormat. */
    resource,
    /** A resource whose access tokens are always opaque (introspectable, revocable). */
    opaqueResource,
    scopes,
    /** The provider's public signing JWKS (what jwksUri serves). */
    jwks: { keys: [publicJwk] },
    /** Why requests failed, oldest first: { endpoint, error, description, detail }. */
    errors: errorLog,
    /**
     * Signs `claims` with the server's own key (kid as-1, RS256), as its ID tokens are signed: for
     * tests that hand the page a token the server could have issued (e.g. with another nonce).
     */
    sign(claims, header = {}) {
      return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'as-1', ...header }).sign(privateKey);
    },
    /** The oidc-provider instance, for anything the helpers do not cover. */
    provider,

    /** mtls: the TLS server's origin, its endpoints (as discovery's mtls_endpoint_aliases) and its CA file for curl. */
    mtlsOrigin: tls?.origin,
    mtlsTokenEndpoint: tls && tls.origin + ROUTES.token,
    mtlsEndpoints: tls && Object.fromEntries(Object.entries(MTLS_ALIASES).map(([name, route]) => [name, tls.origin + ROUTES[route]])),
    mtlsCaFile: tls?.caFile,
    /** mtls: the TLS server's own certificate (PEM). */
    mtlsServerCertificate: tls?.certificatePem,
    /**
     * mtls: makes the TLS handshake accept `pem` as verified (a trust anchor, as a CA would be),
     * for tls_client_auth. Connections opened afterwards see it.
     */
    trustClientCertificate(pem) { tls.trust(pem); },

    /**
     * What the provider itself holds for an opaque access token: { jkt, 'x5t#S256', clientId,
     * accountId, tokenType } from its store, or undefined when it does not know it (JWT access
     * tokens are not stored: their cnf is in the claims).
     */
    async tokenRecord(value) {
      const found = await provider.AccessToken.find(value) ?? await provider.ClientCredentials.find(value);
      if (!found) return undefined;
      return {
        jkt: found.jkt, 'x5t#S256': found['x5t#S256'], clientId: found.clientId, accountId: found.accountId, tokenType: found.tokenType,
      };
    },

    /**
     * Registers (or replaces) a client; works any time after start. Metadata is RFC 7591: e.g.
     * { client_id, jwks } (private_key_jwt, all grants), { client_id, client_secret,
     * token_endpoint_auth_method: 'client_secret_post' }, { client_id, token_endpoint_auth_method: 'none' }.
     * Optional `scope` limits the API scopes the client may ask for. Invalid metadata throws
     * oidc-provider's invalid_client_metadata error. client_id defaults to a random one.
     * @returns {Promise<object>} the metadata as stored
     */
    async addClient(metadata) {
      // With userFlows, a client with redirect_uris may use every flow here, code and device included.
      const user = userFlows && metadata.redirect_uris?.length ? { grant_types: USER_GRANTS, response_types: ['code'] } : {};
      // FAPI 2.0 §5.3.2.1: sender-constrained access tokens; DPoP unless certificate binding is asked for.
      if (fapi && !metadata.tls_client_certificate_bound_access_tokens) user.dpop_bound_access_tokens = true;
      // (a device-only client: grant_types with DEVICE_CODE and no redirect_uris)
      const stored = structuredClone({ client_id: `client-${randomUUID()}`, ...user, ...metadata });
      try {
        await provider.Client.validate(stored);
      } catch (err) {
        throw new Error(`${err.message}: ${err.error_description}`, { cause: err });
      }
      await provider.Client.adapter.upsert(stored.client_id, stored);
      return stored;
    },
    async removeClient(clientId) {
      await provider.Client.adapter.destroy(clientId);
    },

    /**
     * A real refresh token in the provider's storage, as if `accountId` had authorized `clientId`
     * (clients cannot get refresh tokens from client_credentials). The refresh grant then returns
     * access tokens for `resource` (default as.resource).
     */
    async mintRefreshToken(clientId, { accountId = 'alice', scope = scopes.join(' '), resource: target = resource } = {}) {
      const client = await findClient(clientId);
      const grant = new provider.Grant({ clientId, accountId });
      grant.addResourceScope(target, scope);
      const grantId = await grant.save();
      const rt = new provider.RefreshToken({
        client, accountId, grantId, gty: 'authorization_code', scope, resource: target, rotations: 0,
      });
      return rt.save();
    },

    /**
     * A real access token for `accountId` (a user) issued to `clientId`, e.g. as a token exchange
     * subject_token. `format` defaults to the format of `resource`.
     */
    async mintAccessToken(clientId, {
      accountId = 'alice', scope = scopes.join(' '), resource: target = resource, format,
    } = {}) {
      const client = await findClient(clientId);
      return (await issueAccessToken({ client, accountId, scope, audiences: [target], format, gty: 'authorization_code' })).value;
    },

    async close() {
      server.closeAllConnections();
      await new Promise((ok) => server.close(() => ok()));
      await tls?.close();
    },
  };

  async function findClient(clientId) {
    const client = await provider.Client.find(clientId);
    if (!client) throw new Error(`no client ${clientId}: addClient it first`);
    return client;
  }

  for (const client of clients) await harness.addClient(client);
  debug('listening at', issuer);
  return harness;
}

// --- the TLS server of the mtls option ----------------------------------------------------------------

const run = promisify(execFile);

/**
 * An https server on 127.0.0.1 (random port) with a fresh self-signed server certificate for
 * 127.0.0.1 (written to caFile, for curl), asking every client for a certificate but accepting
 * connections without one or with an unverified one: oidc-provider decides (getCertificate,
 * certificateAuthorized). The caller attaches the request handler.
 */
async function startTlsServer() {
  const dir = await mkdtemp(join(tmpdir(), 'pkjwt-mtls-'));
  const keyFile = join(dir, 'server.key');
  const caFile = join(dir, 'server.pem');
  await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', keyFile, '-out', caFile, '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-addext', 'basicConstraints=critical,CA:FALSE']);
  const [key, cert] = await Promise.all([readFile(keyFile), readFile(caFile, 'utf8')]);
  const server = createTlsServer({ key, cert, requestCert: true, rejectUnauthorized: false });
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const trusted = new Set();
  return {
    server,
    origin: `https://127.0.0.1:${server.address().port}`,
    caFile,
    certificatePem: cert,
    trust(pem) { trusted.add(new X509Certificate(pem).fingerprint256); },
    trusted: (certificate) => !!certificate && trusted.has(certificate.fingerprint256),
    async close() {
      server.closeAllConnections();
      await new Promise((ok) => server.close(() => ok()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const peerCertificates = new WeakMap();
/** The client certificate the TLS peer presented (an X509Certificate), or undefined. */
function peerCertificate(socket) {
  if (typeof socket?.getPeerCertificate !== 'function') return undefined;
  if (!peerCertificates.has(socket)) {
    const raw = socket.getPeerCertificate(false)?.raw;
    peerCertificates.set(socket, raw ? new X509Certificate(raw) : undefined);
  }
  return peerCertificates.get(socket);
}

/**
 * Does node's subject of a certificate (one "TYPE=value" a line, most significant first) name the
 * same attributes as `expected`, an RFC 4514 string (least significant first, comma-separated,
 * backslash escapes)? Compared as attribute lists, types case-insensitively.
 */
export function sameDistinguishedName(subject, expected) {
  if (typeof subject !== 'string' || typeof expected !== 'string') return false;
  const unescape = (v) => v.replace(/\\([0-9a-fA-F]{2}|.)/g, (m, c) => (c.length === 2 ? String.fromCharCode(parseInt(c, 16)) : c));
  const parts = expected.split(/(?<!\\),/).map((rdn) => {
    const at = rdn.indexOf('=');
    return `${rdn.slice(0, at).trim().toUpperCase()}=${unescape(rdn.slice(at + 1))}`;
  }).reverse();
  const seen = subject.split('\n').map((line) => {
    const at = line.indexOf('=');
    return `${line.slice(0, at).toUpperCase()}=${line.slice(at + 1)}`;
  });
  return parts.length === seen.length && parts.every((part, i) => part === seen[i]);
}

/**
 * Google and Salesforce service accounts send only grant_type + assertion: no client_id and no client
 * authentication, the assertion's `iss` names the client. oidc-provider must know the client before
 * any grant runs, so for exactly that request shape this adds client_id=<iss> to the body; the client
 * then has to be registered with token_endpoint_auth_method "none". Any other request is replayed as
 * it came.
 */
async function nameAssertionClient(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('request body too large');
    chunks.push(chunk);
  }
  let body = Buffer.concat(chunks);
  const form = new URLSearchParams(body.toString('utf8'));
  const namesClient = ['client_id', 'client_assertion', 'client_secret'].some((name) => form.has(name));
  if (form.get('grant_type') === JWT_BEARER && !namesClient) {
    let iss;
    try { ({ iss } = decodeJwt(form.get('assertion') ?? '')); } catch { /* the grant reports it */ }
    if (typeof iss === 'string') body = Buffer.concat([body, Buffer.from(`&client_id=${encodeURIComponent(iss)}`)]);
  }
  // A fresh request object carrying the (possibly extended) body, for oidc-provider to read as usual.
  const replayed = new IncomingMessage(req.socket);
  replayed.method = req.method;
  replayed.url = req.url;
  replayed.httpVersion = req.httpVersion;
  replayed.httpVersionMajor = req.httpVersionMajor;
  replayed.httpVersionMinor = req.httpVersionMinor;
  replayed.headers = { ...req.headers, 'content-length': String(body.length) };
  replayed.complete = true; // otherwise destroying it after the body is read would close the socket
  replayed.push(body);
  replayed.push(null);
  return replayed;
}
