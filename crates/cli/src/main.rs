//! The `keikaku` command: a thin layer that parses arguments and calls the
//! library crates. See `keikaku --help`.

mod actuals_cmd;
mod audit_cmd;
mod budget_cmd;
mod cli;
mod config;
mod db;
mod edition_cmd;
mod evaluate_cmd;
mod export_cmd;
mod org_cmd;
mod pdca_cmd;
mod plan_cmd;
mod reform_cmd;
mod report_cmd;
mod serve_cmd;
mod summary;
mod user_cmd;
mod workbook_cmd;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(args)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
