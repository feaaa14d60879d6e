#!/usr/bin/env bash
# Gets a token the way pkjwt does: a POST with {{summary}} to the endpoint below.
@@sign
# Each run signs a new client assertion ({{alg}}, new jti, iat and exp), so the script can run
# again and again; the private key is read from a file, it is not in this script.
@@/sign
#
# Run:    bash pkjwt-token.sh
@@sign
# Key:    the PKCS#8 PEM file in $PKJWT_KEY_FILE (default: {{key_file_comment}})
@@/sign
@@secret
# Secret: the client secret in $PKJWT_CLIENT_SECRET (it is not in this script)
@@/secret
@@dotenv
# .env:   read from ./.env or $PKJWT_ENV_FILE when present (pkjwt's .env export: CLIENT_ID,
#         PKJWT_ENDPOINT, TOKEN_ENDPOINT, PKJWT_KEY_FILE), never run; the environment wins
@@/dotenv
# Prints the JSON answer. Exit 1 when the server refuses (one line on stderr: status,
# error, error_description), exit 2 when the key or the secret is missing or wrong.
# Needs bash, openssl 3 and curl. Written by pkjwt.
set -euo pipefail

fail() { # fail CODE MESSAGE: one line on stderr, then exit
  printf 'pkjwt: %s\n' "$(printf '%s' "$2" | tr '\n\r\t' '   ')" >&2
  exit "$1"
}

