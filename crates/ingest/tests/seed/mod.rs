//! Locates the published Tsuruoka document for tests.

const SEED: &str = "shared/seeds/000_38bf67a0394bf896.txt";

/// The published document, found in the workplace's shared folder beside the
/// checkout (`../shared`) or in an ancestor directory; `KEIKAKU_SEED` overrides.
pub fn document() -> String {
    let path = std::env::var_os("KEIKAKU_SEED")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .ancestors()
                .flat_map(|a| [a.join(SEED), a.join("..").join(SEED)])
                .find(|p| p.is_file())
        });
    let path = path.unwrap_or_else(|| {
        panic!("the seed document {SEED} is not beside any ancestor directory; set KEIKAKU_SEED")
    });
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
