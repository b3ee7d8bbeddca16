//! Command line (hand-parsed: a handful of flags do not justify a CLI crate).

use crate::faults::Fault;
use crate::seed::Seed;
use crate::version::Version;

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: String,
    pub version: Version,
    /// `[auth] api_key_max_seconds_to_live`; -1 = unlimited.
    pub api_key_max_seconds_to_live: i64,
    /// `[quota] enabled = true` with `org_api_key = N`; -1 = quota disabled
    /// (Grafana's default).
    pub api_key_quota: i64,
    pub seed: Seed,
    pub seed_path: Option<String>,
    pub latency_ms: u64,
    pub faults: Vec<Fault>,
    pub test_control: bool,
    /// One line per request on stderr.
    pub log_requests: bool,
    /// `[auth.anonymous] hide_version = true`: `/api/health` leaves out the version.
    pub hide_version: bool,
    /// Every user's theme preference in `/api/user/preferences` (`""` = the server default).
    pub user_theme: String,
    /// `[feature_toggles] enable = …`: only `serviceAccounts` means anything
    /// here (the 8.5 – 9.0 beta service-account API).
    pub feature_toggles: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:3000".into(),
            version: Version::default(),
            api_key_max_seconds_to_live: -1,
            api_key_quota: -1,
            seed: Seed::default(),
            seed_path: None,
            latency_ms: 0,
            faults: Vec::new(),
            test_control: false,
            log_requests: true,
            hide_version: false,
            user_theme: String::new(),
            feature_toggles: Vec::new(),
        }
    }
}

pub const HELP: &str = "\
grafana-sim: a Grafana-compatible HTTP server for the API keys page

USAGE:
    grafana-sim [OPTIONS]

