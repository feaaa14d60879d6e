//! The proof, its target, nonces and binding, against RFC 9449's own examples where it has them.
use super::*;
use crate::assertion::Stamp;
use crate::material::KeyKind;
use crate::request::{TokenRequest, TokenScheme};
use serde_json::{json, Value};
use crate::test_support::OrFail;

type NonceCase<'a> = (u16, Vec<(String, String)>, &'a str, NonceAsk);

/// RFC 9449 §7.1: the access token of Figure 12 and the proof of Figure 13 that presents it.
const RFC_ACCESS_TOKEN: &str = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
const RFC_ATH: &str = "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo";
const RFC_RESOURCE_PROOF: &str = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19.eyJqdGkiOiJlMWozVl9iS2ljOC1MQUVCIiwiaHRtIjoiR0VUIiwiaHR1IjoiaHR0cHM6Ly9yZXNvdXJjZS5leGFtcGxlLm9yZy9wcm90ZWN0ZWRyZXNvdXJjZSIsImlhdCI6MTU2MjI2MjYxOCwiYXRoIjoiZlVIeU8ycjJaM0RaNTNFc05yV0JiMHhXWG9hTnk1OUlpS0NBcWtzbVFFbyJ9.2oW9RP35yRqzhrtNP86L-Ey71EOptxRimPPToA1plemAgR6pxHF8y6-yqyVnmcw6Fy1dqd-jfxSYoMxhAJpLjA";
/// RFC 9449 §6.1: the thumbprint of the examples' key.
const RFC_JKT: &str = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

fn rfc_key() -> crate::material::PublicKey {
    let jwk = json!({"kty": "EC", "x": "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs", "y": "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA", "crv": "P-256"});
    crate::jwk::read(&jwk, crate::jwk::Check::Full).or_fail().public
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
}

#[test]
fn ath_and_jkt_are_the_rfc_examples() {
    assert_eq!(ath(RFC_ACCESS_TOKEN), RFC_ATH);
    assert_eq!(jkt(&rfc_key()), RFC_JKT);
}

#[test]
fn htu_drops_query_and_fragment_and_normalizes_scheme_host_and_port() {
    // RFC 9449 §4.2: "without query and fragment parts"; §4.3 point 9: RFC 3986 §6.2.2/§6.2.3.
    for (url, expected) in [
        ("https://server.example.com/token", "https://server.example.com/token"),
        ("https://server.example.com/token?x=1#f", "https://server.example.com/token"),
        ("https://resource.example.org/protectedresource#part", "https://resource.example.org/protectedresource"),
        ("HTTPS://Server.Example.COM:443/Token", "https://server.example.com/Token"),
        ("http://127.0.0.1:80/cb?code=1", "http://127.0.0.1/cb"),
        ("https://as.example:8443/token", "https://as.example:8443/token"),
        ("http://as.example:8080", "http://as.example:8080/"),
        ("https://as.example", "https://as.example/"),
        ("https://as.example?x", "https://as.example/"),
        ("http://[::1]:80/x", "http://[::1]/x"),
    ] {
        assert_eq!(htu(url), expected, "{url}");
    }
}

#[test]
fn the_rfc_resource_proof_has_no_findings_and_verifies() {
    let target = ProofTarget { htm: "GET".into(), htu: "https://resource.example.org/protectedresource".into(), ath: Some(RFC_ATH.into()) };
    assert_eq!(proof_findings(RFC_RESOURCE_PROOF, &target, 1_562_262_618), Ok(vec![]));
    let decoded = crate::jws::decode(RFC_RESOURCE_PROOF).map_err(|e| e.to_string());
    assert_eq!(decoded.and_then(|d| d.verify(&rfc_key()).map_err(|e| e.to_string())), Ok(()));
    // The same proof an hour later, for another request, without the token it was made for.
    let other = ProofTarget { htm: "POST".into(), htu: "https://resource.example.org/other".into(), ath: Some(ath("another")) };
    let found = proof_findings(RFC_RESOURCE_PROOF, &other, 1_562_262_618 + 3600).unwrap_or_default();
    assert_eq!(
        found,
        vec![
            ProofFinding::HtuMismatch { proof: "https://resource.example.org/protectedresource".into(), request: "https://resource.example.org/other".into() },
            ProofFinding::HtmMismatch { proof: "GET".into(), request: "POST".into() },
            ProofFinding::IatSkew { seconds: -3600 },
            ProofFinding::AthMismatch,
        ]
    );
}

