//! `keikaku org` through the binary: a file of events recorded all or
//! nothing (a bad one writes none), a rename from flags, and `org show`
//! with the tree of a year and the accounts to reassign.

use std::process::{Command, Output};

fn db(name: &str) -> (String, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!("keikaku-org-{}-{name}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    (format!("sqlite://{}", path.display()), path)
}

fn run(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .args(args)
        .env("KEIKAKU_DATABASE_URL", url)
        .env("KEIKAKU_ACTOR", "cli:test")
        .output()
        .expect("the binary runs")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

const SPLIT: &str = r#"
[[reorganisation]]
year = 2023
kind = "add_section"
id = "D02-S1"
department = "D02"
name = "健康課"

[[reorganisation]]
year = 2024
kind = "split"
from = "D02"
into = [{ id = "D12", name = "健康部" }, { id = "D13", name = "福祉部" }]
assign = [
  { project = "P1", department = "D13" },
  { project = "P2", department = "D12" },
  { project = "P3", department = "D13" },
  { project = "P4", department = "D13" },
  { project = "P5", department = "D13" },
  { project = "P7", department = "D13" },
]
sections = [{ section = "D02-S1", department = "D12" }]
"#;

#[test]
fn reorganisations_from_a_file_and_flags() {
    let (url, path) = db("record");
    let dir = std::env::temp_dir();
    let bad = dir.join(format!("keikaku-org-bad-{}.toml", std::process::id()));
    std::fs::write(
        &bad,
        SPLIT.replace("  { project = \"P7\", department = \"D13\" },\n", ""),
    )
    .expect("write");
    let out = run(&url, &["org", "record", bad.to_str().expect("path")]);
    let (_, err) = text(&out);
    assert!(!out.status.success());
    assert!(
        err.contains("#2 (FY2024 split), field `assign`") && err.contains("P7"),
        "{err}"
    );
    let out = run(&url, &["org", "show", "--year", "2023", "--json"]);
    let (shown, _) = text(&out);
    assert!(
        shown.contains("\"reorganisations\": []"),
        "nothing written: {shown}"
    );

    let good = dir.join(format!("keikaku-org-good-{}.toml", std::process::id()));
    std::fs::write(&good, SPLIT).expect("write");
    let out = run(&url, &["org", "record", good.to_str().expect("path")]);
    assert!(out.status.success(), "{:?}", text(&out));
    let out = run(
        &url,
        &["org", "rename", "--year", "2025", "D08", "総務企画部"],
    );
    assert!(out.status.success(), "{:?}", text(&out));

    let out = run(&url, &["org", "show", "--year", "2023"]);
    let (y23, _) = text(&out);
    assert!(
        y23.contains("D02\t健康福祉部") && y23.contains("D02-S1\t健康課"),
        "{y23}"
    );
    assert!(y23.contains("D08\t総務部"), "{y23}");
    let out = run(&url, &["org", "show", "--year", "2025"]);
    let (y25, _) = text(&out);
    assert!(!y25.contains("健康福祉部\n"), "{y25}");
    assert!(
        y25.contains("D12\t健康部") && y25.contains("D08\t総務企画部"),
        "{y25}"
    );
    assert!(y25.contains("Reorganisations recorded: 3"), "{y25}");
    for f in [bad, good, path] {
        let _ = std::fs::remove_file(f);
    }
}
