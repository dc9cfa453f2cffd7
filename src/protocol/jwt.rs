//! Messenger Security JWTs (facts §1): a compact HS256 JWS whose payload is
//! `{ user_id, email?, exp?, ...claims }`, signed with the Messenger API secret. Building the
//! bytes and judging a token happen here; the HMAC comes from WebCrypto through the rim, and
//! JSON text is parsed by the platform, which hands the claim values in as `Claim`s.

use super::code::ErrorCode;
use super::encoding::json_string;
use super::error::Error;
use super::oauth::{base64url_decode, base64url_encode};
use super::text::{cat, pieces, signed};

/// The header Node's `jsonwebtoken` writes, and the one Intercom's examples produce.
pub const HEADER_JSON: &str = r#"{"alg":"HS256","typ":"JWT"}"#;
/// Far above any real Messenger token; keeps hostile input from costing work.
pub const MAX_JWT_LEN: usize = 16 * 1024;
pub const MAC_LEN: usize = 32;
/// Largest integer a JS number holds exactly: user ids and times beyond it are refused.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

pub fn jwt_invalid(why: &str) -> Error {
    Error::new(
        ErrorCode::JwtInvalid,
        cat(&["Messenger JWT is not valid: ", why]),
        false,
    )
}

pub fn jwt_expired() -> Error {
    Error::new(
        ErrorCode::JwtExpired,
        "Messenger JWT has expired (its exp is in the past)".into(),
        false,
    )
}

/// A claim as the platform's JSON parser saw it.
#[derive(Clone, Debug, PartialEq)]
pub enum Claim {
    Absent,
    Text(String),
    Number(f64),
    /// true/false, null, an object or an array.
    Other,
}

/// One extra claim for `messengerJwt`: its name and its value already as JSON text.
pub struct ExtraClaim {
    /// The claim's name.
    pub name: String,
    /// Its value as JSON text.
    pub json: String,
}

pub struct NewToken<'a> {
    pub user_id: &'a str,
    pub email: Option<&'a str>,
    /// Unix seconds.
    pub exp: Option<i64>,
    pub claims: &'a [ExtraClaim],
}

/// `userId` given as a number: a safe integer, written the way JS and Ruby's `to_s` write it.
pub fn user_id_from_number(n: f64) -> Option<String> {
    (n.is_finite() && n.fract() == 0.0 && n.abs() <= MAX_SAFE).then(|| signed(n as i64))
}

/// `exp = floor(now / 1000) + expiresInSeconds`, with `now` in ms like `Date.now()`.
pub fn exp_after(now_ms: f64, expires_in_s: u32) -> i64 {
    (now_ms / 1000.0).floor() as i64 + i64::from(expires_in_s)
}

/// The payload bytes, claims in the order `user_id, email, exp`, then the others as given.
pub fn payload_json(t: &NewToken<'_>) -> Result<String, Error> {
    if t.user_id.is_empty() {
        return Err(Error::invalid_argument(
            "userId: required, a non-empty string (Intercom rejects tokens without user_id)",
        ));
    }
    let mut out = cat(&["{\"user_id\":", &json_string(t.user_id)]);
    if let Some(email) = t.email {
        out.push_str(",\"email\":");
        out.push_str(&json_string(email));
    }
    if let Some(exp) = t.exp {
        out.push_str(",\"exp\":");
        out.push_str(&signed(exp));
    }
    for c in t.claims {
        // A verifier that copies claims by assignment would take it as the prototype.
        if c.name == "__proto__" {
            return Err(Error::invalid_argument(
                "claims: may not set __proto__ (it would become an object's prototype in a JS verifier)",
            ));
        }
        let reserved = match c.name.as_str() {
            "user_id" | "exp" => true,
            "email" => t.email.is_some(),
            _ => false,
        };
        if reserved {
            return Err(Error::invalid_argument(cat(&[
                "claims: may not set ",
                &c.name,
                " (use the userId, email and expiresInSeconds options)",
            ])));
        }
        out.push(',');
        out.push_str(&json_string(&c.name));
        out.push(':');
        out.push_str(&c.json);
    }
    out.push('}');
    Ok(out)
}

