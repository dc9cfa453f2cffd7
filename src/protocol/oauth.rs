//! The OAuth install flow without storage (facts §1): redirect-URI rules, the signed
//! stateless `state`, callback parameters and webhook signature headers. Pure: HMAC and
//! randomness come from WebCrypto through the JS rim, which hands the bytes in here.

use super::code::ErrorCode;
use super::error::Error;
use super::text::{cat, pieces, split_once};

/// First byte of every state payload, so the format can change without ambiguity.
const STATE_VERSION: u8 = 1;
pub const NONCE_TAG_LEN: usize = 16;
pub const RANDOM_LEN: usize = 16; // 128 bits, the minimum
pub const MAX_DATA_BYTES: usize = 512;
/// Clock skew tolerated between the worker that issued a state and the one checking it.
const SKEW_MS: f64 = 60_000.0;

/// Intercom asks for https redirect URLs; plain http only makes sense on this machine.
pub fn check_redirect(protocol: &str, hostname: &str) -> Result<(), Error> {
    match protocol {
        "https:" => Ok(()),
        "http:" if matches!(hostname, "localhost" | "127.0.0.1" | "[::1]") => Ok(()),
        _ => Err(Error::invalid_argument(
            "redirectUri: must be https (http only for localhost or 127.0.0.1)",
        )),
    }
}

/// What a state carries once its signature has been checked.
#[derive(Clone, Debug, PartialEq)]
pub struct StatePayload {
    pub issued_ms: u64,
    pub ttl_s: u32,
    /// HMAC of the browser nonce the flow was started with, when bound.
    pub nonce_tag: Option<[u8; NONCE_TAG_LEN]>,
    pub data: Option<String>,
}

/// `version | issued ms (8) | ttl s (4) | random (16) | has-nonce (1) [| nonce tag (16)] | data`.
pub fn encode_state(p: &StatePayload, random: &[u8; RANDOM_LEN]) -> Result<Vec<u8>, Error> {
    let data = p.data.as_deref().unwrap_or("");
    if data.len() > MAX_DATA_BYTES {
        return Err(Error::invalid_argument(
            "data: at most 512 bytes (keep a short return path, not a session)",
        ));
    }
    let mut out = Vec::with_capacity(30 + NONCE_TAG_LEN + data.len());
    out.push(STATE_VERSION);
    out.extend_from_slice(&p.issued_ms.to_be_bytes());
    out.extend_from_slice(&p.ttl_s.to_be_bytes());
    out.extend_from_slice(random);
    match &p.nonce_tag {
        Some(tag) => {
            out.push(1);
            out.extend_from_slice(tag);
        }
        None => out.push(0),
    }
    out.extend_from_slice(data.as_bytes());
    Ok(out)
}

fn state_invalid(why: &str) -> Error {
    Error::new(
        ErrorCode::OauthStateInvalid,
        cat(&["OAuth state is not valid: ", why]),
        false,
    )
}

/// The inverse of `encode_state`; only called on bytes whose signature matched.
pub fn decode_state(bytes: &[u8]) -> Result<StatePayload, Error> {
    let (&version, rest) = bytes.split_first().ok_or_else(|| state_invalid("empty"))?;
    if version != STATE_VERSION {
        return Err(state_invalid("unknown format"));
    }
    let (issued, rest) = split::<8>(rest)?;
    let (ttl, rest) = split::<4>(rest)?;
    let (_random, rest) = split::<RANDOM_LEN>(rest)?;
    let (&flag, rest) = rest
        .split_first()
        .ok_or_else(|| state_invalid("truncated"))?;
    let (nonce_tag, rest) = match flag {
        0 => (None, rest),
        1 => {
            let (tag, rest) = split::<NONCE_TAG_LEN>(rest)?;
            (Some(tag), rest)
        }
        _ => return Err(state_invalid("unknown flag")),
    };
    let data = match rest {
        [] => None,
        bytes => Some(
            String::from_utf8(bytes.to_vec()).map_err(|_| state_invalid("data is not UTF-8"))?,
        ),
    };
    Ok(StatePayload {
        issued_ms: u64::from_be_bytes(issued),
        ttl_s: u32::from_be_bytes(ttl),
        nonce_tag,
        data,
    })
}

