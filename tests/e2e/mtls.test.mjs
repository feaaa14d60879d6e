// mTLS client authentication (RFC 8705) as commands: a page cannot attach a client certificate
// to fetch, so Send is disabled with a reason and the curl carries --cert/--key naming the
// page's two downloads. Against oidc-provider behind the TLS server of the tests
// (startAuthorizationServer({ mtls: true }): it asks every client for a certificate; discovery
// lists mtls_endpoint_aliases): the certificate and key are downloaded with the mTLS card's
// buttons, the page's curl runs with bash in that folder (CURL_CA_BUNDLE = the test server's CA;
// the command is as the page wrote it) and gets a token from the TLS endpoint; its
// cnf.x5t#S256 equals the SHA-256 of the certificate computed by openssl. self_signed_tls_client_auth
// (the certificate registered in the jwks' x5c) and tls_client_auth (the client registered by the
// page's own RFC 7591 command, with tls_client_auth_subject_dn and
// tls_client_certificate_bound_access_tokens; the test trusts the certificate as a CA would have issued it).
// With mTLS client authentication PAR cannot go from the page: it sends nothing and says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID, X509Certificate, createPublicKey } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { sameDistinguishedName } from './authorization-server/authorization-server.mjs';
import { bash, curlArgs, shellQuote } from './lib/curl.mjs';
import { DpopPage } from './lib/dpop-page.mjs';
import { fixture } from './lib/fixture.mjs';

const fx = fixture({ page: DpopPage, clipboard: true, authorizationServers: { as: { mtls: true, userFlows: true } } });
const show = (...args) => { if (process.env.REPORT) console.error('[mtls]', ...args); };

/** The value after `option` in curl's argv. */
const optionValue = (argv, option) => { const i = argv.indexOf(option); return i < 0 ? undefined : argv[i + 1]; };

/** Runs the page's command with bash in `dir`, with the test server's CA for curl; returns {status, body, text}. */
async function runIn(dir, command) {
  const { stdout, stderr, code } = await bash(`curl() { command curl --silent --show-error --write-out '\\n%{http_code}' "$@"; }\n`
    + `cd ${shellQuote(dir)}\nexport CURL_CA_BUNDLE=${shellQuote(fx.as.mtlsCaFile)}\n${command}`);
  if (code !== 0) throw new Error(`bash exited ${code}: ${stderr}\n${command}`);
  const cut = stdout.lastIndexOf('\n');
  const text = stdout.slice(0, cut);
  let body = text;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: Number(stdout.slice(cut + 1)), body, text };
}

/** x5t#S256 of a PEM file by openssl: base64url(SHA-256(DER)). */
async function opensslX5t(file) {
  const { stdout, code, stderr } = await bash(`openssl x509 -in ${shellQuote(file)} -outform DER | openssl dgst -sha256 -binary | openssl base64 -A | tr '+/' '-_' | tr -d '='`);
  assert.equal(code, 0, stderr);
  return stdout.trim();
}

