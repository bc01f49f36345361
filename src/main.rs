//! framescope command line: parses arguments and calls the library. See `framescope --help`.

mod cmd;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        // Output cut off by a closed pipe (`| head`): the reader has what it wanted.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => match e.downcast_ref::<framescope::Error>() {
            Some(framescope::Error::Interrupted) => {
                eprintln!("error: {e}");
                ExitCode::from(cmd::EXIT_INTERRUPTED)
            }
            _ => {
                eprintln!("error: {}", framescope::clean::one_line(&format!("{e:#}")));
                ExitCode::from(cmd::EXIT_ERROR)
            }
        },
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
