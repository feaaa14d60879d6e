//! The machinery of the fuzz tests (`tests/fuzz/`): a runner that counts and reports every execution,
//! hostile-input strategies, byte-level mutations of valid inputs, and the valid inputs.
//!
//! Why proptest and not `cargo fuzz`: cargo-fuzz (libFuzzer) needs a nightly compiler for
//! `-Zsanitizer`, and this project builds with stable Rust only (no nightly toolchain can be
//! fetched here). Proptest runs on stable inside `cargo test`, so a bounded run is part of
//! every `make test`, and `make fuzz` runs many more cases of the same properties.
#![allow(dead_code)]

use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};
use serde_json::{Map, Value};
use std::fmt::Debug;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Cases per property when `PKJWT_FUZZ_CASES` is not set: sized so that the whole fuzz
/// binary adds well under a minute to `cargo test` on a 2-core machine (about 25 s).
pub const DEFAULT_CASES: u32 = 1000;

/// One case may take this long; more means a parser is super-linear or hangs on the input
/// (proptest then shrinks it and prints the smallest such input).
pub const CASE_BUDGET: Duration = Duration::from_secs(3);

/// The longest error message a property accepts: a sentence and a short excerpt of the
/// input, never the input itself.
pub const MAX_MESSAGE_BYTES: usize = 1024;

/// `PKJWT_FUZZ_CASES` (or proptest's own `PROPTEST_CASES`), else [`DEFAULT_CASES`].
pub fn cases() -> u32 {
    ["PKJWT_FUZZ_CASES", "PROPTEST_CASES"]
        .iter()
        .find_map(|name| std::env::var(name).ok().and_then(|n| n.trim().parse().ok()))
        .unwrap_or(DEFAULT_CASES)
}

/// Where every property appends its line: `target/tmp/pkjwt-fuzz-report.tsv`.
pub fn report_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("pkjwt-fuzz-report.tsv")
}

