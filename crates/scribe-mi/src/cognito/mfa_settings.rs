//! A logged-in user's second factors: enrolling an authenticator app
//! (`AssociateSoftwareToken`, `VerifySoftwareToken` with the access token)
//! and choosing which factors are on (`SetUserMFAPreference`).

use auth_core::secret::{AccessToken, SecretValue};
use aws_sdk_cognitoidentityprovider as idp;
use idp::types::{
    SmsMfaSettingsType, SoftwareTokenMfaSettingsType, VerifySoftwareTokenResponseType,
};

use super::ScribeAuth;
use crate::error::{Result, ScribeError};

/// One factor's setting in [`MfaPreference`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MfaSetting {
    /// Not used.
    Disabled,
    /// Used, not preferred.
    Enabled,
    /// Used, and asked for first.
    Preferred,
}

impl MfaSetting {
    fn enabled(self) -> bool {
        self != MfaSetting::Disabled
    }

    fn preferred(self) -> bool {
        self == MfaSetting::Preferred
    }
}

/// A user's MFA preference for [`ScribeAuth::set_mfa_preference`]; a
/// factor left unset is left as it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MfaPreference {
    totp: Option<MfaSetting>,
    sms: Option<MfaSetting>,
}

impl MfaPreference {
    /// Changes nothing until a factor is set.
    ///
    /// ```no_run
    /// let pref = scribe_mi::cognito::MfaPreference::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the authenticator-app (TOTP) factor.
    ///
    /// ```no_run
    /// use scribe_mi::cognito::{MfaPreference, MfaSetting};
    /// let pref = MfaPreference::new().totp(MfaSetting::Preferred);
    /// ```
    pub fn totp(mut self, setting: MfaSetting) -> Self {
        self.totp = Some(setting);
        self
    }

    /// Sets the SMS factor.
    ///
    /// ```no_run
    /// use scribe_mi::cognito::{MfaPreference, MfaSetting};
    /// let pref = MfaPreference::new().sms(MfaSetting::Disabled);
    /// ```
    pub fn sms(mut self, setting: MfaSetting) -> Self {
        self.sms = Some(setting);
        self
    }
}

impl ScribeAuth {
    /// Starts enrolling an authenticator app for a logged-in user
    /// (`AssociateSoftwareToken` with the access token): returns the base32
    /// secret for the app. Then [`verify_totp`](Self::verify_totp) a code,
    /// and [`set_mfa_preference`](Self::set_mfa_preference) to turn it on.
    ///
    /// # Errors
    /// [`ScribeError::NotAuthorized`] for an expired or revoked access token, [`ScribeError::MissingField`] when Cognito sends no secret; [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth, tokens: scribe_mi::auth_core::TokenSet) -> scribe_mi::Result<()> {
    /// let secret = auth.associate_totp(tokens.access_token()).await?;
    /// # let _ = secret; Ok(()) }
    /// ```
    pub async fn associate_totp(&self, access_token: &AccessToken) -> Result<SecretValue> {
        const OPERATION: &str = "AssociateSoftwareToken";
        let out = self
            .user_pool()
            .associate_software_token()
            .access_token(access_token.expose_secret())
            .send()
            .await
            .map_err(|e| ScribeError::from_sdk(OPERATION, e))?;
        out.secret_code()
            .map(SecretValue::new)
            .ok_or(ScribeError::MissingField {
                operation: OPERATION,
                field: "SecretCode",
            })
    }

    /// Checks a code from the newly enrolled app for a logged-in user
    /// (`VerifySoftwareToken` with the access token).
    ///
    /// # Errors
    /// [`ScribeError::CodeMismatch`] for a wrong code, [`ScribeError::NotAuthorized`] for an expired access token, [`ScribeError::MissingField`] when Cognito reports no success; [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth, tokens: scribe_mi::auth_core::TokenSet) -> scribe_mi::Result<()> {
    /// let secret = auth.associate_totp(tokens.access_token()).await?;
    /// let code = scribe_mi::totp::code(&secret, std::time::SystemTime::now())?;
    /// auth.verify_totp(tokens.access_token(), &code).await?;
    /// # Ok(()) }
    /// ```
    pub async fn verify_totp(&self, access_token: &AccessToken, code: &str) -> Result<()> {
        const OPERATION: &str = "VerifySoftwareToken";
        let out = self
            .user_pool()
            .verify_software_token()
            .access_token(access_token.expose_secret())
            .user_code(code)
            .send()
            .await
            .map_err(|e| ScribeError::from_sdk(OPERATION, e))?;
        if out.status() == Some(&VerifySoftwareTokenResponseType::Success) {
            Ok(())
        } else {
            Err(ScribeError::MissingField {
                operation: OPERATION,
                field: "Status SUCCESS",
            })
        }
    }

    /// Sets which second factors a logged-in user has, and which comes
    /// first (`SetUserMFAPreference`).
    ///
    /// # Errors
    /// [`ScribeError::InvalidParameter`] when enabling a factor that is not verified, [`ScribeError::NotAuthorized`] for an expired access token; [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth, tokens: scribe_mi::auth_core::TokenSet) -> scribe_mi::Result<()> {
    /// use scribe_mi::cognito::{MfaPreference, MfaSetting};
    /// auth.set_mfa_preference(tokens.access_token(), MfaPreference::new().totp(MfaSetting::Preferred))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_mfa_preference(
        &self,
        access_token: &AccessToken,
        preference: MfaPreference,
    ) -> Result<()> {
        let mut req = self
            .user_pool()
            .set_user_mfa_preference()
            .access_token(access_token.expose_secret());
        if let Some(s) = preference.totp {
            req = req.software_token_mfa_settings(
                SoftwareTokenMfaSettingsType::builder()
                    .enabled(s.enabled())
                    .preferred_mfa(s.preferred())
                    .build(),
            );
        }
        if let Some(s) = preference.sms {
            req = req.sms_mfa_settings(
                SmsMfaSettingsType::builder()
                    .enabled(s.enabled())
                    .preferred_mfa(s.preferred())
                    .build(),
            );
        }
        req.send()
            .await
            .map_err(|e| ScribeError::from_sdk("SetUserMFAPreference", e))?;
        Ok(())
    }
}
