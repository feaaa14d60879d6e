//! Findings about DPoP that hold whatever the provider: which key signs the proofs.
use super::{Document, Finding, Fix, LintInput, Problem, Severity, Source};
use crate::dpop::DpopKeySource;

/// The general DPoP findings (none while DPoP is off): proofs signed with the client key are
/// allowed, but warned about.
pub fn dpop_findings(input: &LintInput) -> Vec<Finding> {
    let mut findings = Vec::new();
    if input.dpop.is_some_and(|dpop| dpop.key == DpopKeySource::Client) {
        let document = Document::Rfc9449;
        findings.push(Finding {
            rule: "dpop-client-key",
            severity: Severity::Warning,
            problem: Problem::DpopClientKey,
            source: Source::Document(document),
            url: document.url().to_owned(),
            fix: Some(Fix::DpopOwnKey),
        });
    }
    findings
}
