//! Who sees what (spec §6, seeds 001/002): the signed-in [`Principal`] (who, [`Role`],
//! [`Scope`]), the [`Field`]s a Report viewer may not see, and the one implementation of the
//! rules that every answer, export and CSV goes through:
//!
//! - [`Redact`]: removes what a role may not see from a record, in place. The withheld
//!   fields are `Option`s or texts serialized only when present, so they are *absent* from the
//!   JSON — not `null`, not blank.
//! - [`Scope::restrict`] / [`Scope::contains`]: a user granted some Partner Center IDs (MPN
//!   locations) sees only the tenants associated through them.
//! - [`check_write`]: what a role may write (a viewer writes notes, service status and
//!   referral decisions, never contacts, and never a field it may not read).
//!
//! The server applies these to every response and `insights export`; a second representation
//! of the data (a binary snapshot) calls the same [`may_see`] and [`Scope::contains`]. The app
//! hides what is absent using the same [`Field`]s (`Column::sensitive`).

mod claims;
mod field;
mod redact;
mod scope;
mod session;
mod writes;

pub use claims::{Claims, ClaimsError, Principal, Role};
pub use field::{may_see, why_hidden, Field, Sensitivity, NOT_FOR_VIEWERS};
pub use redact::{redacted, Redact};
pub use scope::Scope;
pub use session::{
    DemoTokenRequest, DemoUser, IssuedToken, SignInConfig, SignInMode, MSG_READY, MSG_TOKEN,
    MSG_TOKEN_REQUEST,
};
pub use writes::{check_write, keep_withheld, Record, Refusal};

#[cfg(test)]
mod tests;
