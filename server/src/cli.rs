//! Command line: `kith serve | migrate | seed --demo | export-schema |
//! create-admin | jobs list | jobs run NAME`. Every flag is also an
//! environment variable.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::{DateTime, NaiveDateTime, Utc};
use clap::{Parser, Subcommand};

use crate::config::{parse_listen, CommonArgs, Config};
use crate::db::Db;
use crate::error::AppResult;
use crate::jobs::{JobContext, JobSpec, Runs, JOBS};
use crate::mail::Transport;
use crate::state::{AppState, Clock};

#[derive(Debug, Parser)]
#[command(
    name = "kith",
    version,
    about = "Kith: community prevention and volunteer coordination"
)]
pub struct Cli {
    #[command(flatten)]
    pub common: CommonArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database and serve the API and web app.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "KITH_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        /// Load the demo data first if the database has no people yet.
        #[arg(long, env = "KITH_SEED_DEMO")]
        seed_demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load data into the database.
    Seed {
        /// Demo groups, volunteers, residents and coordinators with known logins.
        #[arg(long)]
        demo: bool,
    },
    /// Print the GraphQL schema (SDL), or write it to a file.
    ExportSchema {
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Create a platform administrator, or make an existing person one.
    CreateAdmin {
        /// The admin's email address.
        #[arg(long, env = "KITH_ADMIN_EMAIL")]
        email: String,
        /// Display name for a new account.
        #[arg(long, default_value = "Administrator")]
        name: String,
        /// Password for a new account; one is generated and printed if omitted.
        #[arg(long, env = "KITH_ADMIN_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// Scheduled jobs: list them, or run one now.
    Jobs {
        #[command(subcommand)]
        command: JobsCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// Show every job: its schedule, its last finished run and what it does.
    List,
    /// Run one job once against the configured database and print what it
    /// did. Per-slot jobs claim their slot as the scheduler would, so a slot
    /// already run is not run again. Starts neither the server nor the scheduler.
    Run {
        /// The job (see `kith jobs list`).
        #[arg(value_parser = parse_job)]
        name: &'static JobSpec,
        /// Run as of this time instead of now, e.g. `2026-11-24T13:05:00Z`
        /// (RFC 3339). A per-slot job runs the slot this time falls in.
        #[arg(long, value_parser = parse_now)]
        now: Option<DateTime<Utc>>,
    },
}

fn parse_job(name: &str) -> Result<&'static JobSpec, String> {
    crate::jobs::find(name).ok_or_else(|| {
        format!(
            "no job is called `{name}`; the jobs are {}",
            crate::jobs::names().join(", ")
        )
    })
}

fn parse_now(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("`{s}` is not an RFC 3339 time such as 2026-11-24T13:05:00Z ({e})"))
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // `kith jobs` prints its results on standard output; logs go to stderr.
    init_tracing(matches!(cli.command, Command::Jobs { .. }));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("kith: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("kith: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(to_stderr: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("KITH_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,tokio_cron_scheduler=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    let _ = if to_stderr {
        builder.with_writer(std::io::stderr).try_init()
    } else {
        builder.try_init()
    };
}

fn open(common: &CommonArgs) -> anyhow::Result<(Config, Db)> {
    let config = Config::from_args(common)?;
    let db = Db::open(&config.database, config.db_pool_size)?;
    Ok((config, db))
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::ExportSchema { output } => {
            let sdl = crate::graphql::sdl();
            match output {
                Some(path) => std::fs::write(&path, sdl)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => print!("{sdl}"),
            }
            Ok(())
        }
        Command::Migrate => {
            let (_, db) = open(&cli.common)?;
            let n = db.migrate()?;
            tracing::info!(applied = n, "migrations up to date");
            Ok(())
        }
        Command::Seed { demo } => {
            if !demo {
                anyhow::bail!("say what to seed: `kith seed --demo`");
            }
            let (config, db) = open(&cli.common)?;
            db.migrate()?;
            let state = AppState::new(config, db, Clock::system());
            let report = crate::seed::demo(&state).await?;
            println!("{report}");
            Ok(())
        }
        Command::CreateAdmin {
            email,
            name,
            password,
        } => {
            let (config, db) = open(&cli.common)?;
            db.migrate()?;
            let state = AppState::new(config, db, Clock::system());
            let outcome =
                crate::seed::create_admin(&state, &email, &name, password.as_deref()).await?;
            println!("{outcome}");
            Ok(())
        }
        Command::Serve { listen, seed_demo } => {
            let addr = parse_listen(&listen)?;
            let (config, db) = open(&cli.common)?;
            let applied = db.migrate()?;
            tracing::info!(applied, backend = ?db.backend(), "database ready");
            let transport = Transport::from_config(&config)?;
            let state = AppState::new(config, db, Clock::system());
            if seed_demo {
                let report = crate::seed::demo(&state).await?;
                tracing::info!("{report}");
            }
            let _scheduler = crate::jobs::start(JobContext {
                state: state.clone(),
                transport,
            })
            .await?;
            let schema = crate::graphql::build_schema(state.clone());
            let (acceptor, local) = crate::http::bind(addr)
                .await
                .with_context(|| format!("listening on {addr}"))?;
            tracing::info!(address = %local, environment = ?state.config.environment, "Kith is listening on http://{local}");
            crate::http::serve(acceptor, state, schema).await?;
            Ok(())
        }
        Command::Jobs { command } => {
            let (config, db) = open(&cli.common)?;
            db.ready().map_err(|e| {
                anyhow::anyhow!("the database is not ready ({e}): run `kith migrate` first")
            })?;
            match command {
                JobsCommand::List => list_jobs(&config, &db).await,
                JobsCommand::Run { name, now } => run_job(config, db, name, now).await,
            }
        }
    }
}

fn show_time(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// `kith jobs list`: one row per job.
async fn list_jobs(config: &Config, db: &Db) -> anyhow::Result<()> {
    let last = db
        .run(|conn| {
            JOBS.iter()
                .map(|j| crate::jobs::last_finished_run(conn, j.name))
                .collect::<AppResult<Vec<_>>>()
        })
        .await?;
    let mut overridden = false;
    let rows: Vec<[String; 4]> = JOBS
        .iter()
        .zip(last)
        .map(|(job, last)| {
            let from_env = config
                .job_schedules
                .get(job.name)
                .is_some_and(|s| s.from_env);
            overridden |= from_env;
            let schedule = match config.job_schedules.cron(job.name) {
                Some(cron) => cron.to_string(),
                None => "disabled".to_string(),
            };
            let schedule = if from_env {
                format!("{schedule} [env]")
            } else {
                schedule
            };
            let last = match (job.runs, last) {
                (Runs::EveryTick, _) => "not recorded (every tick)".to_string(),
                (_, None) => "never".to_string(),
                (_, Some(r)) => format!(
                    "{} (slot {})",
                    r.finished_at.map(show_time).unwrap_or_default(),
                    show_time(r.slot)
                ),
            };
            [
                job.name.to_string(),
                schedule,
                last,
                job.description.to_string(),
            ]
        })
        .collect();
    let header = [
        "NAME",
        "SCHEDULE (UTC)",
        "LAST FINISHED RUN (UTC)",
        "DESCRIPTION",
    ]
    .map(String::from);
    let mut widths = [0usize; 3];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        println!(
            "{:<w0$}  {:<w1$}  {:<w2$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        );
    }
    if overridden {
        println!("\n[env]: set by KITH_JOB_<NAME>_CRON (an empty value disables the job)");
    }
    Ok(())
}

/// `kith jobs run NAME [--now T]`: run one job once and print its summary.
async fn run_job(
    config: Config,
    db: Db,
    spec: &'static JobSpec,
    now: Option<DateTime<Utc>>,
) -> anyhow::Result<()> {
    if config.job_schedules.cron(spec.name).is_none() {
        eprintln!(
            "note: {} is disabled by {}; running it by hand, on the slots of its default schedule `{}`",
            spec.name,
            spec.env_var(),
            spec.default_cron
        );
    }
    let transport = Transport::from_config(&config)?;
    let state = AppState::new(config, db, Clock::system());
    let now = now.unwrap_or_else(|| state.clock.now());
    let ctx = JobContext { state, transport };
    let run = crate::jobs::run_job(&ctx, spec, now)
        .await
        .with_context(|| format!("job {} failed", spec.name))?;
    match run.slot {
        Some(slot) => println!(
            "{} (slot {} UTC): {}",
            run.job,
            show_time(slot.naive_utc()),
            run.outcome.summary
        ),
        None => println!("{}: {}", run.job, run.outcome.summary),
    }
    Ok(())
}
