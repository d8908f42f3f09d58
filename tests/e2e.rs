//! The search page in headless Chromium: `tests/e2e/run.sh` starts `tipsearch serve` on the
//! bundled corpus and drives the page with playwright-core (see tests/e2e/page.mjs). A bare
//! machine has no browser, so the test is ignored in `cargo test`; `.ci/run` installs what
//! it needs (tests/e2e/install.sh) and runs it.

use std::process::Command;

#[test]
#[ignore = "needs chromium, node and playwright-core (bash tests/e2e/install.sh); .ci/run runs it"]
fn search_page_in_headless_chromium() {
    let out = Command::new("bash")
        .arg("tests/e2e/run.sh")
        .arg(env!("CARGO_BIN_EXE_tipsearch"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("running bash tests/e2e/run.sh");
    assert!(
        out.status.success(),
        "tests/e2e/run.sh failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
