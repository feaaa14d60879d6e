//! Dutch for why no script can be written.
use pkjwt_core::script::ScriptError;
use pkjwt_core::shell::ShellError;

pub fn script_error_nl(error: &ScriptError) -> String {
    match error {
        ScriptError::Dpop => "DPoP staat aan, en de scripts maken nog geen DPoP-proofs: gebruik het curl-commando (dat een proof van deze pagina meekrijgt), of zet DPoP uit.".into(),
        ScriptError::Mtls => "mTLS-clientauthenticatie zit nog niet in de scripts: gebruik het curl-commando, dat het certificaat- en sleutelbestand aanbiedt.".into(),
        ScriptError::NotAPost => "De scripts doen form-POSTs naar een token-, introspectie- of intrekkingsendpoint; dit verzoek is een GET.".into(),
        ScriptError::NoRecipe => "Dit verzoek bevat een ondertekende assertion, maar er is nog geen sleutel om die te beschrijven: maak of importeer eerst een sleutel.".into(),
        ScriptError::Quote(ShellError::Nul(value)) => {
            format!("Een waarde van dit verzoek kan niet in een shellscript: \"{value}\" bevat een NUL-teken, dat geen commando kan meekrijgen.")
        }
    }
}