thread_local! {
    static ACCEPTED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Marks the current case as one the parser accepted (an `Ok`), so the report shows how
/// deep the cases got as well as how many ran.
pub fn accepted() {
    ACCEPTED.with(|n| n.set(n.get() + 1));
}

/// Writes one line to stderr (directly, so that libtest's capture does not hide it: `make
/// test` shows it without `--nocapture`) and to the report file, whose first write in this
/// process starts it afresh.
pub fn report(parser: &str, property: &str, executions: u64, accepted: u64, failures: u64, slowest: Duration, total: Duration) {
    static FILE: OnceLock<Mutex<Option<std::fs::File>>> = OnceLock::new();
    let line = format!(
        "fuzz {:<24} {:<62} {:>7} runs ({:>6} Ok)  {} panics/failures  slowest {:>6.1} ms  total {:>6.2} s\n",
        parser,
        property,
        executions,
        accepted,
        failures,
        slowest.as_secs_f64() * 1000.0,
        total.as_secs_f64()
    );
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
    let file = FILE.get_or_init(|| {
        let file = std::fs::File::create(report_path()).ok();
        if let Some(mut file) = file.as_ref() {
            let _ = file.write_all(b"parser\tproperty\truns\taccepted\tfailures\tslowest_ms\tseconds\n");
        }
        Mutex::new(file)
    });
    if let Ok(mut guard) = file.lock() {
        if let Some(file) = guard.as_mut() {
            let _ = writeln!(
                file,
                "{parser}\t{property}\t{executions}\t{accepted}\t{failures}\t{:.1}\t{:.3}",
                slowest.as_secs_f64() * 1000.0,
                total.as_secs_f64()
            );
        }
    }
}

/// Runs `test` on [`cases`] values of `strategy` and reports how many ran. A panic inside
/// `test` is caught by proptest, shrunk to a smallest input and fails the property.
pub fn fuzz<S>(parser: &str, property: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: Debug,
{
    fuzz_n(parser, property, cases(), strategy, test)
}

/// [`fuzz`] with an explicit number of cases (for properties that cost far more per case).
pub fn fuzz_n<S>(parser: &str, property: &str, cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: Debug,
{
    let config = ProptestConfig {
        cases,
        failure_persistence: None,
        max_shrink_iters: 4096,
        ..ProptestConfig::default()
    };
    let mut runner = TestRunner::new(config);
    ACCEPTED.with(|n| n.set(0));
    let executions = AtomicU64::new(0);
    let slowest = Mutex::new(Duration::ZERO);
    let started = Instant::now();
    let result = runner.run(&strategy, |value| {
        executions.fetch_add(1, Ordering::Relaxed);
        let case_started = Instant::now();
        let outcome = test(value);
        let took = case_started.elapsed();
        if let Ok(mut slowest) = slowest.lock() {
            *slowest = (*slowest).max(took);
        }
        if took > CASE_BUDGET {
            return Err(TestCaseError::fail(format!("one case took {took:?}: super-linear or hanging on this input")));
        }
        outcome
    });
    let slowest = slowest.lock().map(|d| *d).unwrap_or_default();
    let failures = u64::from(result.is_err());
    let accepted = ACCEPTED.with(std::cell::Cell::get);
    report(parser, property, executions.load(Ordering::Relaxed), accepted, failures, slowest, started.elapsed());
    if let Err(error) = result {
        panic!("{parser} / {property}: {error}");
    }
}

/// Counts the executions of a hand-written (non-random) check, for the same report.
pub struct Tally {
    parser: &'static str,
    property: &'static str,
    executions: u64,
    slowest: Duration,
    started: Instant,
}

impl Tally {
    pub fn new(parser: &'static str, property: &'static str) -> Tally {
        Tally { parser, property, executions: 0, slowest: Duration::ZERO, started: Instant::now() }
    }

    /// Runs `f` once, timed.
    pub fn run<R>(&mut self, f: impl FnOnce() -> R) -> (R, Duration) {
        let started = Instant::now();
        let result = f();
        let took = started.elapsed();
        self.executions += 1;
        self.slowest = self.slowest.max(took);
        (result, took)
    }
}

impl Drop for Tally {
    fn drop(&mut self) {
        let failures = u64::from(std::thread::panicking());
        report(self.parser, self.property, self.executions, self.executions - failures.min(self.executions), failures, self.slowest, self.started.elapsed());
    }
}

/// Every error: a non-empty sentence of bounded length, and a stable code (when the type
/// has one) made of capitals, digits and underscores.
pub fn error_contract(what: &str, code: Option<&str>, message: &str) -> Result<(), TestCaseError> {
    prop_assert!(!message.trim().is_empty(), "{what}: empty error message");
    prop_assert!(message.len() <= MAX_MESSAGE_BYTES, "{what}: a {}-byte error message: {}…", message.len(), message.chars().take(200).collect::<String>());
    if let Some(code) = code {
        prop_assert!(
            code.len() >= 3 && code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
            "{what}: code {code:?} is not a stable identifier"
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Hostile text

/// Values chosen to break parsers: numbers at and past every limit, non-ASCII digits, JSON
/// edge cases, URLs of every shape, fragments, .env lines, PEM boundaries, JWT shapes and
/// shell metacharacters.
pub const HOSTILE: &[&str] = &[
    "", " ", "\t\n\r", "\0", "\u{0}\u{1}\u{1f}\u{7f}", "\u{85}\u{9b}", "\u{feff}", "\u{2028}\u{2029}", "\u{202e}gnp.exe",
    "\u{fffd}", "\u{10ffff}", "é", "日本語", "🔑",
    // Numbers.
    "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "-1", "0", "1",
    "1e999", "-1e999", "1e3", "1.5", "0x12c", "٣٠٠", "３００", "३००", "300\0", " 300 ", "+300", "300s", "NaN", "Infinity",
    "31536000", "31536001", "3600", "3601", "99999999999999999999999999999999999999", "1_000",
    // JSON.
    "null", "true", "{}", "[]", "{\"a\":1}", "{\"exp\":1}", "{\"scope\":\"read\"}", "{\"keys\":[]}", "{\"keys\":[{}]}",
    "{\"kty\":\"RSA\"}", "{\"kty\":\"EC\",\"crv\":\"P-256\"}", "{\"kty\":\"oct\",\"k\":\"AA\"}", "\"str\"", "{\"a\":1,\"a\":2}",
    "{\"\\u0000\":\"\\ud800\"}", "{\"a\":\"\\uDFFF\"}", "[1,]", "{\"a\" 1}", "1e400", "-0", "{\"type\":\"service_account\"}",
    // URLs.
    "https://auth.example/token", "http://127.0.0.1:3000/token", "https://[::1]:8443/token", "https://[2001:db8::1]/oauth2/token",
    "https://[::ffff:127.0.0.1]/", "https://[fe80::1%25eth0]/", "https://[::1", "https://{tenant}.example/token", "https://x/{",
    "https://x/}{", "https://user:pw@auth.example/token", "https://@/", "https://auth.example/token#frag", "https://auth.example/token?a=1&b=%00",
    "HTTPS://AUTH.EXAMPLE", "https://", "https:///token", "ftp://x", "javascript:alert(1)", "//auth.example/token",
    "https://exa mple/", "https://例え.jp/トークン", "https://a:99999999/", "http://0x7f.1/",
    // Fragments and .env lines.
    "#v=1&client_id=a&client_secret=s", "#=&&=&%", "v=1&preset=%ff%fe", "client_id=%00", "&&&", "%", "%zz", "a=1;b=2",
    "#token=x&refresh_token=y&token_type_hint=z", "CLIENT_ID=x", "export CLIENT_ID='x'\\''y'", "A='", "A=\"", "A=\"\\\\n\"",
    "=", "A", "# comment", "PRIVATE_KEY='-----BEGIN PRIVATE KEY-----\n", "A='a\nb'", "A=\"a\\\"\nb\"",
    // PEM and JWT shapes.
    "-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----", "-----BEGIN -----\n-----END -----",
    "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", "Proc-Type: 4,ENCRYPTED", "-----BEGIN \u{1b}[31m-----",
    "eyJhbGciOiJub25lIn0.e30.", "a.b.c", "..", "eyJ.eyJ.", "e30.e30.e30", "e30.e30", "e30.e30.e30.e30",
    // Shell.
    "'", "\"", "`", "$(touch PWNED)", "\\", "\\\n", "'\\''", "!", "*", "~", "--", "-", "@/etc/passwd", "# x", "a b",
];

/// Characters that are rare in random strings but common in trouble.
const TROUBLE_CHARS: &[char] = &[
    '\0', '\u{1}', '\u{8}', '\t', '\n', '\u{b}', '\u{c}', '\r', '\u{1b}', '\u{1f}', '\u{7f}', '\u{85}', '\u{a0}', '\u{ad}',
    '\u{200b}', '\u{200e}', '\u{2028}', '\u{202e}', '\u{feff}', '\u{fffd}', '٣', '"', '\'', '\\', '{', '}', '[', ']', ':', ',',
    '=', '&', '#', '%', '.', '-', '/', '+', '@', '$', '`', ' ',
];

/// Pieces to repeat into huge inputs.
const REPEATED: &[&str] = &["A", "{", "[", "\"", "a=b&", ".", "-----BEGIN X-----\n", "\0", "é", "=", "%", "\\", "'\n", "\"\n", " ", "\n", "x\n", "eyJ"];

/// Openers for deep nesting.
const OPENERS: &[(&str, &str)] = &[("[", "]"), ("{\"a\":", "}"), ("[{\"keys\":", "}]"), ("{\"x\":[", "]}"), ("{", "}")];

pub fn trouble_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(prop::sample::select(TROUBLE_CHARS), 0..80).prop_map(|chars| chars.into_iter().collect())
}

/// Text made of the syntax of JSON, PEM, URLs, forms, `.env` and shells.
pub fn syntax_text() -> impl Strategy<Value = String> {
    "[{}\\[\\]\":,a-zA-Z0-9 _=+/\\n\\r\\t.#&%?@'\\\\$`;!\\x00\\x01\\x1b\\x7féü٣\u{feff}\u{2028}\u{202e}-]{0,300}"
}

/// The longest repetition: past every size limit (256 KiB), short of slowing every case.
const MAX_REPEATED: usize = 400 * 1024;

/// A short piece repeated up to 100 000 times (at most [`MAX_REPEATED`] bytes).
pub fn repeated_text() -> impl Strategy<Value = String> {
    let count = prop_oneof![4 => 1usize..100, 2 => 100usize..5_000, 1 => 60_000usize..100_000];
    let piece = prop_oneof![3 => prop::sample::select(REPEATED).prop_map(str::to_owned), 1 => "\\PC{1,16}"];
    (piece, count).prop_map(|(piece, count)| piece.repeat(count.min(MAX_REPEATED / piece.len().max(1))))
}

/// Brackets nested up to 12 000 deep, closed or not.
pub fn nested_text() -> impl Strategy<Value = String> {
    let depth = prop_oneof![2 => 1usize..200, 1 => 120usize..140, 1 => 1_000usize..12_000];
    (prop::sample::select(OPENERS), depth, any::<bool>()).prop_map(|((open, close), depth, closed)| {
        let mut text = open.repeat(depth);
        text.push('1');
        if closed {
            text.push_str(&close.repeat(depth));
        }
        text
    })
}

pub fn hostile_constant() -> impl Strategy<Value = String> {
    prop::sample::select(HOSTILE).prop_map(str::to_owned)
}

/// Any text a user could paste, weighted towards trouble.
pub fn hostile_text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => any::<String>(),
        4 => syntax_text(),
        2 => trouble_text(),
        1 => repeated_text(),
        1 => nested_text(),
        3 => hostile_constant(),
        2 => (hostile_constant(), hostile_constant(), any::<String>()).prop_map(|(a, b, c)| format!("{a}{c}{b}")),
    ]
    .boxed()
}

/// A value for a short text field: mostly printable, sometimes hostile.
pub fn field_text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[ -~]{0,40}",
        1 => "\\PC{0,20}",
        3 => hostile_text(),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------
// Mutations of valid inputs

/// One edit of a byte string; positions are taken modulo the length.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Overwrite one byte.
    Set(usize, u8),
    /// Insert bytes: a random or printable byte, a control character, invalid UTF-8, a
    /// piece of syntax.
    Insert(usize, Vec<u8>),
    /// Remove up to this many bytes.
    Delete(usize, usize),
    Truncate(usize),
    /// Copy a slice right after itself.
    Duplicate(usize, usize),
    /// Repeat a slice up to 20 000 times (huge repetition).
    Repeat(usize, usize, usize),
    /// Insert this many openers (deep nesting).
    Nest(usize, &'static str, usize),
}

/// Byte sequences that are not UTF-8: a lone continuation byte, a truncated sequence, an
/// overlong encoding, an encoded surrogate, a code point past U+10FFFF, 0xFF.
const INVALID_UTF8: &[&[u8]] = &[b"\x80", b"\xc3", b"\xe2\x82", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xff", b"\xfe\xff"];

const SYNTAX: &[&str] = &[
    "\"", "{", "}", "[", "]", ",", ":", "=", "&", "#", "%", "%00", "%ff", "\\", "\\u0000", "\\ud800", "\n", "\r\n", "\r", " ",
    "-----END PRIVATE KEY-----\n", "-----BEGIN PRIVATE KEY-----\n", "-----END CERTIFICATE-----\n", ".", "'", "'\\''",
    "export ", "{x}", "@", "[::1]", "?", "/", "//", "null", "1e999", "-", "+", "=", "==", "\u{feff}", "\u{2028}", "٣", "é",
];

fn payload() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => (b' '..=b'~').prop_map(|b| vec![b]),
        2 => any::<u8>().prop_map(|b| vec![b]),
        2 => prop_oneof![0u8..0x20, Just(0x7fu8)].prop_map(|b| vec![b]),
        1 => prop::sample::select(INVALID_UTF8).prop_map(<[u8]>::to_vec),
        3 => prop::sample::select(SYNTAX).prop_map(|s| s.as_bytes().to_vec()),
    ]
}

pub fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), b' '..=b'~').prop_map(|(at, b)| Edit::Set(at, b)),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Set(at, b)),
        6 => (any::<usize>(), payload()).prop_map(|(at, bytes)| Edit::Insert(at, bytes)),
        2 => (any::<usize>(), 1usize..64).prop_map(|(at, n)| Edit::Delete(at, n)),
        1 => any::<usize>().prop_map(Edit::Truncate),
        1 => (any::<usize>(), 1usize..256).prop_map(|(at, n)| Edit::Duplicate(at, n)),
        1 => (any::<usize>(), 1usize..32, prop_oneof![2usize..50, 1_000usize..20_000]).prop_map(|(at, n, times)| Edit::Repeat(at, n, times)),
        1 => (any::<usize>(), prop::sample::select(OPENERS), prop_oneof![1usize..200, 1_000usize..12_000])
            .prop_map(|(at, (open, _), depth)| Edit::Nest(at, open, depth)),
    ]
}

