//! Clearway's core: the common schema, the statute parser, the Proposition 64 classifier,
//! county policy and the output writers.
//!
//! Nothing here reads an input format or loads WebAssembly. Records arrive as
//! [`schema::Subject`] values, already normalized by a county adapter; the
//! [`classify`] module decides, for each in-scope conviction, what the statute alone gives
//! and what the county's policy gives, and the [`output`] module writes the results.

pub mod classify;
pub mod config;
pub mod date;
pub mod decision;
pub mod diagnostic;
pub mod output;
pub mod policy;
pub mod schema;
pub mod statute;
pub mod summary;
