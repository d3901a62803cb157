//! The Partner Insights server: the store, imports and exports, the JSON API and the static
//! app. `main.rs` is only the command line over these. Start reading at `router.rs` (every
//! route) or `store/tx.rs` (how every edit is written); ARCHITECTURE.md has the map.

pub mod auth;
pub mod demo_data;
pub mod error;
pub mod export;
pub mod extract;
pub mod origin;
pub mod router;
pub mod routes;
pub mod snapshot_answer;
pub mod snapshot_cache;
pub mod state;
pub mod store;
pub mod web;
