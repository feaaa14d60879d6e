//! Keys: import_text, import_der, JWK, JWKS, PEM, certificates.
use super::*;

fn key_error(what: &str, error: &pkjwt_core::KeyError) -> Result<(), TestCaseError> {
    error_contract(what, Some(error.code()), &error.to_string())
}

/// What a reading of key input must satisfy: a typed error, or keys that export and import
/// again to the same thumbprint (and stay private when they were).
fn key_outcome(what: &str, result: &Result<Imported, pkjwt_core::KeyError>) -> Result<(), TestCaseError> {
    match result {
        Err(error) => key_error(what, error),
        Ok(imported) => {
            accepted();
            prop_assert!(!imported.candidates.is_empty(), "{what}: Ok without a key");
            for error in &imported.skipped {
                key_error(what, error)?;
            }
            imported.candidates.iter().try_for_each(|candidate| key_round_trips(what, &candidate.key))
        }
    }
}

/// `exported` is the length of what was exported: a key made from a JSON value (not text)
/// may carry a `kid` or certificate so long that its JWK is over the import limit.
fn same_key(what: &str, form: &str, original: &Key, exported: usize, text: Result<Imported, pkjwt_core::KeyError>) -> Result<(), TestCaseError> {
    if exported > MAX_INPUT_BYTES {
        prop_assert_eq!(text.err().map(|e| e.code()), Some("KEY_TOO_LARGE"));
        return Ok(());
    }
    let imported = text.map_err(|e| fail(format!("{what}: our own {form} does not import again: {e}")))?;
    prop_assert_eq!(imported.candidates.len(), 1, "{}: {} gave several keys", what, form);
    let back = &imported.candidates[0].key;
    prop_assert_eq!(jwk::thumbprint(back.public_key()), jwk::thumbprint(original.public_key()), "{}: {} changed the key", what, form);
    prop_assert_eq!(back.is_private(), original.is_private() && form != "public JWK" && form != "public PEM", "{}: {}", what, form);
    Ok(())
}

fn key_round_trips(what: &str, key: &Key) -> Result<(), TestCaseError> {
    let public_jwk = pkjwt_core::key::export::public_jwk(key);
    same_key(what, "public JWK", key, public_jwk.len(), import_text(&public_jwk))?;
    let public_pem = export::public_pem(key).map_err(|e| fail(format!("{what}: public PEM: {e}")))?;
    same_key(what, "public PEM", key, public_pem.len(), import_text(&public_pem))?;
    if key.is_private() {
        let private_jwk = pkjwt_core::key::export::private_jwk(key).ok_or_else(|| fail(format!("{what}: no private JWK")))?;
        same_key(what, "private JWK", key, private_jwk.len(), import_text(&private_jwk))?;
        let der = export::private_pkcs8_der(key)
            .map_err(|e| fail(format!("{what}: PKCS#8: {e}")))?
            .ok_or_else(|| fail(format!("{what}: no PKCS#8")))?;
        same_key(what, "PKCS#8 DER", key, der.len(), import_der(&der))?;
    }
    Ok(())
}

#[test]
fn import_text_arbitrary_text() {
    fuzz("import_text", "arbitrary and hostile text", hostile_text(), |text| key_outcome("import_text", &import_text(&text)));
}

#[test]
fn import_text_mutated_keys() {
    fuzz("import_text", "mutated JWK/JWKS/PEM/service account (round trip)", mutated_text(seeds().key_texts.clone()), |text| {
        key_outcome("import_text", &import_text(&text))
    });
}

