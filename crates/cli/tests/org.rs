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

/// Entry workbooks follow the organisation of their year: after the split,
/// 健康部 (D12) gets a FY2024 workbook with P2's three indicators and its
/// import is read against FY2024's organisation (refused here only because
/// nothing was filled in); 健康福祉部 no longer exists in FY2024, but still
/// gets its FY2023 workbook.
#[test]
fn entry_workbooks_follow_the_organisation_of_their_year() {
    let (url, path) = db("workbook");
    let dir = std::env::temp_dir();
    let file = dir.join(format!("keikaku-org-wb-{}.toml", std::process::id()));
    std::fs::write(&file, SPLIT).unwrap();
    let record = run(&url, &["org", "record", &file.display().to_string()]);
    assert!(record.status.success(), "{:?}", text(&record));

    let d12 = dir.join(format!("keikaku-org-d12-{}.xlsx", std::process::id()));
    let d12s = d12.display().to_string();
    let out = run(
        &url,
        &[
            "actuals",
            "workbook",
            "--department",
            "健康部",
            "--year",
            "2024",
            "--out",
            &d12s,
        ],
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("entry workbook of D12 for 2024年度")
            && stdout.contains("with 3 indicator(s)"),
        "{stdout}"
    );
    let out = run(
        &url,
        &["actuals", "import", &d12s, "--department", "健康部"],
    );
    let (_, stderr) = text(&out);
    assert!(!out.status.success());
    assert!(
        stderr.contains("no values"),
        "read as D12's FY2024 workbook: {stderr}"
    );

    let d02 = dir.join(format!("keikaku-org-d02-{}.xlsx", std::process::id()));
    let d02s = d02.display().to_string();
    let gone = run(
        &url,
        &[
            "actuals",
            "workbook",
            "--department",
            "健康福祉部",
            "--year",
            "2024",
            "--out",
            &d02s,
        ],
    );
    assert!(!gone.status.success());
    assert!(
        text(&gone).1.contains("is not a department"),
        "{:?}",
        text(&gone)
    );
    let earlier = run(
        &url,
        &[
            "actuals",
            "workbook",
            "--department",
            "D02",
            "--year",
            "2023",
            "--out",
            &d02s,
        ],
    );
    assert!(earlier.status.success(), "{:?}", text(&earlier));
    for p in [file, d12, d02, path] {
        let _ = std::fs::remove_file(p);
    }
}
