//! Byte encodings the core reads and writes: lowercase hex (MACs, user_hash), base64url (OAuth
//! state, JWTs, sealed tokens), standard base64 (sheet blobs) and JSON string literals (JWT claims
//! written byte for byte). One base64 decoder serves both alphabets.

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Lowercase hex, as Intercom's samples print HMACs.
pub fn hex_lower(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 15] {
            out.push(char::from(
                HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    out
}

/// Exactly `N` bytes of hex in either case (a signature header's value); `None` otherwise.
pub fn hex_fixed<const N: usize>(text: &str) -> Option<[u8; N]> {
    let text = text.trim_ascii();
    // All hex digits first: `from_str_radix` alone takes a sign, so "+a" read as 0x0a.
    if text.len() != 2 * N || !text.as_bytes().iter().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut out = [0u8; N];
    for (i, slot) in out.iter_mut().enumerate() {
        let pair = text.get(2 * i..2 * i + 2)?;
        *slot = u8::from_str_radix(pair, 16).ok()?;
    }
    Some(out)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (RFC 4648 §4). ASCII whitespace is skipped, so Ruby's `encode64` form (lines
/// of 60 characters ending in "\n") reads the same as the one-line form; padding is optional.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    decode(text, B64, true)
}

/// base64url without padding (RFC 4648 §5), strictly: no whitespace, no `=`, canonical bits.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    decode(text, B64URL, false)
}

/// One decoder for both alphabets; `lenient` allows whitespace and trailing `=` padding.
fn decode(text: &str, alphabet: &[u8; 64], lenient: bool) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0u32;
    let mut padding = 0usize;
    for &c in text.as_bytes() {
        if lenient && c.is_ascii_whitespace() {
            continue;
        }
        if lenient && c == b'=' {
            padding += 1;
            continue;
        }
        if padding > 0 {
            return None; // data after padding
        }
        let v = alphabet.iter().position(|&x| x == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be zero (canonical) and fewer than a byte; 6 is a lone character.
    if bits >= 6 || acc != 0 || padding > 2 {
        return None;
    }
    Some(out)
}

const B64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding (RFC 4648 §5). Written here because the platform's `btoa`
/// works on Latin-1 strings, not bytes, and would need two conversions across the boundary.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let idx = ((n >> (18 - 6 * i)) & 63) as usize;
            out.push(char::from(B64URL.get(idx).copied().unwrap_or(b'A')));
        }
    }
    out
}

/// `s` as a JSON string literal, escaped as `JSON.stringify` escapes it, so a payload we write
/// matches the bytes Node's `jsonwebtoken` would sign for the same claims.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let n = u32::from(c) as u8;
                out.push_str("\\u00");
                out.push_str(&hex_lower(&[n]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_roundtrip_and_rejects() {
        assert_eq!(hex_lower(&[0x00, 0xab, 0x7f]), "00ab7f");
        assert_eq!(hex_fixed::<3>("00AB7f"), Some([0, 0xab, 0x7f]));
        assert_eq!(hex_fixed::<3>(" 00ab7f\n"), Some([0, 0xab, 0x7f]));
        for bad in ["", "00ab", "00ab7f00", "zzab7f", "0+ab7f", "é0ab7"] {
            assert_eq!(hex_fixed::<3>(bad), None, "{bad}");
        }
    }

    #[test]
    fn base64_rfc4648_and_whitespace() {
        for (plain, enc) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(
                base64_decode(enc).as_deref(),
                Some(plain.as_bytes()),
                "{enc}"
            );
        }
        assert_eq!(
            base64_decode("Zm9v\nYmFy\n").as_deref(),
            Some(&b"foobar"[..])
        );
        assert_eq!(base64_decode("Zg").as_deref(), Some(&b"f"[..]));
        for bad in ["Z", "Zh==", "Zg==Zg==", "Zm9v-_", "Zg===", "Z m"] {
            assert_eq!(base64_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn json_strings_escape_like_json_stringify() {
        assert_eq!(json_string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(json_string("\n\t\u{1}"), r#""\n\t\u0001""#);
        assert_eq!(json_string("Zoë 東京 🚀 /"), "\"Zoë 東京 🚀 /\"");
    }
}
