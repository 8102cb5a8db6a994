//! Accounts and sign-in on SQLite and PostgreSQL: argon2id hashes (never
//! the password, never in the audit log), throttling of failed sign-ins,
//! idle and absolute session expiry, server-side sign-out, disabled
//! accounts, and API tokens that can be revoked.

#[path = "../../store/tests/support/mod.rs"]
mod support;

use keikaku_app::auth::AuthPolicy;
use keikaku_app::{Actor, App, AppError};
use keikaku_model::access::{Role, Staff, Username};
use keikaku_model::ids::DepartmentId;

const T0: i64 = 1_790_000_000;
const PASSWORD: &str = "correct horse battery";

fn staff(name: &str, role: Role, depts: &[&str]) -> Staff {
    Staff {
        name: Username::new(name).expect("test name"),
        display_name: format!("{name} さん"),
        role,
        departments: depts
            .iter()
            .map(|d| DepartmentId::new(*d).expect("test dept"))
            .collect(),
    }
}

async fn app_with_user(url: &str) -> (App, String, Staff) {
    let app = App::open(url).await.expect("open");
    let code = app.municipality(None).await.expect("one municipality");
    let s = staff("sato", Role::Department, &["D02"]);
    app.add_user(&code, &s, PASSWORD, &Actor("admin".into()))
        .await
        .expect("add user");
    (app, code, s)
}

async fn passwords_are_hashed_and_checked(url: &str) {
    let (app, code, s) = app_with_user(url).await;
    let row = app.user(&s.name).await.expect("stored");
    assert!(
        row.password_hash.starts_with("$argon2id$"),
        "{}",
        row.password_hash
    );
    assert!(!row.password_hash.contains(PASSWORD));
    let p = AuthPolicy::default();
    let ok = app
        .sign_in("SATO", PASSWORD, p, T0)
        .await
        .expect("signs in");
    assert_eq!(ok.staff, s);
    assert!(matches!(
        app.sign_in("sato", "wrong password!", p, T0).await,
        Err(AppError::BadCredentials)
    ));
    assert!(matches!(
        app.sign_in("nobody", PASSWORD, p, T0).await,
        Err(AppError::BadCredentials)
    ));
    // Nothing secret enters the audit log.
    let audit = app
        .store()
        .audit_entries(Some("user/"), 100)
        .await
        .expect("audit");
    assert!(!audit.is_empty());
    for e in &audit {
        let text = format!("{:?}{:?}", e.before, e.after);
        assert!(
            !text.contains("argon2") && !text.contains(PASSWORD),
            "{text}"
        );
    }
    // Accounts are checked against the plan.
    let bad = staff("kato", Role::Department, &["D99"]);
    let err = app
        .add_user(&code, &bad, PASSWORD, &Actor("admin".into()))
        .await
        .expect_err("unknown department");
    assert!(err.to_string().contains("D99 is not a department"), "{err}");
    let none = staff("kato", Role::Department, &[]);
    assert!(
        app.add_user(&code, &none, PASSWORD, &Actor("a".into()))
            .await
            .is_err()
    );
    let short = staff("kato", Role::Viewer, &[]);
    let err = app
        .add_user(&code, &short, "short", &Actor("a".into()))
        .await
        .expect_err("short password");
    assert!(err.to_string().contains("10 to 1024"), "{err}");
    let dup = app.add_user(&code, &s, PASSWORD, &Actor("a".into())).await;
    assert!(dup.expect_err("taken").to_string().contains("taken"));
}

async fn failed_sign_ins_are_throttled(url: &str) {
    let (app, _, _) = app_with_user(url).await;
    let p = AuthPolicy::default();
    for i in 0..p.max_failures {
        let r = app.sign_in("sato", "wrong password!", p, T0 + i).await;
        assert!(matches!(r, Err(AppError::BadCredentials)), "attempt {i}");
    }
    // Blocked now, even with the right password.
    match app.sign_in("sato", PASSWORD, p, T0 + 10).await {
        Err(AppError::Throttled(wait)) => assert!(wait > 0 && wait <= p.window, "{wait}"),
        other => panic!("expected throttling, got {other:?}"),
    }
    // Another name is not affected.
    let other = app.sign_in("someone", PASSWORD, p, T0 + 10).await;
    assert!(matches!(other, Err(AppError::BadCredentials)));
    // After the window the right password works again.
    let later = T0 + p.max_failures + p.window + 1;
    app.sign_in("sato", PASSWORD, p, later)
        .await
        .expect("unblocked");
}

