//! JWT: jws::decode.
use super::*;

fn jws_outcome(what: &str, result: &Result<jws::DecodedJws, jws::JwsDecodeError>) -> Result<(), TestCaseError> {
    match result {
        Err(error) => error_contract(what, Some(error.code()), &error.to_string()),
        Ok(decoded) => {
            accepted();
            prop_assert_eq!(decoded.signing_input.matches('.').count(), 1);
            // Verification of whatever was decoded gives an answer, not a panic.
            let _ = decoded.verify(seeds().keys[1].public_key());
            Ok(())
        }
    }
}

#[test]
fn jws_decode_arbitrary_and_mutated() {
    let token = prop_oneof![
        3 => text_for(seeds().tokens.clone()),
        1 => (json_value(true), json_value(true), proptest::collection::vec(any::<u8>(), 0..80)).prop_map(|(h, c, s)| {
            let encode = |bytes: &[u8]| <base64ct::Base64UrlUnpadded as base64ct::Encoding>::encode_string(bytes);
            format!("{}.{}.{}", encode(h.to_string().as_bytes()), encode(c.to_string().as_bytes()), encode(&s))
        }),
    ];
    fuzz("jws::decode", "arbitrary, mutated and JSON-bodied tokens", token, |token| jws_outcome("jws::decode", &jws::decode(&token)));
}

