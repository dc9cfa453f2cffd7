//! The record rules of `Connections` (one installed workspace, its token sealed): the store key,
//! the stored JSON (`"v":1`; another format is refused, not guessed at), the status after an error, and when a sealed token is sealed
//! again. The npm package's `pkg-template/connections.js` writes and reads the same records,
//! so a store may be shared between a Rust and a JS worker.

use super::action::Action;
use super::code::ErrorCode;
use super::encoding::json_string;
use super::error::Error;
use super::json::{self, Json};
use super::model::AdminWithApp;
use super::region::Region;
use super::text::cat;

/// The default key prefix, so a store may hold other things beside the records.
pub const PREFIX: &str = "intercom-edge:connection:";
const MAX_WORKSPACE_ID: usize = 64;

/// Where a workspace stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Saved after an install; its token worked last time, as far as we know.
    Connected,
    /// A call was refused with an error whose action is "reconnect": install the app again.
    ReconnectNeeded,
}

impl Status {
    /// "connected" or "reconnect_needed".
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Connected => "connected",
            Status::ReconnectNeeded => "reconnect_needed",
        }
    }

    fn parse(s: &str) -> Option<Status> {
        match s {
            "connected" => Some(Status::Connected),
            "reconnect_needed" => Some(Status::ReconnectNeeded),
            _ => None,
        }
    }
}

/// A workspace id (`me.app.id_code`, a webhook's `app_id`) becomes part of a store key, so
/// it is 1–64 of A-Z a-z 0-9 - _.
pub fn check_workspace_id(name: &str, id: &str) -> Result<(), Error> {
    let ok = !id.is_empty()
        && id.len() <= MAX_WORKSPACE_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_argument(cat(&[
            name,
            ": a workspace id (me.app.id_code): 1 to 64 of A-Z a-z 0-9 - _",
        ])))
    }
}

/// The store key of a workspace's record.
pub fn key(prefix: &str, workspace_id: &str) -> Result<String, Error> {
    check_workspace_id("workspaceId", workspace_id)?;
    Ok(cat(&[prefix, workspace_id]))
}

/// The keyId a sealed token names (`v1.<keyId>.<…>`, see `seal`), from its clear prefix.
pub fn key_id_of(sealed: &str) -> Option<&str> {
    let mut parts = sealed.split('.');
    let (_, id, _, rest) = (parts.next()?, parts.next()?, parts.next()?, parts.next());
    rest.is_none().then_some(id)
}

/// A token sealed with another key than the newest is sealed again on its next use.
pub fn needs_reseal(sealed: &str, newest_key_id: &str) -> bool {
    key_id_of(sealed) != Some(newest_key_id)
}

/// The error a missing workspace is: nothing was sent. Code `not_connected`.
pub fn not_connected(workspace_id: &str) -> Error {
    let mut e = Error::new(
        ErrorCode::Other("not_connected".into()),
        cat(&[
            "No workspace ",
            workspace_id,
            " is connected; no request was sent",
        ]),
        false,
    );
    e.hint = "Send an admin of that workspace through the install flow (authorize_url), then Connections::save.".into();
    e
}

fn record_invalid(key: &str) -> Error {
    Error::new(
        ErrorCode::TokenSealInvalid,
        cat(&[
            "The stored connection under ",
            key,
            " is not a record this version of intercom-edge wrote",
        ]),
        false,
    )
}

/// What a caller sees of one installed workspace; the token is never in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Connection {
    /// `me.app.id_code`, what webhooks call `app_id`.
    pub workspace_id: String,
    /// The workspace's name at install.
    pub name: String,
    /// Where its API lives.
    pub region: Region,
    /// The installing admin's id and email.
    pub admin_id: Option<String>,
    /// The installing admin's email.
    pub admin_email: Option<String>,
    /// ISO 8601; the first install.
    pub installed_at: String,
    /// ISO 8601; the last install or status change.
    pub updated_at: String,
    /// Connected, or reconnect needed.
    pub status: Status,
}

/// One installed workspace as stored: what callers see, plus the sealed token.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub connection: Connection,
    pub sealed: String,
}

impl Record {
    /// The record after an install: `me` is `/me` for the new token; a re-install keeps the
    /// first `installed_at` and replaces the token.
    pub fn from_install(
        me: &AdminWithApp,
        sealed: String,
        now: &str,
        before: Option<&Record>,
    ) -> Result<Record, Error> {
        let app = me
            .app
            .as_ref()
            .ok_or_else(|| Error::invalid_argument("me: /me for this token, with its app"))?;
        let id = app.id_code.as_deref().unwrap_or("");
        check_workspace_id("me.app.id_code", id)?;
        let region = app
            .region
            .as_deref()
            .and_then(Region::from_app_region)
            .ok_or_else(|| {
                Error::invalid_argument(
                    "me.app.region: \"US\", \"Europe\" or \"Australia\", as Intercom's /me says",
                )
            })?;
        Ok(Record {
            connection: Connection {
                workspace_id: id.to_owned(),
                name: app.name.clone().unwrap_or_default(),
                region,
                admin_id: Some(me.id.clone()),
                admin_email: me.email.clone(),
                installed_at: before
                    .map(|b| b.connection.installed_at.clone())
                    .unwrap_or_else(|| now.to_owned()),
                updated_at: now.to_owned(),
                status: Status::Connected,
            },
            sealed,
        })
    }