/// No edit grows an input past this (so that repetitions of repetitions stay bounded).
const MAX_MUTATED: usize = 2 << 20;

pub fn apply(bytes: &mut Vec<u8>, edits: &[Edit]) {
    for edit in edits {
        let len = bytes.len();
        let at = |position: usize| if len == 0 { 0 } else { position % (len + 1) };
        match edit {
            Edit::Set(position, byte) if len > 0 => bytes[position % len] = *byte,
            Edit::Insert(position, insert) => {
                let at = at(*position);
                bytes.splice(at..at, insert.iter().copied());
            }
            Edit::Delete(position, n) if len > 0 => {
                let start = position % len;
                bytes.drain(start..(start + n).min(len));
            }
            Edit::Truncate(position) => bytes.truncate(at(*position)),
            Edit::Duplicate(position, n) if len > 0 => {
                let start = position % len;
                let slice = bytes[start..(start + n).min(len)].to_vec();
                let end = start + slice.len();
                bytes.splice(end..end, slice);
            }
            Edit::Repeat(position, n, times) if len > 0 => {
                let start = position % len;
                let slice = bytes[start..(start + n).min(len)].to_vec();
                if len + slice.len() * times <= MAX_MUTATED {
                    let end = start + slice.len();
                    bytes.splice(end..end, slice.repeat(*times));
                }
            }
            Edit::Nest(position, open, depth) if len + open.len() * depth <= MAX_MUTATED => {
                let at = at(*position);
                bytes.splice(at..at, open.repeat(*depth).into_bytes());
            }
            _ => {}
        }
    }
}

