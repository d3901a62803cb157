//! `insights`: serve, token, import, export and demo-data. Errors end as one clear line on
//! stderr.

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use server::auth::{self, keys, Auth};
use server::demo_data::{self, DemoOptions};
use server::export::{self, Report};
use server::origin::{FeedbackUrl, PortalOrigin};
use server::snapshot_answer;
use server::state::{AppState, Limits};
use server::store::{import::ImportSummary, snapshot, Db};
use server::web::{self, WebConfig};
use shared::access::{Claims, Principal, Role, Scope};
use shared::MpnId;
use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;
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
    /// Without a key (--jwt-secret-file or --jwt-public-key), runs demo sign-in.
    Serve {
        /// sqlite://PATH or postgres://…
        #[arg(long, env = "INSIGHTS_DB")]
        db: Option<String>,
        #[arg(long, default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
        /// The built app (index.html and assets/).
        #[arg(long, env = "INSIGHTS_ASSETS", default_value = "dist")]
        assets: PathBuf,
        #[command(flatten)]
        sign_in: SignInArgs,
        /// The partner portal's origin (https://portal.example.com): allowed to frame the app
        /// and to send it tokens. Repeat for several; the variable takes a comma-separated
        /// list. None: only the app's own origin may frame it.
        #[arg(
            long = "portal-origin",
            env = "INSIGHTS_PORTAL_ORIGINS",
            value_delimiter = ','
        )]
        portal_origins: Vec<String>,
        /// Requests per second per signed-in user (0: no limit).
        #[arg(long, env = "INSIGHTS_RATE_LIMIT", default_value_t = Limits::default().per_second)]
        rate_limit: u32,
        /// Requests a user may send at once before --rate-limit applies.
        #[arg(long, env = "INSIGHTS_RATE_LIMIT_BURST", default_value_t = Limits::default().burst)]
        rate_limit_burst: u32,
        /// Seconds an API request may run before it is answered 503.
        #[arg(long, env = "INSIGHTS_REQUEST_TIMEOUT", default_value_t = Limits::default().request_timeout.as_secs())]
        request_timeout: u64,
        /// Where the app's "Got feedback" link goes (https://…); none: no link.
        #[arg(long, env = "INSIGHTS_FEEDBACK_URL")]
        feedback_url: Option<String>,
    },
    /// Print a signed token (HS256) for scripts, tests and support.
    Token {
        /// The secret the server checks tokens with.
        #[arg(long, env = "INSIGHTS_JWT_SECRET_FILE")]
        jwt_secret_file: PathBuf,
        /// Who: recorded as the author of every write.
        #[arg(long)]
        sub: String,
        /// executive or viewer.
        #[arg(long)]
        role: Role,
        /// A Partner Center ID the user is granted (repeat for several; none: the whole
        /// organization).
        #[arg(long)]
        mpn: Vec<String>,
        /// Seconds until the token expires.
        #[arg(long, default_value_t = 3600)]
        ttl: u64,
        /// A display name for the app's header.
        #[arg(long)]
        name: Option<String>,
        #[arg(long, env = "INSIGHTS_JWT_AUDIENCE", default_value = auth::DEFAULT_AUDIENCE)]
        audience: String,
        #[arg(long, env = "INSIGHTS_JWT_ISSUER")]
        issuer: Option<String>,
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
        /// executive (every column) or viewer (no revenue, no personal data).
        #[arg(long, default_value = "executive")]
        role: Role,
        /// Only tenants of this Partner Center ID (repeat for several; none: all).
        #[arg(long)]
        mpn: Vec<String>,
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

/// How `serve` checks tokens: a key, or (neither given) demo sign-in.
#[derive(Args)]
struct SignInArgs {
    /// File holding the HS256 secret tokens are signed with (at least 32 bytes).
    #[arg(
        long,
        env = "INSIGHTS_JWT_SECRET_FILE",
        conflicts_with = "jwt_public_key"
    )]
    jwt_secret_file: Option<PathBuf>,
    /// PEM file of the public key tokens are signed with (RSA: RS256, EC: ES256).
    #[arg(long, env = "INSIGHTS_JWT_PUBLIC_KEY")]
    jwt_public_key: Option<PathBuf>,
    /// The algorithm of --jwt-public-key when not its default (RS384, RS512, PS256, ES384 …).
    #[arg(long, env = "INSIGHTS_JWT_ALGORITHM", requires = "jwt_public_key")]
    jwt_algorithm: Option<String>,
    /// The `aud` tokens must carry.
    #[arg(long, env = "INSIGHTS_JWT_AUDIENCE", default_value = auth::DEFAULT_AUDIENCE)]
    jwt_audience: String,
    /// The `iss` tokens must carry (not checked when not given).
    #[arg(long, env = "INSIGHTS_JWT_ISSUER")]
    jwt_issuer: Option<String>,
}