fn split<const N: usize>(bytes: &[u8]) -> Result<([u8; N], &[u8]), Error> {
    let head = bytes.get(..N).ok_or_else(|| state_invalid("truncated"))?;
    let mut out = [0u8; N];
    out.copy_from_slice(head);
    Ok((out, bytes.get(N..).unwrap_or(&[])))
}

/// Expiry, checked after the signature: an expired state is genuine but too old.
pub fn check_fresh(p: &StatePayload, now_ms: f64) -> Result<(), Error> {
    let issued = p.issued_ms as f64;
    if issued > now_ms + SKEW_MS {
        return Err(state_invalid("issued in the future"));
    }
    if now_ms > issued + f64::from(p.ttl_s) * 1000.0 {
        return Err(Error::new(
            ErrorCode::OauthStateExpired,
            "OAuth state has expired: the install took longer than the state's lifetime".into(),
            false,
        ));
    }
    Ok(())
}

// base64url lives with the other byte encodings; re-exported for the state and JWT code.
pub use super::encoding::{base64url_decode, base64url_encode};

/// Compares without an early exit, so timing does not reveal how much of a MAC matched.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A state on the wire: `base64url(payload).base64url(mac)`.
/// `payload.mac`, both base64url: the inverse of [`split_state`].
pub fn join_state(payload: &[u8], mac: &[u8]) -> String {
    let mut state = base64url_encode(payload);
    state.push('.');
    state.push_str(&base64url_encode(mac));
    state
}

pub fn split_state(state: &str) -> Result<(Vec<u8>, Vec<u8>), Error> {
    if state.len() > 4096 {
        return Err(state_invalid("too long"));
    }
    let (payload, mac) =
        split_once(state, b'.').ok_or_else(|| state_invalid("not a state from createState"))?;
    let payload = base64url_decode(payload).ok_or_else(|| state_invalid("bad encoding"))?;
    let mac = base64url_decode(mac)
        .filter(|m| m.len() == 32)
        .ok_or_else(|| state_invalid("bad signature"))?;
    Ok((payload, mac))
}

pub fn state_forged() -> Error {
    state_invalid("the signature does not match (forged, tampered, or signed with another secret)")
}

pub fn state_mismatch() -> Error {
    Error::new(
        ErrorCode::OauthStateMismatch,
        "OAuth state belongs to another browser session (the nonce cookie does not match)".into(),
        false,
    )
}

/// The raw `k=v` pairs of a query string (without "?"), undecoded. Decoding is left to the
/// platform's decodeURIComponent, which — unlike URLSearchParams — keeps "+" as "+", so an
/// authorization code survives byte for byte.
pub fn raw_query_pairs(search: &str) -> Vec<(&str, &str)> {
    // Every leading "?", as `trim_start_matches` would; a `&str` pattern there is a searcher.
    let mut search = search;
    while let Some(rest) = search.strip_prefix("?") {
        search = rest;
    }
    pieces(search, b'&')
        .filter(|p| !p.is_empty())
        .map(|p| split_once(p, b'=').unwrap_or((p, "")))
        .collect()
}

/// What the callback says, once decoded.
#[derive(Debug, PartialEq)]
pub struct Callback {
    pub code: String,
    pub state: String,
}

fn param<'a>(params: &'a [(String, String)], k: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(key, _)| key == k)
        .map(|(_, v)| v.as_str())
}

/// The callback's `state`, checked first: until it verifies, nothing else in the URL is
/// believed (a denial included, so a forged "access denied" cannot pass for the admin's).
pub fn callback_state(params: &[(String, String)]) -> Result<&str, Error> {
    param(params, "state")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| state_invalid("the callback has no state"))
}