#[test]
fn the_target_comes_from_the_request() {
    let get = TokenRequest::resource_get("https://API.example/v1/items?page=2", RFC_ACCESS_TOKEN, TokenScheme::Dpop);
    let get = get.map(|r| ProofTarget::of(&r));
    assert_eq!(get, Ok(ProofTarget { htm: "GET".into(), htu: "https://api.example/v1/items".into(), ath: Some(RFC_ATH.into()) }));
    // A Bearer token is not proved: no ath.
    let bearer = TokenRequest::resource_get("https://api.example/v1", RFC_ACCESS_TOKEN, TokenScheme::Bearer).map(|r| ProofTarget::of(&r).ath);
    assert_eq!(bearer, Ok(None));
    let headers = TokenRequest::resource_get("https://api.example/v1", " tok ", TokenScheme::Dpop).map(|r| r.headers);
    assert_eq!(headers.ok().and_then(|h| h.first().cloned()), Some(("Authorization".into(), "DPoP tok".into())));
    // The scheme is case-insensitive (RFC 9110 §11.1).
    let mut lower = TokenRequest::bearer_get("https://api.example/v1", "t").or_fail();
    lower.headers[0] = ("authorization".into(), "dpop t".into());
    assert_eq!(ProofTarget::of(&lower).ath, Some(ath("t")));
}

#[test]
fn a_proof_signed_here_has_the_claims_and_verifies() {
    let stamp = Stamp { now: 1_700_000_000, jti_bytes: [7; 16] };
    for alg in DpopAlg::ALL {
        let private = crate::crypto::generate(alg.key_kind()).or_fail();
        let public = private.public_key();
        let target = ProofTarget { htm: "POST".into(), htu: "https://as.example/token".into(), ath: None };
        let unsigned = unsigned_proof(alg.alg(), &public, &target, Some("n-1"), stamp).or_fail();
        let signature = crate::crypto::sign(&private, alg.alg(), unsigned.signing_input().as_bytes()).or_fail();
        let proof = unsigned.finish(&signature);
        let decoded = crate::jws::decode(&proof).or_fail();
        assert_eq!(decoded.verify(&public), Ok(()), "{alg:?}");
        let header: Vec<&str> = decoded.header.keys().map(String::as_str).collect();
        assert_eq!(header, ["typ", "alg", "jwk"]);
        assert_eq!(decoded.header["typ"], "dpop+jwt");
        assert_eq!(decoded.header["alg"], alg.id());
        assert_eq!(decoded.header["jwk"], crate::jwk::public_key_members(&public));
        let jwk = decoded.header["jwk"].as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
        assert!(jwk.iter().all(|m| ["kty", "crv", "x", "y", "n", "e"].contains(&m.as_str())), "{jwk:?}");
        let claims = decoded.claims.as_object().cloned().unwrap_or_default();
        let names: Vec<&str> = claims.keys().map(String::as_str).collect();
        assert_eq!(names, ["jti", "htm", "htu", "iat", "nonce"]);
        assert_eq!(claims["jti"], "07070707-0707-4707-8707-070707070707");
        assert_eq!(claims["iat"], 1_700_000_000);
        assert_eq!(proof_findings(&proof, &target, 1_700_000_030), Ok(vec![]), "{alg:?}");
    }
}

#[test]
fn a_proof_refuses_a_key_that_cannot_make_its_alg_and_a_bad_nonce() {
    let public = rfc_key();
    let target = ProofTarget { htm: "POST".into(), htu: "https://as.example/token".into(), ath: None };
    let stamp = Stamp { now: 0, jti_bytes: [0; 16] };
    let long = "n".repeat(MAX_NONCE_BYTES + 1);
    let code = |alg, nonce| unsigned_proof(alg, &public, &target, nonce, stamp).err().map(|e| e.code());
    assert_eq!(code(crate::jwa::Alg::RS256, None), Some("DPOP_ALG_NOT_FOR_KEY"));
    assert_eq!(code(crate::jwa::Alg::ES256, Some("a b")), Some("DPOP_NONCE_CHARACTER"));
    assert_eq!(code(crate::jwa::Alg::ES256, Some("")), Some("DPOP_NONCE_EMPTY"));
    assert_eq!(code(crate::jwa::Alg::ES256, Some(long.as_str())), Some("DPOP_NONCE_TOO_LONG"));
    assert_eq!(code(crate::jwa::Alg::ES256, Some("!#[]~")), None);
}

