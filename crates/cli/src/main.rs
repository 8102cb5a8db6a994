//! The `keikaku` command: a thin layer that parses arguments and calls the
//! library crates. See `keikaku --help`.

mod cli;
mod plan_cmd;
mod summary;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
