//! Build tasks that cargo alone cannot do: compile the app to wasm32 (with rustup's target
//! when installed, else Debian's rustc building `std` from source — see shared/toolchain.md),
//! and bundle it with wasm-bindgen linked at the exact version the app uses.
//!
//! `cargo xtask build-app` → dist/ (index.html + content-hashed assets/, the wasm optimized by
//! binaryen's `wasm-opt`, every asset also precompressed as `.gz` and `.br`)
//! `cargo xtask check-wasm -p shared` → the crate compiles for wasm32

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-unknown-unknown";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    match args.first().map(String::as_str) {
        Some("build-app") => build_app(
            &root,
            args.iter().any(|a| a == "--dev"),
            args.iter().any(|a| a == "--profiling"),
        ),
        Some("check-wasm") => {
            let pkg = args
                .iter()
                .skip_while(|a| *a != "-p")
                .nth(1)
                .map(String::as_str)
                .unwrap_or("shared");
            let mut cmd = wasm_cargo(&root)?;
            cmd.args([
                "build",
                "-p",
                pkg,
                "--target",
                TARGET,
                "--profile",
                "wasm-release",
            ]);
            run(cmd)
        }
        Some("wasm-toolchain") => {
            println!(
                "{}",
                if rustup_has_wasm_target() {
                    "rustup"
                } else {
                    "debian"
                }
            );
            Ok(())
        }
        _ => bail!(
            "usage: cargo xtask build-app [--dev] [--profiling] | check-wasm [-p CRATE] | wasm-toolchain"
        ),
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}

fn rustup_has_wasm_target() -> bool {
    let Ok(out) = Command::new("rustc")
        .args(["--print", "target-libdir", "--target", TARGET])
        .output()
    else {
        return false;
    };
    // rustc prints the would-be folder even when the target is not installed: look inside.
    let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    out.status.success()
        && std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .any(|e| e.file_name().to_string_lossy().starts_with("libcore-"))
            })
            .unwrap_or(false)
}

/// A cargo for wasm32: rustup's when it has the target; otherwise Debian's rustc with
/// `-Zbuild-std`. The Debian variables are set on this child only: exported globally they
/// would break native builds.
fn wasm_cargo(root: &Path) -> Result<Command> {
    if rustup_has_wasm_target() {
        let mut c = Command::new("cargo");
        c.current_dir(root);
        return Ok(c);
    }
    let wasm_ld = "/usr/lib/llvm-19/bin/wasm-ld";
    for needed in [
        "/usr/bin/cargo",
        "/usr/bin/rustc",
        wasm_ld,
        "/usr/lib/rustlib/src/rust",
    ] {
        if !Path::new(needed).exists() {
            bail!(
                "{needed} is missing: install the wasm toolchain with `./dev setup` \
                 (Debian packages rustc-web cargo-web rust-web-src lld-19), or `rustup target add {TARGET}`"
            );
        }
    }
    let mut c = Command::new("/usr/bin/cargo");
    c.current_dir(root)
        .env("RUSTC", "/usr/bin/rustc")
        .env("RUSTDOC", "/usr/bin/rustdoc")
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", wasm_ld)
        // Keep rustup's toolchain choice out of Debian's cargo.
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO");
    Ok(c)
}

fn run(mut cmd: Command) -> Result<()> {
    let status = cmd
        .status()
        .with_context(|| format!("cannot run {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed ({status})");
    }
    Ok(())
}

/// FNV-1a: a stable content hash for cache-busting file names.
fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{:012x}", h & 0xffff_ffff_ffff)
}

