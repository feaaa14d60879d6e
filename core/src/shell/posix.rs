//! `curl` for POSIX shells (bash, zsh, dash).
use crate::request::TokenRequest;

/// A value no shell command can carry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShellError {
    /// The argument, shortened and printable (it may be a long token).
    #[error("\"{0}\" contains a NUL character, which cannot be passed to a command")]
    Nul(String),
}

/// The argument vector curl must receive (program name first). [`render_curl`] quotes
/// exactly these; tests run the rendered command through `bash` and compare byte for byte.
pub fn curl_argv(request: &TokenRequest) -> Vec<String> {
    let method = request.method.as_str().to_owned();
    let mut argv = vec!["curl".to_owned(), "--silent".into(), "--show-error".into(), "--request".into(), method];
    argv.push("--url".into());
    argv.push(request.url().to_owned());
    if let Some(certificate) = &request.client_certificate {
        // mTLS (RFC 8705): the TLS handshake presents the page's certificate and its key.
        argv.extend(["--cert".into(), certificate.cert_file.clone(), "--key".into(), certificate.key_file.clone()]);
    }
    for (name, value) in &request.headers {
        // curl sets this itself for --data-urlencode; stating it keeps the command honest.
        argv.push("--header".into());
        argv.push(format!("{name}: {value}"));
    }
    for (name, value) in &request.form {
        // curl percent-encodes what follows the first '='; names are fixed ASCII wire names.
        argv.push("--data-urlencode".into());
        argv.push(format!("{name}={value}"));
    }
    argv
}

/// The command, one option per line, every argument quoted for a POSIX shell.
pub fn render_curl(request: &TokenRequest) -> Result<String, ShellError> {
    render_argv(&curl_argv(request))
}

/// The argument vector for calling an API with an access token (RFC 6750 §2.1).
pub fn bearer_curl_argv(url: &str, access_token: &str) -> Vec<String> {
    vec![
        "curl".into(),
        "--silent".into(),
        "--show-error".into(),
        "--url".into(),
        url.into(),
        "--header".into(),
        format!("Authorization: Bearer {access_token}"),
        "--header".into(),
        "Accept: application/json".into(),
    ]
}

/// `curl` with the access token as a bearer token, quoted for a POSIX shell.
pub fn render_bearer_curl(url: &str, access_token: &str) -> Result<String, ShellError> {
    render_argv(&bearer_curl_argv(url, access_token))
}

/// A word of a rendered command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word {
    /// A value, quoted so that the command receives exactly these bytes.
    Literal(String),
    /// Shell text pkjwt itself writes (a variable expansion), emitted as it is. Never user data.
    Shell(&'static str),
}

/// Quotes every argument; options and their values share a line, continuation backslashes
/// join the lines.
fn render_argv(argv: &[String]) -> Result<String, ShellError> {
    let words: Vec<Word> = argv.iter().cloned().map(Word::Literal).collect();
    render_words(&words)
}

/// Renders words, quoting the literal ones.
pub fn render_words(words: &[Word]) -> Result<String, ShellError> {
    let mut rendered = Vec::with_capacity(words.len());
    for word in words {
        rendered.push(match word {
            Word::Literal(arg) => posix_quote(arg)?,
            Word::Shell(text) => (*text).to_owned(),
        });
    }
    let is_option = |index: usize| matches!(&words[index], Word::Literal(arg) if takes_value(arg));
    let mut out = String::new();
    let mut index = 0;
    while index < rendered.len() {
        if index == 0 {
            out.push_str(&rendered[index]);
        } else if index + 1 < rendered.len() && is_option(index) {
            out.push_str(" \\\n  ");
            out.push_str(&rendered[index]);
            out.push(' ');
            out.push_str(&rendered[index + 1]);
            index += 1;
        } else {
            out.push(' ');
            out.push_str(&rendered[index]);
        }
        index += 1;
    }
    out.push('\n');
    Ok(out)
}

fn takes_value(option: &str) -> bool {
    matches!(option, "--request" | "--header" | "--data-urlencode" | "--url" | "--data-raw" | "--cert" | "--key")
}

/// One value quoted for a POSIX shell (bash, dash): the command receives exactly its bytes.
pub fn posix_quote(value: &str) -> Result<String, ShellError> {
    let quoted = shlex::bytes::Quoter::new().quote(value.as_bytes()).map_err(|_| ShellError::Nul(crate::text::printable(value)))?;
    Ok(String::from_utf8_lossy(&quoted).into_owned())
}
