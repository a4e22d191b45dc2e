//! The `patchwork` binary: no subcommand opens the app; subcommands run headless.

use clap::Parser;
use patchwork::cli::{Cli, report_error};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match patchwork::cli::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            if let Some(patchwork::cli::Exit(code)) = e.downcast_ref() {
                return std::process::ExitCode::from(*code);
            }
            report_error(&e);
            std::process::ExitCode::FAILURE
        }
    }
}