/// `profiling`: the optimized build with its function names kept (not stripped by cargo or
/// `wasm-opt`), so a browser profile names the app's functions instead of `wasm-function[435]`.
fn build_app(root: &Path, dev: bool, profiling: bool) -> Result<()> {
    let profile = if dev { "dev" } else { "wasm-release" };
    let mut cmd = wasm_cargo(root)?;
    // Leptos' type-erased views: fewer distinct view types to instantiate, a module ~9 %
    // smaller (gzip) — see BENCHMARKS.md, "App bundle". The app's own code is the same either way.
    // `--emit-relocs`: the splitter (below) needs the linker's relocations to move functions
    // into chunks.
    cmd.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        "--cfg erase_components -Clink-args=--emit-relocs",
    );
    if profiling {
        cmd.env("CARGO_PROFILE_WASM_RELEASE_STRIP", "false");
    }
    cmd.args([
        "build",
        "-p",
        "app",
        "--target",
        TARGET,
        "--profile",
        profile,
    ]);
    run(cmd)?;
    let out_dir = if dev { "debug" } else { "wasm-release" };
    let wasm = root
        .join("target")
        .join(TARGET)
        .join(out_dir)
        .join("app.wasm");
    let wasm_bytes =
        std::fs::read(&wasm).with_context(|| format!("cannot read {}", wasm.display()))?;

    let dist = root.join("dist");
    // Beside dist/, so the final rename never crosses file systems.
    let staging = root.join("dist.staging");
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    let assets = staging.join("assets");
    std::fs::create_dir_all(&assets)?;

    // Everything the build of this wasm makes — the main module, its JS glue, the split-off
    // chunks and their loader, whose names carry no hash — sits in one folder named for the
    // wasm's hash, so every file in it may be cached for good.
    let app_dir_name = format!("app-{}", content_hash(&wasm_bytes));
    let app_dir = assets.join(&app_dir_name);
    std::fs::create_dir_all(&app_dir)?;
    let main_wasm = split(&wasm_bytes, &staging, &app_dir)?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&main_wasm)
        .web(true)?
        .typescript(false)
        // The chunks import the main module's functions by their linker names.
        .keep_lld_exports(true)
        .demangle(false)
        .out_name("app")
        .generate(&app_dir)
        .context("wasm-bindgen failed")?;
    std::fs::remove_file(&main_wasm)?;
    if !dev {
        for wasm in files_with_extension(&app_dir, "wasm")? {
            wasm_opt(root, &wasm, profiling)?;
        }
    }
    let css = std::fs::read(root.join("style/main.css")).context("cannot read style/main.css")?;
    let css_name = format!("style-{}.css", content_hash(&css));
    std::fs::write(assets.join(&css_name), &css)?;

    // An external boot module: the CSP allows no inline script.
    let boot = format!(
        "import init from './{app_dir_name}/app.js';\ninit({{ module_or_path: new URL('./{app_dir_name}/app_bg.wasm', import.meta.url) }});\n"
    );
    let boot_name = format!("boot-{}.js", content_hash(boot.as_bytes()));
    std::fs::write(assets.join(&boot_name), &boot)?;

    for entry in std::fs::read_dir(root.join("public")).context("cannot read public/")? {
        let entry = entry?;
        if entry.file_type()?.is_file() && entry.file_name() != "index.html" {
            std::fs::copy(entry.path(), staging.join(entry.file_name()))?;
        }
    }
    let template = std::fs::read_to_string(root.join("public/index.html"))
        .context("cannot read public/index.html")?;
    let html = template
        .replace("{{STYLE}}", &format!("/assets/{css_name}"))
        .replace("{{BOOT}}", &format!("/assets/{boot_name}"))
        .replace("{{WASM}}", &format!("/assets/{app_dir_name}/app_bg.wasm"));
    std::fs::write(staging.join("index.html"), html)?;

    if !dev {
        precompress(&assets)?;
    }
    let sizes = Sizes::of(&app_dir)?;
    if !dev && !profiling && sizes.main_gz > FIRST_DOWNLOAD_BUDGET {
        bail!(
            "the app's main module is {} bytes gzip, over its budget of \
             {FIRST_DOWNLOAD_BUDGET} (BENCHMARKS.md, \"App bundle\"): put what a first visit \
             does not need behind a lazy route or a split function (dist/ is unchanged)",
            sizes.main_gz
        );
    }

    // Swap in whole, so a running server never serves a half-written dist/.
    if dist.exists() {
        std::fs::remove_dir_all(&dist)?;
    }
    std::fs::rename(&staging, &dist)?;
    println!(
        "built dist/ (app wasm {} KB, {} KB gzip; {} lazy chunks, {} KB gzip)",
        sizes.main / 1024,
        sizes.main_gz / 1024,
        sizes.chunks,
        sizes.chunks_gz / 1024
    );
    Ok(())
}

