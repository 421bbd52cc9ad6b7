//! Configuration, read once from flags and environment into [`Config`] and
//! passed explicitly to everything that needs it. No globals.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use rand::RngCore;

/// Whether Kith runs for development or for real people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Environment {
    Development,
    Production,
}

/// Flags shared by every subcommand. Each flag is also an environment variable.
#[derive(Debug, Clone, Args)]
pub struct CommonArgs {
    /// Folder for the SQLite file, development mail and generated keys.
    #[arg(long, env = "KITH_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,

    /// Database: `postgres://…` for PostgreSQL, a file path or `sqlite://path`
    /// for SQLite. Defaults to `$KITH_DATA_DIR/kith.db`.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// `development` or `production`.
    #[arg(
        long = "env",
        env = "KITH_ENV",
        value_enum,
        default_value = "development",
        global = true
    )]
    pub environment: Environment,

    /// SMTP server for outgoing mail, e.g. `smtp://127.0.0.1:2525` or
    /// `smtps://user:pass@mail.example.org`. Without it (development only),
    /// mail is written as `.eml` files under `$KITH_DATA_DIR/mail/`.
    #[arg(long, env = "SMTP_URL", global = true)]
    pub smtp_url: Option<String>,

    /// Sender address for outgoing mail.
    #[arg(
        long,
        env = "KITH_MAIL_FROM",
        default_value = "Kith <no-reply@kith.localhost>",
        global = true
    )]
    pub mail_from: String,

    /// The address people use to reach this Kith, used in links in emails.
    #[arg(
        long,
        env = "KITH_PUBLIC_URL",
        default_value = "http://localhost:8080",
        global = true
    )]
    pub public_url: String,

    /// Secret for signing access tokens (at least 32 bytes). Required in
    /// production; generated and kept in the data dir in development.
    #[arg(long, env = "KITH_JWT_SECRET", hide_env_values = true, global = true)]
    pub jwt_secret: Option<String>,

    /// Database connections kept open by this instance.
    #[arg(long, env = "KITH_DB_POOL_SIZE", default_value_t = 10, global = true)]
    pub db_pool_size: u32,

    /// Folder holding the built web app, served at `/`.
    #[arg(
        long,
        env = "KITH_WEB_DIR",
        default_value = "./web/dist",
        global = true
    )]
    pub web_dir: PathBuf,
}

/// Which database engine a URL selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseTarget {
    /// Parse a `DATABASE_URL`. Anything we cannot recognise is an error,
    /// rather than silently creating a SQLite file with a strange name.
    pub fn parse(url: &str) -> anyhow::Result<Self> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseTarget::Postgres(url.to_string()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        if path.is_empty() {
            bail!("DATABASE_URL is empty");
        }
        if path.contains("://") {
            bail!(
                "DATABASE_URL `{}` is not supported: use postgres://… for PostgreSQL or a file path (or sqlite://path) for SQLite",
                redact_url(url)
            );
        }
        let ext_ok = Path::new(path)
            .extension()
            .map(|e| e == "db" || e == "sqlite" || e == "sqlite3")
            .unwrap_or(false);
        if !ext_ok && !url.starts_with("sqlite:") && path != ":memory:" {
            bail!(
                "DATABASE_URL `{}` is not recognised: use postgres://… for PostgreSQL, or a SQLite file ending in .db/.sqlite (or prefixed sqlite://)",
                redact_url(url)
            );
        }
        Ok(DatabaseTarget::Sqlite(PathBuf::from(path)))
    }
}

/// Hide a password in a URL before it reaches a log or an error message.
pub fn redact_url(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        if let Some((creds, host)) = rest.rsplit_once('@') {
            let user = creds.split(':').next().unwrap_or("");
            return format!("{scheme}://{user}:***@{host}");
        }
    }
    url.to_string()
}

/// The resolved configuration of a running Kith.
#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database: DatabaseTarget,
    pub environment: Environment,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub public_url: String,
    pub jwt_secret: Vec<u8>,
    pub db_pool_size: u32,
    pub web_dir: PathBuf,
    /// Each job's schedule: its default, or `KITH_JOB_<NAME>_CRON`.
    pub job_schedules: JobSchedules,
    /// Delays between check-in escalation steps.
    pub escalation: crate::domain::checkins::EscalationPolicy,
    /// `KITH_COUNT_SQL_STATEMENTS=1`: answer each GraphQL request with the
    /// number of SQL statements it sent, in the `Kith-Sql-Statements` header
    /// (and transaction control in `Kith-Sql-Transaction-Statements`). For
    /// the benchmark's statement budget; off by default.
    pub count_sql_statements: bool,
}

