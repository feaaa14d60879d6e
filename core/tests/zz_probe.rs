use std::time::Instant;
fn t<R>(name: &str, f: impl FnOnce() -> R) -> R { let s = Instant::now(); let r = f(); eprintln!("{name}: {:?}", s.elapsed()); r }
#[test]
fn probe() {
    let ten = 10 * 1024 * 1024;
    let env_sq = format!("A='\n{}", "x\n".repeat(120_000));
    let _ = t("env single-quote 240KB", || pkjwt_core::share::from_env(&env_sq).is_ok());
    let env_dq = format!("A=\"\n{}", "x\n".repeat(120_000));
    let _ = t("env double-quote 240KB", || pkjwt_core::share::from_env(&env_dq).is_ok());
    let dots = ".".repeat(ten);
    let _ = t("jws dots 10MB", || pkjwt_core::jws::decode(&dots).is_ok());
    let big = format!("eyJhbGciOiJub25lIn0.{}.", "A".repeat(ten));
    let _ = t("jws 10MB payload", || pkjwt_core::jws::decode(&big).is_ok());
    let frag = "a&".repeat(ten / 2);
    let r = t("fragment 10MB", || pkjwt_core::share::from_fragment(&frag));
    eprintln!("unknown {}", r.1.unknown.len());
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let _ = t("metadata deep", || pkjwt_core::discovery::parse_metadata(&deep).is_ok());
    let big_json = format!("{{\"a\":\"{}\"}}", "x".repeat(ten));
    let _ = t("metadata 10MB", || pkjwt_core::discovery::parse_metadata(&big_json).is_ok());
    let _ = t("pem 10MB", || pkjwt_core::pem::parse_blocks(&format!("-----BEGIN X-----\n{}\n-----END X-----", "A".repeat(ten))).is_ok());
    let _ = t("parse_jwk 10MB", || pkjwt_core::jwk::parse_jwk(&big_json).is_ok());
    let _ = t("endpoint 10MB", || pkjwt_core::request::Endpoint::parse(&format!("https://h/{}", "a".repeat(ten))).is_ok());
}