/// One of `seeds` with one to six edits.
pub fn mutated(seeds: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    (prop::sample::select(seeds), proptest::collection::vec(edit(), 1..6)).prop_map(|(mut bytes, edits)| {
        apply(&mut bytes, &edits);
        bytes
    })
}

/// [`mutated`], as text (invalid UTF-8 becomes U+FFFD, as in a browser's file reader).
pub fn mutated_text(seeds: Vec<String>) -> impl Strategy<Value = String> {
    mutated(seeds.into_iter().map(String::into_bytes).collect()).prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

/// Valid inputs, a few of them edited, and hostile text: for parsers of one kind of text.
pub fn text_for(seeds: Vec<String>) -> BoxedStrategy<String> {
    prop_oneof![
        1 => prop::sample::select(seeds.clone()),
        6 => mutated_text(seeds),
        3 => hostile_text(),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------
// JSON values

pub const MEMBER_NAMES: &[&str] = &[
    "kty", "crv", "x", "y", "d", "n", "e", "p", "q", "dp", "dq", "qi", "oth", "k", "alg", "use", "kid", "x5c", "x5t", "keys", "type",
    "private_key", "private_key_id", "client_email", "issuer", "token_endpoint", "introspection_endpoint", "revocation_endpoint",
    "registration_endpoint", "jwks_uri", "token_endpoint_auth_methods_supported", "token_endpoint_auth_signing_alg_values_supported",
    "grant_types_supported", "scopes_supported", "scope", "iss", "sub", "aud", "exp", "", "\0", "é",
];

pub const MEMBER_VALUES: &[&str] = &[
    "RSA", "EC", "OKP", "oct", "rsa", "P-256", "P-384", "P-521", "Ed25519", "X25519", "secp256k1", "sig", "enc", "RS256", "ES256", "EdDSA",
    "none", "HS256", "AQAB", "AAEAAQ", "service_account", "https://as.example/token", "", "-----BEGIN PRIVATE KEY-----\nAA\n-----END PRIVATE KEY-----",
];

/// base64url of random bytes, often of the lengths key members have.
pub fn b64_member() -> impl Strategy<Value = String> {
    let len = prop_oneof![0usize..70, prop::sample::select(vec![127usize, 128, 129, 255, 256, 257, 384, 512, 513, 1024, 1025])];
    len.prop_flat_map(|len| proptest::collection::vec(any::<u8>(), len))
        .prop_map(|bytes| <base64ct::Base64UrlUnpadded as base64ct::Encoding>::encode_string(&bytes))
}

fn member_name() -> impl Strategy<Value = String> {
    prop_oneof![3 => prop::sample::select(MEMBER_NAMES).prop_map(str::to_owned), 1 => field_text()]
}

/// Any JSON value, up to 5 levels deep; `floats` false keeps to values that survive a
/// serialize–parse round trip exactly.
pub fn json_value(floats: bool) -> BoxedStrategy<Value> {
    let number = if floats {
        prop_oneof![
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)),
        ]
        .boxed()
    } else {
        prop_oneof![any::<i64>().prop_map(Value::from), any::<u64>().prop_map(Value::from)].boxed()
    };
    let leaf = prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => number,
        3 => field_text().prop_map(Value::String),
        2 => b64_member().prop_map(Value::String),
        2 => prop::sample::select(MEMBER_VALUES).prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::vec((member_name(), inner), 0..8).prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
    .boxed()
}

/// A JSON object of arbitrary members.
pub fn json_object(floats: bool) -> impl Strategy<Value = Map<String, Value>> {
    proptest::collection::vec((member_name(), json_value(floats)), 0..10).prop_map(|members| members.into_iter().collect())
}

/// A JWK-shaped object: a key type, a curve, and key members with random values.
pub fn jwk_like() -> impl Strategy<Value = Value> {
    let kty = prop::sample::select(vec!["RSA", "EC", "OKP", "oct", "rsa", "", "DSA"]);
    let crv = prop::sample::select(vec!["P-256", "P-384", "P-521", "Ed25519", "X448", ""]);
    let member = prop::sample::select(vec!["x", "y", "d", "n", "e", "p", "q", "dp", "dq", "qi", "oth", "alg", "use", "kid", "x5c"]);
    let value = prop_oneof![4 => b64_member().prop_map(Value::String), 1 => json_value(true)];
    (kty, crv, proptest::collection::vec((member, value), 0..10)).prop_map(|(kty, crv, members)| {
        let mut object = Map::new();
        object.insert("kty".into(), kty.into());
        object.insert("crv".into(), crv.into());
        object.extend(members.into_iter().map(|(name, value)| (name.to_owned(), value)));
        Value::Object(object)
    })
}

// ---------------------------------------------------------------------------------------
// Shell and PowerShell read-back

/// What a POSIX shell does with backslash-newline outside quotes: removes both. (shlex does
/// not, it leaves an empty word.) Quoted text is copied as it is.
pub fn join_continuations(script: &str) -> String {
    let mut out = String::with_capacity(script.len());
    let mut chars = script.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                out.push(c);
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == '\'' {
                        break;
                    }
                }
            }
            '"' => {
                out.push(c);
                while let Some(inner) = chars.next() {
                    out.push(inner);
                    if inner == '\\' {
                        if let Some(escaped) = chars.next() {
                            out.push(escaped);
                        }
                    } else if inner == '"' {
                        break;
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(escaped) => {
                    out.push('\\');
                    out.push(escaped);
                }
                None => out.push('\\'),
            },
            other => out.push(other),
        }
    }
    out
}

/// The words a POSIX shell makes of a rendered command.
pub fn shell_words(script: &str) -> Option<Vec<Vec<u8>>> {
    shlex::bytes::split(join_continuations(script).as_bytes())
}

const PS_QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];

/// A PowerShell script with every single-quoted literal replaced by `''`, and the literals
/// in order: what PowerShell reads as code and what as data.
pub fn powershell_literals(script: &str) -> (String, Vec<String>) {
    let mut skeleton = String::new();
    let mut literals = Vec::new();
    let mut chars = script.chars().peekable();
    while let Some(c) = chars.next() {
        if !PS_QUOTES.contains(&c) {
            skeleton.push(c);
            continue;
        }
        let mut literal = String::new();
        while let Some(inner) = chars.next() {
            if PS_QUOTES.contains(&inner) {
                match chars.peek() {
                    Some(next) if PS_QUOTES.contains(next) => {
                        literal.push(inner);
                        chars.next();
                    }
                    _ => break,
                }
            } else {
                literal.push(inner);
            }
        }
        skeleton.push_str("''");
        literals.push(literal);
    }
    (skeleton, literals)
}