/** A page with an EC key and a self-signed certificate, discovery done, client_credentials with `auth`. */
async function setup(t, auth) {
  const p = await fx.open(t);
  await p.keyFor('ES256');
  const cert = await p.makeCertificate({ cn: 'pkjwt-mtls-client', days: 1 });
  const key = await p.key();
  await p.setIssuer(fx.as.issuer);
  const outcome = await p.discover();
  assert.equal(outcome.error, undefined, `discovery-error: ${outcome.error}`);
  await p.el('grant-type').selectOption('client_credentials');
  await p.el('client-auth').selectOption(auth);
  await p.settle();
  const dir = await mkdtemp(join(tmpdir(), 'pkjwt-mtls-downloads-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return { p, key, cert, dir };
}

/** The curl on screen for the client, parsed: {argv, url, form, headers, certName, keyName}. */
async function mtlsCurl(p, clientId) {
  await p.page.waitForFunction((id) => document.querySelector('[data-testid="curl"]')?.textContent.includes(id), clientId, { timeout: 10_000 });
  const command = await p.text('curl');
  const args = await curlArgs(command);
  return { command, ...args, certName: optionValue(args.argv, '--cert'), keyName: optionValue(args.argv, '--key') };
}

test('self_signed_tls_client_auth: Send disabled with a reason; curl --cert/--key with the downloads gets a token from the TLS endpoint, cnf.x5t#S256 = openssl\'s hash', async (t) => {
  const { p, key, cert, dir } = await setup(t, 'self_signed_tls_client_auth');
  assert.ok(key.publicJwk.x5c?.length, 'the public JWK carries the certificate (x5c)');
  const clientId = `mtls-self-${randomUUID()}`;
  await fx.as.addClient({ client_id: clientId, token_endpoint_auth_method: 'self_signed_tls_client_auth', jwks: key.publicJwks, tls_client_certificate_bound_access_tokens: true });
  await p.set('client-id', clientId);
  await p.settle();

  // Send cannot do mTLS: disabled, and the page says why.
  await p.reveal('request-send');
  assert.equal(await p.el('request-send').isDisabled(), true, 'request-send is disabled for mTLS');
  // The reason, next to the button (request-send-mtls), in the page's language: it names mTLS/TLS.
  await p.el('request-send-mtls').waitFor({ state: 'visible', timeout: 5_000 });
  const why = (await p.text('request-send-mtls')).trim();
  assert.match(why, /\bm?TLS\b/, `the page says why Send cannot do it: ${why}`);
  show('request-send-mtls:', why);

  // The curl: the TLS alias from discovery, only client_id (no assertion), --cert/--key.
  const curl = await mtlsCurl(p, clientId);
  assert.equal(curl.url, fx.as.mtlsTokenEndpoint, 'the curl goes to mtls_endpoint_aliases.token_endpoint');
  const form = Object.fromEntries(curl.form);
  assert.equal(form.client_id, clientId);
  assert.equal(form.client_assertion, undefined, 'no client assertion');
  assert.equal(form.client_secret, undefined);
  assert.ok(curl.certName && curl.keyName, `--cert and --key in ${curl.command}`);

  const files = await p.downloadMtlsFiles(dir);
  assert.equal(files.certName, curl.certName, 'the curl names the certificate download');
  assert.equal(files.keyName, curl.keyName, 'the curl names the key download');
  assert.equal(files.certPem.trim(), cert.pem.trim(), 'the certificate download is key-certificate-pem');
  assert.match(files.keyPem, /-----BEGIN PRIVATE KEY-----/, 'the key download is PKCS#8');
  // The downloaded key is the certificate's key (node crypto).
  const certKey = new X509Certificate(files.certPem).publicKey.export({ format: 'jwk' });
  const fileKey = createPublicKey(files.keyPem).export({ format: 'jwk' });
  assert.deepEqual({ x: fileKey.x, y: fileKey.y }, { x: certKey.x, y: certKey.y });

  // The PowerShell names the same two files and presents the certificate (no pwsh here to run it).
  const powershell = await p.powershell();
  assert.ok(powershell.includes(files.certName) && powershell.includes(files.keyName), 'curl-powershell names both downloads');
  assert.match(powershell, /-Certificate \$/, 'and passes -Certificate');
  assert.ok(powershell.includes(fx.as.mtlsTokenEndpoint), 'to the TLS endpoint');

  const ran = await runIn(dir, curl.command);
  assert.equal(ran.status, 200, `curl: ${ran.text}`);
  show('token answer', { ...ran.body, access_token: '…' });
  const x5t = await opensslX5t(files.certFile);
  assert.equal(decodeJwt(ran.body.access_token).cnf['x5t#S256'], x5t, 'the token is bound to the certificate');
  assert.equal(cert.x5tS256.trim(), x5t, 'key-x5t-s256 shows the same hash');
  const record = fx.as.requestsTo('token').at(-1);
  assert.equal(record.tls, true, 'it came over TLS');
  assert.equal(new X509Certificate(record.clientCertificate).fingerprint256, new X509Certificate(files.certPem).fingerprint256, 'presenting the downloaded certificate');
});

test('tls_client_auth: the page\'s RFC 7591 command registers tls_client_auth_subject_dn; the curl with the downloads gets a token', async (t) => {
  const { p, cert, dir } = await setup(t, 'tls_client_auth');
  // The page's registration command, run with bash against the open registration endpoint.
  await p.reveal('register-dcr-curl');
  const registration = await p.text('register-dcr-curl');
  const body = JSON.parse((await curlArgs(registration)).raw.at(-1));
  show('registration body', body);
  assert.equal(body.token_endpoint_auth_method, 'tls_client_auth');
  const subject = new X509Certificate(cert.pem).subject;
  assert.ok(sameDistinguishedName(subject, body.tls_client_auth_subject_dn), `tls_client_auth_subject_dn ${body.tls_client_auth_subject_dn} names ${subject}`);
  const registered = await bash(registration);
  assert.equal(registered.code, 0, registered.stderr);
  const client = JSON.parse(registered.stdout);
  assert.ok(client.client_id, `registered: ${registered.stdout}`);
  assert.equal(client.token_endpoint_auth_method, 'tls_client_auth');
  fx.as.trustClientCertificate(cert.pem); // as if a CA the server trusts had issued it
  await p.set('client-id', client.client_id);

  const curl = await mtlsCurl(p, client.client_id);
  assert.equal(curl.url, fx.as.mtlsTokenEndpoint);
  const files = await p.downloadMtlsFiles(dir);
  assert.deepEqual([files.certName, files.keyName], [curl.certName, curl.keyName]);
  const ran = await runIn(dir, curl.command);
  assert.equal(ran.status, 200, `curl: ${ran.text}; server: ${JSON.stringify(fx.as.errors.at(-1))}`);
  // RFC 8705 §3.4: the registration asks for certificate-bound tokens, so the token is bound.
  assert.equal(body.tls_client_certificate_bound_access_tokens, true, 'the registration asks for bound tokens');
  assert.equal(decodeJwt(ran.body.access_token).cnf['x5t#S256'], await opensslX5t(files.certFile), 'bound to the downloaded certificate');
});

test('self_signed_tls_client_auth registered by the page\'s RFC 7591 command (the certificate in jwks x5c): the curl gets a bound token', async (t) => {
  const { p, cert, dir } = await setup(t, 'self_signed_tls_client_auth');
  await p.reveal('register-dcr-curl');
  const registration = await p.text('register-dcr-curl');
  const body = JSON.parse((await curlArgs(registration)).raw.at(-1));
  assert.equal(body.token_endpoint_auth_method, 'self_signed_tls_client_auth');
  const der = new X509Certificate(cert.pem).raw.toString('base64');
  assert.ok(body.jwks.keys.some((k) => k.x5c?.[0] === der), 'the jwks carries the certificate');
  assert.equal(body.tls_client_certificate_bound_access_tokens, true);
  const registered = await bash(registration);
  const client = JSON.parse(registered.stdout);
  assert.ok(client.client_id, `registered: ${registered.stdout} ${registered.stderr}`);
  await p.set('client-id', client.client_id);
  const curl = await mtlsCurl(p, client.client_id);
  await p.downloadMtlsFiles(dir);
  const ran = await runIn(dir, curl.command);
  assert.equal(ran.status, 200, `curl: ${ran.text}; server: ${JSON.stringify(fx.as.errors.at(-1))}`);
  assert.equal(decodeJwt(ran.body.access_token).cnf['x5t#S256'], await opensslX5t(join(dir, curl.certName)));
});

test('PAR with mTLS client authentication: the page sends nothing and says why (a page cannot present a certificate)', async (t) => {
  const { p } = await setup(t, 'self_signed_tls_client_auth');
  await p.chooseGrant('authorization_code');
  await p.el('client-auth').selectOption('self_signed_tls_client_auth');
  await p.set('client-id', `mtls-par-${randomUUID()}`);
  await p.reveal('authorize-mode');
  await p.el('authorize-mode').selectOption('par');
  const mark = fx.as.requests.length;
  const browserMark = p.rec.requests.length;
  const before = await p.status();
  await p.reveal('authorize-start');
  await p.el('authorize-start').click();
  const status = await p.statusChange(before);
  show('authorize-status:', status);
  assert.match(status, /\bm?TLS\b/, `authorize-status says why: ${status}`);
  await p.rec.settled();
  assert.deepEqual(fx.as.requests.slice(mark).map((r) => r.path), [], 'the server got nothing');
  assert.deepEqual(p.rec.requests.slice(browserMark).filter((r) => r.method === 'POST').map((r) => r.url), [], 'the browser POSTed nothing');
  assert.equal(p.rec.context.pages().length, 1, 'no window opened');
});
