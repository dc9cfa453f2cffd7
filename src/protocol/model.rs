//! Intercom's admin shapes as Rust types, for Rust callers. They accept every documented
//! variant of 2.11–2.16 (facts §6): every field optional, `avatar` a URI string or an
//! object, `team_ids` numbers or strings, `role` only in 2.16. Unknown fields are ignored
//! here; JS callers get Intercom's JSON untouched instead.

use serde::Deserialize;

/// An id Intercom sends as a number in one place and a string in another.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Id {
    Text(String),
    Number(f64),
}

/// 2.11 (and `/me` in every version): `{ type, image_url }`; 2.14+ `/admins`: a URI string.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Avatar {
    Url(String),
    Object { image_url: Option<String> },
}

impl Avatar {
    pub fn image_url(&self) -> Option<&str> {
        match self {
            Avatar::Url(u) => Some(u),
            Avatar::Object { image_url } => image_url.as_deref(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Role {
    pub id: Option<Id>,
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Admin {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub job_title: Option<String>,
    pub away_mode_enabled: Option<bool>,
    pub away_mode_reassign: Option<bool>,
    pub has_inbox_seat: Option<bool>,
    #[serde(default)]
    pub team_ids: Vec<Id>,
    pub avatar: Option<Avatar>,
    pub role: Option<Role>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct AdminList {
    #[serde(default)]
    pub admins: Vec<Admin>,
}

/// `/me` → `app`: the workspace.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct App {
    pub id_code: Option<String>,
    pub name: Option<String>,
    /// "US", "Europe" or "Australia"; see `Region::from_app_region`.
    pub region: Option<String>,
    pub timezone: Option<String>,
    pub created_at: Option<f64>,
    pub identity_verification: Option<bool>,
}

/// `GET /me`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct AdminWithApp {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub email_verified: Option<bool>,
    pub avatar: Option<Avatar>,
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
