//! `keikaku user`: staff accounts (add, passwd, role, disable, enable,
//! list) and their API tokens. Passwords are read from standard input
//! (`--password-stdin`), never from arguments, so they stay out of shell
//! history and process lists.

use crate::db::DbArgs;
use anyhow::{Context, Result, bail};
use clap::Subcommand;
use keikaku_model::access::{Role, Staff, Username};
use keikaku_model::ids::DepartmentId;
use std::io::Read;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account. The first one is usually an admin:
    ///   echo 'a long passphrase' | keikaku user add admin --role admin --password-stdin
    /// A department account names its departments (IDs from `keikaku plan show`):
    ///   keikaku user add sato --role department --department D02 --password-stdin
    #[command(verbatim_doc_comment)]
    Add {
        /// Login name (ASCII letters, digits, . _ - @).
        name: String,
        /// admin, planning, department, council or viewer.
        #[arg(long)]
        role: String,
        /// A department the account works for (repeatable; department role only).
        #[arg(long = "department")]
        departments: Vec<String>,
        /// Name shown on pages (default: the login name).
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from standard input (first line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Set a new password (from standard input); the account's sessions end.
    Passwd {
        /// Login name.
        name: String,
        /// Read the password from standard input (first line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Change an account's role and departments; its sessions end.
    Role {
        /// Login name.
        name: String,
        /// admin, planning, department, council or viewer.
        #[arg(long)]
        role: String,
        /// A department (repeatable; department role only).
        #[arg(long = "department")]
        departments: Vec<String>,
    },
    /// Disable an account: it cannot sign in or use its tokens; sessions end.
    Disable {
        /// Login name.
        name: String,
    },
    /// Enable a disabled account.
    Enable {
        /// Login name.
        name: String,
    },
    /// List accounts.
    List,
    /// Create an API token for scripts; the secret is printed once.
    Token {
        /// Login name.
        name: String,
        /// What the token is for.
        #[arg(long)]
        label: String,
    },
    /// Revoke an API token by its ID.
    Revoke {
        /// Login name.
        name: String,
        /// The token's ID (from `keikaku user tokens`).
        id: String,
    },
    /// List an account's API tokens.
    Tokens {
        /// Login name.
        name: String,
    },
}

fn username(s: &str) -> Result<Username> {
    Ok(Username::new(s)?)
}

fn departments(list: &[String]) -> Result<Vec<DepartmentId>> {
    list.iter()
        .map(|d| DepartmentId::new(d.trim()).with_context(|| format!("department 「{d}」")))
        .collect()
}

fn read_password() -> Result<String> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .context("cannot read the password from standard input")?;
    let line = text.lines().next().unwrap_or("").to_string();
    if line.is_empty() {
        bail!("no password on standard input");
    }
    Ok(line)
}

pub async fn run(cmd: &UserCommand, db: &DbArgs) -> Result<()> {
    let (app, code) = db.open().await?;
    let actor = db.actor();
    match cmd {
        UserCommand::Add {
            name,
            role,
            departments: depts,
            display_name,
            ..
        } => {
            let name = username(name)?;
            let staff = Staff {
                display_name: display_name.clone().unwrap_or_else(|| name.to_string()),
                name,
                role: role.parse::<Role>()?,
                departments: departments(depts)?,
            };
            let password = read_password()?;
            app.add_user(&code, &staff, &password, &actor).await?;
            println!("added {} ({})", staff.name, staff.role);
        }
        UserCommand::Passwd { name, .. } => {
            let name = username(name)?;
            let password = read_password()?;
            app.set_password(&name, &password, &actor).await?;
            println!("password of {name} changed; its sessions ended");
        }
        UserCommand::Role {
            name,
            role,
            departments: depts,
        } => {
            let name = username(name)?;
            let role = role.parse::<Role>()?;
            app.set_role(&code, &name, role, departments(depts)?, &actor)
                .await?;
            println!("{name} is now {role}");
        }
        UserCommand::Disable { name } => {
            let name = username(name)?;
            app.set_disabled(&name, true, &actor).await?;
            println!("{name} disabled");
        }
        UserCommand::Enable { name } => {
            let name = username(name)?;
            app.set_disabled(&name, false, &actor).await?;
            println!("{name} enabled");
        }
        UserCommand::List => {
            for u in app.users().await? {
                let depts: Vec<String> = u
                    .staff
                    .departments
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    u.staff.name,
                    u.staff.role,
                    depts.join(","),
                    if u.disabled { "disabled" } else { "active" },
                    u.staff.display_name
                );
            }
        }
        UserCommand::Token { name, label } => {
            let name = username(name)?;
            let t = app.create_token(&name, label, &actor).await?;
            eprintln!(
                "token {} for {name}; the secret below is shown only once:",
                t.id
            );
            println!("{}", t.secret);
        }
        UserCommand::Revoke { name, id } => {
            app.revoke_token(&username(name)?, id, &actor).await?;
            println!("token {id} revoked");
        }
        UserCommand::Tokens { name } => {
            for t in app.tokens(&username(name)?).await? {
                println!(
                    "{}\t{}\t{}\t{}",
                    t.id,
                    t.created_at,
                    t.revoked_at.as_deref().unwrap_or("live"),
                    t.label
                );
            }
        }
    }
    Ok(())
}
