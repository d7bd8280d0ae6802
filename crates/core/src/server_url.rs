//! The address of dossier-server, checked once: HTTPS, or plain HTTP to loopback only (the
//! local demo and tests). Anything else would send codes and tokens in the clear.

use std::{fmt, net::IpAddr, str::FromStr};

use url::{Host, Url};

use crate::error::CoreError;

#[derive(Clone, PartialEq, Eq)]
pub struct ServerUrl(Url);

impl ServerUrl {
    pub fn parse(input: &str) -> Result<Self, CoreError> {
        let url = Url::parse(input.trim()).map_err(|_| CoreError::InvalidServerUrl)?;
        if !url.username().is_empty() || url.password().is_some() || url.query().is_some() {
            return Err(CoreError::InvalidServerUrl);
        }
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(url.host()) => {}
            "http" => return Err(CoreError::InsecureServerUrl),
            _ => return Err(CoreError::InvalidServerUrl),
        }
        if url.host().is_none() {
            return Err(CoreError::InvalidServerUrl);
        }
        Ok(Self(url))
    }

    /// The URL of an API path such as `/api/v1/health`.
    pub fn join(&self, path: &str) -> Url {
        let mut url = self.0.clone();
        let base = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{base}{path}"));
        url
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

fn is_loopback(host: Option<Host<&str>>) -> bool {
    match host {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

impl FromStr for ServerUrl {
    type Err = CoreError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for ServerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str().trim_end_matches('/'))
    }
}

impl fmt::Debug for ServerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ServerUrl({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_https_anywhere() {
        let url = ServerUrl::parse("https://dossier.example.be").unwrap();
        assert_eq!(url.join("/api/v1/health").as_str(), "https://dossier.example.be/api/v1/health");
        let nested = ServerUrl::parse("https://portal.example.be/dossier/").unwrap();
        assert_eq!(
            nested.join("/api/v1/health").as_str(),
            "https://portal.example.be/dossier/api/v1/health"
        );
    }

    #[test]
    fn accepts_plain_http_only_to_loopback() {
        for ok in
            ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9", "http://127.2.3.4"]
        {
            assert!(ServerUrl::parse(ok).is_ok(), "{ok}");
        }
        for insecure in ["http://dossier.example.be", "http://10.0.0.1", "http://localhost.evil.be"]
        {
            assert!(
                matches!(ServerUrl::parse(insecure), Err(CoreError::InsecureServerUrl)),
                "{insecure}"
            );
        }
    }

    #[test]
    fn rejects_other_schemes_and_credentials() {
        for bad in ["ftp://127.0.0.1", "dossier", "https://user:pw@dossier.example.be", "file:///x"]
        {
            assert!(matches!(ServerUrl::parse(bad), Err(CoreError::InvalidServerUrl)), "{bad}");
        }
    }
}