#[test]
fn with_proof_replaces_the_earlier_proof() {
    let mut request = TokenRequest::bearer_get("https://api.example/v1", "t").or_fail();
    with_proof(&mut request, "first");
    with_proof(&mut request, "second");
    let proofs: Vec<&str> = request.headers.iter().filter(|(n, _)| n == "DPoP").map(|(_, v)| v.as_str()).collect();
    assert_eq!(proofs, ["second"]);
}

#[test]
fn nonce_asks_are_read_from_the_token_endpoint_and_a_resource() {
    let nonce = headers(&[("dpop-nonce", "eyJ7S_zG.eyJH0-Z.HX4w-7v")]);
    let retry = NonceAsk::Retry { nonce: "eyJ7S_zG.eyJH0-Z.HX4w-7v".into() };
    let asked_400 = r#"{"error": "use_dpop_nonce", "error_description": "Authorization server requires nonce in DPoP proof"}"#;
    let challenge = ("WWW-Authenticate", r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof""#);
    let mut both = nonce.clone();
    both.extend(headers(&[challenge]));
    let cases: Vec<NonceCase> = vec![
        (400, nonce.clone(), asked_400, retry.clone()),
        (400, vec![], asked_400, NonceAsk::Unreadable),
        (400, headers(&[("DPoP-Nonce", "has space")]), asked_400, NonceAsk::Malformed(DpopError::NonceCharacter { character: ' ' })),
        (400, nonce.clone(), r#"{"error": "invalid_dpop_proof"}"#, NonceAsk::NoAsk),
        (400, nonce.clone(), "not json", NonceAsk::NoAsk),
        (401, both.clone(), "", retry.clone()),
        (401, headers(&[challenge]), "", NonceAsk::Unreadable),
        // Neither header exposed to the page, but the body says it.
        (401, vec![], asked_400, NonceAsk::Unreadable),
        (401, nonce.clone(), asked_400, retry.clone()),
        (401, vec![], r#"{"error": "invalid_token"}"#, NonceAsk::NoAsk),
        (401, [headers(&[("www-authenticate", "Bearer realm=\"x\", dpop error=use_dpop_nonce")]), nonce.clone()].concat(), "", retry.clone()),
        (401, [headers(&[("WWW-Authenticate", "DPoP error=\"invalid_token\"")]), nonce.clone()].concat(), "", NonceAsk::NoAsk),
        // Another scheme's error, or a word that merely contains "dpop", asks nothing.
        (401, [headers(&[("WWW-Authenticate", "Bearer error=\"use_dpop_nonce\"")]), nonce.clone()].concat(), "", NonceAsk::NoAsk),
        (401, [headers(&[("WWW-Authenticate", "NotDPoP error=\"use_dpop_nonce\"")]), nonce.clone()].concat(), "", NonceAsk::NoAsk),
        (200, both.clone(), asked_400, NonceAsk::NoAsk),
        // oidc-provider 9.13's userinfo, word for word (the e2e engineer's record of its answers).
        (401, [headers(&[("www-authenticate", r#"DPoP realm="http://127.0.0.1:4000", error="use_dpop_nonce", error_description="nonce is required in the DPoP proof", algs="ES256 ES384 ES512 PS256 RS256 EdDSA""#)]), nonce.clone()].concat(), "", retry.clone()),
        (401, [headers(&[("www-authenticate", r#"DPoP realm="http://127.0.0.1:4000", error="invalid_token", error_description="invalid token provided", algs="ES256 ES384 ES512 PS256 RS256 EdDSA""#)]), nonce.clone()].concat(), "", NonceAsk::NoAsk),
        (400, nonce.clone(), r#"{"error":"use_dpop_nonce","error_description":"invalid nonce in DPoP proof"}"#, retry.clone()),
        // A quoted description may hold commas and quotes; the error after it still counts.
        (401, [headers(&[("WWW-Authenticate", r#"DPoP error_description="nonce, \"please\"", error="use_dpop_nonce""#)]), nonce.clone()].concat(), "", retry.clone()),
    ];
    for (status, headers, body, expected) in cases {
        assert_eq!(NonceAsk::read(status, &headers, body), expected, "{status} {headers:?} {body}");
    }
}

#[test]
fn any_answer_may_hand_out_the_next_nonce() {
    assert_eq!(fresh_nonce(&headers(&[("DPoP-Nonce", " n-2 ")])), Some("n-2".into()));
    assert_eq!(fresh_nonce(&headers(&[("Content-Type", "application/json")])), None);
    assert_eq!(fresh_nonce(&headers(&[("DPoP-Nonce", "quote\"d")])), None);
    assert_eq!(nonce_header(&headers(&[("DPoP-Nonce", "back\\slash")])), Err(DpopError::NonceCharacter { character: '\\' }));
    assert_eq!(nonce_header(&headers(&[("DPoP-Nonce", "é")])), Err(DpopError::NonceCharacter { character: 'é' }));
    assert_eq!(nonce_header(&headers(&[("DPoP-Nonce", "")])), Err(DpopError::NonceEmpty));
}

#[test]
fn dpop_algs_round_trip_and_make_keys_that_sign_them() {
    for alg in DpopAlg::ALL {
        assert_eq!(DpopAlg::from_id(alg.id()), Some(alg));
        assert!(alg.key_kind().signs_with(alg.alg()), "{alg:?}");
    }
    let ids: Vec<&str> = DpopAlg::ALL.iter().map(|a| a.id()).collect();
    assert_eq!(ids, ["ES256", "ES384", "ES512", "PS256", "RS256", "EdDSA"]);
    assert_eq!(DpopAlg::default(), DpopAlg::ES256);
    assert_eq!(DpopAlg::ES512.key_kind(), KeyKind::P521);
    for source in DpopKeySource::ALL {
        assert_eq!(DpopKeySource::from_id(source.id()), Some(source));
    }
}

#[test]
fn proof_findings_name_each_defect() {
    let target = ProofTarget { htm: "GET".into(), htu: "https://api.example/v1".into(), ath: Some(ath("t")) };
    let forge = |header: Value, claims: Value| {
        let object = |value: Value| value.as_object().cloned().unwrap_or_default();
        crate::jws::assemble(&crate::jws::signing_input(&object(header), &object(claims)), b"sig")
    };
    let header = json!({"typ": "JWT", "alg": "HS256", "jwk": {"kty": "EC", "crv": "P-256", "x": "x", "y": "y", "d": "secret"}});
    let claims = json!({"htm": "GET", "htu": "https://api.example/v1?q=1", "iat": 1000});
    let found = proof_findings(&forge(header, claims), &target, 1000).unwrap_or_default();
    assert_eq!(
        found,
        vec![
            ProofFinding::WrongTyp { found: "JWT".into() },
            ProofFinding::SymmetricAlg { alg: "HS256".into() },
            ProofFinding::PrivateMembersInJwk { members: vec!["d".into()] },
            ProofFinding::MissingClaim { name: "jti" },
            ProofFinding::HtuHasQueryOrFragment,
            ProofFinding::MissingAth,
        ]
    );
    let found = proof_findings(&forge(json!({"alg": "none"}), json!({"jti": "j", "htm": "GET", "htu": "https://api.example/v1", "iat": 1200})), &target, 1000);
    assert_eq!(
        found.map(|f| f.iter().map(ToString::to_string).collect::<Vec<_>>()),
        Ok(vec![
            "The header has no \"typ\"; a proof has \"dpop+jwt\".".to_owned(),
            "\"alg\" is \"none\"; a proof must use an asymmetric algorithm (RFC 9449 §4.3).".to_owned(),
            "The header has no \"jwk\" with the public key.".to_owned(),
            "\"iat\" is 200 s in the future; servers allow about 60 s.".to_owned(),
            "The request presents an access token, but the proof has no \"ath\" (RFC 9449 §4.2).".to_owned(),
        ])
    );
    assert_eq!(proof_findings("a.b", &target, 0).err().map(|e| e.code()), Some("DPOP_DECODE"));
    assert_eq!(proof_findings("e30.WzFd.c2ln", &target, 0).err().map(|e| e.code()), Some("DPOP_CLAIMS_NOT_OBJECT"));
}

#[test]
fn binding_is_read_from_token_type_and_cnf() {
    let jkt = RFC_JKT;
    let answer = json!({"access_token": "a.b.c", "token_type": "DPoP"});
    let bound = serde_json::Map::from_iter([("cnf".to_owned(), json!({"jkt": jkt}))]);
    let other = serde_json::Map::from_iter([("cnf".to_owned(), json!({"jkt": "other"}))]);
    let unbound = serde_json::Map::new();
    assert_eq!(binding_findings(true, &answer, Some(&bound), Some(jkt), None), vec![BindingFinding::JktMatches]);
    assert_eq!(binding_findings(true, &answer, Some(&other), Some(jkt), None), vec![BindingFinding::JktMismatch { expected: jkt.into(), got: "other".into() }]);
    assert_eq!(binding_findings(true, &answer, Some(&unbound), Some(jkt), None), vec![BindingFinding::JktMismatch { expected: jkt.into(), got: String::new() }]);
    // An opaque token: the binding is not visible.
    assert_eq!(binding_findings(true, &answer, None, Some(jkt), None), vec![BindingFinding::Unseen]);
    // Asked for DPoP, got Bearer (case-insensitive compare).
    let bearer = json!({"access_token": "x", "token_type": "bearer"});
    assert_eq!(binding_findings(true, &bearer, None, None, None), vec![BindingFinding::TokenTypeMismatch { asked: TokenScheme::Dpop, got: "bearer".into() }]);
    assert_eq!(binding_findings(false, &bearer, None, None, None), vec![]);
    assert_eq!(binding_findings(false, &answer, None, None, None), vec![BindingFinding::TokenTypeMismatch { asked: TokenScheme::Bearer, got: "DPoP".into() }]);
    assert_eq!(binding_findings(true, &json!({"token_type": "dpop"}), None, None, None), vec![]);
    // An introspection answer carries cnf itself (RFC 9449 §6.2, RFC 8705 §3.2).
    let introspection = json!({"active": true, "token_type": "DPoP", "cnf": {"jkt": jkt, "x5t#S256": "cert"}});
    assert_eq!(binding_findings(true, &introspection, None, Some(jkt), Some("cert")), vec![BindingFinding::JktMatches, BindingFinding::X5tMatches]);
    assert_eq!(
        binding_findings(true, &introspection, None, None, Some("mine")),
        vec![BindingFinding::X5tMismatch { expected: "mine".into(), got: "cert".into() }]
    );
    assert!(BindingFinding::JktMatches.is_match() && !BindingFinding::Unseen.is_match());
    assert_eq!(binding_findings(true, &json!({"active": false}), None, Some(jkt), Some("cert")), vec![]);
}

#[test]
fn x5t_s256_is_the_sha256_of_the_der() {
    // SHA-256 of the empty string, base64url (FIPS 180-2 test vector).
    assert_eq!(x5t_s256(b""), "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
}

#[test]
fn an_iat_at_the_end_of_the_number_range_is_named_not_a_panic() {
    // A proof pasted or crafted with iat = i64::MIN: the difference to now saturates there,
    // and its absolute value does not fit an i64 (abs() panics with overflow checks on).
    let header = RFC_RESOURCE_PROOF.split('.').next().unwrap_or_default();
    let claims = json!({"jti": "x", "htm": "GET", "htu": "https://resource.example.org/protectedresource", "iat": i64::MIN, "ath": RFC_ATH});
    let crafted = format!("{header}.{}.AA", crate::b64::url_encode(claims.to_string().as_bytes()));
    let target = ProofTarget { htm: "GET".into(), htu: "https://resource.example.org/protectedresource".into(), ath: Some(RFC_ATH.into()) };
    let found = proof_findings(&crafted, &target, 1_562_262_618).map_err(|e| e.to_string());
    assert_eq!(found, Ok(vec![ProofFinding::IatSkew { seconds: i64::MIN }]));
}