OPTIONS:
    --listen ADDR                      Address to listen on [default: 127.0.0.1:3000].
                                       Port 0 picks a free port; the startup line shows it.
    --grafana-version V                Grafana version to emulate, e.g. 8.5, 9.4.7, 10.4,
                                       11.5.0, 12.1.0 [default: 9.4.7]
    --api-key-max-seconds-to-live N    Grafana's [auth] api_key_max_seconds_to_live
                                       [default: -1 = unlimited]
    --api-key-quota N                  Enable Grafana's [quota] with org_api_key = N: a create
                                       in an org holding N keys answers 403
                                       \"api_key Quota reached\" [default: -1 = quota off]
    --seed FILE.json                   Initial keys, service accounts, users, orgs and teams
                                       (see SEED below)
    --latency-ms N                     Delay every response by N ms [default: 0]
    --hide-version                     Grafana's [auth.anonymous] hide_version = true:
                                       /api/health answers without version and commit
    --user-theme THEME                 The users' theme preference in /api/user/preferences:
                                       dark, light, system or \"\" [default: \"\"]
    --feature-toggles LIST             Grafana's [feature_toggles] enable = LIST (comma-separated).
                                       serviceAccounts turns on the beta service-account API
                                       (search, CRUD, tokens) on 8.5 - 9.0; it is GA from 9.1
    --fault SPEC                       Inject a fault; repeatable. SPEC is \"METHOD PATH=ACTION\":
                                         METHOD  an HTTP method or * (any)
                                         PATH    request path without query; * = one segment
                                         ACTION  a status code (JSON {\"message\":...} body),
                                                 close (drop the connection, no response),
                                                 html (200 text/html proxy error page) or
                                                 html:CODE (same page with status CODE)
                                       e.g. --fault \"GET /api/auth/keys=500\"
                                            --fault \"DELETE /api/auth/keys/*=close\"
    --test-control                     Enable the test-only control API under /__sim/
    --quiet                            Do not log requests to stderr
    -h, --help                         Print this help

Once listening it prints exactly one line to stdout:
    grafana-sim listening on http://ADDR (Grafana VERSION)
and runs until SIGINT/SIGTERM, then shuts down cleanly.

USERS (org 1 \"Main Org.\"; more users and orgs come from the seed):
    admin/admin     org Admin, Grafana Admin (server admin)
    editor/editor   Editor
    viewer/viewer   Viewer
    ops/ops         (seeds/dev.json) Admin in orgs 1 \"Main Org.\" and 2 \"Platform\",
                    Viewer in org 3 \"Partners\"; admin is Admin in 2 and 3 too
  Basic auth, POST /login {\"user\",\"password\"} (cookie grafana_session), GET /logout,
  Authorization: Bearer <api key>, or basic auth api_key:<api key>.

ORGS:
  A request acts in the org X-Grafana-Org-Id names (> 0), else in the user's current
  org (GET /api/user orgId), which only POST /api/user/using/:id changes (401 \"Not a
  valid organization\" for a non-member). Naming an org the user is not a member of
  signs them in with no role in org -1: org-scoped routes answer 403 (\"Access denied\"
  with RBAC, \"Permission denied\" on 8.x), /api/org 403 or 404 \"Organization not
  found\". Keys and tokens act in their own org; from 10.0 a header naming another org
  answers 401 {\"statusCode\":401,\"messageId\":\"api-key.organization-mismatch\",
  \"message\":\"API key does not belong to the requested organization\"}.
  GET /api/user/orgs, POST /api/orgs {\"name\"}, GET /api/orgs/:orgId,
  POST /api/orgs/:orgId/users {\"loginOrEmail\",\"role\"}.

SEED (JSON):
    {\"keys\":[{\"name\":\"ci-bot\",\"role\":\"Editor\",\"secondsToLive\":604800,
               \"lastUsedSecondsAgo\":3600,\"orgId\":1}]}
    {\"keys\":[{\"name\":\"old\",\"role\":\"Viewer\",\"migrated\":true}],
     \"serviceAccounts\":[{\"name\":\"ci\",\"role\":\"Editor\",\"isDisabled\":false,\"orgId\":1,
        \"tokens\":[{\"name\":\"t1\",\"secondsToLive\":3600,\"lastUsedSecondsAgo\":60}]}]}
  secondsToLive null/absent = no expiry, negative = expired that many seconds ago;
  lastUsedSecondsAgo optional (stored from 9.1; key list shows it from 9.5, tokens from
  9.1); createdSecondsAgo optional (created = now - N); orgId defaults to 1;
  migrated: migrate the key at seed time (9.1+): sa-autogen-<name>, token id = key id.
  isRevoked: true on a token or a migrated key (as secret scanning leaves it; 9.2+).
  Service-account role defaults to Viewer; token names share the org's key names.
    {\"users\":[{\"login\":\"ops\",\"password\":\"ops\",\"currentOrgId\":1}],
     \"orgs\":[{\"id\":1,\"members\":[{\"login\":\"ops\",\"role\":\"Admin\"}]},
             {\"id\":2,\"name\":\"Platform\",\"members\":[{\"login\":\"admin\",\"role\":\"Admin\"}]}]}
  users: ids 4, 5, ... (service accounts follow); password defaults to the login; each
  must be a member of some org. orgs: name required but for org 1; members exactly as
  listed. An org only keys or service accounts name is \"Org N\" with admin as Admin.
    {\"teams\":[{\"name\":\"Platform team\",\"orgId\":1,\"members\":[{\"login\":\"viewer\"},
                {\"login\":\"editor\",\"permission\":\"Admin\"}]}],
     \"serviceAccounts\":[{\"name\":\"ci\",\"permissions\":[{\"team\":\"Platform team\",
        \"permission\":\"Edit\"},{\"login\":\"admin\",\"permission\":\"Admin\"}]}]}
  teams: ids 1, 2, ...; members are users of the team's org, Member (default) or Admin.
  A service account's permissions: Edit or Admin for a login or a team of its org;
  absent = admin gets Admin (as its creator), [] = none.

SERVICE ACCOUNTS: /api/serviceaccounts search, POST, GET/PATCH/DELETE /:id,
  GET/POST /:id/tokens, DELETE /:id/tokens/:tokenId (9.1+, or 8.5-9.0 with
  --feature-toggles serviceAccounts). glsa_ tokens authenticate like API keys.
  9.1+: GET /api/access-control/serviceaccounts/description, GET .../:id (from 11.4 also
  the uid), POST .../:id/users/:userId and .../:id/teams/:teamId {\"permission\":
  \"Edit\"|\"Admin\"|\"\"}; Edit = serviceaccounts:read+write on the account (tokens too),
  Admin adds delete and serviceaccounts.permissions:read/write; creators get Admin.
  GET /api/org/users/lookup, GET /api/teams/search, POST /api/teams,
  POST /api/teams/:teamId/members.

CONTROL API (only with --test-control; never faulted or delayed):
    POST /__sim/reset     restore the startup seed, clear all faults (CLI ones too),
                          restore --latency-ms; login sessions stay valid.
                          Answers {\"message\",\"keys\":[{id,orgId,name,key}],
                          \"tokens\":[{id,orgId,serviceAccountId,name,key}]} (seeded secrets)
    POST /__sim/seed      body: a seed document; replaces all keys, service accounts and
                          tokens (ids restart; from 11.6 keys are migrated as at start-up)
    PUT  /__sim/faults    body: JSON array of SPEC strings; replaces the faults ([] clears)
    PUT  /__sim/latency   body: {\"ms\":N}
    POST /__sim/tokens/ID/revoke  revoke a token as secret scanning does (9.2+)
    GET  /__sim/state     keys as stored (hash, never the secret), service accounts,
                          orgs with members, users with current orgs, teams, service
                          account permissions, faults, latency
    GET  /__sim/users/LOGIN  {\"id\",\"login\",\"orgId\",\"orgs\":[{orgId,name,role}]}: the
                          user's current org and memberships (404 {\"message\":\"User not found\"})
  reset and seed also restore users, orgs, memberships and current orgs.
";

pub enum Parsed {
    Run(Box<Config>),
    Help,
}

/// Parse `args` (without the program name). Accepts `--flag value` and
/// `--flag=value`.
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Parsed, String> {
    let mut cfg = Config::default();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline.clone() {
                Some(v) => Ok(v),
                None => it.next().ok_or_else(|| format!("{name} needs a value")),
            }
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--listen" => cfg.listen = value("--listen")?,
            "--grafana-version" => cfg.version = value("--grafana-version")?.parse()?,
            "--api-key-max-seconds-to-live" => {
                let v = value("--api-key-max-seconds-to-live")?;
                cfg.api_key_max_seconds_to_live = v
                    .parse()
                    .map_err(|_| format!("--api-key-max-seconds-to-live: not an integer: {v:?}"))?;
            }
            "--api-key-quota" => {
                let v = value("--api-key-quota")?;
                cfg.api_key_quota = v
                    .parse()
                    .map_err(|_| format!("--api-key-quota: not an integer: {v:?}"))?;
            }
            "--seed" => {
                let path = value("--seed")?;
                let text =
                    std::fs::read_to_string(&path).map_err(|e| format!("--seed {path}: {e}"))?;
                cfg.seed = Seed::parse(&text).map_err(|e| format!("--seed {path}: {e}"))?;
                cfg.seed_path = Some(path);
            }
            "--latency-ms" => {
                let v = value("--latency-ms")?;
                cfg.latency_ms = v
                    .parse()
                    .map_err(|_| format!("--latency-ms: not a non-negative integer: {v:?}"))?;
            }
            "--fault" => cfg.faults.push(Fault::parse(&value("--fault")?)?),
            "--feature-toggles" => cfg.feature_toggles.extend(
                value("--feature-toggles")?
                    .split([',', ' '])
                    .filter(|t| !t.is_empty())
                    .map(str::to_string),
            ),
            "--test-control" if inline.is_none() => cfg.test_control = true,
            "--quiet" if inline.is_none() => cfg.log_requests = false,
            "--hide-version" if inline.is_none() => cfg.hide_version = true,
            "--user-theme" => {
                let theme = value("--user-theme")?;
                if !["", "dark", "light", "system"].contains(&theme.as_str()) {
                    return Err(format!(
                        "--user-theme: dark, light, system or \"\", not {theme:?}"
                    ));
                }
                cfg.user_theme = theme;
            }
            other => return Err(format!("unknown argument {other:?} (see --help)")),
        }
    }
    Ok(Parsed::Run(Box::new(cfg)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, String> {
        match parse_args(args.iter().map(|s| s.to_string()))? {
            Parsed::Run(c) => Ok(*c),
            Parsed::Help => Err("help".into()),
        }
    }

    #[test]
    fn defaults_and_flags() {
        let c = parse(&[]).unwrap();
        assert_eq!(c.listen, "127.0.0.1:3000");
        assert_eq!(c.version.to_string(), "9.4.7");
        assert_eq!(c.api_key_max_seconds_to_live, -1);
        assert!(!c.test_control);
        let c = parse(&[
            "--listen",
            "127.0.0.1:0",
            "--grafana-version=11.5",
            "--api-key-max-seconds-to-live",
            "3600",
            "--latency-ms",
            "25",
            "--fault",
            "GET /api/auth/keys=500",
            "--fault=POST /api/auth/keys=close",
            "--test-control",
        ])
        .unwrap();
        assert_eq!(c.listen, "127.0.0.1:0");
        assert_eq!(c.version.to_string(), "11.5.0");
        assert_eq!(c.api_key_max_seconds_to_live, 3600);
        assert_eq!(c.latency_ms, 25);
        assert_eq!(c.faults.len(), 2);
        assert!(c.test_control);
        assert!(parse(&["--help"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
        assert!(parse(&["--latency-ms"]).is_err());
        assert!(parse(&["--grafana-version", "nine"]).is_err());
        assert!(parse(&["--fault", "GET /x"]).is_err());
    }

    #[test]
    fn help_mentions_every_flag() {
        for flag in [
            "--listen",
            "--grafana-version",
            "--api-key-max-seconds-to-live",
            "--api-key-quota",
            "--seed",
            "--latency-ms",
            "--fault",
            "--test-control",
            "--quiet",
            "--feature-toggles",
            "/__sim/reset",
            "/__sim/seed",
            "/__sim/faults",
            "/__sim/latency",
            "admin/admin",
        ] {
            assert!(HELP.contains(flag), "{flag}");
        }
    }

    #[test]
    fn user_theme_takes_grafanas_values() {
        assert_eq!(parse(&[]).unwrap().user_theme, "");
        assert_eq!(
            parse(&["--user-theme", "light"]).unwrap().user_theme,
            "light"
        );
        assert!(parse(&["--user-theme", "blue"]).is_err());
    }

    #[test]
    fn hide_version_is_a_switch() {
        assert!(!parse(&[]).unwrap().hide_version);
        assert!(parse(&["--hide-version"]).unwrap().hide_version);
        assert!(parse(&["--hide-version=yes"]).is_err());
    }
}