    /// The record after `error` from a call with its token: `reconnect_needed` when the error
    /// says to reconnect, else unchanged (`None`).
    pub fn after_error(&self, error: &Error, now: &str) -> Option<Record> {
        (error.action() == Action::Reconnect).then(|| Record {
            connection: Connection {
                status: Status::ReconnectNeeded,
                updated_at: now.to_owned(),
                ..self.connection.clone()
            },
            sealed: self.sealed.clone(),
        })
    }

    /// The stored JSON (the same members, in the same order, as the JS package writes).
    pub fn to_json(&self) -> String {
        let c = &self.connection;
        let opt = |v: &Option<String>| v.as_deref().map(json_string).unwrap_or("null".into());
        cat(&[
            "{\"v\":1,\"workspaceId\":",
            &json_string(&c.workspace_id),
            ",\"name\":",
            &json_string(&c.name),
            ",\"region\":",
            &json_string(c.region.as_str()),
            ",\"admin\":{\"id\":",
            &opt(&c.admin_id),
            ",\"email\":",
            &opt(&c.admin_email),
            "},\"installedAt\":",
            &json_string(&c.installed_at),
            ",\"updatedAt\":",
            &json_string(&c.updated_at),
            ",\"status\":",
            &json_string(c.status.as_str()),
            ",\"sealed\":",
            &json_string(&self.sealed),
            "}",
        ])
    }

    /// A stored value back into a record; anything else is `token_seal_invalid`.
    pub fn from_json(text: &str, key: &str) -> Result<Record, Error> {
        let j = json::parse(text).ok_or_else(|| record_invalid(key))?;
        let s = |k: &str| j.get(k).and_then(Json::as_str).map(str::to_owned);
        let admin = |k: &str| {
            j.get("admin")
                .and_then(|a| a.get(k))
                .and_then(Json::as_str)
                .map(str::to_owned)
        };
        if j.get("v") != Some(&Json::Number("1".into())) || j.get("admin").is_none() {
            return Err(record_invalid(key));
        }
        Ok(Record {
            connection: Connection {
                workspace_id: s("workspaceId").ok_or_else(|| record_invalid(key))?,
                name: s("name").unwrap_or_default(),
                region: s("region")
                    .as_deref()
                    .and_then(Region::from_app_region)
                    .ok_or_else(|| record_invalid(key))?,
                admin_id: admin("id"),
                admin_email: admin("email"),
                installed_at: s("installedAt").unwrap_or_default(),
                updated_at: s("updatedAt").unwrap_or_default(),
                status: s("status")
                    .as_deref()
                    .and_then(Status::parse)
                    .ok_or_else(|| record_invalid(key))?,
            },
            sealed: s("sealed").ok_or_else(|| record_invalid(key))?,
        })
    }
}