/// What a first visit may download of the app's wasm, gzip (issue 11: ≤ 400 KB). The build
/// fails over it, so it cannot creep up unnoticed.
const FIRST_DOWNLOAD_BUDGET: u64 = 400_000;

/// Splits the app's wasm at its split functions (`wasm_split`: the pages, the what-if menu):
/// the chunks and their JS loader (`__wasm_split.js`, which the main module imports) go to
/// `app_dir`; the main module, still to be bound by wasm-bindgen, to `staging`.
fn split(wasm: &[u8], staging: &Path, app_dir: &Path) -> Result<PathBuf> {
    let main_out = staging.join("split-main.wasm");
    let mut opts = wasm_split_cli_support::Options::new(wasm);
    opts.output_dir = app_dir;
    opts.main_out_path = &main_out;
    opts.main_module = "./app.js";
    opts.link_name = "./__wasm_split.js";
    wasm_split_cli_support::transform(opts)
        .map_err(|e| anyhow::anyhow!("splitting the app's wasm failed: {e:#}"))?;
    Ok(main_out)
}

fn files_with_extension(dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == ext) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// What a first visit downloads (the main module) and what the other pages add.
struct Sizes {
    main: u64,
    main_gz: u64,
    chunks: usize,
    chunks_gz: u64,
}

impl Sizes {
    fn of(app_dir: &Path) -> Result<Sizes> {
        let gz = |p: &Path| std::fs::metadata(p.with_extension("wasm.gz")).map_or(0, |m| m.len());
        let main = app_dir.join("app_bg.wasm");
        let chunks: Vec<PathBuf> = files_with_extension(app_dir, "wasm")?
            .into_iter()
            .filter(|p| *p != main)
            .collect();
        Ok(Sizes {
            main: std::fs::metadata(&main)?.len(),
            main_gz: gz(&main),
            chunks: chunks.len(),
            chunks_gz: chunks.iter().map(|p| gz(p)).sum(),
        })
    }
}

/// What binaryen may assume of the module: the features rustc's wasm32 target enables by
/// default (reference types and multivalue since 1.82; bulk memory, non-trapping float-to-int
/// and sign extension since 1.87). A feature the module uses and this list lacks fails
/// validation here, at build time, never in the browser.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Optimizes the bundled module for size in place with binaryen's `wasm-opt`, from npm and
/// pinned in `tools/package.json` (Debian's binaryen 108 corrupts reference-types modules);
/// `npm ci` installs it on first use.
fn wasm_opt(root: &Path, wasm: &Path, keep_names: bool) -> Result<()> {
    let tools = root.join("tools");
    let bin = tools.join("node_modules/binaryen/bin/wasm-opt");
    let installed = tools.join("node_modules/.package-lock.json");
    let stale = match (
        std::fs::metadata(tools.join("package-lock.json")).and_then(|m| m.modified()),
        std::fs::metadata(&installed).and_then(|m| m.modified()),
    ) {
        (Ok(lock), Ok(done)) => lock > done,
        _ => true,
    };
    if !bin.exists() || stale {
        let mut npm = Command::new("npm");
        npm.current_dir(&tools)
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
        run(npm)
            .context("installing binaryen (wasm-opt) from tools/package.json needs node and npm")?;
    }
    let mut cmd = Command::new("node");
    cmd.arg(&bin)
        .args(WASM_FEATURES)
        .args(if keep_names {
            ["-Oz", "--debuginfo", "--strip-producers"]
        } else {
            ["-Oz", "--strip-debug", "--strip-producers"]
        })
        .arg(wasm)
        .arg("-o")
        .arg(wasm);
    run(cmd)
}

/// Writes `.gz` and `.br` beside every asset the server sends compressed (it serves them
/// instead of compressing on each request): the best levels, paid once at build time.
fn precompress(assets: &Path) -> Result<()> {
    use std::io::Write;
    for entry in std::fs::read_dir(assets)? {
        let path = entry?.path();
        if path.is_dir() {
            precompress(&path)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "wasm" | "js" | "css") {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&bytes)?;
        std::fs::write(path.with_extension(format!("{ext}.gz")), gz.finish()?)?;
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut bytes.as_slice(), &mut br, &params)?;
        std::fs::write(path.with_extension(format!("{ext}.br")), br)?;
    }
    Ok(())
}
