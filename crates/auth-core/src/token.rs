//! Tokens and how they expire.
//!
//! Three expiry models cover the four services:
//! - [`Expiry::At`]: an absolute deadline (Symbl, SciNote, Cognito tokens, AWS
//!   credentials). It is computed from the instant the token request was
//!   **sent**, so network latency never lengthens a token's life.
//! - [`Expiry::Idle`]: a sliding deadline that moves with every use (Ascribe's
//!   session token dies after 30 minutes without a request).
//! - [`Expiry::Never`]: valid until the server rejects it (Ascribe's bearer
//!   token).

use std::time::Duration;

use crate::clock::Instant;
use crate::secret::{AccessToken, IdToken, RefreshToken};

/// When a credential stops being valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// Valid until the server rejects it.
    Never,
    /// Valid until this instant.
    At(Instant),
    /// Valid while used: expires after this long without a use.
    Idle(Duration),
}

/// When a credential was obtained and how it expires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetime {
    /// The instant the request that produced the credential was sent.
    pub issued_at: Instant,
    /// How it expires.
    pub expiry: Expiry,
}

impl Lifetime {
    /// A lifetime of `expires_in` counted from `sent_at`, saturating instead
    /// of overflowing on absurd server values.
    pub fn expires_in(sent_at: Instant, expires_in: Duration) -> Self {
        let at = instant_after(sent_at, expires_in);
        Self {
            issued_at: sent_at,
            expiry: Expiry::At(at),
        }
    }

    /// A lifetime for a credential the server will not replace before it
    /// expires (asked early, it hands back the same one, as Symbl does):
    /// used up to its expiry and replaced then. Neither the early window nor
    /// the hard margin of the [`RefreshPolicy`](crate::RefreshPolicy)
    /// applies, since asking sooner only brings the same credential back.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use auth_core::{Lifetime, clock::Instant};
    /// let lifetime = Lifetime::replaced_at_expiry(Instant::now(), Duration::from_secs(86_400));
    /// ```
    pub fn replaced_at_expiry(sent_at: Instant, expires_in: Duration) -> Self {
        let at = instant_after(sent_at, expires_in);
        // Issued "at" its expiry: the schedule then refreshes exactly at
        // the expiry and keeps the credential usable until then.
        Self {
            issued_at: at,
            expiry: Expiry::At(at),
        }
    }

    /// A lifetime with no expiry.
    pub fn never(issued_at: Instant) -> Self {
        Self {
            issued_at,
            expiry: Expiry::Never,
        }
    }

    /// A sliding lifetime that ends after `idle` without use.
    pub fn idle(issued_at: Instant, idle: Duration) -> Self {
        Self {
            issued_at,
            expiry: Expiry::Idle(idle),
        }
    }
}

/// `sent_at + expires_in`, saturating at ~100 years (far enough to mean "does
/// not expire soon") instead of overflowing on absurd server values.
fn instant_after(sent_at: Instant, expires_in: Duration) -> Instant {
    sent_at
        .checked_add(expires_in)
        .unwrap_or_else(|| sent_at + Duration::from_secs(100 * 365 * 24 * 3600))
}

/// Anything the [`TokenCache`](crate::cache::TokenCache) can hold: it only needs
/// to know the credential's lifetime.
pub trait Expiring: Send + Sync + 'static {
    /// When the credential was obtained and how it expires.
    fn lifetime(&self) -> Lifetime;
}

/// An OAuth2-style set of tokens: an access token with its expiry, and
/// optionally a refresh token and an id token.
#[derive(Debug, Clone)]
pub struct TokenSet {
    access_token: AccessToken,
    refresh_token: Option<RefreshToken>,
    id_token: Option<IdToken>,
    lifetime: Lifetime,
}

impl TokenSet {
    /// A token set holding `access_token`, valid as `lifetime` says.
    pub fn new(access_token: AccessToken, lifetime: Lifetime) -> Self {
        Self {
            access_token,
            refresh_token: None,
            id_token: None,
            lifetime,
        }
    }

    /// Adds a refresh token.
    pub fn with_refresh_token(mut self, refresh_token: Option<RefreshToken>) -> Self {
        self.refresh_token = refresh_token;
        self
    }

    /// Adds an id token.
    pub fn with_id_token(mut self, id_token: Option<IdToken>) -> Self {
        self.id_token = id_token;
        self
    }

    /// Keeps `previous`'s refresh token when this set has none.
    ///
    /// Servers that do not rotate refresh tokens (Cognito's
    /// `REFRESH_TOKEN_AUTH`, many OAuth2 servers) answer a refresh without a
    /// new refresh token; the old one stays valid and must not be lost.
    pub fn carry_over_refresh_token(mut self, previous: Option<&TokenSet>) -> Self {
        if self.refresh_token.is_none() {
            self.refresh_token = previous.and_then(|p| p.refresh_token.clone());
        }
        self
    }

    /// The access token.
    pub fn access_token(&self) -> &AccessToken {
        &self.access_token
    }

    /// The refresh token, if any.
    pub fn refresh_token(&self) -> Option<&RefreshToken> {
        self.refresh_token.as_ref()
    }

    /// The id token, if any.
    pub fn id_token(&self) -> Option<&IdToken> {
        self.id_token.as_ref()
    }

    /// The absolute expiry instant, if the token has one.
    pub fn expires_at(&self) -> Option<Instant> {
        match self.lifetime.expiry {
            Expiry::At(at) => Some(at),
            Expiry::Never | Expiry::Idle(_) => None,
        }
    }
}

impl Expiring for TokenSet {
    fn lifetime(&self) -> Lifetime {
        self.lifetime
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_counts_from_the_send_instant() {
        let sent = Instant::now();
        let l = Lifetime::expires_in(sent, Duration::from_secs(7200));
        assert_eq!(l.expiry, Expiry::At(sent + Duration::from_secs(7200)));
        assert_eq!(l.issued_at, sent);
    }

    #[test]
    fn absurd_lifetimes_do_not_overflow() {
        let sent = Instant::now();
        let l = Lifetime::expires_in(sent, Duration::MAX);
        assert!(matches!(l.expiry, Expiry::At(at) if at > sent));
    }

    #[test]
    fn refresh_token_is_carried_over_only_when_missing() {
        let now = Instant::now();
        let old =
            TokenSet::new("a1".into(), Lifetime::never(now)).with_refresh_token(Some("r1".into()));
        let no_rt =
            TokenSet::new("a2".into(), Lifetime::never(now)).carry_over_refresh_token(Some(&old));
        assert_eq!(no_rt.refresh_token(), Some(&RefreshToken::new("r1")));
        let rotated = TokenSet::new("a3".into(), Lifetime::never(now))
            .with_refresh_token(Some("r2".into()))
            .carry_over_refresh_token(Some(&old));
        assert_eq!(rotated.refresh_token(), Some(&RefreshToken::new("r2")));
    }
}
