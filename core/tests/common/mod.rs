//! Shared helpers for the integration tests: a scratch directory per test, running the
//! `openssl` CLI in it (the independent implementation our output is checked against),
//! generated keys shared within one test binary, and small decoders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use base64ct::{Base64UrlUnpadded, Encoding};
use pkjwt_core::key::import::{import_der, import_text};
use pkjwt_core::crypto;
use pkjwt_core::key::KeyKind;
use pkjwt_core::{Key, PrivateKey};

pub const OPENSSL: &str = "/usr/bin/openssl";

/// A fresh directory under the system temp dir, removed when dropped.
pub struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    pub fn new(tag: &str) -> Scratch {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("pkjwt-core-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, bytes).expect("write scratch file");
        path
    }

    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap_or_else(|e| panic!("read {name}: {e}"))
    }

    pub fn read_string(&self, name: &str) -> String {
        String::from_utf8(self.read(name)).expect("UTF-8 file")
    }

    /// Runs openssl in this directory and returns its output whatever the exit status.
    pub fn openssl_output(&self, args: &[&str]) -> Output {
        Command::new(OPENSSL)
            .args(args)
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .output()
            .expect("run /usr/bin/openssl")
    }

    /// Runs openssl, requires success, returns stdout.
    pub fn openssl(&self, args: &[&str]) -> Vec<u8> {
        let output = self.openssl_output(args);
        assert!(
            output.status.success(),
            "openssl {} failed: {}\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr),
            String::from_utf8_lossy(&output.stdout)
        );
        output.stdout
    }

    pub fn openssl_text(&self, args: &[&str]) -> String {
        String::from_utf8(self.openssl(args)).expect("openssl prints UTF-8")
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One key of each kind per test binary: RSA-4096 generation is the slow part of the suite.
pub fn generated(kind: KeyKind) -> &'static PrivateKey {
    static KEYS: [OnceLock<PrivateKey>; 7] = [const { OnceLock::new() }; 7];
    let index = KeyKind::ALL.iter().position(|k| *k == kind).expect("kind is in ALL");
    KEYS[index].get_or_init(|| crypto::generate(kind).unwrap_or_else(|e| panic!("generate {kind:?}: {e}")))
}

/// Imports text that must yield exactly one key.
pub fn import_one(text: &str) -> Key {
    let imported = import_text(text).unwrap_or_else(|e| panic!("import failed [{}]: {e}", e.code()));
    assert_eq!(imported.candidates.len(), 1, "expected one key");
    imported.candidates[0].key.clone()
}

pub fn import_one_der(der: &[u8]) -> Key {
    let imported = import_der(der).unwrap_or_else(|e| panic!("DER import failed [{}]: {e}", e.code()));
    assert_eq!(imported.candidates.len(), 1, "expected one key");
    imported.candidates[0].key.clone()
}

pub fn b64url(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

pub fn b64url_decode(text: &str) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(text).unwrap_or_else(|e| panic!("not base64url {text:?}: {e}"))
}

/// "AB:CD:.." or "abcd..." hex, as openssl prints it, to bytes.
pub fn hex_bytes(text: &str) -> Vec<u8> {
    let digits: String = text.chars().filter(char::is_ascii_hexdigit).collect();
    assert!(digits.len() % 2 == 0, "odd hex length in {text:?}");
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).expect("hex digit"))
        .collect()
}

/// A hex field of `openssl pkey -text` (e.g. "priv:", "exponent1:") as bytes, leading
/// zero bytes removed (openssl adds a 00 when the top bit is set).
pub fn openssl_text_field(text: &str, label: &str) -> Vec<u8> {
    let mut lines = text.lines().skip_while(|line| line.trim() != label);
    assert!(lines.next().is_some(), "no {label} in openssl output:\n{text}");
    let hex: String = lines
        .take_while(|line| line.starts_with("    "))
        .collect::<Vec<_>>()
        .concat();
    strip_leading_zeros(hex_bytes(&hex))
}

pub fn strip_leading_zeros(mut bytes: Vec<u8>) -> Vec<u8> {
    let zeros = bytes.iter().take_while(|b| **b == 0).count();
    bytes.drain(..zeros.min(bytes.len().saturating_sub(1)));
    bytes
}

/// The member `name` of a JSON object, as a string.
pub fn member<'a>(object: &'a serde_json::Value, name: &str) -> &'a str {
    object.get(name).and_then(serde_json::Value::as_str).unwrap_or_else(|| panic!("no string member {name:?} in {object}"))
}

/// The PEM armour removed: the base64 body on one line.
pub fn pem_body(pem: &str) -> String {
    pem.lines().filter(|line| !line.starts_with("-----")).collect()
}

/// Puts a `curl` in `dir` that writes each of its arguments followed by NUL to `$ARGS_OUT`.
///
/// A child shell writes the file, not this process: had this process opened it for writing,
/// a command another test thread forks at that moment would inherit the descriptor, and
/// running the stub would fail with "Text file busy" (ETXTBSY), as it once did in CI.
pub fn install_argument_recorder(dir: &Path) {
    use std::io::Write;
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("cat > curl.tmp && chmod +x curl.tmp && mv curl.tmp curl")
        .current_dir(dir)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("run sh: {e}"));
    let script = "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done > \"$ARGS_OUT\"\n";
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(script.as_bytes()).unwrap_or_else(|e| panic!("write stub: {e}"));
    }
    let status = child.wait();
    assert!(status.as_ref().is_ok_and(|s| s.success()), "installing the stub curl failed: {status:?}");
}
