//! Findings about the setup against what the server's own metadata announces.
use super::{Finding, Fix, LintInput, Problem, Severity, Source};
use crate::discovery::ServerMetadata;
use crate::dpop::{DpopAlg, DpopKeySource};
use crate::jwa::Alg;
use crate::request::ClientAuth;

/// Checks the setup against what the server announces. `url` is where the metadata came from.
pub fn metadata_findings(metadata: &ServerMetadata, url: &str, input: &LintInput) -> Vec<Finding> {
    let mut findings = Vec::new();
    let finding = |rule: &'static str, problem: Problem, fix: Option<Fix>| Finding {
        rule,
        severity: Severity::Error,
        problem,
        source: Source::ServerMetadata,
        url: url.to_owned(),
        fix,
    };
    let auth = input.request.client_auth;
    let methods = &metadata.token_endpoint_auth_methods_supported;
    if !methods.is_empty() && !methods.iter().any(|m| m == auth.id()) {
        let fix = ClientAuth::ALL.into_iter().find(|a| methods.iter().any(|m| m == a.id())).map(Fix::ClientAuth);
        findings.push(finding(
            "server-auth-method",
            Problem::ServerAuthMethod { current: auth, supported: methods.clone() },
            fix,
        ));
    }
    let algs = &metadata.token_endpoint_auth_signing_alg_values_supported;
    let alg = input.assertion.alg;
    if auth == ClientAuth::PrivateKeyJwt && !algs.is_empty() && !algs.iter().any(|a| a == alg.name()) {
        let usable = algs
            .iter()
            .filter_map(|a| Alg::from_name(a))
            .find(|a| input.key.is_none_or(|key| key.public_key().supports(*a)));
        findings.push(finding(
            "server-alg",
            Problem::ServerAlg { current: alg, supported: algs.clone() },
            // No listed algorithm fits the key: a key that makes the first one does.
            usable.map(Fix::Alg).or_else(|| algs.iter().filter_map(|a| Alg::from_name(a)).next().map(|a| Fix::GenerateKey(crate::key::KeyKind::for_alg(a)))),
        ));
    }
    let dpop_algs = &metadata.dpop_signing_alg_values_supported;
    if input.dpop.is_some() && dpop_algs.is_empty() {
        findings.push(Finding { severity: Severity::Warning, ..finding("server-no-dpop", Problem::ServerNoDpop, None) });
    }
    if let Some(current) = input.dpop_alg().filter(|alg| !dpop_algs.is_empty() && !dpop_algs.iter().any(|a| a == alg.name())) {
        // The DPoP key is made for its algorithm, so any listed one pkjwt offers will do.
        let fix = DpopAlg::ALL.into_iter().find(|a| dpop_algs.iter().any(|name| name == a.id())).map(Fix::DpopAlg);
        let fix = match input.dpop.map(|d| d.key) {
            Some(DpopKeySource::Client) => fix.map(|_| Fix::DpopOwnKey),
            _ => fix,
        };
        findings.push(finding("server-dpop-alg", Problem::ServerDpopAlg { current, supported: dpop_algs.clone() }, fix));
    }
    findings
}
