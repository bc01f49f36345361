//! framescope command line: parses arguments and calls the library. See `framescope --help`.

mod cmd;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(e) if e.is::<framescope::analyze::Interrupted>() => {
            eprintln!("error: {e}");
            ExitCode::from(cmd::EXIT_INTERRUPTED)
        }
        Err(e) => {
            eprintln!("error: {}", framescope::clean::one_line(&format!("{e:#}")));
            ExitCode::from(cmd::EXIT_ERROR)
        }
    }
}