/// `base64url(header) "." base64url(payload)`: the bytes the MAC covers.
pub fn signing_input(payload_json: &str) -> String {
    cat(&[
        &base64url_encode(HEADER_JSON.as_bytes()),
        ".",
        &base64url_encode(payload_json.as_bytes()),
    ])
}

pub fn compact(signing_input: &str, mac: &[u8]) -> String {
    cat(&[signing_input, ".", &base64url_encode(mac)])
}

/// A compact JWS taken apart, nothing trusted yet.
#[derive(Debug, PartialEq)]
pub struct Parts<'a> {
    pub signing_input: &'a str,
    pub header: String,
    pub payload: String,
    pub mac: Vec<u8>,
}

pub fn split(jwt: &str) -> Result<Parts<'_>, Error> {
    if jwt.len() > MAX_JWT_LEN {
        return Err(jwt_invalid("longer than 16 KiB"));
    }
    let jwt = jwt.trim_ascii();
    let mut pieces = pieces(jwt, b'.');
    let (Some(h), Some(p), Some(s), None) =
        (pieces.next(), pieces.next(), pieces.next(), pieces.next())
    else {
        return Err(jwt_invalid("expected three dot-separated parts"));
    };
    let text = |part: &str, what: &str| {
        base64url_decode(part)
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| jwt_invalid(&cat(&[what, " is not base64url JSON"])))
    };
    let header = text(h, "the header")?;
    let payload = text(p, "the payload")?;
    let mac = base64url_decode(s)
        .filter(|m| m.len() == MAC_LEN)
        .ok_or_else(|| jwt_invalid("the signature is not an HS256 MAC"))?;
    Ok(Parts {
        signing_input: jwt.get(..h.len() + 1 + p.len()).unwrap_or(""),
        header,
        payload,
        mac,
    })
}

/// Only HS256: `none` and every other algorithm are refused before any MAC is computed, so a
/// token cannot pick its own verification. Extensions (`crit`) are not understood, so refused.
pub fn check_header(alg: &Claim, has_crit: bool) -> Result<(), Error> {
    match alg {
        Claim::Text(a) if a == "HS256" => {}
        Claim::Text(a) if a.eq_ignore_ascii_case("none") => {
            return Err(jwt_invalid("alg \"none\" is refused"))
        }
        Claim::Text(_) => return Err(jwt_invalid("alg must be HS256")),
        _ => return Err(jwt_invalid("the header has no alg")),
    }
    if has_crit {
        return Err(jwt_invalid("the header has crit extensions"));
    }
    Ok(())
}

/// The claims a verified token must carry, checked after the MAC matched.
pub struct Received {
    pub user_id: Claim,
    pub email: Claim,
    pub exp: Claim,
    pub nbf: Claim,
}

/// What `verifyMessengerJwt` returns besides the other claims.
#[derive(Debug, PartialEq)]
pub struct Verified {
    pub user_id: String,
    pub email: Option<String>,
    pub exp: Option<f64>,
}

fn time(c: &Claim, name: &str) -> Result<Option<f64>, Error> {
    match c {
        Claim::Absent => Ok(None),
        Claim::Number(n) if n.is_finite() && n.abs() <= MAX_SAFE => Ok(Some(*n)),
        _ => Err(jwt_invalid(&cat(&[name, " is not a number of seconds"]))),
    }
}

/// `user_id` required (a string, or a number as some signers write it); `exp` as RFC 7519 §4.1.4
/// says (valid while now < exp + leeway); `nbf` likewise.
pub fn check_claims(r: &Received, now_s: f64, leeway_s: u32) -> Result<Verified, Error> {
    let user_id = match &r.user_id {
        Claim::Text(s) if !s.is_empty() => s.clone(),
        Claim::Number(n) => user_id_from_number(*n)
            .ok_or_else(|| jwt_invalid("user_id is not a whole number or string"))?,
        _ => return Err(jwt_invalid("user_id is missing")),
    };
    let email = match &r.email {
        Claim::Absent => None,
        Claim::Text(s) => Some(s.clone()),
        _ => return Err(jwt_invalid("email is not a string")),
    };
    let leeway = f64::from(leeway_s);
    let exp = time(&r.exp, "exp")?;
    if let Some(nbf) = time(&r.nbf, "nbf")? {
        if now_s + leeway < nbf {
            return Err(jwt_invalid("not valid yet (nbf is in the future)"));
        }
    }
    if exp.is_some_and(|exp| now_s >= exp + leeway) {
        return Err(jwt_expired());
    }
    Ok(Verified {
        user_id,
        email,
        exp,
    })
}

