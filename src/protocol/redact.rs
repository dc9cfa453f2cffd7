//! Masking secrets in text that came from outside. A proxy's error page, or a test server,
//! may echo the request back, Authorization header and form body included; that text reaches
//! `excerpt` and `message`. Every secret the call carried is masked there, in the spellings an
//! echo uses: as sent, percent-encoded (`%2B`, `%2b`, `+` for a space), JSON-escaped (`\/`);
//! and `Bearer …` and `client_secret=…` whatever follows them.

/// What a masked secret becomes.
pub const MASK: &str = "[redacted]";

/// Keys whose value is masked wherever they appear as `key=value`, `"key":"value"` or
/// `key: value`, known secret or not.
const SECRET_KEYS: [&[u8]; 5] = [
    b"client_secret",
    b"access_token",
    b"refresh_token",
    b"authorization",
    b"bearer",
];

/// `text` with each of `secrets` (in any echoed spelling) and each value after a secret key
/// replaced by [`MASK`]. Secrets shorter than 4 bytes are left alone: they would mask
/// ordinary words, and no credential is that short.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        let hit = secrets
            .iter()
            .filter(|s| s.len() >= 4)
            .find_map(|s| match_secret(bytes, i, s.as_bytes()))
            .or_else(|| after_key(bytes, i));
        match hit {
            Some((start, end)) if end > start => {
                out.push_str(text.get(copied..start).unwrap_or(""));
                out.push_str(MASK);
                copied = end;
                i = end;
            }
            _ => i += 1,
        }
    }
    if copied == 0 {
        return text.to_owned();
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    out
}

/// True when `text` holds one of `secrets` or a secret key's value ([`redact`] would change it).
pub fn holds_secret(text: &str, secrets: &[&str]) -> bool {
    redact(text, secrets) != text
}

/// The end of `secret` echoed at `at`, as `(at, end)`.
fn match_secret(text: &[u8], at: usize, secret: &[u8]) -> Option<(usize, usize)> {
    match_rest(text, at, secret, 0).map(|end| (at, end))
}

/// Matches `secret` from byte `j` on against `text` from `i`, each byte in any spelling.
/// `%` and `\` can be both themselves and the start of an escape, so both are tried; other
/// bytes have one spelling at a given place, so this only branches on those two.
fn match_rest(text: &[u8], i: usize, secret: &[u8], j: usize) -> Option<usize> {
    let Some(&c) = secret.get(j) else {
        return Some(i);
    };
    let literal = (text.get(i) == Some(&c))
        .then(|| match_rest(text, i + 1, secret, j + 1))
        .flatten();
    literal.or_else(|| {
        let n = escaped(text, i, c)?;
        match_rest(text, i + n, secret, j + 1)
    })
}

/// How many bytes of `text` at `i` spell the byte `c` escaped: `%XX` (either case), `+` for
/// a space, or JSON's `\/`, `\"` and `\\`.
fn escaped(text: &[u8], i: usize, c: u8) -> Option<usize> {
    let at = |k: usize| text.get(i + k).copied();
    let digit = |k: usize, nibble: u8| {
        at(k)
            .zip(HEX_DIGITS.get(usize::from(nibble)))
            .is_some_and(|(h, d)| h.eq_ignore_ascii_case(d))
    };
    match at(0)? {
        b'%' if digit(1, c >> 4) && digit(2, c & 15) => Some(3),
        b'+' if c == b' ' => Some(1),
        b'\\' if at(1) == Some(c) && matches!(c, b'/' | b'"' | b'\\') => Some(2),
        _ => None,
    }
}

const HEX_DIGITS: [u8; 16] = *b"0123456789ABCDEF";

