//! Intercom's hosting regions and their hosts (intercom-api-facts §2).

/// A workspace's region. Each has its own REST host; `api.intercom.io` also routes
/// other regions' tokens, but calling the right host saves a hop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    Us,
    Eu,
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
        match value.trim().to_ascii_lowercase().as_str() {
            "us" | "usa" | "united states" => Some(Region::Us),
            "eu" | "europe" => Some(Region::Eu),
            "au" | "australia" => Some(Region::Au),
            _ => None,
        }
    }

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
}
