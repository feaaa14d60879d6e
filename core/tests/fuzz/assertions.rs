//! Assertions: lifetime, skew, extra claims, typ, jku, audience.
use super::*;

/// What the lifetime box should accept: an integer (ASCII digits, optional sign, spaces
/// around) from 1 to a year. Computed in i128, independently of the i64 parse under test.
fn lifetime_oracle(text: &str, min: i128, max: i128) -> Option<i128> {
    let trimmed = text.trim();
    let digits = trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 30 {
        return None;
    }
    trimmed.parse::<i128>().ok().filter(|v| (min..=max).contains(v))
}

fn number_text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => (-10i64..400_000_000).prop_map(|n| n.to_string()),
        2 => any::<i64>().prop_map(|n| n.to_string()),
        3 => hostile_constant(),
        1 => "[ +\\-0-9٣३０-９eE.x_]{0,25}",
        1 => hostile_text(),
    ]
    .boxed()
}

/// A number in `min..=max` as people type it: plain, padded, with a plus sign.
fn valid_number(min: i64, max: i64) -> impl Strategy<Value = String> {
    (min..=max, prop::sample::select(vec![("", ""), (" ", " "), ("+", ""), ("\t", "\n")])).prop_map(|(n, (before, after))| format!("{before}{n}{after}"))
}

fn assertion_settings() -> impl Strategy<Value = AssertionSettings> {
    // Mostly claims that do not touch reserved names, so that many cases get to signing.
    let unreserved = json_object(false).prop_map(|mut o| {
        o.retain(|name, _| !assertion::RESERVED_CLAIMS.contains(&name.as_str()));
        Value::Object(o).to_string()
    });
    let extra = prop_oneof![
        3 => Just(String::new()),
        3 => unreserved,
        1 => json_object(true).prop_map(|o| Value::Object(o).to_string()),
        2 => text_for(seeds().claims.clone()),
        1 => nested_text(),
    ];
    let jku = prop_oneof![3 => Just(String::new()), 2 => Just("https://client.example/jwks.json".to_owned()), 1 => field_text()];
    let typ = prop_oneof![3 => Just("JWT".to_owned()), 1 => Just(String::new()), 1 => "[ -~]{1,20}", 1 => field_text()];
    let audience = prop_oneof![3 => Just("https://as.example/token".to_owned()), 1 => Just("a b\nc".to_owned()), 2 => field_text()];
    let client_id = prop_oneof![3 => Just("client".to_owned()), 2 => field_text()];
    let lifetime = prop_oneof![3 => valid_number(1, MAX_LIFETIME_SECONDS), 2 => number_text()];
    let skew = prop_oneof![3 => valid_number(0, 3600), 1 => number_text()];
    let flags = proptest::collection::vec(any::<bool>(), 6);
    (client_id, field_text(), audience, prop::sample::select(Alg::ALL.to_vec()), lifetime, skew, typ, jku, extra, flags).prop_map(
        |(client_id, subject, audience, alg, lifetime, clock_skew, typ, jku, extra_claims, flags)| AssertionSettings {
            client_id,
            subject,
            audience,
            audience_as_array: flags[0],
            alg,
            lifetime,
            clock_skew,
            include_nbf: flags[1],
            include_iat: flags[2],
            typ,
            include_kid: flags[3],
            include_x5t: flags[4] && flags[5],
            include_x5t_s256: flags[5],
            jku,
            jti_format: if flags[0] ^ flags[1] { JtiFormat::Uuid } else { JtiFormat::Base64Url },
            extra_claims,
        },
    )
}

fn assertion_error(what: &str, error: &assertion::AssertionError) -> Result<(), TestCaseError> {
    error_contract(what, Some(error.code()), &error.to_string())
}

#[test]
fn assertion_build_any_settings() {
    let keys = seeds().keys.clone();
    let key = prop::sample::select(vec![1usize, 4, 4, 0]);
    let now = prop_oneof![4 => Just(1_790_000_000i64), 1 => any::<i64>()];
    let strategy = (assertion_settings(), key, now, any::<[u8; 16]>(), proptest::bool::weighted(0.8));
    fuzz("assertion::build", "arbitrary settings text (claims, signature, decode round trip)", strategy, |(mut settings, key, now, jti_bytes, default_alg)| {
        let key = &keys[key];
        if default_alg {
            settings.alg = key.public_key().default_alg();
        }
        let result = assertion::build(&settings, key, Stamp { now, jti_bytes });
        let lifetime = lifetime_oracle(&settings.lifetime, 1, i128::from(MAX_LIFETIME_SECONDS));
        let skew = lifetime_oracle(&settings.clock_skew, 0, 3600);
        let unsigned = match result {
            Err(error) => return assertion_error("assertion::build", &error),
            Ok(unsigned) => unsigned,
        };
        let (Some(lifetime), Some(skew)) = (lifetime, skew) else {
            return Err(fail(format!("accepted lifetime {:?} / skew {:?}", settings.lifetime, settings.clock_skew)));
        };
        let claims = &unsigned.claims;
        prop_assert_eq!(claims.get("iss").and_then(Value::as_str), Some(settings.client_id.trim()));
        prop_assert_eq!(claims.get("exp").and_then(Value::as_i64), Some(now.saturating_add(lifetime as i64)));
        if settings.include_iat {
            prop_assert_eq!(claims.get("iat").and_then(Value::as_i64), Some(now.saturating_sub(skew as i64)));
        }
        let audiences: Vec<&str> = settings.audience.split_whitespace().collect();
        let aud: Vec<&str> = match &claims["aud"] {
            Value::String(one) => vec![one.as_str()],
            Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
            other => return Err(fail(format!("aud is {other}"))),
        };
        prop_assert_eq!(aud, audiences);
        if let Ok(Value::Object(extra)) = serde_json::from_str::<Value>(&settings.extra_claims) {
            for (name, value) in &extra {
                prop_assert_eq!(claims.get(name), Some(value), "extra claim {:?} lost", name);
            }
        }
        // Signed and decoded again, the token carries exactly these claims and header: the
        // claims as JSON reads them back (serde_json's default float parsing may land one
        // unit in the last place from a float typed in the extra claims).
        let header = unsigned.header.clone();
        let expected_claims: Value = serde_json::from_str(&Value::Object(claims.clone()).to_string()).map_err(|e| fail(e.to_string()))?;
        let signed = unsigned.sign_with_rustcrypto(key).map_err(|e| fail(format!("sign: {e}")))?;
        let decoded = jws::decode(&signed.token).map_err(|e| fail(format!("decode: {e}")))?;
        prop_assert_eq!(&decoded.header, &header);
        prop_assert_eq!(&decoded.claims, &expected_claims);
        prop_assert!(decoded.verify(key.public_key()).is_ok());
        accepted();
        Ok(())
    });
}