impl SignInArgs {
    fn auth(&self) -> Result<Auth> {
        let (aud, iss) = (self.jwt_audience.trim(), self.jwt_issuer.as_deref());
        if aud.is_empty() {
            bail!("--jwt-audience is empty");
        }
        Ok(match (&self.jwt_secret_file, &self.jwt_public_key) {
            (Some(path), _) => Auth::hs256(&keys::secret_from_file(path)?, aud, iss),
            (None, Some(path)) => {
                let alg = match &self.jwt_algorithm {
                    None => None,
                    Some(a) => Some(a.trim().parse().map_err(|_| {
                        anyhow::anyhow!(
                            "--jwt-algorithm `{a}` is not a JWT algorithm (RS256, ES256 …)"
                        )
                    })?),
                };
                let (key, alg) = keys::public_key_from_file(path, alg)?;
                Auth::public_key(key, alg, aud, iss)
            }
            (None, None) => Auth::demo(),
        })
    }
}

fn scope_of(mpn: &[String]) -> Scope {
    Scope::of(mpn.iter().map(|m| MpnId::from(m.trim())))
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
            sign_in,
            portal_origins,
            rate_limit,
            rate_limit_burst,
            request_timeout,
            feedback_url,
        } => {
            if std::env::var_os("INSIGHTS_FRAME_ANCESTORS").is_some() {
                bail!("INSIGHTS_FRAME_ANCESTORS is replaced by INSIGHTS_PORTAL_ORIGINS (--portal-origin): the portal's origins, comma-separated");
            }
            let auth = sign_in.auth()?;
            let origins = portal_origins
                .iter()
                .filter(|o| !o.trim().is_empty())
                .map(|o| o.parse::<PortalOrigin>().map_err(anyhow::Error::msg))
                .collect::<Result<Vec<_>>>()?;
            if request_timeout == 0 {
                bail!("--request-timeout must be at least 1 second");
            }
            let feedback_url = feedback_url
                .filter(|u| !u.trim().is_empty())
                .map(|u| u.parse::<FeedbackUrl>().map_err(anyhow::Error::msg))
                .transpose()?;
            init_tracing();
            let db = match db {
                Some(url) => Db::connect(&url).await?,
                None => demo_store().await?,
            };
            if !assets.join("index.html").exists() {
                tracing::warn!(assets = %assets.display(), "no built app here: only the API is served (build it with ./dev run)");
            }
            if auth.is_demo() {
                tracing::warn!("no --jwt-secret-file or --jwt-public-key: demo sign-in (sample users, tokens signed with a per-process secret); configure a key before anyone else can reach this server");
            }
            let limits = Limits {
                per_second: rate_limit,
                burst: rate_limit_burst,
                request_timeout: Duration::from_secs(request_timeout),
            };
            let state = AppState::new(db, auth)
                .with_portal_origins(origins)
                .with_feedback_url(feedback_url)
                .with_limits(limits);
            snapshot_answer::spawn_refresh(state.clone(), snapshot_answer::REFRESH_EVERY);
            let app = web::app(state, &WebConfig { assets });
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
                "imported {} tenants, {} workload rows, {} tipping points, {} cloud endpoint rows, {} referrals, {} eligibility rows, {} Solutions Partner settings",
                summary.tenants, summary.workloads, summary.tipping_points, summary.cloud_endpoints, summary.referrals, summary.eligibility, summary.solutions_partner
            );
        }
        Command::Token {
            jwt_secret_file,
            sub,
            role,
            mpn,
            ttl,
            name,
            audience,
            issuer,
        } => {
            if ttl == 0 {
                bail!("--ttl must be at least 1 second");
            }
            let secret = keys::secret_from_file(&jwt_secret_file)?;
            let now = auth::unix_now();
            let claims = Claims {
                sub,
                name,
                role,
                mpn,
                exp: now.saturating_add(ttl),
                nbf: None,
                iat: Some(now),
                aud: Some(audience),
                iss: issuer,
            };
            // The same check the server makes, so a token printed here is one it accepts.
            Principal::from_claims(&claims).map_err(anyhow::Error::msg)?;
            println!("{}", auth::sign_hs256(&secret, &claims));
        }
        Command::Export {
            db,
            report,
            role,
            mpn,
        } => {
            let db = Db::connect(&db).await?;
            let now = time::OffsetDateTime::now_utc();
            let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            let written = export::export(&db, report, role, &scope_of(&mpn), now, out)
                .await
                .and_then(|mut out| Ok(out.flush()?));
            match written {
                // A closed pipe (`| head`) is the reader's choice, not a failure.
                Err(export::ExportError::Write(e))
                    if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(export::ExportError::Write(e)) => {
                    return Err(anyhow::Error::new(e).context("cannot write to standard output"))
                }
                r => r?,
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
            // The start of the day (UTC): no referral is dated after it, even when the day
            // is today, and the same arguments still give byte-identical files.
            let data = demo_data::generate(&DemoOptions {
                tenants,
                seed,
                as_of: as_of.midnight().assume_utc(),
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
/// start (dated now, so referral countdowns are live and none is in the future).
async fn demo_store() -> Result<Db> {
    let dir = Path::new(DEFAULT_DATA_DIR);
    let url = format!("sqlite://{}/insights.db", DEFAULT_DATA_DIR);
    let db = Db::connect(&url).await?;
    if snapshot::tenant_count(&db).await? == 0 {
        let demo_dir = dir.join("demo");
        tracing::info!(dir = %demo_dir.display(), "first start: writing the demo data set");
        let data = demo_data::generate(&DemoOptions {
            tenants: 2000,
            seed: 1,
            as_of: time::OffsetDateTime::now_utc(),
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
