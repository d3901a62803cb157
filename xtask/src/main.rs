//! Build tasks that cargo alone cannot do: compile the app to wasm32 (with rustup's target
//! when installed, else Debian's rustc building `std` from source — see shared/toolchain.md),
//! and bundle it with wasm-bindgen linked at the exact version the app uses.
//!
//! `cargo xtask build-app` → dist/ (index.html + content-hashed assets/)
//! `cargo xtask check-wasm -p shared` → the crate compiles for wasm32

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-unknown-unknown";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    match args.first().map(String::as_str) {
        Some("build-app") => build_app(&root, args.iter().any(|a| a == "--dev")),
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
        _ => bail!("usage: cargo xtask build-app [--dev] | check-wasm [-p CRATE] | wasm-toolchain"),
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

fn build_app(root: &Path, dev: bool) -> Result<()> {
    let profile = if dev { "dev" } else { "wasm-release" };
    let mut cmd = wasm_cargo(root)?;
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

    let app_name = format!("app-{}", content_hash(&wasm_bytes));
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)?
        .typescript(false)
        .out_name(&app_name)
        .generate(&assets)
        .context("wasm-bindgen failed")?;

    let css = std::fs::read(root.join("style/main.css")).context("cannot read style/main.css")?;
    let css_name = format!("style-{}.css", content_hash(&css));
    std::fs::write(assets.join(&css_name), &css)?;

    // An external boot module: the CSP allows no inline script.
    let boot = format!(
        "import init from './{app_name}.js';\ninit({{ module_or_path: new URL('./{app_name}_bg.wasm', import.meta.url) }});\n"
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
        .replace("{{WASM}}", &format!("/assets/{app_name}_bg.wasm"));
    std::fs::write(staging.join("index.html"), html)?;

    // Swap in whole, so a running server never serves a half-written dist/.
    if dist.exists() {
        std::fs::remove_dir_all(&dist)?;
    }
    std::fs::rename(&staging, &dist)?;
    let size = std::fs::metadata(dist.join("assets").join(format!("{app_name}_bg.wasm")))?.len();
    println!("built dist/ (app wasm {} KB)", size / 1024);
    Ok(())
}
