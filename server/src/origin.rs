//! A partner portal's origin (`--portal-origin`): the pages allowed to frame the app (CSP
//! `frame-ancestors`) and the only windows it takes tokens from (postMessage). Both compare
//! origins exactly, so this is checked at start-up to be an origin and nothing else — no
//! path, no wildcard — and kept in the form browsers serialize (`event.origin`).

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalOrigin(String);

impl PortalOrigin {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PortalOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for PortalOrigin {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = |why: &str| {
            format!(
                "--portal-origin `{s}` is not an origin ({why}; e.g. https://portal.example.com)"
            )
        };
        let t = s.trim();
        if t.contains('*') {
            return Err(bad("no wildcards: name each origin"));
        }
        let url = url::Url::parse(t).map_err(|e| bad(&e.to_string()))?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(bad("the scheme must be https or http"));
        }
        if url.host().is_none() {
            return Err(bad("no host"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(bad("no user name or password"));
        }
        // `https://portal.example` parses with the path `/`; anything more is a page, not an
        // origin.
        if url.path() != "/" {
            return Err(bad("no path"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(bad("no query or fragment"));
        }
        // Lower-cased host, default port dropped, IDN as punycode: what `event.origin` says.
        Ok(PortalOrigin(url.origin().ascii_serialization()))
    }
}

/// The "Got feedback" link (`--feedback-url`): an absolute http(s) address, shown in the
/// app's header; none configured, no link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackUrl(String);

impl FeedbackUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for FeedbackUrl {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = |why: &str| {
            format!("--feedback-url `{s}` is not a web address ({why}; e.g. https://forms.example.com/insights)")
        };
        let url = url::Url::parse(s.trim()).map_err(|e| bad(&e.to_string()))?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(bad("the scheme must be https or http"));
        }
        if url.host().is_none() {
            return Err(bad("no host"));
        }
        Ok(FeedbackUrl(url.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_checked_and_kept_as_browsers_write_them() {
        for (input, want) in [
            (
                "https://portal.example.com",
                Ok("https://portal.example.com"),
            ),
            (
                "https://Portal.Example.com/",
                Ok("https://portal.example.com"),
            ),
            (
                "https://portal.example.com:443",
                Ok("https://portal.example.com"),
            ),
            ("http://127.0.0.1:8080", Ok("http://127.0.0.1:8080")),
            ("https://portal.example.com/app", Err("no path")),
            ("https://portal.example.com//", Err("no path")),
            ("https://*.example.com", Err("no wildcards")),
            ("*", Err("no wildcards")),
            ("portal.example.com", Err("relative URL")),
            ("ftp://portal.example.com", Err("scheme")),
            ("https://portal.example.com?x=1", Err("no query")),
            ("https://user@portal.example.com", Err("no user name")),
            ("'self'", Err("relative URL")),
        ] {
            let got = input.parse::<PortalOrigin>();
            match (got, want) {
                (Ok(o), Ok(w)) => assert_eq!(o.as_str(), w, "{input}"),
                (Err(e), Err(w)) => assert!(e.contains(w) && e.contains(input), "{input}: {e}"),
                (got, want) => panic!("{input}: {got:?}, expected {want:?}"),
            }
        }
    }

    #[test]
    fn a_feedback_url_is_an_absolute_web_address() {
        for (input, want) in [
            (
                "https://forms.example.com/insights",
                Ok("https://forms.example.com/insights"),
            ),
            (" http://127.0.0.1:9/f?a=1 ", Ok("http://127.0.0.1:9/f?a=1")),
            ("mailto:team@example.com", Err("scheme")),
            ("javascript:alert(1)", Err("scheme")),
            ("forms.example.com", Err("relative URL")),
        ] {
            match (input.parse::<FeedbackUrl>(), want) {
                (Ok(u), Ok(w)) => assert_eq!(u.as_str(), w, "{input}"),
                (Err(e), Err(w)) => assert!(
                    e.contains(w) && e.contains("--feedback-url"),
                    "{input}: {e}"
                ),
                (got, want) => panic!("{input}: {got:?}, expected {want:?}"),
            }
        }
    }
}
