//! The `kith` binary.

/// mimalloc: glibc's allocator spent a sixth of the server's time under
/// load in `malloc`, `free` and their locks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    kith::cli::main()
}
