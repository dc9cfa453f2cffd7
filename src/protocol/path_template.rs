//! A spec path template (`/contacts/{contact_id}`) filled with the caller's path parameters,
//! each percent-encoded so that it stays one segment: a value cannot add `/`, `?` or `#`,
//! and cannot be a `.` or `..` segment (which URL parsers resolve, `%2e` spellings too).

use super::error::Error;
use super::text::{cat, pieces, split_once};

/// Fills every `{name}` of `template` with `value(name)`, percent-encoded.
///
/// ```ignore
/// let path = fill("/contacts/{contact_id}", |_| Some("6657".into()))?; // "/contacts/6657"
/// ```
pub fn fill(template: &str, value: impl Fn(&str) -> Option<String>) -> Result<String, Error> {
    let mut out = String::with_capacity(template.len());
    // Byte scans (text.rs): a `&str` pattern would bring the substring searcher.
    let mut pieces = pieces(template, b'{');
    out.push_str(pieces.next().unwrap_or_default());
    for piece in pieces {
        let (name, rest) = split_once(piece, b'}')
            .ok_or_else(|| Error::invalid_argument("path: a \"{\" without its \"}\""))?;
        let given = value(name).ok_or_else(|| {
            Error::invalid_argument(cat(&["params.path.", name, ": required by the path"]))
        })?;
        out.push_str(&segment(name, &given)?);
        out.push_str(rest);
    }
    Ok(out)
}

/// One path segment, as [`request::path_param`](super::request::path_param) encodes it (every
/// byte but A–Z, a–z, 0–9, `-`, `.`, `_`, `~` percent-encoded; empty values and `.`/`..`
/// pieces refused), its errors naming `params.path.<name>`.
pub fn segment(name: &str, value: &str) -> Result<String, Error> {
    super::request::path_param(&cat(&["params.path.", name]), value)
}

/// Appends `value` to `out` with every byte but A–Z, a–z, 0–9 and `keep` as `%XX`.
pub fn percent_encode(out: &mut String, value: &str, keep: &[u8]) {
    let hex = |n: u8| char::from(if n < 10 { b'0' + n } else { b'A' + n - 10 });
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(hex(b >> 4));
            out.push(hex(b & 15));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(name: &str) -> Option<String> {
        match name {
            "contact_id" => Some("6657add46abd0167d9419cd2".into()),
            "id" => Some("a/b?c#d e%2e".into()),
            "n" => Some("12".into()),
            _ => None,
        }
    }

    #[test]
    fn fills_each_parameter_as_one_segment() {
        assert_eq!(
            fill("/contacts/{contact_id}/notes", params).as_deref(),
            Ok("/contacts/6657add46abd0167d9419cd2/notes")
        );
        assert_eq!(
            fill("/x/{id}/{n}", params).as_deref(),
            Ok("/x/a%2Fb%3Fc%23d%20e%252e/12")
        );
        assert_eq!(fill("/admins", params).as_deref(), Ok("/admins"));
        assert_eq!(segment("k", "é").as_deref(), Ok("%C3%A9"));
    }

    #[test]
    fn refuses_missing_dot_and_empty_values() {
        let err = fill("/contacts/{contact}", params).unwrap_err();
        assert!(err.message().contains("params.path.contact"), "{err:?}");
        for bad in ["", ".", ".."] {
            assert!(
                fill("/contacts/{x}", |_| Some(bad.into())).is_err(),
                "{bad:?}"
            );
        }
        assert!(fill("/contacts/{x", params).is_err());
        // `%2e%2e` is a ".." segment to URL parsers; encoded, its `%` cannot make one.
        assert_eq!(
            fill("/contacts/{x}", |_| Some("%2e%2e".into())).as_deref(),
            Ok("/contacts/%252e%252e")
        );
    }
}
