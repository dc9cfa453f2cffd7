//! Bodies the package receives from outside (webhooks; Canvas Kit, uninstall and
//! health-check POSTs): how much may be read before anything is authenticated. The rim
//! streams the body; these rules say when to stop.
//!
//! The order for a signed POST: a missing or malformed signature header is refused before
//! the body is read at all; a `content-length` over the cap is refused before reading; the
//! count is checked at every chunk, so memory holds at most the cap plus one chunk; the MAC
//! is checked before any JSON is parsed.

use super::code::ErrorCode;
use super::config::Bound;
use super::error::Error;
use super::text::{cat, decimal};

/// Webhook notifications: 5 MiB. Intercom's notification bodies are a topic and one object
/// (a conversation with its parts at most), tens of KiB in practice; the cap bounds what an
/// unauthenticated POST makes a 128 MB Worker hold and hash. `maxBodyBytes` changes it.
pub const WEBHOOK_MAX_BYTES: Bound = Bound {
    name: "maxBodyBytes",
    min: 1024,
    max: 32 * 1024 * 1024,
    default: 5 * 1024 * 1024,
};

/// Canvas Kit, uninstall and health-check requests: 1 MiB. They carry a canvas, its inputs
/// and the context objects (an uninstall notice is `{"app_id":…}`); a sheet's encrypted user
/// is capped at 256 KiB on its own, so 1 MiB leaves room while refusing bulk early.
pub const CANVAS_MAX_BYTES: Bound = Bound {
    name: "maxBodyBytes",
    min: 1024,
    max: 32 * 1024 * 1024,
    default: 1024 * 1024,
};

/// A body over its cap: 413, never retried (the same body will be as large next time).
pub fn payload_too_large(cap: u32) -> Error {
    let mut e = Error::new(
        ErrorCode::PayloadTooLarge,
        cat(&[
            "The request body is larger than ",
            &decimal(u64::from(cap)),
            " bytes (maxBodyBytes): refused before reading the rest",
        ]),
        false,
    );
    e.status = Some(413);
    e
}

/// A declared `content-length` over the cap is refused before a byte is read. One that is
/// not a plain decimal is left to the count while reading (it cannot be trusted either way).
pub fn check_declared(content_length: Option<&str>, cap: u32) -> Result<(), Error> {
    let declared = content_length
        .map(str::trim_ascii)
        .filter(|s| !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit()))
        .map(|s| {
            s.bytes().fold(0u64, |n, b| {
                n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
            })
        });
    match declared {
        Some(n) if n > u64::from(cap) => Err(payload_too_large(cap)),
        _ => Ok(()),
    }
}

/// After each chunk: `read` bytes so far (this chunk included) against the cap.
pub fn check_read(read: usize, cap: u32) -> Result<(), Error> {
    if read as u64 > u64::from(cap) {
        Err(payload_too_large(cap))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_lengths() {
        let cap = WEBHOOK_MAX_BYTES.default;
        assert!(check_declared(None, cap).is_ok());
        assert!(check_declared(Some("5242880"), cap).is_ok());
        let e = check_declared(Some("5242881"), cap).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.status, e.retryable),
            ("payload_too_large", Some(413), false)
        );
        assert!(check_declared(Some(" 209715200 "), cap).is_err());
        assert!(check_declared(Some("99999999999999999999"), cap).is_err());
        // Not a number: the stream count decides.
        for odd in ["", "-1", "1e9", "0x10", "12, 12", "abc"] {
            assert!(check_declared(Some(odd), cap).is_ok(), "{odd}");
        }
    }

    #[test]
    fn counted_reads() {
        assert!(check_read(1024, 1024).is_ok());
        let e = check_read(1025, 1024).unwrap_err();
        assert_eq!(e.code.as_str(), "payload_too_large");
        assert!(e.message.contains("1024 bytes"), "{}", e.message);
    }

    #[test]
    fn caps() {
        assert_eq!(WEBHOOK_MAX_BYTES.default, 5 * 1024 * 1024);
        assert_eq!(CANVAS_MAX_BYTES.default, 1024 * 1024);
        assert!(WEBHOOK_MAX_BYTES.check(100.0).is_err());
        assert_eq!(WEBHOOK_MAX_BYTES.check(65536.0), Ok(65536));
    }
}
