use super::json::json_problem_nl;
use pkjwt_core::discovery::{DiscoveryError, Expected};

pub fn discovery_error_nl(error: &DiscoveryError) -> String {
    match error {
        DiscoveryError::Json(json) => {
            format!("De metadata is geen geldige JSON op regel {}, kolom {}: {}.", json.line, json.column, json_problem_nl(json))
        }
        DiscoveryError::NotObject => "De metadata moet een JSON-object zijn.".into(),
        DiscoveryError::NoTokenEndpoint => "De metadata heeft geen \"token_endpoint\", dus het is geen metadata van een autorisatieserver.".into(),
        DiscoveryError::Member { member, expected } => {
            let expected = match expected {
                Expected::String => "een string",
                Expected::ArrayOfStrings => "een array van strings",
                Expected::Boolean => "true of false",
            };
            format!("Het metadataveld \"{member}\" moet {expected} zijn.")
        }
        DiscoveryError::AliasesNotObject => "Het metadataveld \"mtls_endpoint_aliases\" moet een JSON-object zijn.".into(),
        DiscoveryError::TooLarge(bytes) => format!("De metadata is {bytes} bytes; pkjwt leest hoogstens 1 MB."),
    }
}
