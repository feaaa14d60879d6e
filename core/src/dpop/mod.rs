//! DPoP (RFC 9449): proofs of possession attached to a request at the last moment, like the
//! client assertion. The core builds the unsigned proof from the request itself (method, URL,
//! the access token it carries), the caller signs it with the DPoP key and [`with_proof`]
//! puts it in the `DPoP` header. Also: the server's nonces, the proof's own lint, and whether
//! an answer's token is bound to the key (or to the mTLS certificate, RFC 8705 §3).
mod binding;
mod error;
mod findings;
mod nonce;
mod proof;
mod target;

pub use binding::{binding_findings, x5t_s256, BindingFinding};
#[cfg(feature = "variants")]
pub use binding::BindingFindingDiscriminants;
pub use error::DpopError;
#[cfg(feature = "variants")]
pub use error::DpopErrorDiscriminants;
pub use findings::{proof_findings, ProofFinding, IAT_WINDOW_SECONDS};
#[cfg(feature = "variants")]
pub use findings::ProofFindingDiscriminants;
pub use nonce::{fresh_nonce, nonce_header, NonceAsk, DPOP_NONCE_HEADER, MAX_NONCE_BYTES};
pub use proof::{unsigned_proof, with_proof, UnsignedProof, DPOP_HEADER, PROOF_TYP};
pub use target::{ath, htu, jkt, ProofTarget};

use crate::jwa::Alg;
use crate::material::KeyKind;

/// The algorithm of the DPoP key. The ids are the `dpop-alg` option values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "variants", derive(strum::EnumIter))]
pub enum DpopAlg {
    /// What most servers list first in `dpop_signing_alg_values_supported`.
    #[default]
    ES256,
    ES384,
    ES512,
    PS256,
    RS256,
    EdDSA,
}

impl DpopAlg {
    pub const ALL: [DpopAlg; 6] = [DpopAlg::ES256, DpopAlg::ES384, DpopAlg::ES512, DpopAlg::PS256, DpopAlg::RS256, DpopAlg::EdDSA];

    pub fn id(self) -> &'static str {
        self.alg().name()
    }

    pub fn from_id(id: &str) -> Option<DpopAlg> {
        DpopAlg::ALL.into_iter().find(|alg| alg.id() == id)
    }

    pub fn alg(self) -> Alg {
        match self {
            DpopAlg::ES256 => Alg::ES256,
            DpopAlg::ES384 => Alg::ES384,
            DpopAlg::ES512 => Alg::ES512,
            DpopAlg::PS256 => Alg::PS256,
            DpopAlg::RS256 => Alg::RS256,
            DpopAlg::EdDSA => Alg::EdDSA,
        }
    }

    /// The key the page makes for this algorithm: the smallest that signs with it.
    pub fn key_kind(self) -> KeyKind {
        match self {
            DpopAlg::ES256 => KeyKind::P256,
            DpopAlg::ES384 => KeyKind::P384,
            DpopAlg::ES512 => KeyKind::P521,
            DpopAlg::PS256 | DpopAlg::RS256 => KeyKind::Rsa2048,
            DpopAlg::EdDSA => KeyKind::Ed25519,
        }
    }
}

/// Which key signs the proofs. The ids are the setting's values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum DpopKeySource {
    /// A key of its own, made in the page for DPoP only.
    #[default]
    Own,
    /// The client-authentication key: allowed, but the lint warns (a token bound to it is
    /// bound to the client's long-lived identity key, which RFC 9449 §2 keeps separate).
    Client,
}

impl DpopKeySource {
    pub const ALL: [DpopKeySource; 2] = [DpopKeySource::Own, DpopKeySource::Client];

    pub fn id(self) -> &'static str {
        match self {
            DpopKeySource::Own => "own",
            DpopKeySource::Client => "client",
        }
    }

    pub fn from_id(id: &str) -> Option<DpopKeySource> {
        DpopKeySource::ALL.into_iter().find(|source| source.id() == id)
    }
}

/// DPoP as the effective setup has it, when it is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DpopChoice {
    pub alg: DpopAlg,
    pub key: DpopKeySource,
    /// Send `dpop_jkt` in the authorization request (RFC 9449 §10), binding the code to the key.
    pub bind_code: bool,
}

#[cfg(test)]
mod tests;
