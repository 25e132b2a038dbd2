//! `status`, `token` and `logout`, printed the same way for every service
//! (like `gh auth status|token|logout`). Each service module obtains or
//! clears the tokens its own way; what is shown, and how, lives here.
//!
//! `status` reads the token store only: no network, no secret asked for.

use std::time::{SystemTime, UNIX_EPOCH};

use auth_core::TokenSet;
use auth_core::secret::AccessToken;
use serde_json::json;

use crate::Ctx;
use crate::error::{CliError, Kind};
use crate::human;
use crate::profile::Asked;

/// The session commands every service has beside its own `login`
/// (flattened into each service's subcommands).
#[derive(Debug, Clone, clap::Subcommand)]
pub(crate) enum SessionCommand {
    /// Who is logged in, in which token store, and when the token expires
    /// (no network; exit code 3 when not logged in).
    Status,
    /// Makes sure there is a fresh access token (refreshing or logging in
    /// first when needed) and prints it only with `--show`, like `gh auth
    /// token`.
    Token {
        /// Prints the access token; without it nothing secret is printed.
        #[arg(long)]
        show: bool,
    },
    /// Forgets the stored tokens, revoking the grant at the server where
    /// the API can (SciNote's `/oauth/revoke`).
    Logout,
}

/// Whose tokens: the service, the account as the user knows it, and the
/// token-store key the service's client uses.
pub(crate) struct Account<'a> {
    /// `symbl`, `scribe`, `scinote`, `ascribe`.
    pub(crate) service: &'static str,
    /// The app id, user or client id (never a secret).
    pub(crate) who: String,
    /// The token-store key.
    pub(crate) key: &'a str,
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `dpsdk <service> status`: who is logged in, in which store, and when
/// the token expires. Not logged in is exit code 3, after the status is
/// printed (so scripts can test `dpsdk symbl status >/dev/null`).
///
/// # Errors
/// A token store that cannot be read; [`Kind::Auth`] when nothing is stored.
pub(crate) async fn status(ctx: &Ctx, account: &Account<'_>) -> Result<(), CliError> {
    let Account { service, who, key } = account;
    let Some(stored) = ctx.store.load(key).await? else {
        ctx.out.message(
            &format!(
                "{service}: not logged in as {who}\n  token store: {}",
                ctx.store_description
            ),
            json!({
                "service": service,
                "account": who,
                "logged_in": false,
                "token_store": ctx.store_description,
            }),
        )?;
        return Err(CliError::new(
            Kind::Auth,
            format!("not logged in to {service}: run `dpsdk {service} login`"),
        ));
    };
    let now = SystemTime::now();
    let expired = stored.expires_at.is_some_and(|at| at <= unix_now());
    let refresh = stored.refresh_token.is_some();
    let mut text = format!(
        "{service}: logged in as {who}\n  token store: {}\n  access token: {}\n  obtained: {}",
        ctx.store_description,
        human::expiry(stored.expires_at, now),
        human::relative(stored.issued_at, now),
    );
    text.push_str(if refresh {
        "\n  refresh token: stored (a new access token needs no password)"
    } else {
        "\n  refresh token: none"
    });
    ctx.out.message(
        &text,
        json!({
            "service": service,
            "account": who,
            "logged_in": true,
            "token_store": ctx.store_description,
            "expires_at": stored.expires_at,
            "expires": human::expiry(stored.expires_at, now),
            "expired": expired,
            "issued_at": stored.issued_at,
            "has_refresh_token": refresh,
        }),
    )
}

/// What `token` found.
pub(crate) struct Fresh {
    /// The access token, fresh.
    token: AccessToken,
    /// When it expires (Unix seconds), if it does.
    pub(crate) expires_at: Option<u64>,
    /// Whether a new token was obtained (else the stored one was still good).
    pub(crate) generated: bool,
}

impl Fresh {
    /// `token`, obtained when `before` was what the store held: generated
    /// unless it is that stored token; its expiry as the store now has it.
    ///
    /// # Errors
    /// A token store that cannot be read.
    pub(crate) async fn after(
        ctx: &Ctx,
        account: &Account<'_>,
        before: Option<&TokenSet>,
        token: AccessToken,
    ) -> Result<Self, CliError> {
        let generated =
            before.is_none_or(|b| b.access_token().expose_secret() != token.expose_secret());
        let expires_at = ctx
            .store
            .load(account.key)
            .await?
            .and_then(|s| s.expires_at);
        Ok(Self {
            token,
            expires_at,
            generated,
        })
    }
}

/// `dpsdk <service> token`: the access token is printed only with
/// `--show` (bare, for `$(dpsdk symbl token --show)`; with `--json` in an
/// object); without it, only where it is stored and when it expires.
///
/// # Errors
/// Output that cannot be formatted.
pub(crate) fn print_token(
    ctx: &Ctx,
    account: &Account<'_>,
    fresh: &Fresh,
    show: bool,
) -> Result<(), CliError> {
    let expires = human::expiry(fresh.expires_at, SystemTime::now());
    let mut value = json!({
        "service": account.service,
        "account": account.who,
        "token_store": ctx.store_description,
        "expires_at": fresh.expires_at,
        "expires": expires,
        "generated": fresh.generated,
    });
    if show {
        if !ctx.out.is_json() {
            println!("{}", fresh.token.expose_secret());
            return Ok(());
        }
        value["access_token"] = json!(fresh.token.expose_secret());
    }
    let origin = if fresh.generated {
        "a new access token"
    } else {
        "the stored access token"
    };
    ctx.out.message(
        &format!(
            "{origin} is in {} ({expires}); add --show to print it",
            ctx.store_description
        ),
        value,
    )
}

/// How a logout went at the server.
pub(crate) enum Revocation {
    /// The server ended the grant.
    Revoked,
    /// The API has no way to end a grant: only the local copy is gone.
    NotOffered,
    /// Nothing was stored, so nothing was sent.
    NothingStored,
}

/// Prints the outcome of `dpsdk <service> logout`.
///
/// # Errors
/// Output that cannot be formatted.
pub(crate) fn logged_out(
    ctx: &Ctx,
    account: &Account<'_>,
    revocation: Revocation,
) -> Result<(), CliError> {
    let (revoked, how) = match revocation {
        Revocation::Revoked => (true, "the grant was revoked at the server"),
        Revocation::NotOffered => (false, "the API offers no revocation"),
        Revocation::NothingStored => (false, "nothing was stored"),
    };
    ctx.out.message(
        &format!(
            "{}: logged out {}; {how}; tokens removed from {}",
            account.service, account.who, ctx.store_description
        ),
        json!({
            "service": account.service,
            "account": account.who,
            "logged_out": true,
            "revoked": revoked,
            "token_store": ctx.store_description,
        }),
    )
}

/// The error of a logout whose local part worked but whose revocation did
/// not: the user must know the grant may still be live.
pub(crate) fn revocation_failed(service: &str, e: CliError) -> CliError {
    CliError::new(
        e.kind(),
        format!("stored tokens removed, but {service} did not revoke the grant: {e}"),
    )
}

/// Saves what a `login` asked for into the selected profile, and says so on
/// stderr (stdout stays for the result).
///
/// # Errors
/// A config file that cannot be read or written.
pub(crate) fn remember(ctx: &Ctx, asked: Asked) -> Result<(), CliError> {
    if let Some(path) = asked.save(&ctx.profile)? {
        eprintln!(
            "saved the settings to profile {} in {}",
            ctx.profile,
            path.display()
        );
    }
    Ok(())
}
