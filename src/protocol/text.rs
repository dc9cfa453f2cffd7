//! Messages built by joining pieces, without `core::fmt`: `format!` and integer `Display`
//! pull the formatting machinery (Formatter::pad, pad_integral, fmt::write, the digit
//! tables) into every entry's wasm, and `[..].concat()` a generic joiner with a panic path.

/// The pieces joined into one string, allocated once.
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// True when `s` holds whitespace, a control character, `?`, `#` or `\\`: what neither a
/// `baseUrl` nor a path may hold. One scan for both, so the wasm decodes UTF-8 once.
pub fn has_url_unsafe(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '\\'))
}

/// `s` up to its first `sep` byte, or all of it. A byte scan: `split` with a char pattern
/// brings in the char searcher and memchr (~900 B of wasm). Scans here go over
/// `as_bytes().iter()`, not `bytes()`: its `Copied` adapter compiles to worse wasm.
pub fn before(s: &str, sep: u8) -> &str {
    let end = s
        .as_bytes()
        .iter()
        .position(|&b| b == sep)
        .unwrap_or(s.len());
    s.get(..end).unwrap_or(s)
}

/// `s` cut at every `sep` byte (ASCII), as `str::split` with that char cuts it, without the
/// char searcher and memchr.
pub fn pieces(s: &str, sep: u8) -> impl Iterator<Item = &str> + Clone {
    let mut rest = Some(s);
    core::iter::from_fn(move || {
        let r = rest?;
        match r.as_bytes().iter().position(|&b| b == sep) {
            Some(i) => {
                rest = r.get(i + 1..);
                r.get(..i)
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// `s` around its first `sep` byte (ASCII), as `str::split_once` with that char.
pub fn split_once(s: &str, sep: u8) -> Option<(&str, &str)> {
    let i = s.as_bytes().iter().position(|&b| b == sep)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// `n` in decimal, as `Display` writes it.
pub fn decimal(n: u64) -> String {
    let mut out = String::new();
    push_decimal(&mut out, n);
    out
}

/// Highest digit first, by recursion (at most 20 deep): only constant divisors, so no
/// division-by-zero panic, and no digit buffer to index.
fn push_decimal(out: &mut String, n: u64) {
    const DIGITS: &str = "0123456789";
    if n >= 10 {
        push_decimal(out, n / 10);
    }
    let d = (n % 10) as usize;
    out.push_str(DIGITS.get(d..=d).unwrap_or(""));
}

/// A signed `n` in decimal, as `Display` writes it.
pub fn signed(n: i64) -> String {
    let digits = decimal(n.unsigned_abs());
    if n < 0 {
        cat(&["-", &digits])
    } else {
        digits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_display_writes_them() {
        for n in [
            0,
            1,
            9,
            10,
            99,
            100,
            429,
            600_000,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            assert_eq!(decimal(n), n.to_string());
        }
        for n in [0, -1, 7, -10, 1_700_000_000, i64::MIN, i64::MAX] {
            assert_eq!(signed(n), n.to_string());
        }
        assert_eq!(cat(&["a", "", "bc"]), "abc");
        assert_eq!(cat(&[]), "");
        assert_eq!(before("a.b.c", b'.'), "a");
        assert_eq!(before("abc", b'.'), "abc");
        for s in ["", ".", "a", "a.b", ".a.", "a..b", "é.ü.", "..."] {
            assert!(pieces(s, b'.').eq(s.split('.')), "{s:?}");
            assert_eq!(split_once(s, b'.'), s.split_once('.'), "{s:?}");
        }
        assert!(has_url_unsafe("/a b") && has_url_unsafe("/a?x") && has_url_unsafe("/\u{85}"));
        assert!(!has_url_unsafe("/admins/1"));
    }
}
