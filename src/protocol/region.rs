//! Intercom's hosting regions and their hosts (intercom-api-facts §2).

use super::error::Error;

/// A workspace's region. Each has its own REST host; `api.intercom.io` also routes
/// other regions' tokens, but calling the right host saves a hop.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Region {
    /// `api.intercom.io` (the default).
    #[default]
    Us,
    /// `api.eu.intercom.io`.
    Eu,
    /// `api.au.intercom.io`.
    Au,
}

impl Region {
    /// Parses the `region` option: "us", "eu", "au" (any case).
    pub fn from_option(value: &str) -> Option<Region> {
        match value.to_ascii_lowercase().as_str() {
            "us" => Some(Region::Us),
            "eu" => Some(Region::Eu),
            "au" => Some(Region::Au),
            _ => None,
        }
    }

    /// Parses `/me` → `app.region`. Intercom answers "Europe", not "EU", for EU
    /// workspaces (PostHog had to fix this twice), so accept both spellings.
    pub fn from_app_region(value: &str) -> Option<Region> {
        match value.trim_ascii().to_ascii_lowercase().as_str() {
            "us" | "usa" | "united states" => Some(Region::Us),
            "eu" | "europe" => Some(Region::Eu),
            "au" | "australia" => Some(Region::Au),
            _ => None,
        }
    }

    /// "us", "eu" or "au", as the JS API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Us => "us",
            Region::Eu => "eu",
            Region::Au => "au",
        }
    }

    /// REST API host.
    pub fn api_base(self) -> &'static str {
        match self {
            Region::Us => "https://api.intercom.io",
            Region::Eu => "https://api.eu.intercom.io",
            Region::Au => "https://api.au.intercom.io",
        }
    }

    /// Workspace UI host, where the OAuth consent page lives.
    pub fn app_base(self) -> &'static str {
        match self {
            Region::Us => "https://app.intercom.com",
            Region::Eu => "https://app.eu.intercom.com",
            Region::Au => "https://app.au.intercom.com",
        }
    }
}

/// The `region` option: a workspace region, or `Auto` to ask `/me` once and then use the
/// workspace's own host.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RegionChoice {
    /// `api.intercom.io` (the default; it also routes other regions' tokens).
    #[default]
    Us,
    /// `api.eu.intercom.io`.
    Eu,
    /// `api.au.intercom.io`.
    Au,
    /// Start on the US host, switch to the workspace's host after the first `/me`.
    Auto,
}

impl RegionChoice {
    /// Parses the client's `region` option: "us", "eu", "au" (any case) or "auto".
    pub fn parse(value: &str) -> Result<RegionChoice, Error> {
        if value == "auto" {
            return Ok(RegionChoice::Auto);
        }
        Region::from_option(value)
            .map(RegionChoice::from)
            .ok_or_else(|| {
                Error::invalid_argument("region: expected \"us\", \"eu\", \"au\" or \"auto\"")
            })
    }
}

impl From<Region> for RegionChoice {
    fn from(r: Region) -> RegionChoice {
        match r {
            Region::Us => RegionChoice::Us,
            Region::Eu => RegionChoice::Eu,
            Region::Au => RegionChoice::Au,
        }
    }
}

/// The `region` option of the OAuth functions: a fixed region, default US.
pub fn fixed(value: Option<&str>) -> Result<Region, Error> {
    match value {
        None => Ok(Region::Us),
        Some(r) => Region::from_option(r)
            .ok_or_else(|| Error::invalid_argument("region: expected \"us\", \"eu\" or \"au\"")),
    }
}

/// `/me` → `app.region` ("US", "Europe", "Australia"), or why it is unusable.
pub fn from_me(app_region: Option<&str>) -> Result<Region, Error> {
    app_region.and_then(Region::from_app_region).ok_or_else(|| {
        Error::invalid_response(
            200,
            "an admin whose app.region is US, Europe or Australia",
            app_region.unwrap_or_default(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_region_spellings_seen_in_the_wild() {
        assert_eq!(Region::from_app_region("US"), Some(Region::Us));
        assert_eq!(Region::from_app_region("Europe"), Some(Region::Eu));
        assert_eq!(Region::from_app_region("EU"), Some(Region::Eu));
        assert_eq!(Region::from_app_region("Australia"), Some(Region::Au));
        assert_eq!(Region::from_app_region("AU"), Some(Region::Au));
        assert_eq!(Region::from_app_region("Mars"), None);
    }

    #[test]
    fn option_values_and_hosts() {
        assert_eq!(Region::from_option("EU"), Some(Region::Eu));
        assert_eq!(Region::from_option(""), None);
        assert_eq!(Region::Eu.api_base(), "https://api.eu.intercom.io");
        assert_eq!(Region::Au.app_base(), "https://app.au.intercom.com");
    }

    #[test]
    fn choices() {
        assert_eq!(RegionChoice::parse("auto"), Ok(RegionChoice::Auto));
        assert_eq!(RegionChoice::parse("EU"), Ok(RegionChoice::Eu));
        assert!(RegionChoice::parse("mars").is_err());
        assert_eq!(fixed(None), Ok(Region::Us));
        assert!(fixed(Some("auto")).is_err());
        assert_eq!(from_me(Some("Europe")), Ok(Region::Eu));
        assert_eq!(
            from_me(None).map_err(|e| e.code),
            Err(crate::protocol::code::ErrorCode::InvalidResponse)
        );
    }
}