#[test]
fn import_text_key_like_text_in_armour() {
    let body = prop_oneof![r#"[\{\}\[\]":,a-zA-Z0-9 \-_=+/\n]{0,400}"#.boxed(), hostile_text()];
    let label = prop::sample::select(vec!["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "PUBLIC KEY", "CERTIFICATE", "X"]);
    fuzz("import_text", "random bodies in PEM armour", (label, body), |(label, body)| {
        key_outcome("import_text", &import_text(&format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n")))
    });
}

#[test]
fn import_text_jwk_members_with_arbitrary_values() {
    let member = prop::sample::select(vec!["n", "e", "d", "p", "q", "x", "y", "crv", "kty", "alg", "use", "kid", "x5c", "oth"]);
    let value = prop_oneof![
        b64_member().prop_map(Value::String),
        field_text().prop_map(Value::String),
        any::<i64>().prop_map(Value::from),
        Just(Value::Null),
        Just(json!(["AA", 1])),
        json_value(true),
    ];
    let jwks = seeds().jwks.clone();
    // Members of one kind's JWK put into another's reach the consistency checks.
    fuzz("import_text", "JWK members replaced (round trip)", (0..jwks.len(), 0..jwks.len(), member, value, any::<bool>()), |(seed, donor, member, value, borrow)| {
        let mut jwk: Value = serde_json::from_str(&jwks[seed]).expect("seed JWK");
        let donor: Value = serde_json::from_str(&jwks[donor]).expect("seed JWK");
        jwk[member] = if borrow { donor.get(member).cloned().unwrap_or(Value::Null) } else { value };
        key_outcome("import_text", &import_text(&jwk.to_string()))
    });
}

#[test]
fn import_der_arbitrary_bytes() {
    let bytes = prop_oneof![proptest::collection::vec(any::<u8>(), 0..600), hostile_text().prop_map(String::into_bytes)];
    fuzz("import_der", "arbitrary bytes", bytes, |bytes| {
        key_outcome("import_der", &import_der(&bytes))?;
        key_outcome("import_text", &import_text(&String::from_utf8_lossy(&bytes)))
    });
}

#[test]
fn import_der_mutated_der() {
    fuzz("import_der", "mutated PKCS#8/PKCS#1/SEC1/SPKI/X.509 (round trip)", mutated(seeds().ders.clone()), |bytes| {
        key_outcome("import_der", &import_der(&bytes))?;
        let base64 = <base64ct::Base64 as base64ct::Encoding>::encode_string(&bytes);
        key_outcome("import_text", &import_text(&base64))
    });
}

/// A PEM file whose body holds bytes that are not UTF-8: as bytes it is not DER, and as text
/// (the browser's lossy decoding) its body has U+FFFD in it; either way a typed error.
#[test]
fn import_invalid_utf8_in_pem_bodies() {
    let pems = seeds().pems.clone();
    let invalid = prop::sample::select(vec![&b"\x80"[..], b"\xc3", b"\xe2\x82", b"\xc0\xaf", b"\xed\xa0\x80", b"\xff", b"\xfe\xff"]);
    fuzz("import_der", "invalid UTF-8 in PEM bodies", (0..pems.len(), any::<prop::sample::Index>(), any::<usize>(), invalid), |(seed, line, column, bad)| {
        let text = &pems[seed];
        let body_lines: Vec<usize> = text.lines().enumerate().filter(|(_, l)| !l.starts_with("-----") && !l.is_empty()).map(|(i, _)| i).collect();
        let target = *line.get(&body_lines);
        let mut bytes = Vec::new();
        for (index, l) in text.lines().enumerate() {
            if index == target {
                let at = column % (l.len() + 1);
                bytes.extend_from_slice(&l.as_bytes()[..at]);
                bytes.extend_from_slice(bad);
                bytes.extend_from_slice(&l.as_bytes()[at..]);
            } else {
                bytes.extend_from_slice(l.as_bytes());
            }
            bytes.push(b'\n');
        }
        let as_der = import_der(&bytes);
        prop_assert!(as_der.is_err(), "PEM text read as DER");
        key_outcome("import_der", &as_der)?;
        let as_text = import_text(&String::from_utf8_lossy(&bytes));
        key_outcome("import_text", &as_text)?;
        prop_assert_eq!(as_text.err().map(|e| e.code()), Some("PEM_BODY"));
        Ok(())
    });
}

#[test]
fn parse_jwk_text() {
    let text = prop_oneof![
        3 => text_for(seeds().jwks.clone()),
        2 => jwk_like().prop_map(|v| v.to_string()),
        1 => json_value(true).prop_map(|v| v.to_string()),
    ];
    fuzz("parse_jwk", "arbitrary, mutated and JWK-shaped (round trip)", text, |text| match pkjwt_core::key::import::parse_jwk(&text) {
        Err(error) => key_error("parse_jwk", &error),
        Ok(key) => {
            accepted();
            key_round_trips("parse_jwk", &key)
        }
    });
}

#[test]
fn parse_jwk_value_arbitrary_json() {
    let value = prop_oneof![jwk_like(), json_value(true)];
    fuzz("parse_jwk", "JSON values (parse_jwk_value)", value, |value| match pkjwt_core::key::import::parse_jwk_value(&value) {
        Err(error) => key_error("parse_jwk_value", &error),
        Ok(key) => {
            accepted();
            key_round_trips("parse_jwk_value", &key)
        }
    });
}

#[test]
fn parse_generated_jwk_never_panics() {
    let text = prop_oneof![3 => text_for(seeds().jwks.clone()), 1 => jwk_like().prop_map(|v| v.to_string())];
    fuzz("parse_generated_jwk", "arbitrary, mutated and JWK-shaped", text, |text| match pkjwt_core::key::import::parse_generated_jwk(&text) {
        Err(error) => key_error("parse_generated_jwk", &error),
        Ok(key) => {
            accepted();
            prop_assert!(pkjwt_core::key::export::private_jwk(&key).is_some() || !key.is_private());
            Ok(())
        }
    });
}

#[test]
fn parse_jwks_value_entries() {
    let keys = prop_oneof![
        proptest::collection::vec(prop_oneof![3 => jwk_like(), 1 => json_value(true)], 0..6).prop_map(Value::Array),
        json_value(true),
    ];
    let from_seeds = mutated_text(seeds().jwk_sets.clone()).prop_filter_map("not JSON", |text| serde_json::from_str::<Value>(&text).ok());
    let value = prop_oneof![2 => keys.prop_map(|keys| json!({"keys": keys})), 1 => from_seeds, 1 => json_value(true)];
    fuzz("parse_jwks_value", "JWK Sets of arbitrary entries", value, |value| match pkjwt_core::key::import::parse_jwks_value(&value) {
        Err(error) => key_error("parse_jwks_value", &error),
        Ok(entries) => {
            let listed = value.get("keys").and_then(Value::as_array).map(Vec::len);
            prop_assert_eq!(Some(entries.len()), listed, "one entry per element of \"keys\"");
            for (index, entry) in entries.iter().enumerate() {
                prop_assert_eq!(entry.index, index);
                prop_assert_eq!(entry.kid.as_deref(), value["keys"][index].get("kid").and_then(Value::as_str));
                match &entry.key {
                    Err(error) => key_error("parse_jwks_value entry", error)?,
                    Ok(key) => {
                        accepted();
                        key_round_trips("parse_jwks_value", key)?
                    }
                }
            }
            Ok(())
        }
    });
}

#[test]
fn pem_parse_blocks() {
    fuzz("pem::parse_blocks", "arbitrary and mutated PEM (re-encode round trip)", text_for(seeds().pems.clone()), |text| {
        match pem::parse_blocks(&text) {
            Err(error) => key_error("parse_blocks", &error.clone().into()),
            Ok(blocks) => {
                if !blocks.is_empty() {
                    accepted();
                }
                for block in blocks.iter().filter(|b| !b.encrypted_legacy) {
                    // Labels pem-rfc7468 cannot write are ours to refuse, not to round-trip.
                    let Ok(encoded) = pem::encode(&block.label, &block.der) else { continue };
                    // A body pasted in lines longer than 64 characters grows when re-wrapped: past
                    // the input limit, the one answer is that limit's error.
                    if encoded.len() > MAX_INPUT_BYTES {
                        let refused = pem::parse_blocks(&encoded).err().map(|e| e.code());
                        prop_assert_eq!(refused, Some("KEY_TOO_LARGE"));
                        continue;
                    }
                    let again = pem::parse_blocks(&encoded).map_err(|e| fail(format!("re-encoded block does not parse: {e}")))?;
                    prop_assert_eq!(again.len(), 1);
                    prop_assert_eq!(&again[0].label, &block.label);
                    prop_assert_eq!(&again[0].der, &block.der);
                }
                Ok(())
            }
        }
    });
}

#[test]
fn certificate_from_chain() {
    let certificates = seeds().certificates.clone();
    let der = prop_oneof![3 => mutated(certificates.clone()), 1 => proptest::collection::vec(any::<u8>(), 0..400)];
    let chain = proptest::collection::vec(der, 1..3);
    fuzz("Certificate::from_chain", "mutated and arbitrary DER chains (round trip)", chain, |chain| {
        match Certificate::from_chain(chain.clone()) {
            Err(error) => key_error("from_chain", &error.clone().into()),
            Ok(certificate) => {
                accepted();
                prop_assert_eq!(certificate.der(), &chain[0][..]);
                let again = Certificate::from_chain(vec![certificate.der().to_vec()]).map_err(|e| fail(format!("leaf alone: {e}")))?;
                prop_assert_eq!(again.public_key(), certificate.public_key());
                prop_assert_eq!(again.subject(), certificate.subject());
                let own_pem = certificate.pem();
                if own_pem.len() > MAX_INPUT_BYTES {
                    // A chain of large (unparsed) issuer certificates can pass as DER and not as PEM.
                    prop_assert_eq!(pem::parse_blocks(&own_pem).err().map(|e| e.code()), Some("KEY_TOO_LARGE"));
                    return Ok(());
                }
                let blocks = pem::parse_blocks(&own_pem).map_err(|e| fail(format!("own PEM: {e}")))?;
                let ders: Vec<Vec<u8>> = blocks.iter().map(|b| b.der.clone()).collect();
                prop_assert_eq!(&ders, &chain);
                let x5c: Vec<Vec<u8>> = certificate.x5c().iter().map(|c| <base64ct::Base64 as base64ct::Encoding>::decode_vec(c).unwrap_or_default()).collect();
                prop_assert_eq!(&x5c, &chain);
                error_contract("subject", None, &format!("CN {}", certificate.subject()))
            }
        }
    });
}
