//! Receiving webhooks (facts §5): Intercom checks the URL with HEAD, then POSTs notifications
//! signed `X-Hub-Signature: sha1=<hex HMAC-SHA1(raw body, client secret)>`. This file decides
//! what a request is; the rim reads the Request, runs the HMAC and parses the JSON.

use super::code::ErrorCode;
use super::error::Error;
use super::text::cat;

pub fn webhook_invalid(status: u16, why: &str) -> Error {
    let mut e = Error::new(
        ErrorCode::WebhookInvalid,
        cat(&["Not an Intercom webhook: ", why]),
        false,
    );
    e.status = Some(status);
    e
}

pub fn signature_invalid(why: &str) -> Error {
    let mut e = Error::new(
        ErrorCode::WebhookSignatureInvalid,
        cat(&["The webhook's X-Hub-Signature does not verify: ", why]),
        false,
    );
    e.status = Some(401);
    e
}

/// The MAC the `X-Hub-Signature` header announces, checked before the body is read: an
/// unsigned or ill-signed sender costs a header lookup, not a read.
pub fn announced(header: Option<&str>) -> Result<[u8; 20], Error> {
    header
        .and_then(super::oauth::webhook_signature)
        .ok_or_else(|| signature_invalid("the header is missing or not sha1=<40 hex>"))
}

/// Every distinct secret, to check the MAC before the body is parsed (so before its
/// `app_id` is known): the body is only believed once one of them signed it.
pub fn every_secret(s: &Secrets) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let lists: Vec<&[String]> = match s {
        Secrets::Any(list) => vec![list.as_slice()],
        Secrets::PerApp(apps) => apps.iter().map(|(_, l)| l.as_slice()).collect(),
    };
    for list in lists {
        for secret in list {
            if !out.contains(&secret.as_str()) {
                out.push(secret);
            }
        }
    }
    out
}

/// After the MAC matched `signer` and the body was parsed: with secrets per app, the
/// signer must be one of the secrets of the `app_id` the body names.
pub fn signer_fits(s: &Secrets, app_id: Option<&str>, signer: &str) -> Result<(), Error> {
    if candidates(s, app_id)?.iter().any(|c| c == signer) {
        Ok(())
    } else {
        Err(signature_invalid("signed with another app's secret"))
    }
}

#[derive(Debug, PartialEq)]
pub enum Method {
    /// Intercom's endpoint check when the URL is saved: answer 200.
    Check,
    Deliver,
}

pub fn method(m: &str) -> Result<Method, Error> {
    match m.to_ascii_uppercase().as_str() {
        "HEAD" => Ok(Method::Check),
        "POST" => Ok(Method::Deliver),
        _ => Err(webhook_invalid(
            405,
            "only HEAD and POST are sent by Intercom",
        )),
    }
}

/// `clientSecret`: one secret, several (any may match, for rotation), or per app id.
pub enum Secrets {
    /// The same secrets for every workspace.
    Any(Vec<String>),
    /// Secrets per workspace id_code.
    PerApp(Vec<(String, Vec<String>)>),
}

/// The secrets to try for a notification of `app_id`. An app we have no secret for cannot
/// be verified, so it is answered like a bad signature.
pub fn candidates<'a>(s: &'a Secrets, app_id: Option<&str>) -> Result<&'a [String], Error> {
    match s {
        Secrets::Any(list) => Ok(list),
        Secrets::PerApp(apps) => {
            let app_id = app_id.ok_or_else(|| signature_invalid("the body names no app_id"))?;
            apps.iter()
                .find(|(id, _)| id == app_id)
                .map(|(_, list)| list.as_slice())
                .ok_or_else(|| signature_invalid("no clientSecret for this app_id"))
        }
    }
}

/// The envelope fields that decide what a notification is, as the platform parsed them.
#[derive(Default)]
pub struct Envelope {
    pub kind: Option<String>,
    pub topic: Option<String>,
}

/// What a webhook request was.
#[derive(Debug, PartialEq)]
pub enum Kind {
    /// Intercom's HEAD request when the URL is saved: answer 200.
    Check,
    /// A `notification_event`.
    Notification,
    /// Sent when a subscription is set up or tested; its `id` is null.
    Ping,
}