#[cfg(test)]
mod tests {
    use super::super::vectors;
    use super::*;
    use serde_json::Value;

    fn claim(v: Option<&Value>) -> Claim {
        match v {
            None => Claim::Absent,
            Some(Value::String(s)) => Claim::Text(s.clone()),
            Some(Value::Number(n)) => Claim::Number(n.as_f64().unwrap()),
            Some(_) => Claim::Other,
        }
    }

    #[test]
    fn vectors_payload_and_signing_input_byte_exact() {
        for case in vectors()["messenger_jwt"]["cases"].as_array().unwrap() {
            let expected: Value =
                serde_json::from_str(case["payload_json"].as_str().unwrap()).unwrap();
            let obj = expected.as_object().unwrap();
            let extras: Vec<ExtraClaim> = obj
                .iter()
                .filter(|(k, _)| !["user_id", "email", "exp"].contains(&k.as_str()))
                .map(|(k, v)| ExtraClaim {
                    name: k.clone(),
                    json: v.to_string(),
                })
                .collect();
            let token = NewToken {
                user_id: obj["user_id"].as_str().unwrap(),
                email: obj.get("email").and_then(Value::as_str),
                exp: obj.get("exp").and_then(Value::as_i64),
                claims: &extras,
            };
            let payload = payload_json(&token).unwrap();
            assert_eq!(payload, case["payload_json"].as_str().unwrap());
            assert_eq!(case["header_json"].as_str().unwrap(), HEADER_JSON);
            let input = signing_input(&payload);
            assert_eq!(input, case["signing_input"].as_str().unwrap());

            // And the other way: split the expected token, judge it at its verify time.
            let jwt = case["expected_jwt"].as_str().unwrap();
            let parts = split(jwt).unwrap();
            assert_eq!(parts.signing_input, input);
            assert_eq!(parts.header, HEADER_JSON);
            assert_eq!(parts.payload, payload);
            assert_eq!(compact(&input, &parts.mac), jwt);
            check_header(&Claim::Text("HS256".into()), false).unwrap();
            let r = Received {
                user_id: claim(obj.get("user_id")),
                email: claim(obj.get("email")),
                exp: claim(obj.get("exp")),
                nbf: Claim::Absent,
            };
            let now = case["verify_now_unix"].as_f64().unwrap();
            let v = check_claims(&r, now, 0).unwrap();
            assert_eq!(v.user_id, obj["user_id"].as_str().unwrap());
            // 61 s later every vector token has expired.
            assert_eq!(
                check_claims(&r, now + 61.0, 0).unwrap_err().code.as_str(),
                "jwt_expired"
            );
            assert!(check_claims(&r, now + 61.0, 120).is_ok());
        }
    }

    #[test]
    fn jwt_io_example_splits() {
        let v = vectors();
        let ext = &v["external_checks"]["jwt_hs256"];
        let parts = split(ext["expected_jwt"].as_str().unwrap()).unwrap();
        assert_eq!(parts.payload, ext["payload_json"].as_str().unwrap());
    }

    #[test]
    fn proto_claim_is_refused() {
        let claims = [ExtraClaim {
            name: "__proto__".into(),
            json: "{\"admin\":true}".into(),
        }];
        let t = NewToken {
            user_id: "u1",
            email: None,
            exp: None,
            claims: &claims,
        };
        let e = payload_json(&t).unwrap_err();
        assert_eq!(e.code.as_str(), "invalid_argument");
        assert!(e.message.contains("__proto__"));
    }

