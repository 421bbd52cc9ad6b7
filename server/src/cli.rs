//! Command line: `kith serve | migrate | seed --demo | export-schema |
//! create-admin`. Every flag is also an environment variable.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::{parse_listen, CommonArgs, Config};
use crate::db::Db;
use crate::jobs::JobContext;
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
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
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

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("KITH_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,tokio_cron_scheduler=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
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
    }
}
