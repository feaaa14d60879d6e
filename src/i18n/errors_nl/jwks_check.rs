//! Dutch for the JWKS URL check: the verdict keeps its first words (`published`, `not
//! published`, `different key`) in English, as `token-binding` does, and explains in Dutch.
use super::key::key_error_nl;
use pkjwt_core::jwks_check::{quoted_list, JwksCheckError, Note, Publication, SameKey};

pub fn jwks_check_error_nl(error: &JwksCheckError) -> String {
    match error {
        JwksCheckError::TooLarge { length, limit } => {
            format!("De JWK Set is {length} bytes; pkjwt leest hoogstens {limit} bytes.")
        }
        JwksCheckError::Status { status } => format!("De JWKS-URL antwoordde met HTTP {status}, niet met een JWK Set."),
        JwksCheckError::SingleJwk => "Dit is één JWK, geen JWK Set: een JWKS-URL serveert {\"keys\": […]}.".into(),
        JwksCheckError::Unreadable(error) => format!("Dit is geen JWK Set: {}", key_error_nl(error)),
    }
}

pub fn note_nl(note: &Note) -> String {
    match note {
        Note::AlgDiffers { published, assertion } => format!(
            "De gepubliceerde sleutel zegt \"alg\": \"{published}\", maar de assertion wordt ondertekend met {assertion}: een server die \"alg\" volgt, weigert ze."
        ),
        Note::UseNotSig { published } => format!(
            "De gepubliceerde sleutel zegt \"use\": \"{published}\"; een sleutel die assertions ondertekent, heeft \"use\": \"sig\" nodig (of geen \"use\")."
        ),
        Note::PrivateMembers { index, members } => format!(
            "keys[{index}] publiceert private velden ({}): iedereen die deze URL leest, kan ondertekenen als deze client. Vervang de sleutel en publiceer enkel de publieke JWKS.",
            members.join(", ")
        ),
        Note::Unreadable { error } => format!("Een sleutel met deze kid kon niet gelezen worden: {}", key_error_nl(error)),
    }
}

/// The explanation after the verdict's English first words.
pub fn publication_explained_nl(publication: &Publication) -> String {
    let mut out = match publication {
        Publication::Published { kid, .. } => {
            format!("de JWK Set bevat de huidige sleutel onder kid \"{kid}\" (dezelfde RFC 7638-thumbprint).")
        }
        Publication::NotPublished { kid, kids_seen, same_key_under, .. } => {
            let mut out = if kids_seen.is_empty() {
                format!("geen sleutel in deze JWK Set heeft kid \"{kid}\" (er staan geen kids in).")
            } else {
                format!("geen sleutel in deze JWK Set heeft kid \"{kid}\" (kids daar: {}).", quoted_list(kids_seen))
            };
            out.push_str(&match same_key_under {
                Some(SameKey::Kid(other)) => {
                    format!(" Dezelfde sleutel staat er onder kid \"{other}\": laat de kids overeenkomen (hier of daar).")
                }
                Some(SameKey::WithoutKid { index }) => format!(
                    " Dezelfde sleutel staat er zonder kid (keys[{index}]): servers die de sleutel op kid kiezen, vinden hem niet."
                ),
                None => " Registreer daar de publieke JWKS, of voeg de huidige sleutel eraan toe.".into(),
            });
            out
        }
        Publication::DifferentKey { kid, thumbprint, published_thumbprint, .. } => {
            let mut out = format!("de JWK Set heeft kid \"{kid}\", maar dat is een andere sleutel");
            out.push_str(&match published_thumbprint {
                Some(there) => format!(" (RFC 7638-thumbprint {there} daar, {thumbprint} hier)."),
                None => format!(" (die sleutel is onleesbaar; de RFC 7638-thumbprint van deze sleutel is {thumbprint})."),
            });
            out.push_str(" Publiceer de huidige publieke JWKS, of geef de nieuwe sleutel een eigen kid.");
            out
        }
    };
    for note in publication.notes() {
        out.push(' ');
        out.push_str(&note_nl(note));
    }
    out
}

pub fn publication_nl(publication: &Publication) -> String {
    format!("{}: {}", publication.word(), publication_explained_nl(publication))
}
