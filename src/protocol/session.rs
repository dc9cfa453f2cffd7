//! Where a client's calls go, and the one switch `region: "auto"` makes: the first call asks
//! `/me` for the workspace's region, then every call uses that region's host.

use super::config;
use super::endpoints;
use super::error::Error;
use super::region::{self, Region, RegionChoice};

/// The host of one client. An explicit `baseUrl` (mock, proxy) is never switched.
/// (`Default`, an empty host, only stands in while a `Cell` holding it is being read.)
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RegionSession {
    base_url: String,
    /// `Auto` without `baseUrl`, until `/me` has told us the region.
    pending: bool,
}

impl RegionSession {
    /// Checks `base_url`; `Auto` starts on the US host.
    pub fn new(choice: RegionChoice, base_url: Option<&str>) -> Result<RegionSession, Error> {
        let region = match choice {
            RegionChoice::Us | RegionChoice::Auto => Region::Us,
            RegionChoice::Eu => Region::Eu,
            RegionChoice::Au => Region::Au,
        };
        Ok(RegionSession {
            base_url: config::host(base_url, Ok(region), config::Host::Api)?,
            pending: choice == RegionChoice::Auto && base_url.is_none(),
        })
    }

    /// The host calls go to now, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// True when a call to `path` must first learn the region (a `/me` call is
    /// region-neutral: every host answers it).
    pub fn needs_region(&self, path: &str) -> bool {
        self.pending && path != endpoints::ME
    }

    /// Takes `/me` → `app.region` and moves to that region's host, once.
    pub fn learn(&mut self, app_region: Option<&str>) -> Result<Region, Error> {
        let region = region::from_me(app_region)?;
        if self.pending {
            region.api_base().clone_into(&mut self.base_url);
            self.pending = false;
        }
        Ok(region)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_switches_once_after_me() {
        let mut s = RegionSession::new(RegionChoice::Auto, None).unwrap();
        assert_eq!(s.base_url(), "https://api.intercom.io");
        assert!(s.needs_region("/admins"));
        assert!(!s.needs_region("/me"));
        assert_eq!(s.learn(Some("Europe")), Ok(Region::Eu));
        assert_eq!(s.base_url(), "https://api.eu.intercom.io");
        assert!(!s.needs_region("/admins"));
        // Later answers do not move it again.
        s.learn(Some("Australia")).unwrap();
        assert_eq!(s.base_url(), "https://api.eu.intercom.io");
    }

    #[test]
    fn base_url_is_never_switched() {
        let mut s = RegionSession::new(RegionChoice::Auto, Some("http://127.0.0.1:1/")).unwrap();
        assert!(!s.needs_region("/admins"));
        s.learn(Some("Europe")).unwrap();
        assert_eq!(s.base_url(), "http://127.0.0.1:1");
    }

    #[test]
    fn fixed_regions_and_bad_answers() {
        let mut s = RegionSession::new(RegionChoice::Au, None).unwrap();
        assert_eq!(s.base_url(), "https://api.au.intercom.io");
        assert!(!s.needs_region("/admins"));
        assert!(s.learn(Some("Mars")).is_err());
        assert!(RegionSession::new(RegionChoice::Us, Some("nope")).is_err());
    }
}
