//! The keys tokens are checked with, read from the files the command line names. Every
//! failure is one line naming the flag, the file and what is wrong with it.

use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey};
use std::path::{Path, PathBuf};

/// The shortest HS256 secret accepted: 256 bits, the hash's own size (RFC 7518 §3.2).
pub const MIN_SECRET_BYTES: usize = 32;

/// A configuration value the server cannot start with.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read {flag} {}: {source}", path.display())]
    Read {
        flag: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "--jwt-secret-file {}: the secret is {len} bytes; HS256 needs at least {MIN_SECRET_BYTES} (e.g. `openssl rand -base64 48 > secret`)",
        path.display()
    )]
    ShortSecret { len: usize, path: PathBuf },
    #[error("--jwt-public-key {}: not a PEM RSA or EC public key (-----BEGIN PUBLIC KEY-----)", path.display())]
    NotAPublicKey { path: PathBuf },
    #[error("--jwt-public-key {}: this is a private key; give its public half (`openssl pkey -in KEY -pubout`) and keep the private key with the portal", path.display())]
    PrivateKey { path: PathBuf },
    #[error("--jwt-algorithm {alg:?} does not fit the {family} key in {}", path.display())]
    WrongAlgorithm {
        alg: Algorithm,
        family: &'static str,
        path: PathBuf,
    },
}

fn read(flag: &'static str, path: &Path) -> Result<Vec<u8>, KeyError> {
    std::fs::read(path).map_err(|source| KeyError::Read {
        flag,
        path: path.to_path_buf(),
        source,
    })
}

/// The HS256 secret in `path`: the file's bytes without the trailing newline an editor or
/// `echo` leaves (surrounding whitespace is never part of a secret).
pub fn secret_from_file(path: &Path) -> Result<Vec<u8>, KeyError> {
    let bytes = read("--jwt-secret-file", path)?;
    let secret = bytes.trim_ascii().to_vec();
    if secret.len() < MIN_SECRET_BYTES {
        return Err(KeyError::ShortSecret {
            len: secret.len(),
            path: path.to_path_buf(),
        });
    }
    Ok(secret)
}

/// The public key in the PEM file `path` and the algorithm tokens must be signed with: the
/// one given, or RS256 for an RSA key and ES256 for an EC key.
pub fn public_key_from_file(
    path: &Path,
    alg: Option<Algorithm>,
) -> Result<(DecodingKey, Algorithm), KeyError> {
    let pem = read("--jwt-public-key", path)?;
    // The decoder would derive a public key from a private one; a private key has no business
    // on this server.
    if String::from_utf8_lossy(&pem).contains("PRIVATE KEY-----") {
        return Err(KeyError::PrivateKey {
            path: path.to_path_buf(),
        });
    }
    let (key, default) = if let Ok(k) = DecodingKey::from_rsa_pem(&pem) {
        (k, Algorithm::RS256)
    } else if let Ok(k) = DecodingKey::from_ec_pem(&pem) {
        (k, Algorithm::ES256)
    } else {
        return Err(KeyError::NotAPublicKey {
            path: path.to_path_buf(),
        });
    };
    let alg = alg.unwrap_or(default);
    if alg.family() != default.family() {
        return Err(KeyError::WrongAlgorithm {
            alg,
            family: match default.family() {
                AlgorithmFamily::Rsa => "RSA",
                _ => "EC",
            },
            path: path.to_path_buf(),
        });
    }
    Ok((key, alg))
}
