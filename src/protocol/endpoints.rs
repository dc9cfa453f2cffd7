//! Intercom's paths that this crate calls, in one place.

use super::error::Error;
use super::request::path_id;
use super::text::cat;

/// `GET /admins`: every admin of the workspace (not paginated).
pub const ADMINS: &str = "/admins";
/// `GET /me`: the token's admin and its workspace (`app`).
pub const ME: &str = "/me";
/// The OAuth consent page, on the workspace UI host.
pub const OAUTH_AUTHORIZE: &str = "/oauth";
/// The OAuth token endpoint, on the API host.
pub const OAUTH_TOKEN: &str = "/auth/eagle/token";
/// Token revocation, on the workspace's API host.
pub const UNINSTALL: &str = "/auth/uninstall";

/// `GET /admins/{id}`, the id checked so it cannot reach another endpoint.
pub fn admin(id: &str) -> Result<String, Error> {
    Ok(cat(&[ADMINS, "/", &path_id("id", id)?]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_paths() {
        assert_eq!(admin("991267460"), Ok("/admins/991267460".into()));
        assert!(admin("../me").is_err());
    }
}