impl Config {
    /// Resolve flags into a config, creating the data dir and (in development)
    /// the JWT secret file if needed.
    pub fn from_args(args: &CommonArgs) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&args.data_dir)
            .with_context(|| format!("creating data dir {}", args.data_dir.display()))?;
        let database = match &args.database_url {
            Some(url) if !url.trim().is_empty() => DatabaseTarget::parse(url)?,
            _ => DatabaseTarget::Sqlite(args.data_dir.join("kith.db")),
        };
        let jwt_secret = match (&args.jwt_secret, args.environment) {
            (Some(s), _) if s.len() >= 32 => s.as_bytes().to_vec(),
            (Some(_), _) => bail!("KITH_JWT_SECRET must be at least 32 characters"),
            (None, Environment::Production) => {
                bail!("KITH_JWT_SECRET is required when KITH_ENV=production")
            }
            (None, Environment::Development) => development_secret(&args.data_dir)?,
        };
        if args.environment == Environment::Production && args.smtp_url.is_none() {
            bail!("SMTP_URL is required when KITH_ENV=production: mail must reach people");
        }
        Ok(Config {
            data_dir: args.data_dir.clone(),
            database,
            environment: args.environment,
            smtp_url: args.smtp_url.clone().filter(|s| !s.trim().is_empty()),
            mail_from: args.mail_from.clone(),
            public_url: args.public_url.trim_end_matches('/').to_string(),
            jwt_secret,
            db_pool_size: args.db_pool_size.max(1),
            web_dir: args.web_dir.clone(),
            job_schedules: job_schedules_from_env()?,
            escalation: escalation_policy(|name| std::env::var(name).ok())?,
            count_sql_statements: std::env::var("KITH_COUNT_SQL_STATEMENTS")
                .is_ok_and(|v| matches!(v.trim(), "1" | "true" | "yes")),
        })
    }

    pub fn is_production(&self) -> bool {
        self.environment == Environment::Production
    }

    /// Where development mail is written when no SMTP server is configured.
    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("mail")
    }
}

/// The check-in escalation delays: `KITH_ESCALATION_COORDINATORS_AFTER_MINUTES`
/// (backup volunteer to coordinators, default 30) and
/// `KITH_ESCALATION_CONTACT_INTERVAL_MINUTES` (to each next emergency
/// contact, default 60), each 0 to 1440. `lookup` reads a variable.
pub fn escalation_policy(
    lookup: impl Fn(&str) -> Option<String>,
) -> anyhow::Result<crate::domain::checkins::EscalationPolicy> {
    let read = |name: &str, default: i64| -> anyhow::Result<chrono::Duration> {
        let minutes = match lookup(name).filter(|v| !v.trim().is_empty()) {
            None => default,
            Some(v) => v
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|m| (0..=1440).contains(m))
                .with_context(|| {
                    format!("{name} must be a number of minutes from 0 to 1440, not `{v}`")
                })?,
        };
        Ok(chrono::Duration::minutes(minutes))
    };
    Ok(crate::domain::checkins::EscalationPolicy {
        coordinators_after: read("KITH_ESCALATION_COORDINATORS_AFTER_MINUTES", 30)?,
        contact_interval: read("KITH_ESCALATION_CONTACT_INTERVAL_MINUTES", 60)?,
    })
}