@@dotenv
# NAME=value lines, values as pkjwt writes them ('single-quoted'); read, never sourced.
# Each value is kept as DOTENV_NAME.
env_file=${PKJWT_ENV_FILE:-.env}
if [[ -f $env_file ]]; then
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line#"${line%%[![:space:]]*}"}
    [[ -z $line || $line == \#* || $line != *=* ]] && continue
    name=${line%%=*}
    name=${name#export }
    name=${name//[[:space:]]/}
    value=${line#*=}
    value=${value%"${value##*[![:space:]]}"}
    if [[ ${#value} -ge 2 && $value == \'*\' ]]; then
      value=${value:1:${#value}-2}
      value=${value//"'\\''"/"'"}
    elif [[ ${#value} -ge 2 && $value == \"*\" ]]; then
      value=${value:1:${#value}-2}
    fi
    if [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then printf -v "DOTENV_$name" '%s' "$value"; fi
  done < "$env_file"
fi

setting() { # setting DEFAULT NAME...: the first NAME set in the environment or .env, else DEFAULT
  local default=$1 name file
  shift
  for name in "$@"; do
    file=DOTENV_$name
    if [[ -n ${!name:-} ]]; then printf '%s' "${!name}"; return; fi
    if [[ -n ${!file:-} ]]; then printf '%s' "${!file}"; return; fi
  done
  printf '%s' "$default"
}

@@/dotenv
@@plain
setting() { # setting DEFAULT NAME...: the first NAME set in the environment, else DEFAULT
  local default=$1 name
  shift
  for name in "$@"; do
    if [[ -n ${!name:-} ]]; then printf '%s' "${!name}"; return; fi
  done
  printf '%s' "$default"
}

@@/plain
{{settings}}
# application/x-www-form-urlencoded as browsers write it: what pkjwt's Send posts.
form_encode() {
  local LC_ALL=C text=$1 out= c i
  for ((i = 0; i < ${#text}; i++)); do
    c=${text:i:1}
    case $c in
      [a-zA-Z0-9*._-]) out+=$c ;;
      ' ') out+=+ ;;
      *) printf -v c '%%%02X' "'$c"; out+=$c ;;
    esac
  done
  printf '%s' "$out"
}

@@sign
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

@@dotenv
json_string() { # json_string TEXT: TEXT as a JSON string
  local LC_ALL=C text=$1 out= c i
  for ((i = 0; i < ${#text}; i++)); do
    c=${text:i:1}
    case $c in
      '"' | '\') out+=\\$c ;;
      [[:cntrl:]]) printf -v c '\\u%04x' "'$c"; out+=$c ;;
      *) out+=$c ;;
    esac
  done
  printf '"%s"' "$out"
}
@@/dotenv

new_uuid() { # a random (version 4) UUID
  local hex
  hex=$(openssl rand -hex 16)
  printf '%s-%s-4%s-%x%s-%s' "${hex:0:8}" "${hex:8:4}" "${hex:13:3}" $(((0x${hex:16:1} & 3) | 8)) "${hex:17:3}" "${hex:20:12}"
}

# The assertion's header, as pkjwt signs it.
HEADER={{header}}

claims() { # claims NOW: the assertion's claims, in pkjwt's order; jti, iat and exp are new on every run
  local now=$1 json='{'
{{claims}}
  json+='}'
  printf '%s' "$json"
}

check_key() { # the key in KEY_FILE must be of the type ALG needs
  [[ -r $KEY_FILE ]] || fail 2 "cannot read the private key file $KEY_FILE"
  local info needs
  info=$(openssl pkey -in "$KEY_FILE" -noout -text_pub 2>/dev/null) || fail 2 "$KEY_FILE is not a PKCS#8 PEM private key"
  case $ALG in
    RS* | PS*) needs='Modulus:' ;;
    ES256) needs='ASN1 OID: prime256v1' ;;
    ES384) needs='ASN1 OID: secp384r1' ;;
    ES512) needs='ASN1 OID: secp521r1' ;;
    EdDSA) needs='ED25519 Public-Key' ;;
  esac
  [[ $info == *"$needs"* ]] || fail 2 "the key in $KEY_FILE ($(head -n1 <<< "$info")) cannot sign $ALG"
}

# ECDSA: openssl writes DER (a SEQUENCE of r and s); JOSE wants r || s, each as wide as the curve.
der_to_jose() {
  local width hex= number
  case $ALG in ES256) width=32 ;; ES384) width=48 ;; *) width=66 ;; esac
  while read -r number; do
    number=${number#"${number%%[!0]*}"}
    while ((${#number} < 2 * width)); do number=0$number; done
    hex+=$number
  done < <(openssl asn1parse -inform DER | sed -n 's/.*INTEGER *://p')
  printf "$(sed 's/../\\x&/g' <<< "$hex")"
}

sign() { # sign INPUT: the signature over INPUT, base64url
  local digest=-sha${ALG:2} file
  case $ALG in
    RS*) printf '%s' "$1" | openssl dgst "$digest" -sign "$KEY_FILE" | b64url ;;
    PS*) printf '%s' "$1" | openssl dgst "$digest" -sign "$KEY_FILE" -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest | b64url ;;
    ES*) printf '%s' "$1" | openssl dgst "$digest" -sign "$KEY_FILE" | der_to_jose | b64url ;;
    EdDSA)
      # Ed25519 signs the whole message at once: openssl needs it in a file (-rawin).
      file=$(mktemp)
      printf '%s' "$1" > "$file"
      openssl pkeyutl -sign -inkey "$KEY_FILE" -rawin -in "$file" | b64url
      rm -f "$file" ;;
  esac
}

@@/sign
@@secret
secret=$(setting '' PKJWT_CLIENT_SECRET)
[[ -n $secret ]] || fail 2 "set the client secret in PKJWT_CLIENT_SECRET"
@@/secret
@@sign
check_key
input=$(printf '%s' "$HEADER" | b64url).$(claims "$(date +%s)" | b64url)
assertion=$input.$(sign "$input")
@@/sign
form=(
{{form}}
)
body=
for ((i = 0; i < ${#form[@]}; i += 2)); do
  body+=${body:+&}$(form_encode "${form[i]}")=$(form_encode "${form[i + 1]}")
done
headers=(
{{headers}}
)
answer=$(mktemp)
errors=$(mktemp)
trap 'rm -f "$answer" "$errors"' EXIT
@@basic
# The credentials go to curl in a file only this user can read, not on its command line.
credentials=$(mktemp)
trap 'rm -f "$answer" "$errors" "$credentials"' EXIT
basic=$(printf '%s' "$(form_encode "$CLIENT_ID"):$(form_encode "$secret")" | openssl base64 -A)
printf 'Authorization: Basic %s\n' "$basic" > "$credentials"
headers+=(--header "@$credentials")
@@/basic
# The body goes through standard input, so the assertion is not on curl's command line.
status=$(printf '%s' "$body" | curl --silent --show-error --stderr "$errors" --request POST --url "$ENDPOINT" "${headers[@]}" \
  --data-binary @- --output "$answer" --write-out '%{http_code}') || fail 1 "cannot reach $ENDPOINT: $(cat "$errors")"
if [[ $status != 2?? ]]; then
  text=$(tr '\n\r' '  ' < "$answer")
  error=$(sed -n 's/.*"error"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' <<< "$text")
  description=$(sed -n 's/.*"error_description"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' <<< "$text")
  if [[ -n $error ]]; then fail 1 "$status $error $description"; fi
  fail 1 "$status ${text:0:300}"
fi
cat "$answer"
echo
