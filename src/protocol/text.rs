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

/// `n` in decimal, as `Display` writes it.
pub fn decimal(n: u64) -> String {
    const DIGITS: &str = "0123456789";
    let mut out = String::new();
    let mut scale = 1;
    while n / scale >= 10 {
        scale *= 10;
    }
    loop {
        let d = (n / scale % 10) as usize;
        out.push_str(DIGITS.get(d..=d).unwrap_or(""));
        if scale == 1 {
            return out;
        }
        scale /= 10;
    }
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
    }
}
