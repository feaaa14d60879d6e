//! DPoP: what servers answer (nonces, challenges, token answers) and proofs pasted or decoded.
use super::*;
use pkjwt_core::dpop::{self, BindingFinding, NonceAsk, ProofTarget, MAX_NONCE_BYTES};

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        Just("DPoP-Nonce".to_owned()),
        Just("dpop-nonce".to_owned()),
        Just("WWW-Authenticate".to_owned()),
        Just("www-authenticate".to_owned()),
        hostile_text(),
    ];
    let value = prop_oneof![
        Just("DPoP error=\"use_dpop_nonce\"".to_owned()),
        Just("Bearer realm=\"x\", DPoP error=use_dpop_nonce, algs=\"ES256\"".to_owned()),
        Just("eyJ7S_zG.eyJH0-Z.HX4w-7v".to_owned()),
        hostile_text(),
    ];
    proptest::collection::vec((name, value), 0..5)
}

#[test]
fn nonce_asks_from_arbitrary_answers() {
    let body = prop_oneof![Just(r#"{"error":"use_dpop_nonce"}"#.to_owned()), hostile_text()];
    let status = prop_oneof![Just(400u16), Just(401u16), any::<u16>()];
    fuzz("NonceAsk::read", "arbitrary status, headers and body", (status, headers(), body), |(status, headers, body)| {
        match NonceAsk::read(status, &headers, &body) {
            NonceAsk::Retry { nonce } => {
                accepted();
                // A nonce that goes into the next proof is one RFC 9449 §8.1 allows.
                prop_assert!(!nonce.is_empty() && nonce.len() <= MAX_NONCE_BYTES);
                prop_assert!(nonce.chars().all(|c| matches!(c, '\x21' | '\x23'..='\x5B' | '\x5D'..='\x7E')), "{:?}", nonce);
                prop_assert_eq!(dpop::fresh_nonce(&headers), Some(nonce));
            }
            NonceAsk::Malformed(error) => error_contract("NonceAsk::read", Some(error.code()), &error.to_string())?,
            NonceAsk::NoAsk | NonceAsk::Unreadable => {}
        }
        if let Err(error) = dpop::nonce_header(&headers) {
            error_contract("nonce_header", Some(error.code()), &error.to_string())?;
        }
        Ok(())
    });
}

#[test]
fn proof_findings_of_arbitrary_and_mutated_proofs() {
    let target = ProofTarget { htm: "POST".into(), htu: "https://as.example/token".into(), ath: Some(dpop::ath("token")) };
    let encode = |bytes: &[u8]| <base64ct::Base64UrlUnpadded as base64ct::Encoding>::encode_string(bytes);
    let proof = prop_oneof![
        2 => text_for(seeds().tokens.clone()),
        1 => (json_value(true), json_value(true)).prop_map(move |(h, c)| format!("{}.{}.c2ln", encode(h.to_string().as_bytes()), encode(c.to_string().as_bytes()))),
    ];
    fuzz("dpop::proof_findings", "arbitrary, mutated and JSON-bodied proofs", (proof, any::<i64>()), |(proof, now)| {
        match dpop::proof_findings(&proof, &target, now) {
            Err(error) => error_contract("proof_findings", Some(error.code()), &error.to_string()),
            Ok(findings) => {
                accepted();
                for finding in findings {
                    error_contract("ProofFinding", None, &finding.to_string())?;
                }
                Ok(())
            }
        }
    });
}

#[test]
fn binding_findings_of_arbitrary_answers() {
    let strategy = (json_value(true), proptest::option::of(json_object(true)), any::<bool>());
    fuzz("dpop::binding_findings", "arbitrary token and introspection answers", strategy, |(answer, claims, asked)| {
        let findings = dpop::binding_findings(asked, &answer, claims.as_ref(), Some("jkt"), Some("x5t"));
        accepted();
        // Asked about both a key and a certificate: each is answered, or the binding is unseen,
        // or the token is an inactive one.
        let answered = findings.iter().filter(|f| !matches!(f, BindingFinding::TokenTypeMismatch { .. })).count();
        let inactive = answer.get("active") == Some(&Value::Bool(false));
        prop_assert!(answered == 2 || findings.last() == Some(&BindingFinding::Unseen) || (inactive && findings.is_empty()), "{:?}", findings);
        for finding in findings {
            error_contract("BindingFinding", None, &finding.to_string())?;
        }
        Ok(())
    });
}
