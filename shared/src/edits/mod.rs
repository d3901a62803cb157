//! What partners write (spec §3): referral decisions, status notes, contacts and service
//! status. Each module holds the records and the validators the server enforces and the app
//! runs as you type, so both refuse exactly the same input with the same message.

pub mod contacts;
pub mod intent_lint;
pub mod notes;
pub mod referral;
pub mod service_status;
pub mod taxonomy;
pub mod validation;
pub mod views;

pub use validation::{FieldError, FieldErrors};
