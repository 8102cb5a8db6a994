//! Staff accounts and sign-in: argon2id password hashes, sessions with idle
//! and absolute expiry, throttling of failed sign-ins, and API tokens.
//!
//! Secrets are random 32-byte values shown once; storage keeps only their
//! SHA-256 hashes. The clock is a parameter (`now`, Unix seconds) so expiry
//! and throttling are tested without waiting. Single sign-on (OIDC/SAML)
//! would add another way to reach [`App::start_session`] for a known user;
//! nothing else here assumes passwords.

use crate::{Actor, App, AppError};
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use keikaku_model::access::{Role, Staff, Username};
use keikaku_model::ids::DepartmentId;
use keikaku_store::{StoreError, TokenRow, UserRow};
use sha2::{Digest, Sha256};

/// Session and throttling rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthPolicy {
    /// A session unused this long (seconds) ends.
    pub idle: i64,
    /// A session ends this long (seconds) after sign-in, however busy.
    pub absolute: i64,
    /// This many failed sign-ins for one name within `window`…
    pub max_failures: i64,
    /// …block that name until `window` seconds after the newest failure.
    pub window: i64,
}

impl Default for AuthPolicy {
    /// 30 minutes idle, 12 hours absolute, 5 failures per 15 minutes.
    fn default() -> Self {
        AuthPolicy {
            idle: 30 * 60,
            absolute: 12 * 60 * 60,
            max_failures: 5,
            window: 15 * 60,
        }
    }
}

/// Passwords shorter than this are refused.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// A started session: the cookie value and the form token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// The secret for the session cookie.
    pub token: String,
    /// Who signed in.
    pub staff: Staff,
}

/// A live session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Who.
    pub staff: Staff,
    /// The anti-CSRF token its forms must carry.
    pub csrf: String,
    /// The hash identifying it in storage.
    pub token_hash: String,
}

/// A new API token: its secret is shown once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    /// Public ID (for lists and revocation).
    pub id: String,
    /// The secret to send as `Authorization: Bearer …`.
    pub secret: String,
}

/// A random secret of `bytes` bytes from the system's generator, as hex.
pub fn random_hex(bytes: usize) -> Result<String, AppError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)
        .map_err(|e| AppError::Internal(format!("no system randomness: {e}")))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// The SHA-256 hex of a secret: what storage keeps.
pub fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Compares two strings in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Checks a new password's length.
fn check_password(password: &str) -> Result<(), AppError> {
    let n = password.chars().count();
    if !(MIN_PASSWORD_CHARS..=1024).contains(&n) {
        return Err(AppError::Invalid(vec![format!(
            "the password must have {MIN_PASSWORD_CHARS} to 1024 characters (it has {n})"
        )]));
    }
    Ok(())
}

/// Hashes a password with argon2id (default parameters, random salt).
pub fn hash_password(password: &str) -> Result<String, AppError> {
    check_password(password)?;
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
}

/// Whether `password` matches a stored PHC string.
fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A fixed hash to verify against when the name is unknown, so the answer
/// takes as long as for a known name.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        Argon2::default()
            .hash_password(b"keikaku decoy password")
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

fn unknown_user(name: &Username) -> AppError {
    AppError::NotFound(format!("there is no user {name}"))
}