    #[test]
    fn claims_rules() {
        let extra = |name: &str| ExtraClaim {
            name: name.into(),
            json: "1".into(),
        };
        let base = |claims: &[ExtraClaim]| {
            payload_json(&NewToken {
                user_id: "u",
                email: Some("e@x"),
                exp: None,
                claims,
            })
        };
        for reserved in ["user_id", "exp", "email"] {
            assert_eq!(
                base(&[extra(reserved)]).unwrap_err().code.as_str(),
                "invalid_argument"
            );
        }
        assert_eq!(
            base(&[extra("plan"), extra("seats")]).unwrap(),
            r#"{"user_id":"u","email":"e@x","plan":1,"seats":1}"#
        );
        let empty = NewToken {
            user_id: "",
            email: None,
            exp: None,
            claims: &[],
        };
        assert_eq!(
            payload_json(&empty).unwrap_err().code.as_str(),
            "invalid_argument"
        );
        assert_eq!(exp_after(1_700_000_000_999.0, 3600), 1_700_003_600);
        assert_eq!(user_id_from_number(12345.0).as_deref(), Some("12345"));
        assert_eq!(user_id_from_number(1.5), None);
        assert_eq!(user_id_from_number(1e300), None);
        assert_eq!(user_id_from_number(f64::NAN), None);
    }

    #[test]
    fn header_rules() {
        assert!(check_header(&Claim::Text("HS256".into()), false).is_ok());
        for (alg, crit) in [
            (Claim::Text("none".into()), false),
            (Claim::Text("None".into()), false),
            (Claim::Text("HS384".into()), false),
            (Claim::Text("RS256".into()), false),
            (Claim::Text("hs256".into()), false),
            (Claim::Absent, false),
            (Claim::Other, false),
            (Claim::Text("HS256".into()), true),
        ] {
            assert_eq!(
                check_header(&alg, crit).unwrap_err().code.as_str(),
                "jwt_invalid"
            );
        }
    }

    #[test]
    fn garbage_is_jwt_invalid_not_a_panic() {
        let long = "a.".repeat(10_000);
        for bad in [
            "",
            "...",
            "a.b",
            "a.b.c.d",
            "!!.??.**",
            "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoiMSJ9.c2ln",
            "é.é.é",
            long.as_str(),
        ] {
            assert_eq!(
                split(bad).unwrap_err().code.as_str(),
                "jwt_invalid",
                "{bad:.30}"
            );
        }
    }

    #[test]
    fn claim_checks() {
        let r = |user_id: Claim, exp: Claim, nbf: Claim| Received {
            user_id,
            email: Claim::Absent,
            exp,
            nbf,
        };
        let ok = r(Claim::Text("7".into()), Claim::Number(100.0), Claim::Absent);
        assert!(check_claims(&ok, 99.0, 0).is_ok());
        assert_eq!(
            check_claims(&ok, 100.0, 0).unwrap_err().code.as_str(),
            "jwt_expired"
        );
        assert!(check_claims(&ok, 100.0, 1).is_ok());
        let numeric = r(Claim::Number(42.0), Claim::Absent, Claim::Absent);
        assert_eq!(check_claims(&numeric, 0.0, 0).unwrap().user_id, "42");
        for bad in [
            r(Claim::Absent, Claim::Absent, Claim::Absent),
            r(Claim::Text(String::new()), Claim::Absent, Claim::Absent),
            r(Claim::Other, Claim::Absent, Claim::Absent),
            r(
                Claim::Text("7".into()),
                Claim::Text("soon".into()),
                Claim::Absent,
            ),
            r(Claim::Text("7".into()), Claim::Absent, Claim::Number(200.0)),
        ] {
            assert_eq!(
                check_claims(&bad, 100.0, 0).unwrap_err().code.as_str(),
                "jwt_invalid"
            );
        }
        let email = Received {
            email: Claim::Number(1.0),
            ..r(Claim::Text("7".into()), Claim::Absent, Claim::Absent)
        };
        assert_eq!(
            check_claims(&email, 0.0, 0).unwrap_err().code.as_str(),
            "jwt_invalid"
        );
    }
}
