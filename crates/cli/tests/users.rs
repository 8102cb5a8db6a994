//! `keikaku user` as the README tells an administrator to use it: the first
//! admin from standard input, department accounts checked against the plan,
//! password changes, disabling, API tokens shown once.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn db(name: &str) -> String {
    let path = std::env::temp_dir().join(format!("keikaku-users-{}-{name}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    format!("sqlite://{}", path.display())
}

fn run(url: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .args(args)
        .env("KEIKAKU_DATABASE_URL", url)
        .env("KEIKAKU_ACTOR", "cli:test")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("output")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn the_first_admin_and_department_accounts() {
    let url = db("accounts");
    let out = run(
        &url,
        &[
            "user",
            "add",
            "admin",
            "--role",
            "admin",
            "--password-stdin",
        ],
        "a long admin passphrase\n",
    );
    assert!(out.status.success(), "{:?}", text(&out));
    let out = run(
        &url,
        &[
            "user",
            "add",
            "sato",
            "--role",
            "department",
            "--department",
            "D02",
            "--display-name",
            "佐藤 花子",
            "--password-stdin",
        ],
        "another passphrase\n",
    );
    assert!(out.status.success(), "{:?}", text(&out));
    let (list, _) = text(&run(&url, &["user", "list"], ""));
    assert!(list.contains("admin\tadmin\t\tactive"), "{list}");
    assert!(
        list.contains("sato\tdepartment\tD02\tactive\t佐藤 花子"),
        "{list}"
    );

    // Clear errors, nothing written.
    for (args, stdin, expected) in [
        (
            vec!["user", "add", "x", "--role", "root", "--password-stdin"],
            "a long passphrase\n",
            "is not a role",
        ),
        (
            vec![
                "user",
                "add",
                "x",
                "--role",
                "department",
                "--department",
                "D99",
                "--password-stdin",
            ],
            "a long passphrase\n",
            "D99 is not a department",
        ),
        (
            vec!["user", "add", "x", "--role", "viewer", "--password-stdin"],
            "short\n",
            "10 to 1024",
        ),
        (
            vec!["user", "add", "x", "--role", "viewer", "--password-stdin"],
            "",
            "no password",
        ),
        (
            vec![
                "user",
                "add",
                "sato",
                "--role",
                "viewer",
                "--password-stdin",
            ],
            "a long passphrase\n",
            "taken",
        ),
        (
            vec!["user", "add", "<b>", "--role", "viewer", "--password-stdin"],
            "a long passphrase\n",
            "is not a user name",
        ),
    ] {
        let out = run(&url, &args, stdin);
        let (_, err) = text(&out);
        assert!(
            !out.status.success() && err.contains(expected),
            "{args:?}: {err}"
        );
    }
    let (list, _) = text(&run(&url, &["user", "list"], ""));
    assert_eq!(list.lines().count(), 2, "{list}");

    // Disable and enable; a new password.
    assert!(run(&url, &["user", "disable", "sato"], "").status.success());
    let (list, _) = text(&run(&url, &["user", "list"], ""));
    assert!(list.contains("sato\tdepartment\tD02\tdisabled"), "{list}");
    assert!(run(&url, &["user", "enable", "sato"], "").status.success());
    assert!(
        run(
            &url,
            &["user", "passwd", "sato", "--password-stdin"],
            "a fresh passphrase\n"
        )
        .status
        .success()
    );
    let out = run(&url, &["user", "disable", "nobody"], "");
    assert!(!out.status.success() && text(&out).1.contains("no user nobody"));

    // Tokens: the secret is printed once; the list shows only the ID and label.
    let out = run(
        &url,
        &["user", "token", "sato", "--label", "集計スクリプト"],
        "",
    );
    let (secret, _) = text(&out);
    assert!(secret.trim().starts_with("kk_"), "{secret}");
    let (tokens, _) = text(&run(&url, &["user", "tokens", "sato"], ""));
    assert!(
        tokens.contains("live\t集計スクリプト") && !tokens.contains(secret.trim()),
        "{tokens}"
    );
    let id = tokens.split('\t').next().expect("id").to_string();
    assert!(
        run(&url, &["user", "revoke", "sato", &id], "")
            .status
            .success()
    );
    let (tokens, _) = text(&run(&url, &["user", "tokens", "sato"], ""));
    assert!(!tokens.contains("\tlive\t"), "{tokens}");
}
