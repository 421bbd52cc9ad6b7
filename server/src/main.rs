//! The `kith` binary.

fn main() -> std::process::ExitCode {
    kith::cli::main()
}