impl Kind {
    /// "check", "notification" or "ping".
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Check => "check",
            Kind::Notification => "notification",
            Kind::Ping => "ping",
        }
    }
}

pub fn classify(e: &Envelope) -> Result<Kind, Error> {
    if e.kind.as_deref() != Some("notification_event") {
        return Err(webhook_invalid(400, "type is not notification_event"));
    }
    match e.topic.as_deref() {
        Some("ping") => Ok(Kind::Ping),
        Some(t) if !t.is_empty() => Ok(Kind::Notification),
        _ => Err(webhook_invalid(400, "no topic")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods() {
        assert_eq!(method("HEAD").unwrap(), Method::Check);
        assert_eq!(method("post").unwrap(), Method::Deliver);
        for m in ["GET", "PUT", "DELETE", ""] {
            let e = method(m).unwrap_err();
            assert_eq!((e.code.as_str(), e.status), ("webhook_invalid", Some(405)));
        }
    }

    #[test]
    fn secrets_per_app_and_rotation() {
        let any = Secrets::Any(vec!["old".into(), "new".into()]);
        assert_eq!(candidates(&any, None).unwrap().len(), 2);
        let apps = Secrets::PerApp(vec![
            ("app1".into(), vec!["s1".into()]),
            ("app2".into(), vec!["s2a".into(), "s2b".into()]),
        ]);
        assert_eq!(candidates(&apps, Some("app2")).unwrap(), ["s2a", "s2b"]);
        for app in [None, Some("app3")] {
            let e = candidates(&apps, app).unwrap_err();
            assert_eq!(
                (e.code.as_str(), e.status),
                ("webhook_signature_invalid", Some(401))
            );
        }
    }

    #[test]
    fn signature_is_checked_before_the_body() {
        assert!(announced(Some("sha1=21ff2e149e0fdcac6f947740f6177f6434bda921")).is_ok());
        for bad in [None, Some(""), Some("sha1=00"), Some("sha256=x")] {
            let e = announced(bad).unwrap_err();
            assert_eq!(
                (e.code.as_str(), e.status),
                ("webhook_signature_invalid", Some(401))
            );
        }
    }

    #[test]
    fn secrets_are_tried_before_the_app_is_known() {
        let apps = Secrets::PerApp(vec![
            ("app1".into(), vec!["s1".into(), "shared".into()]),
            ("app2".into(), vec!["shared".into(), "s2".into()]),
        ]);
        assert_eq!(every_secret(&apps), ["s1", "shared", "s2"]);
        assert!(signer_fits(&apps, Some("app2"), "s2").is_ok());
        assert!(signer_fits(&apps, Some("app1"), "shared").is_ok());
        let e = signer_fits(&apps, Some("app1"), "s2").unwrap_err();
        assert_eq!(e.code.as_str(), "webhook_signature_invalid");
        assert!(signer_fits(&apps, None, "s1").is_err());
        let any = Secrets::Any(vec!["a".into(), "a".into()]);
        assert_eq!(every_secret(&any), ["a"]);
        assert!(signer_fits(&any, None, "a").is_ok());
    }

    #[test]
    fn envelopes() {
        let env = |kind: Option<&str>, topic: Option<&str>| Envelope {
            kind: kind.map(str::to_owned),
            topic: topic.map(str::to_owned),
        };
        assert_eq!(
            classify(&env(Some("notification_event"), Some("ping"))).unwrap(),
            Kind::Ping
        );
        assert_eq!(
            classify(&env(
                Some("notification_event"),
                Some("contact.user.created")
            ))
            .unwrap(),
            Kind::Notification
        );
        for bad in [
            env(None, Some("ping")),
            env(Some("event"), Some("ping")),
            env(Some("notification_event"), None),
            env(Some("notification_event"), Some("")),
        ] {
            let e = classify(&bad).unwrap_err();
            assert_eq!((e.code.as_str(), e.status), ("webhook_invalid", Some(400)));
        }
    }
}