/// The callback's meaning once its state verified: denial (the user pressed Cancel), then
/// a missing code.
pub fn read_callback(params: &[(String, String)]) -> Result<Callback, Error> {
    let state = callback_state(params)?;
    if let Some(error) = param(params, "error") {
        let detail = param(params, "error_description").unwrap_or(error);
        return Err(Error::new(
            ErrorCode::OauthDenied,
            cat(&[
                "The workspace admin did not authorize the app (",
                &super::error::truncate(&printable(detail), 100),
                ")",
            ]),
            false,
        ));
    }
    let code = param(params, "code")
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            Error::new(
                ErrorCode::OauthCodeMissing,
                "The OAuth callback has no code parameter".into(),
                false,
            )
        })?;
    Ok(Callback {
        code: code.to_owned(),
        state: state.to_owned(),
    })
}

/// Text from the URL with control characters (CR, LF, NUL…) and bidi overrides removed: it
/// lands in a message that may be logged or shown, and must not forge lines or reorder text.
pub fn printable(text: &str) -> String {
    text.chars()
        .filter(|&c| !c.is_control() && !is_bidi_control(c))
        .collect()
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Without a nonce a state binds to no browser: anyone's callback verifies (login CSRF), so
/// only an explicit, visibly named opt-out allows it.
pub fn require_binding(has_nonce: bool, unsafe_no_browser_binding: bool) -> Result<(), Error> {
    if has_nonce || unsafe_no_browser_binding {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            "nonce: required, to bind the state to this browser (stateCookie); \
             unsafeNoBrowserBinding: true opts out, allowing login CSRF",
        ))
    }
}

/// A verified state without a nonce tag is accepted only when the checker opted out too.
pub fn check_unbound(unsafe_no_browser_binding: bool) -> Result<(), Error> {
    if unsafe_no_browser_binding {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::OauthStateMismatch,
            "OAuth state is bound to no browser (made without a nonce): refused unless \
             unsafeNoBrowserBinding is set"
                .into(),
            false,
        ))
    }
}

/// An origin `data` may name, as the platform's URL parser printed it: http(s) only.
pub fn check_allowed_origin(origin: &str) -> Result<(), Error> {
    if origin.starts_with("https://") || origin.starts_with("http://") {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            "allowedOrigins: http(s) origins such as \"https://app.example\"",
        ))
    }
}

/// Whether `data` is a safe return path: a same-origin path (`/settings?x=1`), or a URL on an
/// allowed origin. `origin` is the platform's parse of `data` as an absolute URL, if it is one.
/// Control characters, whitespace and backslashes are refused anywhere: URL parsers drop
/// them or read `\` as `/`, so "/\evil" or " //evil" would leave the site.
pub fn return_path_ok(data: &str, origin: Option<&str>, allowed: &[String]) -> bool {
    if data.is_empty() {
        return true;
    }
    if data
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return false;
    }
    if data.starts_with("/") && !data.starts_with("//") {
        return true;
    }
    origin.is_some_and(|o| allowed.iter().any(|a| a == o))
}

pub fn return_path_refused() -> Error {
    Error::invalid_argument(
        "data: a same-origin path such as \"/settings?x=1\" (another origin only when listed in allowedOrigins)",
    )
}

/// A state whose `data` no longer passes (made before the rule, or checked with a shorter
/// allow-list): genuine, but not to be followed.
pub fn return_path_unsafe() -> Error {
    state_invalid("its data is not a same-origin path nor an allowed origin")
}