impl App {
    /// Checks that departments exist in the plan and fit the role: a
    /// `department` account needs at least one; other roles take none.
    async fn check_departments(
        &self,
        code: &str,
        role: Role,
        departments: &[DepartmentId],
    ) -> Result<(), AppError> {
        let plan = self.current_plan(code).await?;
        let mut problems = Vec::new();
        match (role, departments.is_empty()) {
            (Role::Department, true) => {
                problems.push("a department account needs at least one --department".to_string())
            }
            (r, false) if r != Role::Department => {
                problems.push(format!("a {r} account has no departments"));
            }
            _ => {}
        }
        // Departments created by a reorganisation count too.
        let org = self.organisation(code).await?;
        for d in departments {
            if plan.department(d).is_none() && !org.is_known(d) {
                let known: Vec<String> = plan
                    .departments
                    .iter()
                    .map(|k| format!("{} {}", k.id, k.name))
                    .collect();
                problems.push(format!(
                    "{d} is not a department of the plan (known: {})",
                    known.join(", ")
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(problems))
        }
    }

    /// Adds an account.
    pub async fn add_user(
        &self,
        code: &str,
        staff: &Staff,
        password: &str,
        actor: &Actor,
    ) -> Result<(), AppError> {
        if staff.display_name.trim().is_empty() || staff.display_name.chars().count() > 100 {
            return Err(AppError::Invalid(vec![
                "the display name must have 1 to 100 characters".into(),
            ]));
        }
        self.check_departments(code, staff.role, &staff.departments)
            .await?;
        let hash = hash_password(password)?;
        match self.store().create_user(staff, &hash, &actor.0).await {
            Err(StoreError::Conflict { .. }) => Err(AppError::Invalid(vec![format!(
                "the user name {} is taken",
                staff.name
            )])),
            other => Ok(other?),
        }
    }

    /// Every account.
    pub async fn users(&self) -> Result<Vec<UserRow>, AppError> {
        Ok(self.store().users().await?)
    }

    /// One account.
    pub async fn user(&self, name: &Username) -> Result<UserRow, AppError> {
        self.store()
            .user(name)
            .await?
            .ok_or_else(|| unknown_user(name))
    }

    /// Sets a new password; the account's sessions end.
    pub async fn set_password(
        &self,
        name: &Username,
        password: &str,
        actor: &Actor,
    ) -> Result<(), AppError> {
        let hash = hash_password(password)?;
        self.user(name).await?;
        self.store()
            .update_user(name, "password", &actor.0, |u| u.password_hash = hash)
            .await?;
        Ok(())
    }

    /// Disables or re-enables an account; disabling ends its sessions.
    pub async fn set_disabled(
        &self,
        name: &Username,
        disabled: bool,
        actor: &Actor,
    ) -> Result<(), AppError> {
        self.user(name).await?;
        let action = if disabled { "disable" } else { "enable" };
        self.store()
            .update_user(name, action, &actor.0, |u| u.disabled = disabled)
            .await?;
        Ok(())
    }

    /// Changes an account's role and departments; its sessions end.
    pub async fn set_role(
        &self,
        code: &str,
        name: &Username,
        role: Role,
        departments: Vec<DepartmentId>,
        actor: &Actor,
    ) -> Result<(), AppError> {
        self.user(name).await?;
        self.check_departments(code, role, &departments).await?;
        self.store()
            .update_user(name, "role", &actor.0, |u| {
                u.staff.role = role;
                u.staff.departments = departments;
            })
            .await?;
        Ok(())
    }

    /// Signs in with a password. Failed attempts are counted per name; past
    /// the policy's limit the name is blocked for a while, even with the
    /// right password.
    pub async fn sign_in(
        &self,
        name: &str,
        password: &str,
        policy: AuthPolicy,
        now: i64,
    ) -> Result<SignedIn, AppError> {
        let key = name.trim().to_ascii_lowercase();
        let (failures, newest) = self
            .store()
            .login_failures_since(&key, now - policy.window)
            .await?;
        if failures >= policy.max_failures {
            let wait = newest.unwrap_or(now) + policy.window - now;
            return Err(AppError::Throttled(wait.max(1)));
        }
        let user = match Username::new(&key) {
            Ok(u) => self.store().user(&u).await?,
            Err(_) => None,
        };
        let hash = user.as_ref().map_or(decoy_hash(), |u| &u.password_hash);
        let matches = verify_password(password, hash);
        match user {
            Some(u) if matches && !u.disabled => {
                self.store()
                    .clear_login_failures(&key, now - policy.window)
                    .await?;
                self.start_session(u.staff, now).await
            }
            _ => {
                self.store().record_login_failure(&key, now).await?;
                Err(AppError::BadCredentials)
            }
        }
    }

    /// Changes one's own password, proving it with the current one. A wrong
    /// current password counts as a failed sign-in of the name (so a
    /// borrowed session cannot be used to guess it) and the same throttling
    /// applies; on success the failures are cleared and the new password is
    /// set, which ends every session of the account.
    pub async fn change_own_password(
        &self,
        name: &Username,
        current: &str,
        new: &str,
        policy: AuthPolicy,
        now: i64,
    ) -> Result<(), AppError> {
        let key = name.as_str();
        let (failures, newest) = self
            .store()
            .login_failures_since(key, now - policy.window)
            .await?;
        if failures >= policy.max_failures {
            let wait = newest.unwrap_or(now) + policy.window - now;
            return Err(AppError::Throttled(wait.max(1)));
        }
        let user = self.user(name).await?;
        if !verify_password(current, &user.password_hash) {
            self.store().record_login_failure(key, now).await?;
            return Err(AppError::BadCredentials);
        }
        check_password(new)?;
        self.store()
            .clear_login_failures(key, now - policy.window)
            .await?;
        self.set_password(name, new, &Actor(name.to_string())).await
    }

    /// Starts a session for an authenticated account.
    pub async fn start_session(&self, staff: Staff, now: i64) -> Result<SignedIn, AppError> {
        let token = random_hex(32)?;
        let csrf = random_hex(32)?;
        self.store()
            .create_session(&hash_secret(&token), &staff.name, &csrf, now)
            .await?;
        Ok(SignedIn { token, staff })
    }

    /// The live session of a cookie token, or `Unauthenticated` when it is
    /// unknown, expired, or its account is disabled. Records the activity.
    pub async fn session(
        &self,
        token: &str,
        policy: AuthPolicy,
        now: i64,
    ) -> Result<Session, AppError> {
        let token_hash = hash_secret(token);
        let row = self
            .store()
            .session(&token_hash)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if now - row.last_seen > policy.idle || now - row.created_at > policy.absolute {
            self.store().delete_session(&token_hash).await?;
            return Err(AppError::Unauthenticated);
        }
        let user = self
            .store()
            .user(&row.user)
            .await?
            .filter(|u| !u.disabled)
            .ok_or(AppError::Unauthenticated)?;
        if now - row.last_seen >= 60 {
            self.store().touch_session(&token_hash, now).await?;
        }
        Ok(Session {
            staff: user.staff,
            csrf: row.csrf,
            token_hash,
        })
    }

    /// Ends a session on the server.
    pub async fn sign_out(&self, token_hash: &str) -> Result<(), AppError> {
        Ok(self.store().delete_session(token_hash).await?)
    }

    /// Removes expired sessions; returns how many.
    pub async fn expire_sessions(&self, policy: AuthPolicy, now: i64) -> Result<u64, AppError> {
        Ok(self
            .store()
            .expire_sessions(now - policy.idle, now - policy.absolute)
            .await?)
    }

    /// Creates an API token for a user.
    pub async fn create_token(
        &self,
        user: &Username,
        label: &str,
        actor: &Actor,
    ) -> Result<NewToken, AppError> {
        let label = label.trim();
        if label.is_empty() || label.chars().count() > 100 {
            return Err(AppError::Invalid(vec![
                "a token needs a label of 1 to 100 characters (what it is for)".into(),
            ]));
        }
        self.user(user).await?;
        let id = random_hex(6)?;
        let secret = format!("kk_{}", random_hex(32)?);
        self.store()
            .create_token(&hash_secret(&secret), &id, user, label, &actor.0)
            .await?;
        Ok(NewToken { id, secret })
    }

    /// The account of a live API token; `Unauthenticated` otherwise.
    pub async fn token_user(&self, secret: &str, now: i64) -> Result<Staff, AppError> {
        let row = self
            .store()
            .use_token(&hash_secret(secret), now)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let user = self
            .store()
            .user(&row.user)
            .await?
            .filter(|u| !u.disabled)
            .ok_or(AppError::Unauthenticated)?;
        Ok(user.staff)
    }

    /// A user's tokens.
    pub async fn tokens(&self, user: &Username) -> Result<Vec<TokenRow>, AppError> {
        Ok(self.store().tokens(user).await?)
    }

    /// Revokes a token of a user.
    pub async fn revoke_token(
        &self,
        user: &Username,
        id: &str,
        actor: &Actor,
    ) -> Result<(), AppError> {
        Ok(self.store().revoke_token(user, id, &actor.0).await?)
    }
}