#[test]
fn jws_decode_returns_the_claims_we_signed() {
    let keys = seeds().keys.clone();
    // Ed25519 and P-256: cheap to sign with, so the cases go to the claims.
    let signer = prop::sample::select(vec![1usize, 4]);
    fuzz("jws::decode", "our signed tokens decode to our claims", (signer, json_object(false), json_object(false)), |(signer, claims, extra_header)| {
        let key = &keys[signer];
        let alg = key.public_key().default_alg();
        let mut header = extra_header;
        header.insert("alg".into(), alg.name().into());
        let private = key.private_key().map_err(|e| fail(e.to_string()))?;
        let token = jws::sign(private, alg, &header, &claims).map_err(|e| fail(e.to_string()))?;
        if token.len() > jws::MAX_TOKEN_BYTES {
            prop_assert_eq!(jws::decode(&token).err().map(|e| e.code()), Some("JWS_TOO_LARGE"));
            return Ok(());
        }
        let decoded = jws::decode(&token).map_err(|e| fail(format!("our token does not decode: {e}")))?;
        prop_assert_eq!(&decoded.header, &header);
        prop_assert_eq!(&decoded.claims, &Value::Object(claims));
        prop_assert_eq!(decoded.alg(), Some(alg));
        prop_assert!(decoded.verify(key.public_key()).is_ok(), "our signature does not verify");
        accepted();
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------
// URLs: Endpoint::parse, metadata_url

/// A URL put together from parts, some of them wrong on purpose.
#[derive(Debug, Clone)]
struct UrlParts {
    scheme: &'static str,
    userinfo: Option<&'static str>,
    host: String,
    port: Option<&'static str>,
    path: String,
    query: Option<String>,
    fragment: Option<String>,
    padding: (&'static str, &'static str),
}

impl UrlParts {
    fn text(&self) -> String {
        format!(
            "{}{}{}{}{}{}{}{}{}",
            self.padding.0,
            self.scheme,
            self.userinfo.unwrap_or(""),
            self.host,
            self.port.unwrap_or(""),
            self.path,
            self.query.as_deref().unwrap_or(""),
            self.fragment.as_deref().unwrap_or(""),
            self.padding.1
        )
    }
}

fn url_parts() -> impl Strategy<Value = UrlParts> {
    let scheme = prop::sample::select(vec!["https://", "https://", "http://", "HTTPS://", "Http://", "ftp://", "", "https:/", "https:", "//"]);
    let userinfo = proptest::option::weighted(0.15, prop::sample::select(vec!["user@", "user:pw@", "@", ":@", "a%40b@"]));
    let host = prop_oneof![
        3 => prop::sample::select(vec![
            "auth.example", "127.0.0.1", "[::1]", "[2001:db8::1]", "[::ffff:127.0.0.1]", "[fe80::1%25eth0]", "[::1", "localhost",
            "例え.jp", "{tenant}.okta.com", "", "xn--nxasmq6b.example", "a b", "a\u{0}b",
        ]).prop_map(str::to_owned),
        2 => "[a-z0-9.-]{1,30}",
    ];
    let port = proptest::option::weighted(0.3, prop::sample::select(vec![":443", ":8443", ":", ":0", ":65536", ":99999999"]));
    let path = prop_oneof![
        2 => Just(String::new()),
        4 => "(/[a-zA-Z0-9._~%-]{0,12}){0,6}",
        1 => "(/[a-zA-Z0-9._~%{}\\x00 \\t-]{0,12}){0,4}",
        1 => (2_000usize..2_100).prop_map(|n| format!("/{}", "p".repeat(n))),
        1 => (600usize..700).prop_map(|n| format!("/{}", "é".repeat(n))),
    ];
    let query = proptest::option::weighted(0.3, "\\?[a-z=&%0-9{}]{0,20}");
    let fragment = proptest::option::weighted(0.15, "#[a-z]{0,5}");
    let padding = prop::sample::select(vec![("", ""), (" ", "\n"), ("\t", " "), ("\u{feff}", "")]);
    (scheme, userinfo, host, port, path, query, fragment, padding).prop_map(|(scheme, userinfo, host, port, path, query, fragment, padding)| {
        UrlParts { scheme, userinfo, host, port, path, query, fragment, padding }
    })
}

/// What every endpoint pkjwt accepts satisfies, checked against the text it came from.
pub(crate) fn endpoint_invariants(input: &str, endpoint: &Endpoint) -> Result<(), TestCaseError> {
    let url = endpoint.as_str();
    prop_assert_eq!(url, input.trim());
    prop_assert!(url.chars().count() <= MAX_URL_LENGTH);
    prop_assert!(!url.chars().any(|c| c.is_whitespace() || c.is_control()), "whitespace or control character in {:?}", url);
    prop_assert!(!url.contains(['{', '#']), "placeholder or fragment in {:?}", url);
    let authority = endpoint.authority();
    prop_assert!(!authority.is_empty() && !authority.contains(['@', '/', '?']), "authority {:?}", authority);
    prop_assert_eq!(endpoint.is_https(), url.to_ascii_lowercase().starts_with("https://"));
    prop_assert!(endpoint.origin().ends_with(authority));
    let rest = &url[endpoint.origin().len()..];
    prop_assert_eq!(endpoint.path_and_query(), if rest.is_empty() { "/" } else { rest });
    Ok(())
}

pub(crate) fn request_error(what: &str, error: &pkjwt_core::request::RequestError) -> Result<(), TestCaseError> {
    error_contract(what, Some(error.code()), &error.to_string())
}

#[test]
fn endpoint_parse_arbitrary_and_mutated() {
    fuzz("Endpoint::parse", "arbitrary and mutated URLs (invariants)", text_for(seeds().urls.clone()), |text| match Endpoint::parse(&text) {
        Err(error) => request_error("Endpoint::parse", &error.clone().into()),
        Ok(endpoint) => {
            accepted();
            endpoint_invariants(&text, &endpoint)
        }
    });
}

#[test]
fn endpoint_parse_url_shapes() {
    fuzz("Endpoint::parse", "URLs from parts: IPv6, userinfo, ports, {placeholders}, fragments, long paths", url_parts(), |parts| {
        let text = parts.text();
        let result = Endpoint::parse(&text);
        let too_long = text.trim().chars().count() > MAX_URL_LENGTH;
        let code = result.as_ref().err().map(|e| e.code());
        if too_long {
            prop_assert_eq!(code, Some("REQUEST_ENDPOINT_INVALID"));
        } else if text.contains('{') {
            prop_assert_eq!(code, Some("REQUEST_ENDPOINT_PLACEHOLDER"));
        }
        if parts.userinfo.is_some() || parts.fragment.is_some() {
            prop_assert!(result.is_err(), "credentials or a fragment accepted in {:?}", text);
        }
        let clean_host = ["auth.example", "127.0.0.1", "[::1]", "[2001:db8::1]", "[::ffff:127.0.0.1]", "localhost"].contains(&parts.host.as_str());
        let clean_path = parts.path.chars().all(|c| c.is_ascii_alphanumeric() || "/._~%-".contains(c)) && parts.query.as_deref().is_none_or(|q| !q.contains(['{', '}']));
        if clean_host && clean_path && !too_long && parts.userinfo.is_none() && parts.fragment.is_none() && ["https://", "http://", "HTTPS://", "Http://"].contains(&parts.scheme) && parts.padding.0 != "\u{feff}" {
            let endpoint = result.as_ref().map_err(|e| fail(format!("{text:?} refused: {e}")))?;
            prop_assert_eq!(endpoint.authority(), format!("{}{}", parts.host, parts.port.unwrap_or("")));
        }
        match &result {
            Err(error) => request_error("Endpoint::parse", &error.clone().into()),
            Ok(endpoint) => {
                accepted();
                endpoint_invariants(&text, endpoint)
            }
        }
    });
}

#[test]
fn metadata_url_for_any_issuer() {
    let issuer = prop_oneof![text_for(seeds().urls.clone()), url_parts().prop_map(|p| p.text())];
    let document = prop::sample::select(vec![
        DiscoveryDocument::OpenIdConfiguration,
        DiscoveryDocument::OAuthAuthorizationServer,
        DiscoveryDocument::SmartConfiguration,
    ]);
    fuzz("metadata_url", "arbitrary issuers, every document", (issuer, document), |(issuer, document)| match metadata_url(&issuer, document) {
        Err(error) => request_error("metadata_url", &error),
        Ok(url) => {
            accepted();
            let base = Endpoint::parse(&issuer).map_err(|e| fail(format!("metadata URL for a refused issuer: {e}")))?;
            prop_assert!(url.starts_with(base.origin()), "{} is not on {}", url, base.origin());
            prop_assert!(url.contains("/.well-known/"));
            prop_assert!(!url.chars().any(|c| c.is_whitespace() || c.is_control()));
            Ok(())
        }
    });
}

// ---------------------------------------------------------------------------------------
// Server metadata: parse_metadata

#[test]
fn parse_metadata_arbitrary_and_mutated() {
    let members = proptest::collection::vec((prop::sample::select(MEMBER_NAMES), json_value(true)), 0..8).prop_map(|members| {
        let mut object: Map<String, Value> = members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        object.entry("token_endpoint").or_insert_with(|| "https://as.example/token".into());
        Value::Object(object).to_string()
    });
    let text = prop_oneof![3 => text_for(seeds().metadata.clone()), 1 => members];
    fuzz("parse_metadata", "arbitrary, mutated and member-typed documents", text, |text| match parse_metadata(&text) {
        Err(error) => error_contract("parse_metadata", Some(error.code()), &error.to_string()),
        Ok(metadata) => {
            accepted();
            prop_assert!(!metadata.token_endpoint.is_empty());
            let value: Value = serde_json::from_str(&text).map_err(|e| fail(format!("accepted text that is not JSON: {e}")))?;
            prop_assert_eq!(value.get("token_endpoint").and_then(Value::as_str), Some(metadata.token_endpoint.as_str()));
            Ok(())
        }
    });
}
