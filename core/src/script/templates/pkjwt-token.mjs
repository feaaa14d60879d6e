// Gets a token the way pkjwt does: a POST with {{summary}} to the endpoint below.
@@sign
// Each run signs a new client assertion ({{alg}}, new jti, iat and exp), so the script can run
// again and again; the private key is read from a file, it is not in this script.
@@/sign
//
// Run:    node pkjwt-token.mjs
@@sign
// Key:    the PKCS#8 PEM file in $PKJWT_KEY_FILE (default: {{key_file_comment}})
@@/sign
@@secret
// Secret: the client secret in $PKJWT_CLIENT_SECRET (it is not in this script)
@@/secret
// Prints the JSON answer. Exit 1 when the server refuses (one line on stderr: status,
// error, error_description), exit 2 when the key or the secret is missing or wrong.
// Needs Node.js 18+ (node:crypto and fetch), no packages. Written by pkjwt.

@@sign
import { createPrivateKey, randomBytes, randomUUID, sign as cryptoSign, constants } from "node:crypto";
import { readFileSync } from "node:fs";
@@/sign

{{settings}}
function fail(code, message) {
  console.error("pkjwt: " + String(message).split(/\s+/).filter(Boolean).join(" "));
  process.exit(code);
}

@@sign
// The assertion's header, as pkjwt signs it.
const HEADER = {{header}};

// The assertion's claims, in pkjwt's order; jti, iat and exp are new on every run.
function claims(now) {
  return {
{{claims}}
  };
}

// How each algorithm signs: key type (and curve), hash, and the options node:crypto needs.
// PSS uses a salt as long as the hash; ECDSA gives JOSE's r || s (IEEE P1363), not DER.
const ALGORITHMS = {
  RS256: { type: "rsa", hash: "sha256", options: { padding: constants.RSA_PKCS1_PADDING } },
  RS384: { type: "rsa", hash: "sha384", options: { padding: constants.RSA_PKCS1_PADDING } },
  RS512: { type: "rsa", hash: "sha512", options: { padding: constants.RSA_PKCS1_PADDING } },
  PS256: { type: "rsa", hash: "sha256", options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } },
  PS384: { type: "rsa", hash: "sha384", options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 } },
  PS512: { type: "rsa", hash: "sha512", options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 } },
  ES256: { type: "ec", curve: "prime256v1", hash: "sha256", options: { dsaEncoding: "ieee-p1363" } },
  ES384: { type: "ec", curve: "secp384r1", hash: "sha384", options: { dsaEncoding: "ieee-p1363" } },
  ES512: { type: "ec", curve: "secp521r1", hash: "sha512", options: { dsaEncoding: "ieee-p1363" } },
  EdDSA: { type: "ed25519", hash: null, options: {} },
};

function loadKey() {
  let pem;
  try {
    pem = readFileSync(KEY_FILE, "utf8");
  } catch (error) {
    fail(2, `cannot read the private key file ${KEY_FILE}: ${error.code || error.message}`);
  }
  let key;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    fail(2, `${KEY_FILE} is not a PKCS#8 PEM private key (${error.message})`);
  }
  const needs = ALGORITHMS[ALG];
  const curve = key.asymmetricKeyDetails && key.asymmetricKeyDetails.namedCurve;
  if (key.asymmetricKeyType !== needs.type || (needs.curve && curve !== needs.curve)) {
    fail(2, `the key in ${KEY_FILE} (${key.asymmetricKeyType} ${curve || ""}) cannot sign ${ALG}`);
  }
  return key;
}

function b64url(bytes) {
  return Buffer.from(bytes).toString("base64url");
}

function signJwt(key, header, claims) {
  const signingInput = b64url(JSON.stringify(header)) + "." + b64url(JSON.stringify(claims));
  const { hash, options } = ALGORITHMS[ALG];
  const signature = cryptoSign(hash, Buffer.from(signingInput), { key, ...options });
  return signingInput + "." + b64url(signature);
}

@@/sign
// application/x-www-form-urlencoded as browsers write it: what pkjwt's Send posts.
function formEncode(text) {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9*\-._]/.test(c)) out += c;
    else if (byte === 0x20) out += "+";
    else out += "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

// The server's answer in one line: status, error, error_description.
function refusal(status, text) {
  try {
    const answer = JSON.parse(text);
    if (answer && typeof answer === "object" && "error" in answer) {
      return `${status} ${answer.error} ${answer.error_description ?? ""}`;
    }
  } catch {
    // not JSON: show the start of it
  }
  return `${status} ${text.slice(0, 300)}`;
}

@@secret
const secret = process.env.PKJWT_CLIENT_SECRET;
if (!secret) fail(2, "set the client secret in PKJWT_CLIENT_SECRET");
@@/secret
@@sign
const assertion = signJwt(loadKey(), HEADER, claims(Math.floor(Date.now() / 1000)));
@@/sign
const form = [
{{form}}
];
const headers = {
{{headers}}
};
@@basic
headers["Authorization"] = "Basic " + Buffer.from(formEncode(CLIENT_ID) + ":" + formEncode(secret)).toString("base64");
@@/basic
let response, text;
try {
  response = await fetch(ENDPOINT, {
    method: "POST",
    headers,
    body: form.map(([name, value]) => formEncode(name) + "=" + formEncode(value)).join("&"),
  });
  text = await response.text();
} catch (error) {
  fail(1, `cannot reach ${ENDPOINT}: ${error.cause?.message || error.message}`);
}
if (!response.ok) fail(1, refusal(response.status, text));
console.log(text);
