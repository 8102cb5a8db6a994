//! `keikaku audit`: verify the hash chain, list entries.

use crate::db::DbArgs;
use anyhow::{Result, bail};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the audit chain and report the first tampered, missing or
    /// reordered entry. Exit status 1 when the chain is broken.
    Verify,
    /// List audit entries, oldest first.
    Log {
        /// Only entries whose element starts with this, e.g. KPI-03 or pdca/2024.
        #[arg(long)]
        entity: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 200)]
        limit: i64,
        /// JSON instead of lines.
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(cmd: &AuditCommand, db: &DbArgs) -> Result<()> {
    let (app, _) = db.open().await?;
    match cmd {
        AuditCommand::Verify => {
            let v = app.store().audit_verify().await?;
            match v.problem {
                None => println!("audit chain intact: {} entries verified", v.entries),
                Some(p) => bail!("audit chain broken: {p}"),
            }
        }
        AuditCommand::Log {
            entity,
            limit,
            json,
        } => {
            let entries = app.store().audit_entries(entity.as_deref(), *limit).await?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&entries)?);
            } else {
                for e in entries {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        e.seq, e.at, e.actor, e.action, e.entity
                    );
                }
            }
        }
    }
    Ok(())
}
