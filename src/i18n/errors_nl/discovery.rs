use super::nl;
use pkjwt_core::discovery::DiscoveryError;

pub fn discovery_error_nl(error: &DiscoveryError) -> String {
    match error {
        DiscoveryError::Json { line, column, reason } => {
            format!("De metadata is geen geldige JSON op regel {line}, kolom {column}: {}.", nl(reason))
        }
        DiscoveryError::NotObject => "De metadata moet een JSON-object zijn.".into(),
        DiscoveryError::NoTokenEndpoint => "De metadata heeft geen \"token_endpoint\", dus het is geen metadata van een autorisatieserver.".into(),
        DiscoveryError::Member { member, expected } => {
            format!("Het metadataveld \"{member}\" moet {} zijn.", nl(expected))
        }
        DiscoveryError::TooLarge(bytes) => format!("De metadata is {bytes} bytes; pkjwt leest hoogstens 1 MB."),
        _ => error.to_string(),
    }
}
