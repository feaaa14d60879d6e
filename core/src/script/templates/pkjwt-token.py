#!/usr/bin/env python3
"""Gets a token the way pkjwt does: a POST with {{summary}} to the endpoint below.
@@sign
Each run signs a new client assertion ({{alg}}, new jti, iat and exp), so the script can run
again and again; the private key is read from a file, it is not in this script.
@@/sign

Run:    pip install requests 'PyJWT[crypto]'
        python3 pkjwt-token.py
@@sign
Key:    the PKCS#8 PEM file in $PKJWT_KEY_FILE (default: {{key_file_comment}})
@@/sign
@@secret
Secret: the client secret in $PKJWT_CLIENT_SECRET (it is not in this script)
@@/secret
@@dotenv
.env:   read from ./.env or $PKJWT_ENV_FILE when present (pkjwt's .env export: CLIENT_ID,
        PKJWT_ENDPOINT, TOKEN_ENDPOINT, PKJWT_KEY_FILE); the environment wins over it
@@/dotenv
Prints the JSON answer. Exit 1 when the server refuses (one line on stderr: status,
error, error_description), exit 2 when the key or the secret is missing or wrong.
Needs Python 3.9+, requests and PyJWT 2 with cryptography. Written by pkjwt.
"""
import base64
import json
import os
import sys
@@sign
import time
import uuid
@@/sign

import requests
@@sign
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from jwt.algorithms import get_default_algorithms
@@/sign


def fail(code, message):
    """One line on stderr, then exit."""
    print("pkjwt: " + " ".join(str(message).split()), file=sys.stderr)
    sys.exit(code)


@@dotenv
def read_dotenv(path):
    """NAME=value lines, values as pkjwt writes them ('single-quoted' or "double-quoted")."""
    values = {}
    try:
        with open(path, encoding="utf-8") as file:
            lines = file.read().splitlines()
    except FileNotFoundError:
        return values
    except OSError as error:
        fail(2, f"cannot read {path}: {error.strerror}")
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, value = line.split("=", 1)
        name = name.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == "'":
            value = value[1:-1].replace("'\\''", "'")
        elif len(value) >= 2 and value[0] == value[-1] == '"':
            value = json.loads(value) if "\\" in value else value[1:-1]
        values[name] = value
    return values


DOTENV = read_dotenv(os.environ.get("PKJWT_ENV_FILE", ".env"))


def setting(names, default):
    """The first of `names` set in the environment or the .env file, else `default`."""
    for name in names:
        for source in (os.environ, DOTENV):
            if source.get(name):
                return source[name]
    return default


@@/dotenv
@@plain
def setting(names, default):
    """The first of `names` set in the environment, else `default`."""
    for name in names:
        if os.environ.get(name):
            return os.environ[name]
    return default


@@/plain
{{settings}}
@@sign
# The assertion's header, as pkjwt signs it.
HEADER = {{header}}


def claims(now):
    """The assertion's claims, in pkjwt's order; jti, iat and exp are new on every run."""
    return {
{{claims}}
    }


def load_key():
    """The private key from KEY_FILE, checked against ALG."""
    try:
        with open(KEY_FILE, "rb") as file:
            pem = file.read()
    except OSError as error:
        fail(2, f"cannot read the private key file {KEY_FILE}: {error.strerror}")
    try:
        key = load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as error:
        fail(2, f"{KEY_FILE} is not an unencrypted PKCS#8 PEM private key ({error})")
    needs = {"RS": rsa.RSAPrivateKey, "PS": rsa.RSAPrivateKey, "ES": ec.EllipticCurvePrivateKey, "Ed": ed25519.Ed25519PrivateKey}[ALG[:2]]
    curve = {"ES256": "secp256r1", "ES384": "secp384r1", "ES512": "secp521r1"}.get(ALG)
    if not isinstance(key, needs) or (curve and key.curve.name != curve):
        fail(2, f"the key in {KEY_FILE} ({type(key).__name__}) cannot sign {ALG}")
    return key


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign(key, header, claims):
    """A compact JWS. PyJWT's algorithm signs the bytes we encode, so the header is exactly ours."""
    def part(value):
        return b64url(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    signing_input = part(header) + "." + part(claims)
    signature = get_default_algorithms()[ALG].sign(signing_input.encode("ascii"), key)
    return signing_input + "." + b64url(signature)


@@/sign
def form_encode(text):
    """application/x-www-form-urlencoded as browsers write it: what pkjwt's Send posts."""
    safe = b"*-._0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    return "".join(chr(b) if b in safe else "+" if b == 32 else "%%%02X" % b for b in text.encode("utf-8"))


def refusal(response):
    """The server's answer in one line: status, error, error_description."""
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if isinstance(answer, dict) and "error" in answer:
        words = [answer.get("error"), answer.get("error_description", "")]
    else:
        words = [response.text[:300]]
    return " ".join(str(word) for word in [response.status_code, *words])


def main():
@@secret
    secret = setting(["PKJWT_CLIENT_SECRET"], "")
    if not secret:
        fail(2, "set the client secret in PKJWT_CLIENT_SECRET")
@@/secret
@@sign
    key = load_key()
    assertion = sign(key, HEADER, claims(int(time.time())))
@@/sign
    form = [
{{form}}
    ]
    body = "&".join(form_encode(name) + "=" + form_encode(value) for name, value in form)
    headers = {
{{headers}}
    }
@@basic
    credentials = form_encode(CLIENT_ID) + ":" + form_encode(secret)
    headers["Authorization"] = "Basic " + base64.b64encode(credentials.encode("ascii")).decode("ascii")
@@/basic
    try:
        response = requests.post(ENDPOINT, data=body.encode("ascii"), headers=headers, timeout=60)
    except requests.RequestException as error:
        fail(1, f"cannot reach {ENDPOINT}: {error}")
    if not 200 <= response.status_code < 300:
        fail(1, refusal(response))
    print(response.text)


if __name__ == "__main__":
    main()