async fn sessions_expire_and_end(url: &str) {
    let (app, _, s) = app_with_user(url).await;
    let p = AuthPolicy::default();
    let a = app.sign_in("sato", PASSWORD, p, T0).await.expect("in");
    let live = app.session(&a.token, p, T0 + 60).await.expect("live");
    assert_eq!(live.staff, s);
    assert_eq!(live.csrf.len(), 64);
    // Idle too long.
    let r = app.session(&a.token, p, T0 + 60 + p.idle + 1).await;
    assert!(matches!(r, Err(AppError::Unauthenticated)));
    // Busy, but past the absolute limit.
    let b = app.sign_in("sato", PASSWORD, p, T0).await.expect("in");
    let mut t = T0;
    while t + p.idle / 2 < T0 + p.absolute {
        t += p.idle / 2;
        app.session(&b.token, p, t).await.expect("kept alive");
    }
    let r = app.session(&b.token, p, T0 + p.absolute + 1).await;
    assert!(matches!(r, Err(AppError::Unauthenticated)));
    // Sign-out ends the session on the server.
    let c = app.sign_in("sato", PASSWORD, p, T0).await.expect("in");
    let live = app.session(&c.token, p, T0).await.expect("live");
    app.sign_out(&live.token_hash).await.expect("out");
    assert!(app.session(&c.token, p, T0 + 1).await.is_err());
    // Disabling an account ends its sessions and blocks sign-in.
    let d = app.sign_in("sato", PASSWORD, p, T0).await.expect("in");
    app.set_disabled(&s.name, true, &Actor("admin".into()))
        .await
        .expect("disable");
    assert!(app.session(&d.token, p, T0 + 1).await.is_err());
    assert!(app.sign_in("sato", PASSWORD, p, T0 + 2).await.is_err());
    app.set_disabled(&s.name, false, &Actor("admin".into()))
        .await
        .expect("enable");
    // A new password ends sessions; the old one stops working.
    let e = app.sign_in("sato", PASSWORD, p, T0 + 3).await.expect("in");
    app.set_password(&s.name, "a brand new password", &Actor("sato".into()))
        .await
        .expect("passwd");
    assert!(app.session(&e.token, p, T0 + 4).await.is_err());
    assert!(app.sign_in("sato", PASSWORD, p, T0 + 5).await.is_err());
    app.sign_in("sato", "a brand new password", p, T0 + 6)
        .await
        .expect("new password");
}

async fn api_tokens_work_until_revoked(url: &str) {
    let (app, _, s) = app_with_user(url).await;
    let t = app
        .create_token(&s.name, "集計スクリプト", &Actor("sato".into()))
        .await
        .expect("token");
    assert!(t.secret.starts_with("kk_"));
    assert_eq!(app.token_user(&t.secret, T0).await.expect("valid"), s);
    assert!(app.token_user("kk_wrong", T0).await.is_err());
    let listed = app.tokens(&s.name).await.expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].label, "集計スクリプト");
    assert_eq!(listed[0].last_used, Some(T0));
    app.revoke_token(&s.name, &t.id, &Actor("sato".into()))
        .await
        .expect("revoke");
    assert!(matches!(
        app.token_user(&t.secret, T0 + 1).await,
        Err(AppError::Unauthenticated)
    ));
    assert!(
        app.revoke_token(&s.name, &t.id, &Actor("sato".into()))
            .await
            .is_err()
    );
}

on_both_backends!(
    passwords_are_hashed_and_checked,
    failed_sign_ins_are_throttled,
    sessions_expire_and_end,
    api_tokens_work_until_revoked,
);
