//! Canvas Kit, uninstall and health-check requests (facts §3, §6): `X-Body-Signature` is the
//! hex HMAC-SHA256 of the raw body keyed with the app's client secret. Open-sheet requests are
//! unsigned; their `user` blob is checked by decrypting it (facts §4): base64 of
//! iv(12) ‖ AES-256-GCM ciphertext ‖ tag(16), key = SHA-256(client secret), no AAD.

use super::code::ErrorCode;
use super::encoding::{base64_decode, hex_fixed};
use super::error::Error;
use super::text::cat;

pub const SHEET_IV_LEN: usize = 12;
pub const SHEET_TAG_LEN: usize = 16;
/// A sheet's user is a small JSON object; this bounds the work a hostile POST can cause.
const MAX_SHEET_BLOB_CHARS: usize = 256 * 1024;

/// The 32 MAC bytes of an `X-Body-Signature` header (hex, either case); `None` for anything else.
pub fn body_signature(header: &str) -> Option<[u8; 32]> {
    hex_fixed::<32>(header)
}

pub fn sheet_invalid(why: &str) -> Error {
    Error::new(
        ErrorCode::SheetInvalid,
        cat(&[
            "The sheet's intercom_data.user could not be decrypted: ",
            why,
        ]),
        false,
    )
}

/// The blob split as WebCrypto wants it: the IV, then ciphertext ‖ tag in one buffer.
#[derive(Debug, PartialEq)]
pub struct SheetBlob {
    pub iv: [u8; SHEET_IV_LEN],
    pub sealed: Vec<u8>,
}

pub fn sheet_blob(user: &str) -> Result<SheetBlob, Error> {
    if user.len() > MAX_SHEET_BLOB_CHARS {
        return Err(sheet_invalid("longer than 256 KiB"));
    }
    let bytes = base64_decode(user).ok_or_else(|| sheet_invalid("not base64"))?;
    if bytes.len() < SHEET_IV_LEN + SHEET_TAG_LEN {
        return Err(sheet_invalid("shorter than an IV and a tag"));
    }
    let (iv, sealed) = bytes.split_at(SHEET_IV_LEN);
    let mut out = [0u8; SHEET_IV_LEN];
    out.copy_from_slice(iv);
    Ok(SheetBlob {
        iv: out,
        sealed: sealed.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::encoding::hex_lower;
    use super::super::vectors;
    use super::*;

    #[test]
    fn sheet_vectors_split_into_iv_ciphertext_tag() {
        for case in vectors()["sheet_user"]["cases"].as_array().unwrap() {
            for form in ["expected_base64", "same_blob_ruby_encode64"] {
                let blob = sheet_blob(case[form].as_str().unwrap()).unwrap();
                assert_eq!(hex_lower(&blob.iv), case["iv_hex"].as_str().unwrap());
                let (ct, tag) = blob.sealed.split_at(blob.sealed.len() - SHEET_TAG_LEN);
                assert_eq!(hex_lower(ct), case["ciphertext_hex"].as_str().unwrap());
                assert_eq!(hex_lower(tag), case["tag_hex"].as_str().unwrap());
            }
            // The tampered blob still splits: only the AES-GCM tag check (WebCrypto) refuses it.
            assert!(sheet_blob(case["tampered_base64_must_fail"].as_str().unwrap()).is_ok());
        }
    }

    #[test]
    fn short_or_garbage_blobs_are_sheet_invalid() {
        let short = "A".repeat(36); // 27 bytes
        let long = "A".repeat(MAX_SHEET_BLOB_CHARS + 4);
        for bad in ["", "not base64!", short.as_str(), long.as_str()] {
            assert_eq!(
                sheet_blob(bad).unwrap_err().code.as_str(),
                "sheet_invalid",
                "{bad:.20}"
            );
        }
        assert!(sheet_blob(&"A".repeat(40)).is_ok()); // 30 bytes: IV, tag and 2 bytes
    }

    #[test]
    fn canvas_vector_signatures_parse() {
        for case in vectors()["canvas_signature"]["cases"].as_array().unwrap() {
            let hex = case["expected_hex"].as_str().unwrap();
            assert_eq!(hex_lower(&body_signature(hex).unwrap()), hex);
            assert!(body_signature(&hex.to_uppercase()).is_some());
        }
        for bad in ["", "sha256=00", &"0".repeat(63), &"g".repeat(64)] {
            assert_eq!(body_signature(bad), None);
        }
    }
}
