//! Intercom's admin shapes as Rust types, for Rust callers. They accept every documented
//! variant of 2.11–2.16 (facts §6): every field optional, `avatar` a URI string or an
//! object, `team_ids` numbers or strings, `role` only in 2.16. Unknown fields are ignored
//! here; JS callers get Intercom's JSON untouched instead.

use serde::Deserialize;

/// An id Intercom sends as a number in one place and a string in another.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Id {
    /// Sent as a string.
    Text(String),
    /// Sent as a number.
    Number(f64),
}

/// 2.11 (and `/me` in every version): `{ type, image_url }`; 2.14+ `/admins`: a URI string.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Avatar {
    /// 2.14+: the image URI itself.
    Url(String),
    /// 2.11 and `/me`: an object.
    Object {
        /// The image URI, when set.
        image_url: Option<String>,
    },
}

impl Avatar {
    /// The image URI, whichever shape it came in.
    pub fn image_url(&self) -> Option<&str> {
        match self {
            Avatar::Url(u) => Some(u),
            Avatar::Object { image_url } => image_url.as_deref(),
        }
    }
}

/// An admin's role (2.16).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Role {
    /// The role's id.
    pub id: Option<Id>,
    /// E.g. "Support".
    pub name: Option<String>,
}

/// A teammate of the workspace (`GET /admins`, `GET /admins/{id}`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Admin {
    /// Intercom's id, always present.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Job title, if set.
    pub job_title: Option<String>,
    /// Away mode on.
    pub away_mode_enabled: Option<bool>,
    /// Conversations are reassigned while away.
    pub away_mode_reassign: Option<bool>,
    /// Has a paid inbox seat.
    pub has_inbox_seat: Option<bool>,
    /// Teams the admin belongs to.
    #[serde(default)]
    pub team_ids: Vec<Id>,
    /// Picture, in either shape.
    pub avatar: Option<Avatar>,
    /// 2.16, only when the admin has a role.
    pub role: Option<Role>,
}

/// `GET /admins`: every admin (not paginated).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct AdminList {
    /// The admins.
    #[serde(default)]
    pub admins: Vec<Admin>,
}

/// `/me` → `app`: the workspace.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct App {
    /// The workspace id (the Messenger `app_id`).
    pub id_code: Option<String>,
    /// Workspace name.
    pub name: Option<String>,
    /// "US", "Europe" or "Australia"; see `Region::from_app_region`.
    pub region: Option<String>,
    /// IANA time zone.
    pub timezone: Option<String>,
    /// Unix seconds.
    pub created_at: Option<f64>,
    /// Identity verification is on for the Messenger.
    pub identity_verification: Option<bool>,
}

/// `GET /me`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct AdminWithApp {
    /// The token's admin.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Refuse "Log in with Intercom" unless this is true.
    pub email_verified: Option<bool>,
    /// Picture, in either shape.
    pub avatar: Option<Avatar>,
    /// The workspace.
    pub app: Option<App>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_2_11_avatar_object_and_numeric_teams() {
        let a: Admin = serde_json::from_str(
            r#"{"type":"admin","id":"991267460","name":"Ann","email":"ann@acme.test","job_title":null,
               "away_mode_enabled":false,"away_mode_reassign":false,"has_inbox_seat":true,
               "team_ids":[814865],"avatar":{"image_url":"https://x/a.png"},"unknown":1}"#,
        )
        .unwrap();
        assert_eq!(
            a.avatar.as_ref().and_then(Avatar::image_url),
            Some("https://x/a.png")
        );
        assert_eq!(a.team_ids, vec![Id::Number(814865.0)]);
        assert_eq!(a.job_title, None);
    }

    #[test]
    fn admin_2_16_avatar_string_role_and_string_teams() {
        let a: Admin = serde_json::from_str(
            r#"{"id":"1","avatar":"https://x/b.png","team_ids":["7"],"role":{"type":"role","id":"3","name":"Support"}}"#,
        )
        .unwrap();
        assert_eq!(a.avatar, Some(Avatar::Url("https://x/b.png".into())));
        assert_eq!(a.team_ids, vec![Id::Text("7".into())]);
        assert_eq!(a.role.and_then(|r| r.name), Some("Support".into()));
    }

    #[test]
    fn minimal_and_me_shapes() {
        let a: Admin = serde_json::from_str(r#"{"id":"1"}"#).unwrap();
        assert!(a.team_ids.is_empty() && a.role.is_none());
        let list: AdminList =
            serde_json::from_str(r#"{"type":"admin.list","admins":[{"id":"1"},{"id":"2"}]}"#)
                .unwrap();
        assert_eq!(list.admins.len(), 2);
        let me: AdminWithApp = serde_json::from_str(
            r#"{"type":"admin","id":"9","email":"a@b.c","email_verified":true,
               "app":{"type":"app","id_code":"abc","name":"Acme","region":"Europe","created_at":1734537243}}"#,
        )
        .unwrap();
        assert_eq!(me.app.and_then(|a| a.region), Some("Europe".into()));
        assert_eq!(me.email_verified, Some(true));
    }

    #[test]
    fn an_admin_without_id_is_rejected() {
        assert!(serde_json::from_str::<Admin>(r#"{"name":"x"}"#).is_err());
    }
}
