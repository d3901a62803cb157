//! `insights`: serve, import, export and demo-data. Errors end as one clear line on stderr.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use server::demo_data::{self, DemoOptions};
use server::export::{self, Report, Role};
use server::state::AppState;
use server::store::{import::ImportSummary, snapshot, Db};
use server::web::{self, WebConfig};
use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use time::Date;

#[derive(Parser)]
#[command(
    name = "insights",
    version,
    about = "Partner Insights: customer-growth reports for Microsoft cloud partners"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the app and the API. Without --db, serves the demo data set from ./data/.
    Serve {
        /// sqlite://PATH or postgres://…
        #[arg(long, env = "INSIGHTS_DB")]
        db: Option<String>,
        #[arg(long, default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
        /// The built app (index.html and assets/).
        #[arg(long, env = "INSIGHTS_ASSETS", default_value = "dist")]
        assets: PathBuf,
        /// Origins allowed to embed the app in an iframe (CSP frame-ancestors).
        #[arg(long, env = "INSIGHTS_FRAME_ANCESTORS", default_value = "'self'")]
        frame_ancestors: String,
    },
    /// Import a folder of CSV files (one transaction: all or nothing).
    Import {
        #[arg(long)]
        db: String,
        dir: PathBuf,
    },
    /// Write a report as CSV to standard output.
    Export {
        #[arg(long)]
        db: String,
        #[arg(value_enum)]
        report: Report,
        #[arg(long, value_enum, default_value = "executive")]
        role: Role,
    },
    /// Write a realistic, deterministic demo data set in the import format.
    DemoData {
        #[arg(long, default_value_t = 2000)]
        tenants: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
        /// The day the data is as of (YYYY-MM-DD); claim and referral dates lead up to it.
        #[arg(long, default_value = "2026-11-01", value_parser = parse_date)]
        as_of: Date,
    },
}

fn parse_date(s: &str) -> Result<Date, String> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, &fmt).map_err(|_| format!("`{s}` is not a date (YYYY-MM-DD)"))
}

const DEFAULT_DATA_DIR: &str = "data";

#[tokio::main]
async fn main() {
    if let Err(e) = run(Cli::parse()).await {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Serve {
            db,
            addr,
            assets,
            frame_ancestors,
        } => {
            init_tracing();
            let db = match db {
                Some(url) => Db::connect(&url).await?,
                None => demo_store().await?,
            };
            if !assets.join("index.html").exists() {
                tracing::warn!(assets = %assets.display(), "no built app here: only the API is served (build it with ./dev run)");
            }
            let app = web::app(
                AppState::new(db),
                &WebConfig {
                    assets,
                    frame_ancestors,
                },
            );
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen on {addr}"))?;
            let local = listener.local_addr()?;
            tracing::info!("Partner Insights at http://{local}");
            println!("Partner Insights at http://{local}");
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await?;
        }
        Command::Import { db, dir } => {
            let db = Db::connect(&db).await?;
            let summary = import(&db, &dir).await?;
            eprintln!(
                "imported {} tenants, {} workload rows, {} tipping points, {} cloud endpoint rows, {} referrals",
                summary.tenants, summary.workloads, summary.tipping_points, summary.cloud_endpoints, summary.referrals
            );
        }
        Command::Export { db, report, role } => {
            let db = Db::connect(&db).await?;
            let csv = export::export(&db, report, role, time::OffsetDateTime::now_utc()).await?;
            let mut out = std::io::stdout().lock();
            match out.write_all(csv.as_bytes()).and_then(|_| out.flush()) {
                // A closed pipe (`| head`) is the reader's choice, not a failure.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                r => r.context("cannot write to standard output")?,
            }
        }
        Command::DemoData {
            tenants,
            seed,
            out,
            as_of,
        } => {
            if tenants == 0 {
                bail!("--tenants must be at least 1");
            }
            let data = demo_data::generate(&DemoOptions {
                tenants,
                seed,
                as_of,
            });
            demo_data::write(&data, &out)
                .with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!("wrote {} tenants to {}", tenants, out.display());
        }
    }
    Ok(())
}

async fn import(db: &Db, dir: &Path) -> Result<ImportSummary> {
    let tty = std::io::stderr().is_terminal();
    let progress = move |file: &'static str, rows: u64| {
        if tty {
            eprint!("\r{file}: {rows} rows   ");
        }
    };
    let summary = server::store::import::import_folder(db, dir, &progress).await;
    if tty {
        eprintln!();
    }
    Ok(summary?)
}

/// The embedded default store: ./data/insights.db, filled with the demo data set on first
/// start (dated today, so referral countdowns are live).
async fn demo_store() -> Result<Db> {
    let dir = Path::new(DEFAULT_DATA_DIR);
    let url = format!("sqlite://{}/insights.db", DEFAULT_DATA_DIR);
    let db = Db::connect(&url).await?;
    if snapshot::tenant_count(&db).await? == 0 {
        let demo_dir = dir.join("demo");
        let today = time::OffsetDateTime::now_utc().date();
        tracing::info!(dir = %demo_dir.display(), "first start: writing the demo data set");
        let data = demo_data::generate(&DemoOptions {
            tenants: 2000,
            seed: 1,
            as_of: today,
        });
        demo_data::write(&data, &demo_dir)?;
        import(&db, &demo_dir).await?;
    }
    Ok(db)
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .init();
}
