// Gets a token the way pkjwt does: a POST with {{summary}} to the endpoint below.
@@sign
// Each run signs a new client assertion ({{alg}}, new jti, iat and exp), so the program can run
// again and again; the private key is read from a file, it is not in this program.
@@/sign
//
// Run:    go run main.go
//         (or go build -o pkjwt-token main.go && ./pkjwt-token: go run reports exit codes as 1)
@@sign
// Key:    the PKCS#8 PEM file in $PKJWT_KEY_FILE (default: {{key_file_comment}})
@@/sign
@@secret
// Secret: the client secret in $PKJWT_CLIENT_SECRET (it is not in this program)
@@/secret
// Prints the JSON answer. Exit 1 when the server refuses (one line on stderr: status,
// error, error_description), exit 2 when the key or the secret is missing or wrong.
// Needs Go 1.19+, standard library only. Written by pkjwt.

package main

import (
@@sign
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	_ "crypto/sha256"
	_ "crypto/sha512"
	"crypto/x509"
@@/sign
@@b64
	"encoding/base64"
@@/b64
	"encoding/json"
@@sign
	"encoding/pem"
@@/sign
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

{{settings}}
func fail(code int, format string, args ...interface{}) {
	message := fmt.Sprintf(format, args...)
	fmt.Fprintln(os.Stderr, "pkjwt: "+strings.Join(strings.Fields(message), " "))
	os.Exit(code)
}

func getenv(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}

@@sign
var keyFile = getenv("PKJWT_KEY_FILE", {{key_file}})

// member is one name and value of a JSON object; a list of them keeps pkjwt's order.
type member struct {
	name  string
	value interface{}
}

// The assertion's header, as pkjwt signs it.
var header = []member{
{{header}}
}

// The assertion's claims, in pkjwt's order; jti, iat and exp are new on every run.
func claims(now int64) []member {
	return []member{
{{claims}}
	}
}

func jsonValue(value interface{}) []byte {
	var out bytes.Buffer
	encoder := json.NewEncoder(&out)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(value); err != nil {
		fail(2, "cannot write JSON: %v", err)
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n"))
}

func jsonObject(members []member) []byte {
	var out bytes.Buffer
	out.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			out.WriteByte(',')
		}
		out.Write(jsonValue(m.name))
		out.WriteByte(':')
		out.Write(jsonValue(m.value))
	}
	out.WriteByte('}')
	return out.Bytes()
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		fail(2, "no randomness: %v", err)
	}
	return b
}

// newUUID is a random (version 4) UUID.
func newUUID() string {
	b := randomBytes(16)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func b64url(data []byte) string {
	return base64.RawURLEncoding.EncodeToString(data)
}

func loadKey() interface{} {
	data, err := os.ReadFile(keyFile)
	if err != nil {
		fail(2, "cannot read the private key file: %v", err)
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		fail(2, "%s is not a PKCS#8 PEM private key (BEGIN PRIVATE KEY)", keyFile)
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		fail(2, "%s is not a PKCS#8 private key: %v", keyFile, err)
	}
	return key
}

// sign signs input with alg. PSS uses a salt as long as the hash; ECDSA gives JOSE's
// r || s, each as wide as the curve.
func sign(key interface{}, input []byte) []byte {
	hash := map[string]crypto.Hash{"256": crypto.SHA256, "384": crypto.SHA384, "512": crypto.SHA512}[alg[2:]]
	digest := func() []byte {
		h := hash.New()
		h.Write(input)
		return h.Sum(nil)
	}
	wrong := func() { fail(2, "the key in %s (%T) cannot sign %s", keyFile, key, alg) }
	var signature []byte
	var err error
	switch k := key.(type) {
	case *rsa.PrivateKey:
		switch alg[:2] {
		case "RS":
			signature, err = rsa.SignPKCS1v15(rand.Reader, k, hash, digest())
		case "PS":
			signature, err = rsa.SignPSS(rand.Reader, k, hash, digest(), &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
		default:
			wrong()
		}
	case *ecdsa.PrivateKey:
		curves := map[string]elliptic.Curve{"ES256": elliptic.P256(), "ES384": elliptic.P384(), "ES512": elliptic.P521()}
		if curves[alg] != k.Curve {
			wrong()
		}
		r, s, e := ecdsa.Sign(rand.Reader, k, digest())
		size := (k.Curve.Params().BitSize + 7) / 8
		signature, err = append(r.FillBytes(make([]byte, size)), s.FillBytes(make([]byte, size))...), e
	case ed25519.PrivateKey:
		if alg != "EdDSA" {
			wrong()
		}
		signature = ed25519.Sign(k, input)
	default:
		wrong()
	}
	if err != nil {
		fail(2, "cannot sign: %v", err)
	}
	return signature
}

func signJwt(key interface{}, now int64) string {
	input := b64url(jsonObject(header)) + "." + b64url(jsonObject(claims(now)))
	return input + "." + b64url(sign(key, []byte(input)))
}

@@/sign
// formEncode is application/x-www-form-urlencoded as browsers write it: what pkjwt's Send posts.
func formEncode(text string) string {
	var out strings.Builder
	for _, b := range []byte(text) {
		switch {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9', b == '*', b == '-', b == '.', b == '_':
			out.WriteByte(b)
		case b == ' ':
			out.WriteByte('+')
		default:
			fmt.Fprintf(&out, "%%%02X", b)
		}
	}
	return out.String()
}

// refusal is the server's answer in one line: status, error, error_description.
func refusal(status int, text []byte) string {
	var answer map[string]interface{}
	if json.Unmarshal(text, &answer) == nil && answer["error"] != nil {
		description, _ := answer["error_description"].(string)
		return fmt.Sprintf("%d %v %s", status, answer["error"], description)
	}
	if len(text) > 300 {
		text = text[:300]
	}
	return fmt.Sprintf("%d %s", status, text)
}

func main() {
@@secret
	secret := os.Getenv("PKJWT_CLIENT_SECRET")
	if secret == "" {
		fail(2, "set the client secret in PKJWT_CLIENT_SECRET")
	}
@@/secret
@@sign
	assertion := signJwt(loadKey(), time.Now().Unix())
@@/sign
	form := [][2]string{
{{form}}
	}
	pairs := make([]string, len(form))
	for i, pair := range form {
		pairs[i] = formEncode(pair[0]) + "=" + formEncode(pair[1])
	}
	request, err := http.NewRequest("POST", endpoint, strings.NewReader(strings.Join(pairs, "&")))
	if err != nil {
		fail(2, "cannot make the request: %v", err)
	}
{{headers}}
@@basic
	request.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(formEncode(clientID)+":"+formEncode(secret))))
@@/basic
	client := &http.Client{Timeout: 60 * time.Second}
	response, err := client.Do(request)
	if err != nil {
		fail(1, "cannot reach %s: %v", endpoint, err)
	}
	defer response.Body.Close()
	text, err := io.ReadAll(response.Body)
	if err != nil {
		fail(1, "cannot read the answer: %v", err)
	}
	if response.StatusCode < 200 || response.StatusCode >= 300 {
		fail(1, "%s", refusal(response.StatusCode, text))
	}
	fmt.Println(string(text))
}