/// Read (or create once) the development signing secret kept in the data dir.
fn development_secret(data_dir: &Path) -> anyhow::Result<Vec<u8>> {
    let path = data_dir.join("jwt-secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim();
        if existing.len() >= 32 {
            return Ok(existing.as_bytes().to_vec());
        }
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    std::fs::write(&path, &secret).with_context(|| format!("writing {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(secret.into_bytes())
}

/// A job's schedule after configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobSchedule {
    /// Cron expression (six fields, seconds first, UTC); `None` when disabled.
    pub cron: Option<String>,
    /// True when `KITH_JOB_<NAME>_CRON` set it rather than the job's default.
    pub from_env: bool,
}

/// Every job's schedule, by job name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobSchedules(BTreeMap<String, JobSchedule>);

impl JobSchedules {
    /// The job's schedule, if the job is known.
    pub fn get(&self, job: &str) -> Option<&JobSchedule> {
        self.0.get(job)
    }

    /// The cron expression the job runs on; `None` when it is disabled (or
    /// unknown).
    pub fn cron(&self, job: &str) -> Option<&str> {
        self.0.get(job).and_then(|s| s.cron.as_deref())
    }
}

/// The environment variable overriding a job's schedule: the name upper-cased
/// with `-` as `_`, e.g. `KITH_JOB_HELP_EXPIRY_CRON` for `help-expiry`.
pub fn job_cron_var(job: &str) -> String {
    format!(
        "KITH_JOB_{}_CRON",
        job.to_ascii_uppercase().replace('-', "_")
    )
}

/// Resolve each job's schedule from `(name, default cron)` pairs and a lookup
/// of environment variables: `KITH_JOB_<NAME>_CRON` replaces the default, and
/// an empty value disables the job. Every expression is checked with the
/// scheduler's own parser; a bad one is an error naming its variable.
pub fn resolve_job_schedules<'a>(
    jobs: impl IntoIterator<Item = (&'a str, &'a str)>,
    lookup: impl Fn(&str) -> Option<String>,
) -> anyhow::Result<JobSchedules> {
    let mut schedules = BTreeMap::new();
    for (name, default) in jobs {
        let var = job_cron_var(name);
        let schedule = match lookup(&var) {
            Some(value) if value.trim().is_empty() => JobSchedule {
                cron: None,
                from_env: true,
            },
            Some(value) => {
                let value = value.trim();
                crate::jobs::schedule::parse_cron(value).map_err(|e| {
                    anyhow::anyhow!(
                        "{var} `{value}` is not a valid schedule ({}): use six fields, seconds \
                         first, in UTC (`sec min hour day-of-month month day-of-week`, e.g. \
                         `{default}`), or an empty value to disable the job",
                        e.trim_end_matches('.')
                    )
                })?;
                JobSchedule {
                    cron: Some(value.to_string()),
                    from_env: true,
                }
            }
            None => {
                crate::jobs::schedule::parse_cron(default).map_err(|e| {
                    anyhow::anyhow!("job {name}: default schedule `{default}` is invalid: {e}")
                })?;
                JobSchedule {
                    cron: Some(default.to_string()),
                    from_env: false,
                }
            }
        };
        if schedules.insert(name.to_string(), schedule).is_some() {
            bail!("job {name} is listed twice");
        }
    }
    Ok(JobSchedules(schedules))
}

/// Refuse `KITH_JOB_…_CRON` variables that name no job (a typo would
/// otherwise leave a job on the schedule someone meant to change).
pub fn check_job_vars<'a>(
    jobs: impl IntoIterator<Item = &'a str>,
    set_vars: impl IntoIterator<Item = String>,
) -> anyhow::Result<()> {
    let known: Vec<String> = jobs.into_iter().map(job_cron_var).collect();
    for var in set_vars {
        if var.starts_with("KITH_JOB_") && var.ends_with("_CRON") && !known.contains(&var) {
            bail!(
                "{var} names no job; the job schedule variables are {}",
                known.join(", ")
            );
        }
    }
    Ok(())
}

/// Job schedules from the process environment.
fn job_schedules_from_env() -> anyhow::Result<JobSchedules> {
    let jobs = crate::jobs::JOBS;
    check_job_vars(
        jobs.iter().map(|j| j.name),
        std::env::vars_os().filter_map(|(k, _)| k.into_string().ok()),
    )?;
    resolve_job_schedules(jobs.iter().map(|j| (j.name, j.default_cron)), |var| {
        std::env::var_os(var).map(|v| v.to_string_lossy().into_owned())
    })
}

/// Listen address for `kith serve`.
pub fn parse_listen(s: &str) -> anyhow::Result<SocketAddr> {
    s.parse()
        .with_context(|| format!("KITH_LISTEN `{s}` is not an address like 127.0.0.1:8080"))
}

/// The host name of Kith's public URL, used to make Message-IDs and
/// calendar UIDs globally unique (`kith.localhost` if the URL has none).
pub fn public_host(public_url: &str) -> &str {
    public_url
        .split("://")
        .nth(1)
        .unwrap_or(public_url)
        .split(['/', ':'])
        .next()
        .filter(|h| !h.is_empty())
        .unwrap_or("kith.localhost")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_are_recognised_or_refused() {
        assert_eq!(
            DatabaseTarget::parse("postgres://u:p@localhost/kith").unwrap(),
            DatabaseTarget::Postgres("postgres://u:p@localhost/kith".into())
        );
        assert_eq!(
            DatabaseTarget::parse("./data/kith.db").unwrap(),
            DatabaseTarget::Sqlite("./data/kith.db".into())
        );
        assert_eq!(
            DatabaseTarget::parse("sqlite:///tmp/x").unwrap(),
            DatabaseTarget::Sqlite("/tmp/x".into())
        );
        let err = DatabaseTarget::parse("mysql://root:secret@db/kith").unwrap_err();
        assert!(err.to_string().contains("not supported"), "{err}");
        assert!(
            !err.to_string().contains("secret"),
            "password leaked: {err}"
        );
        assert!(DatabaseTarget::parse("kith").is_err());
        assert!(DatabaseTarget::parse("").is_err());
    }
}