/// After a secret key at `at` (any case, as a whole word), the span of its value: past `=`,
/// `:`, spaces and an opening quote, up to a quote, `&`, `,`, `<`, whitespace or the end.
fn after_key(text: &[u8], at: usize) -> Option<(usize, usize)> {
    if at > 0
        && text
            .get(at - 1)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    {
        return None;
    }
    let key = SECRET_KEYS.iter().find(|k| {
        text.get(at..at + k.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(k))
    })?;
    let mut i = at + key.len();
    // `"key": "value"`, `key=value`, `key: value`, `Bearer value`; a JSON key's closing quote.
    let mut separated = false;
    while let Some(&b) = text.get(i) {
        match b {
            b'"' | b'\'' | b'\\' | b' ' | b'\t' | b':' | b'=' => {
                separated |= b != b'"' && b != b'\'' && b != b'\\';
                i += 1;
            }
            _ => break,
        }
    }
    if !separated {
        return None;
    }
    // "Authorization: Bearer x": the scheme stays, the credential goes.
    if text
        .get(i..i + 7)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"bearer "))
    {
        i += 7;
    }
    let start = i;
    while let Some(&b) = text.get(i) {
        if matches!(b, b'"' | b'\'' | b'&' | b',' | b'<' | b'\\' | b';') || b.is_ascii_whitespace()
        {
            break;
        }
        i += 1;
    }
    Some((start, i))
}

/// External text (Intercom's `message`, an `error_description`, an error page) made safe for a
/// message or a log line: each control character (CR, LF, NUL, ESC, C1 …) becomes a space, so
/// it cannot forge log lines or terminal escapes.
pub fn printable(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

/// `redact` then `printable`, the two steps every piece of external text goes through.
pub fn clean(text: &str, secrets: &[&str]) -> String {
    printable(&redact(text, secrets))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "dG9rOmFi+Y/2=";
    const SECRET: &str = "s3cr3t-client secret";

    #[test]
    fn secrets_in_every_echoed_spelling() {
        for echo in [
            "Authorization: Bearer dG9rOmFi+Y/2=",
            "token dG9rOmFi+Y/2= seen",
            "tok=dG9rOmFi%2BY%2F2%3D",
            "tok=dG9rOmFi%2bY%2f2%3d",
            "{\"auth\":\"dG9rOmFi+Y\\/2=\"}",
            "form: s3cr3t-client+secret",
            "form: s3cr3t-client%20secret",
            "client_secret=anything-at-all&x=1",
            "{\"client_secret\": \"whatever\"}",
            "access_token=abc",
            "<pre>authorization: Bearer unknown-token-value</pre>",
        ] {
            let r = redact(echo, &[TOKEN, SECRET]);
            assert!(r.contains(MASK), "{echo:?} → {r:?}");
            for leak in [
                "dG9rOmFi",
                "s3cr3t",
                "anything-at-all",
                "whatever",
                "abc",
                "unknown-token",
            ] {
                assert!(!r.contains(leak), "{echo:?} → {r:?}");
            }
        }
        assert_eq!(
            redact("Authorization: Bearer dG9rOmFi+Y/2=", &[TOKEN]),
            "Authorization: Bearer [redacted]"
        );
    }

    #[test]
    fn ordinary_text_is_kept() {
        for text in [
            "<html><body>502 Bad Gateway</body></html>",
            "{\"type\":\"error.list\",\"errors\":[{\"code\":\"not_found\",\"message\":\"Not found\"}]}",
            "the token was refused",
            "tokens: 3",
            "",
            "é ü ☃",
        ] {
            assert_eq!(redact(text, &[TOKEN, SECRET, "ab"]), text);
            assert!(!holds_secret(text, &[TOKEN]));
        }
    }

    #[test]
    fn control_characters_become_spaces() {
        assert_eq!(
            printable("a\r\nInjected: 1\u{0}\u{1b}[31m\u{85}"),
            "a  Injected: 1  [31m "
        );
        assert_eq!(printable("plain é"), "plain é");
        assert_eq!(clean("Bearer x\ny", &[]), "Bearer [redacted] y");
    }
}
