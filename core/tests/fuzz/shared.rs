//! Shared setups: from_fragment, from_env.
use super::*;

fn whitelisted(key: &str) -> bool {
    share::whitelist().iter().any(|(k, _)| *k == key)
}

/// Notes name each setting briefly and printably; `used` says which names were read instead.
fn notes_contract(notes: &share::ReadNotes, used: impl Fn(&str) -> bool) -> Result<(), TestCaseError> {
    for list in [&notes.ignored_secrets, &notes.unknown] {
        prop_assert!(list.len() <= share::MAX_NOTED + 1, "{} notes", list.len());
        for name in list {
            prop_assert!(name.chars().count() <= 700 && !name.chars().any(char::is_control), "note {:?}", name);
            prop_assert!(!used(name), "{:?} both read and noted as not used", name);
        }
    }
    Ok(())
}

fn env_name_used(name: &str) -> bool {
    share::whitelist().iter().any(|(_, env)| *env == name)
}

fn setup_contract(setup: &SharedSetup) -> Result<(), TestCaseError> {
    for key in setup.keys() {
        prop_assert!(whitelisted(key), "non-whitelisted key {:?} read", key);
    }
    Ok(())
}

/// Any setup: whitelisted keys, secret-looking and unknown ones, any values.
fn any_setup() -> impl Strategy<Value = SharedSetup> {
    let key = prop_oneof![
        4 => prop::sample::select(share::whitelist().iter().map(|(k, _)| (*k).to_owned()).collect::<Vec<_>>()),
        1 => prop::sample::select(vec!["client_secret", "refresh_token", "private_key", "d", "v", "token", "CLIENT_SECRET"]).prop_map(str::to_owned),
        1 => field_text(),
    ];
    proptest::collection::btree_map(key, field_text(), 0..10)
}

#[test]
fn from_fragment_arbitrary_and_mutated() {
    fuzz("from_fragment", "arbitrary and mutated fragments (whitelist only)", text_for(seeds().fragments.clone()), |fragment| {
        let (setup, notes) = share::from_fragment(&fragment);
        if !setup.is_empty() {
            accepted();
        }
        setup_contract(&setup)?;
        notes_contract(&notes, whitelisted)?;
        prop_assert_eq!(notes.too_large.is_some(), fragment.len() > share::MAX_SHARED_BYTES);
        Ok(())
    });
}

#[test]
fn fragment_round_trip_keeps_whitelisted_values() {
    fuzz("from_fragment", "from_fragment(to_fragment(x)) keeps whitelisted values", any_setup(), |setup| {
        let fragment = share::to_fragment(&setup);
        let (back, notes) = share::from_fragment(&fragment);
        if fragment.len() > share::MAX_SHARED_BYTES {
            prop_assert!(back.is_empty() && notes.too_large == Some(fragment.len()));
            return Ok(());
        }
        // A URL's user:password@ is never shared; everything else comes back as it was.
        let expected: SharedSetup =
            setup.iter().filter(|(k, v)| shared(k, v)).map(|(k, v)| (k.clone(), without_userinfo(v))).collect();
        prop_assert_eq!(back, expected);
        prop_assert!(notes.ignored_secrets.is_empty() && notes.unknown.is_empty(), "to_fragment wrote a non-whitelisted key");
        accepted();
        Ok(())
    });
}

fn env_outcome(text: &str) -> Result<Option<SharedSetup>, TestCaseError> {
    match share::from_env(text) {
        Err(error) => {
            error_contract("from_env", None, &error.to_string())?;
            prop_assert!(error.line <= text.lines().count(), "line {} of {}", error.line, text.lines().count());
            Ok(None)
        }
        Ok((setup, notes)) => {
            accepted();
            setup_contract(&setup)?;
            notes_contract(&notes, env_name_used)?;
            Ok(Some(setup))
        }
    }
}

#[test]
fn from_env_arbitrary_and_mutated() {
    fuzz("from_env", "arbitrary and mutated .env files (whitelist only)", text_for(seeds().envs.clone()), |text| env_outcome(&text).map(drop));
}

#[test]
fn env_round_trip_keeps_values() {
    // `text.lines()` takes "\r\n" as a line break, so a value cannot hold one.
    fuzz("from_env", "from_env(to_env(x)) keeps whitelisted values", any_setup(), |setup| {
        let without_crlf = |mut value: String| {
            while value.contains("\r\n") {
                value = value.replace("\r\n", "\n");
            }
            value
        };
        let setup: SharedSetup = setup.into_iter().map(|(k, v)| (k, without_crlf(v))).collect();
        let env = share::to_env(&setup);
        if env.len() > share::MAX_SHARED_BYTES {
            prop_assert_eq!(share::from_env(&env).err().map(|e| e.line), Some(0));
            return Ok(());
        }
        let back = env_outcome(&env)?.ok_or_else(|| fail("our own .env does not read".into()))?;
        // Values with control or direction characters are left out (a comment says so).
        let expected: SharedSetup = setup
            .iter()
            .filter(|(k, v)| shared(k, v) && !v.chars().any(hidden))
            .map(|(k, v)| (k.clone(), without_userinfo(v)))
            .collect();
        prop_assert_eq!(back, expected);
        Ok(())
    });
}

/// Whether a link or `.env` file carries this setting at all.
fn shared(key: &str, value: &str) -> bool {
    whitelisted(key) && !value.is_empty() && value.len() <= share::MAX_SHARED_VALUE_BYTES
}

/// What sharing keeps of a value: all of it but the `user:password@` of a URL's authority.
fn without_userinfo(value: &str) -> String {
    let Some((scheme, rest)) = value.split_once("://") else { return value.to_owned() };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..end].rsplit_once('@') {
        Some((_, host)) => format!("{scheme}://{host}{}", &rest[end..]),
        None => value.to_owned(),
    }
}

/// Characters a `.env` export refuses to carry (line breaks and tabs are fine).
fn hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}