/// `X-Hub-Signature: sha1=<40 hex>` → the 20 MAC bytes; `None` for anything else.
pub fn webhook_signature(header: &str) -> Option<[u8; 20]> {
    let hex = header.trim_ascii().strip_prefix("sha1=")?;
    if hex.starts_with(|c: char| c.is_ascii_whitespace()) {
        return None;
    }
    super::encoding::hex_fixed::<20>(hex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_rules() {
        assert!(check_redirect("https:", "app.example").is_ok());
        assert!(check_redirect("http:", "localhost").is_ok());
        assert!(check_redirect("http:", "127.0.0.1").is_ok());
        assert!(check_redirect("http:", "[::1]").is_ok());
        assert!(check_redirect("http:", "app.example").is_err());
        assert!(check_redirect("http:", "localhost.evil.example").is_err());
        assert!(check_redirect("javascript:", "").is_err());
    }

    #[test]
    fn base64url_vectors_and_roundtrip() {
        // RFC 4648 §10 vectors, without padding.
        for (plain, enc) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64url_encode(plain.as_bytes()), enc);
            assert_eq!(base64url_decode(enc).as_deref(), Some(plain.as_bytes()));
        }
        let all: Vec<u8> = (0..=255).collect();
        let enc = base64url_encode(&all);
        assert!(!enc.contains(['+', '/', '=']));
        assert_eq!(base64url_decode(&enc), Some(all));
        assert_eq!(base64url_decode("Zm9v+A"), None);
        assert_eq!(base64url_decode("Z"), None);
        assert_eq!(base64url_decode("Zh"), None, "non-canonical trailing bits");
    }

    fn payload(nonce: bool, data: Option<&str>) -> StatePayload {
        StatePayload {
            issued_ms: 1_767_225_600_000,
            ttl_s: 600,
            nonce_tag: nonce.then_some([7u8; NONCE_TAG_LEN]),
            data: data.map(str::to_owned),
        }
    }

    #[test]
    fn state_payload_roundtrips() {
        for p in [
            payload(false, None),
            payload(true, Some("/settings?tab=intercom")),
            payload(true, Some("é")),
        ] {
            let bytes = encode_state(&p, &[9u8; RANDOM_LEN]).unwrap();
            assert_eq!(decode_state(&bytes).unwrap(), p);
        }
        let long = "x".repeat(MAX_DATA_BYTES + 1);
        assert_eq!(
            encode_state(&payload(false, Some(&long)), &[0; RANDOM_LEN])
                .unwrap_err()
                .code
                .as_str(),
            "invalid_argument"
        );
    }

    #[test]
    fn truncated_or_odd_payloads_are_invalid_not_panics() {
        let bytes = encode_state(&payload(true, None), &[1; RANDOM_LEN]).unwrap();
        for n in 0..bytes.len() {
            let r = decode_state(&bytes[..n]);
            assert_eq!(
                r.map_err(|e| e.code).err().as_ref().map(ErrorCode::as_str),
                Some("oauth_state_invalid"),
                "len {n}"
            );
        }
        let mut odd = bytes.clone();
        odd[0] = 2;
        assert!(decode_state(&odd).is_err());
    }

    #[test]
    fn freshness() {
        let p = payload(false, None);
        let t = p.issued_ms as f64;
        assert!(check_fresh(&p, t).is_ok());
        assert!(check_fresh(&p, t + 599_000.0).is_ok());
        assert_eq!(
            check_fresh(&p, t + 600_001.0).unwrap_err().code.as_str(),
            "oauth_state_expired"
        );
        assert_eq!(
            check_fresh(&p, t - 120_000.0).unwrap_err().code.as_str(),
            "oauth_state_invalid"
        );
    }

    #[test]
    fn state_splitting() {
        let mac = base64url_encode(&[1u8; 32]);
        assert!(split_state(&["AQ.", &mac].concat()).is_ok());
        let joined = join_state(&[1, 2, 3], &[7u8; 32]);
        assert_eq!(split_state(&joined), Ok((vec![1, 2, 3], vec![7u8; 32])));
        for bad in [
            "",
            "abc",
            "a.b",
            &["AQ.", &base64url_encode(&[1u8; 31])].concat(),
            &"A".repeat(5000),
        ] {
            assert_eq!(
                split_state(bad).unwrap_err().code.as_str(),
                "oauth_state_invalid",
                "{bad:.20}"
            );
        }
    }

    #[test]
    fn constant_time_compare() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }

    fn own(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn callback_parameters() {
        assert_eq!(
            read_callback(&own(&[("code", "abc+def="), ("state", "s")])),
            Ok(Callback {
                code: "abc+def=".into(),
                state: "s".into()
            })
        );
        assert_eq!(
            read_callback(&own(&[("error", "access_denied"), ("state", "s")]))
                .unwrap_err()
                .code
                .as_str(),
            "oauth_denied"
        );
        assert_eq!(
            read_callback(&own(&[("state", "s")]))
                .unwrap_err()
                .code
                .as_str(),
            "oauth_code_missing"
        );
        assert_eq!(
            read_callback(&own(&[("code", ""), ("state", "s")]))
                .unwrap_err()
                .code
                .as_str(),
            "oauth_code_missing"
        );
        assert_eq!(
            read_callback(&own(&[("code", "c")]))
                .unwrap_err()
                .code
                .as_str(),
            "oauth_state_invalid"
        );
    }

    #[test]
    fn denial_needs_a_state_and_its_text_is_printable() {
        // No state: the state's error, not a denial an attacker could forge.
        let forged = own(&[("error", "access_denied"), ("error_description", "x")]);
        assert_eq!(
            read_callback(&forged).unwrap_err().code.as_str(),
            "oauth_state_invalid"
        );
        assert!(callback_state(&forged).is_err());
        let crlf = own(&[
            ("state", "s"),
            ("error", "access_denied"),
            (
                "error_description",
                "no\r\nX-Injected: 1\u{0}\u{202e}gnp.exe",
            ),
        ]);
        let e = read_callback(&crlf).unwrap_err();
        assert_eq!(e.code.as_str(), "oauth_denied");
        assert!(
            e.message.contains("noX-Injected: 1gnp.exe"),
            "{}",
            e.message
        );
        assert!(!e.message.chars().any(|c| c.is_control()));
    }

    #[test]
    fn nonce_binding_is_required_unless_opted_out() {
        assert!(require_binding(true, false).is_ok());
        assert!(require_binding(false, true).is_ok());
        assert_eq!(
            require_binding(false, false).unwrap_err().code.as_str(),
            "invalid_argument"
        );
        assert!(check_unbound(true).is_ok());
        assert_eq!(
            check_unbound(false).unwrap_err().code.as_str(),
            "oauth_state_mismatch"
        );
    }

    #[test]
    fn return_paths() {
        let none: &[String] = &[];
        for ok in [
            "",
            "/",
            "/settings?x=1",
            "/a/b#c",
            "/%2F%2Fevil",
            "/?next=//x",
        ] {
            assert!(return_path_ok(ok, None, none), "{ok}");
        }
        for (bad, origin) in [
            ("https://evil.example/", Some("https://evil.example")),
            ("//evil.example", None),
            ("/\\evil.example", None),
            ("\\\\evil.example", None),
            ("javascript:alert(1)", Some("null")),
            ("/\t/evil.example", None),
            (" //evil.example", None),
            ("/a\r\nSet-Cookie: x", None),
            ("/a\u{0}", None),
            ("settings", None),
            ("?x=1", None),
        ] {
            assert!(!return_path_ok(bad, origin, none), "{bad:?}");
        }
        let allowed = ["https://app.example".to_owned()];
        assert!(return_path_ok(
            "https://app.example/done",
            Some("https://app.example"),
            &allowed
        ));
        assert!(!return_path_ok(
            "https://app.example.evil/x",
            Some("https://app.example.evil"),
            &allowed
        ));
        assert!(check_allowed_origin("https://app.example").is_ok());
        assert!(check_allowed_origin("null").is_err());
        assert_eq!(return_path_refused().code.as_str(), "invalid_argument");
        assert_eq!(return_path_unsafe().code.as_str(), "oauth_state_invalid");
    }

    #[test]
    fn raw_pairs_keep_plus_and_equals() {
        assert_eq!(
            raw_query_pairs("?code=ab%2Bc+d%3D%3D=&state=x"),
            vec![("code", "ab%2Bc+d%3D%3D="), ("state", "x")]
        );
        assert_eq!(raw_query_pairs("flag&&a=1"), vec![("flag", ""), ("a", "1")]);
    }

    #[test]
    fn webhook_headers() {
        let good = "sha1=21ff2e149e0fdcac6f947740f6177f6434bda921";
        assert_eq!(webhook_signature(good).map(|s| s[0]), Some(0x21));
        assert!(webhook_signature(&good.to_uppercase().replace("SHA1", "sha1")).is_some());
        for bad in [
            "",
            "sha1=",
            "sha256=21ff2e149e0fdcac6f947740f6177f6434bda921",
            "sha1=21ff",
            "sha1=zzff2e149e0fdcac6f947740f6177f6434bda921",
            "21ff2e149e0fdcac6f947740f6177f6434bda921",
        ] {
            assert_eq!(webhook_signature(bad), None, "{bad}");
        }
    }
}
