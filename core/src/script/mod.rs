//! Scripts that make the page's request by themselves: Python, Node.js, Go and bash programs
//! that sign a new client assertion from the same [`AssertionRecipe`] on every run (new `jti`,
//! `iat`, `exp`), post the same form and print the answer. The private key is read from a file
//! at run time (`$PKJWT_KEY_FILE`), never written into the script; a client secret comes from
//! `$PKJWT_CLIENT_SECRET`.
//!
//! [`Plan`] reads the request once into what a script does (which form values are fixed, which
//! the script makes); each language renders the plan into its template (`templates/`), quoting
//! values its own way. Templates are plain text with `{{name}}` slots and `@@block` … `@@/block`
//! lines around the parts only some requests need.
mod bash;
mod go;
mod node;
mod parts;
mod plan;
mod python;
mod template;

pub use plan::{Claim, Field, Plan, ENV_CLIENT_ID, ENV_ENDPOINT, ENV_FILE, ENV_KEY_FILE, ENV_SECRET, ENV_TOKEN_ENDPOINT};

use crate::assertion::AssertionRecipe;
use crate::request::TokenRequest;

/// The languages a script comes in. The ids are the `script-lang` option values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ScriptLang {
    #[default]
    Python,
    Node,
    Go,
    Bash,
}

impl ScriptLang {
    pub const ALL: [ScriptLang; 4] = [ScriptLang::Python, ScriptLang::Node, ScriptLang::Go, ScriptLang::Bash];

    pub fn id(self) -> &'static str {
        match self {
            ScriptLang::Python => "python",
            ScriptLang::Node => "node",
            ScriptLang::Go => "go",
            ScriptLang::Bash => "bash",
        }
    }

    pub fn from_id(id: &str) -> Option<ScriptLang> {
        ScriptLang::ALL.into_iter().find(|lang| lang.id() == id)
    }

    /// What the language is called, with the version the script needs.
    pub fn label(self) -> &'static str {
        match self {
            ScriptLang::Python => "Python 3.9+ (requests, PyJWT)",
            ScriptLang::Node => "Node.js 18+ (no packages)",
            ScriptLang::Go => "Go 1.19+ (standard library)",
            ScriptLang::Bash => "bash (openssl 3, curl)",
        }
    }

    /// The download's name.
    pub fn file_name(self) -> &'static str {
        match self {
            ScriptLang::Python => "pkjwt-token.py",
            ScriptLang::Node => "pkjwt-token.mjs",
            ScriptLang::Go => "main.go",
            ScriptLang::Bash => "pkjwt-token.sh",
        }
    }

    /// The command that runs the downloaded script (after the key file is in place).
    pub fn run_command(self) -> &'static str {
        match self {
            ScriptLang::Python => "python3 pkjwt-token.py",
            ScriptLang::Node => "node pkjwt-token.mjs",
            ScriptLang::Go => "go run main.go",
            ScriptLang::Bash => "bash pkjwt-token.sh",
        }
    }

    /// Whether the script can read a `.env` file (the seeds' style, for Python and shell).
    pub fn supports_dotenv(self) -> bool {
        matches!(self, ScriptLang::Python | ScriptLang::Bash)
    }
}

/// How to write the script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptOptions {
    pub lang: ScriptLang,
    /// The key file read when `$PKJWT_KEY_FILE` is not set: the page's private-key download.
    pub key_file: String,
    /// Also read `./.env` (or `$PKJWT_ENV_FILE`); only where [`ScriptLang::supports_dotenv`].
    pub dotenv: bool,
}

/// Why no script can be written for this request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum ScriptError {
    #[error("DPoP is on, and the scripts do not make DPoP proofs yet: use the curl command (it carries a proof from this page), or turn DPoP off.")]
    Dpop,
    #[error("mTLS client authentication is not in the scripts yet: use the curl command, which presents the certificate and key files.")]
    Mtls,
    #[error("The scripts make form POSTs to a token, introspection or revocation endpoint; this request is a GET.")]
    NotAPost,
    #[error("This request carries a signed assertion, but there is no key to describe it yet: make or import a key first.")]
    NoRecipe,
    #[error("A value of this request cannot be written into a shell script: {0}.")]
    Quote(#[from] crate::shell::ShellError),
}

impl ScriptError {
    pub fn code(&self) -> &'static str {
        match self {
            ScriptError::Dpop => "SCRIPT_DPOP",
            ScriptError::Mtls => "SCRIPT_MTLS",
            ScriptError::NotAPost => "SCRIPT_NOT_A_POST",
            ScriptError::NoRecipe => "SCRIPT_NO_RECIPE",
            ScriptError::Quote(_) => "SCRIPT_QUOTE",
        }
    }
}

/// The script for `request` in `options.lang`. `recipe` describes the assertion the request
/// carries (`client_assertion`, or the JWT-bearer grant's `assertion`); the script signs a new
/// one from it on every run instead.
pub fn render_script(request: &TokenRequest, recipe: Option<&AssertionRecipe>, options: &ScriptOptions) -> Result<String, ScriptError> {
    let plan = Plan::read(request, recipe)?;
    let dotenv = options.dotenv && options.lang.supports_dotenv();
    // The header comment names the key file: only characters no comment syntax gives a meaning.
    let comment: String = options.key_file.chars().map(|c| if c.is_ascii_alphanumeric() || "._-/".contains(c) { c } else { '?' }).collect();
    Ok(match options.lang {
        ScriptLang::Python => python::render(&plan, &options.key_file, &comment, dotenv),
        ScriptLang::Node => node::render(&plan, &options.key_file, &comment),
        ScriptLang::Go => go::render(&plan, &options.key_file, &comment),
        ScriptLang::Bash => bash::render(&plan, &options.key_file, &comment, dotenv)?,
    })
}
