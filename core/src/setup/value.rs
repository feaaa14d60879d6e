//! How each kind of setting is written into a link or `.env` file and read back, and whether
//! it can hold `{placeholders}`. Types that are never shared keep the defaults.
use crate::assertion::JtiFormat;
use crate::jwa::Alg;
use super::{fill_placeholder, placeholders};
use crate::assertion::AudienceTarget;
use crate::authorize::{AuthorizeMode, PkceMethod};
use crate::dpop::{DpopAlg, DpopKeySource};
use crate::request::{ClientAuth, Grant};
use std::collections::BTreeMap;

/// Form parameters by wire name.
pub type Params = BTreeMap<String, String>;

/// A text that is none of a setting's values (an unknown grant, algorithm, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAValue;

/// A setting's value as text, and its placeholders. Object-safe: the setup's visitors hand out
/// `dyn FieldValue`.
pub trait FieldValue {
    /// The text a link or `.env` file holds; `None` when there is nothing to write.
    fn to_text(&self) -> Option<String> {
        None
    }
    /// Takes the value `text` spells; `Err(NotAValue)` when it is none of this setting's values.
    fn set_text(&mut self, _text: &str) -> Result<(), NotAValue> {
        Err(NotAValue)
    }
    fn placeholders(&self) -> Vec<String> {
        Vec::new()
    }
    fn fill(&mut self, _name: &str, _value: &str) {}
}

impl FieldValue for String {
    fn to_text(&self) -> Option<String> {
        (!self.trim().is_empty()).then(|| self.clone())
    }
    fn set_text(&mut self, text: &str) -> Result<(), NotAValue> {
        *self = text.to_owned();
        Ok(())
    }
    fn placeholders(&self) -> Vec<String> {
        placeholders(self)
    }
    fn fill(&mut self, name: &str, value: &str) {
        let filled = fill_placeholder(self, name, value);
        if filled != *self {
            *self = filled;
        }
    }
}

/// The subject: `None` follows the client id (nothing to write); an explicitly empty `sub`
/// (service accounts) is written as `-`.
impl FieldValue for Option<String> {
    fn to_text(&self) -> Option<String> {
        self.as_ref().map(|value| if value.is_empty() { "-".to_owned() } else { value.clone() })
    }
    fn set_text(&mut self, text: &str) -> Result<(), NotAValue> {
        *self = Some(if text == "-" { String::new() } else { text.to_owned() });
        Ok(())
    }
    fn placeholders(&self) -> Vec<String> {
        self.as_ref().map(|value| value.placeholders()).unwrap_or_default()
    }
    fn fill(&mut self, name: &str, value: &str) {
        if let Some(text) = self {
            text.fill(name, value);
        }
    }
}

impl FieldValue for bool {
    fn to_text(&self) -> Option<String> {
        Some(if *self { "1" } else { "0" }.to_owned())
    }
    fn set_text(&mut self, text: &str) -> Result<(), NotAValue> {
        *self = match text {
            "1" | "true" => true,
            "0" | "false" => false,
            _ => return Err(NotAValue),
        };
        Ok(())
    }
}

impl FieldValue for Option<Alg> {
    fn to_text(&self) -> Option<String> {
        self.map(|alg| alg.name().to_owned())
    }
    fn set_text(&mut self, text: &str) -> Result<(), NotAValue> {
        *self = Some(Alg::from_name(text).ok_or(NotAValue)?);
        Ok(())
    }
}

impl FieldValue for Grant {
    fn to_text(&self) -> Option<String> {
        Some(self.id().to_owned())
    }
    fn set_text(&mut self, text: &str) -> Result<(), NotAValue> {
        *self = Grant::from_id(text).ok_or(NotAValue)?;
        Ok(())
    }
}

impl FieldValue for ClientAuth {
    fn to_text(&self) -> Option<String> {
        Some(self.id().to_owned())
    }
    fn set_text(&mut self, text: &str) -> Result<(), NotAValue> {
        *self = ClientAuth::from_id(text).ok_or(NotAValue)?;
        Ok(())
    }
}

impl FieldValue for AuthorizeMode {
    fn to_text(&self) -> Option<String> {
        Some(self.id().to_owned())
    }
    fn set_text(&mut self, text: &str) -> Result<(), NotAValue> {
        *self = AuthorizeMode::from_id(text).ok_or(NotAValue)?;
        Ok(())
    }
}

impl FieldValue for DpopAlg {
    fn to_text(&self) -> Option<String> {
        Some(self.id().to_owned())
    }
    fn set_text(&mut self, text: &str) -> Result<(), NotAValue> {
        *self = DpopAlg::from_id(text).ok_or(NotAValue)?;
        Ok(())
    }
}

impl FieldValue for DpopKeySource {
    fn to_text(&self) -> Option<String> {
        Some(self.id().to_owned())
    }
    fn set_text(&mut self, text: &str) -> Result<(), NotAValue> {
        *self = DpopKeySource::from_id(text).ok_or(NotAValue)?;
        Ok(())
    }
}

impl FieldValue for PkceMethod {
    fn to_text(&self) -> Option<String> {
        Some(self.id().to_owned())
    }
    fn set_text(&mut self, text: &str) -> Result<(), NotAValue> {
        *self = PkceMethod::from_id(text).ok_or(NotAValue)?;
        Ok(())
    }
}

/// What `aud` follows; `custom` is "as typed".
impl FieldValue for Option<AudienceTarget> {
    fn to_text(&self) -> Option<String> {
        Some(self.map_or(TYPED_AUDIENCE, AudienceTarget::id).to_owned())
    }
    fn set_text(&mut self, text: &str) -> Result<(), NotAValue> {
        *self = if text == TYPED_AUDIENCE { None } else { Some(AudienceTarget::from_id(text).ok_or(NotAValue)?) };
        Ok(())
    }
}

/// The audience mode meaning "as typed" (also the page's option value for it).
pub const TYPED_AUDIENCE: &str = "custom";

/// The extra rule sets switched on, by id (`rfc10070`, `fapi2`), in the order they were.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSets(Vec<String>);

impl RuleSets {
    pub fn contains(&self, id: &str) -> bool {
        self.0.iter().any(|on| on == id)
    }
    pub fn set(&mut self, id: &str, on: bool) {
        self.0.retain(|other| other != id);
        if on {
            self.0.push(id.to_owned());
        }
    }
}

/// `rfc10070,fapi2`; ids no rule set has are ignored by the lint.
impl FieldValue for RuleSets {
    fn to_text(&self) -> Option<String> {
        (!self.0.is_empty()).then(|| self.0.join(","))
    }
    fn set_text(&mut self, text: &str) -> Result<(), NotAValue> {
        *self = RuleSets::default();
        for id in text.split(',').map(str::trim).filter(|id| !id.is_empty()) {
            self.set(id, true);
        }
        Ok(())
    }
}

impl FieldValue for Params {
    fn placeholders(&self) -> Vec<String> {
        self.values().flat_map(|value| value.placeholders()).collect()
    }
    fn fill(&mut self, name: &str, value: &str) {
        for text in self.values_mut() {
            text.fill(name, value);
        }
    }
}

impl FieldValue for JtiFormat {}
impl FieldValue for Option<super::Discovered> {}
