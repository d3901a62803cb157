//! The Partner Insights server: the store, imports and exports, the JSON API and the static
//! app. `main.rs` is only the command line over these.

pub mod api;
pub mod db;
pub mod demo_data;
pub mod edits_api;
pub mod edits_store;
pub mod export;
pub mod snapshot_store;
pub mod web;
