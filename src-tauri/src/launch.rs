//! How the app is pointed at a server: `--server <url>` on the command line, else the
//! `DOSSIER_SERVER_URL` environment variable, else the address built in for release.

use anyhow::Context;
use dossier_core::ServerUrl;

/// The production server, unless a packager builds with `DOSSIER_DEFAULT_SERVER_URL` set.
const DEFAULT_SERVER_URL: &str = match option_env!("DOSSIER_DEFAULT_SERVER_URL") {
    Some(url) => url,
    None => "https://portal.dossier.example",
};

#[derive(Debug, Clone)]
pub struct LaunchOptions {
    pub server: ServerUrl,
}

impl LaunchOptions {
    pub fn from_environment() -> anyhow::Result<Self> {
        let from_args = server_argument(std::env::args().skip(1));
        let from_env = std::env::var("DOSSIER_SERVER_URL").ok().filter(|s| !s.is_empty());
        let raw = from_args.or(from_env).unwrap_or_else(|| DEFAULT_SERVER_URL.to_owned());
        let server = ServerUrl::parse(&raw).with_context(|| format!("server address {raw}"))?;
        Ok(Self { server })
    }
}

/// Finds `--server <url>` or `--server=<url>` among the arguments.
fn server_argument(mut args: impl Iterator<Item = String>) -> Option<String> {
    while let Some(arg) = args.next() {
        if arg == "--server" {
            return args.next();
        }
        if let Some(url) = arg.strip_prefix("--server=") {
            return Some(url.to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> impl Iterator<Item = String> {
        list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>().into_iter()
    }

    #[test]
    fn reads_the_server_flag_in_both_forms() {
        assert_eq!(
            server_argument(args(&["--server", "http://127.0.0.1:1"])).as_deref(),
            Some("http://127.0.0.1:1")
        );
        assert_eq!(
            server_argument(args(&["-x", "--server=https://a.be"])).as_deref(),
            Some("https://a.be")
        );
        assert_eq!(server_argument(args(&["--other"])), None);
    }
}