/// Unix milliseconds → ISO 8601 in UTC with milliseconds, as JS's `Date#toISOString` writes.
pub fn iso8601(ms: f64) -> String {
    let ms = if ms.is_finite() && ms > 0.0 {
        ms as i64
    } else {
        0
    };
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    // Howard Hinnant's days → civil date.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let pad = |n: i64, w: usize| {
        let s = n.to_string();
        cat(&[&"0".repeat(w.saturating_sub(s.len())), &s])
    };
    cat(&[
        &pad(year, 4),
        "-",
        &pad(month, 2),
        "-",
        &pad(day, 2),
        "T",
        &pad(rem / 3_600_000, 2),
        ":",
        &pad(rem / 60_000 % 60, 2),
        ":",
        &pad(rem / 1000 % 60, 2),
        ".",
        &pad(rem % 1000, 3),
        "Z",
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn me(id: &str, region: &str) -> AdminWithApp {
        let text = cat(&[
            r#"{"type":"admin","id":"991","email":"owner@example.com","app":{"type":"app","id_code":"#,
            &json_string(id),
            r#","name":"Acme \"Inc\"","region":"#,
            &json_string(region),
            "}}",
        ]);
        json::from_str(&text).unwrap()
    }

    #[test]
    fn keys_are_the_prefix_and_a_checked_workspace_id() {
        assert_eq!(
            key(PREFIX, "acmeus01").unwrap(),
            "intercom-edge:connection:acmeus01"
        );
        for bad in ["", "a:b", "a*b", "../x", "é", &"a".repeat(65)] {
            assert_eq!(
                key(PREFIX, bad).unwrap_err().code(),
                &ErrorCode::InvalidArgument,
                "{bad}"
            );
        }
    }

    #[test]
    fn a_record_from_an_install_round_trips_through_its_json() {
        let r = Record::from_install(
            &me("bergeu02", "Europe"),
            "v1.k1.abc".into(),
            "2026-01-01T00:00:00.000Z",
            None,
        )
        .unwrap();
        assert_eq!(r.connection.region, Region::Eu);
        assert_eq!(r.connection.status, Status::Connected);
        assert_eq!(r.connection.installed_at, r.connection.updated_at);
        let text = r.to_json();
        assert!(text.starts_with("{\"v\":1,\"workspaceId\":\"bergeu02\",\"name\":\"Acme \\\"Inc\\\"\",\"region\":\"eu\""), "{text}");
        assert_eq!(Record::from_json(&text, "k").unwrap(), r);
        // A re-install keeps the first install time.
        let again = Record::from_install(
            &me("bergeu02", "Europe"),
            "v1.k1.def".into(),
            "2026-02-01T00:00:00.000Z",
            Some(&r),
        )
        .unwrap();
        assert_eq!(again.connection.installed_at, "2026-01-01T00:00:00.000Z");
        assert_eq!(again.sealed, "v1.k1.def");
    }

    #[test]
    fn the_js_package_s_records_read_here() {
        let js = r#"{"v":1,"workspaceId":"acmeus01","name":"Acme Inc","region":"us","admin":{"id":"991","email":null},"installedAt":"2026-12-07T23:00:00.000Z","updatedAt":"2026-12-07T23:01:00.000Z","status":"reconnect_needed","sealed":"v1.k2.AAAA"}"#;
        let r = Record::from_json(js, "k").unwrap();
        assert_eq!(
            (
                r.connection.region,
                r.connection.status,
                r.connection.admin_email.clone()
            ),
            (Region::Us, Status::ReconnectNeeded, None)
        );
        assert_eq!(r.to_json(), js);
    }

    #[test]
    fn installs_without_a_workspace_or_region_are_refused() {
        let mut m = me("acmeus01", "Mars");
        assert_eq!(
            Record::from_install(&m, "s".into(), "t", None)
                .unwrap_err()
                .code(),
            &ErrorCode::InvalidArgument
        );
        m.app = None;
        assert_eq!(
            Record::from_install(&m, "s".into(), "t", None)
                .unwrap_err()
                .code(),
            &ErrorCode::InvalidArgument
        );
        assert_eq!(
            Record::from_install(&me("a:b", "US"), "s".into(), "t", None)
                .unwrap_err()
                .code(),
            &ErrorCode::InvalidArgument
        );
    }

    #[test]
    fn other_stored_values_are_token_seal_invalid() {
        for bad in [
            "",
            "null",
            "{}",
            r#"{"v":2,"workspaceId":"a","admin":{},"region":"us","status":"connected","sealed":"s"}"#,
            r#"{"v":1,"workspaceId":"a","admin":{},"region":"us","status":"gone","sealed":"s"}"#,
        ] {
            assert_eq!(
                Record::from_json(bad, "k").unwrap_err().code(),
                &ErrorCode::TokenSealInvalid,
                "{bad}"
            );
        }
    }

    #[test]
    fn reconnect_errors_mark_the_record_and_others_do_not() {
        let r = Record::from_install(&me("acmeus01", "US"), "v1.k1.a".into(), "t0", None).unwrap();
        for code in [
            ErrorCode::TokenRevoked,
            ErrorCode::Unauthorized,
            ErrorCode::TokenExpired,
        ] {
            let e = Error::new(code, "x".into(), false);
            let m = r.after_error(&e, "t1").unwrap();
            assert_eq!(
                (
                    m.connection.status,
                    m.connection.updated_at.as_str(),
                    m.sealed.as_str()
                ),
                (Status::ReconnectNeeded, "t1", "v1.k1.a")
            );
        }
        for code in [
            ErrorCode::NotFound,
            ErrorCode::RateLimitExceeded,
            ErrorCode::Forbidden,
        ] {
            assert!(r
                .after_error(&Error::new(code, "x".into(), false), "t1")
                .is_none());
        }
    }

    #[test]
    fn only_other_keys_are_sealed_again() {
        assert_eq!(key_id_of("v1.k2.AAAA"), Some("k2"));
        assert_eq!(key_id_of("v1.k2"), None);
        assert_eq!(key_id_of("v1.k2.A.B"), None);
        assert!(!needs_reseal("v1.k2.AAAA", "k2"));
        assert!(needs_reseal("v1.k1.AAAA", "k2"));
        assert!(needs_reseal("junk", "k2"));
    }

    #[test]
    fn not_connected_says_what_to_do() {
        let e = not_connected("acmeus01");
        assert_eq!(e.code().as_str(), "not_connected");
        assert!(e.message().contains("acmeus01") && !e.hint().is_empty());
    }

    #[test]
    fn times_are_written_as_javascript_writes_them() {
        assert_eq!(iso8601(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(1_796_684_603_123.0), "2026-12-07T23:03:23.123Z");
        assert_eq!(iso8601(951_782_400_000.0), "2000-02-29T00:00:00.000Z");
    }
}
