//! Scribe authentication flows, what `scribeauth` does: log in (answering the
//! temporary-password challenge), refresh, change the password, reset a
//! forgotten password, federated identity and AWS credentials.
//!
//! Runs against a local Cognito (moto, installed by `cargo xtask demo` or
//! `cargo xtask test`):
//!
//! ```sh
//! cargo run -p examples --example scribe_auth
//! ```

use mock_servers::moto::MotoServer;
use scribe_mi::auth_core::secret::Password;
use scribe_mi::{AuthConfig, ChallengeKind, Login, ScribeAuth};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let moto = MotoServer::start().await?;
    let pool = moto.create_user_pool("example").await?;
    let client_id = moto.create_app_client(&pool).await?;
    let identity_pool = moto.create_identity_pool(&pool, &client_id).await?;
    moto.create_user(&pool, "ann", "Temporary-Passw0rd!")
        .await?;

    let auth = ScribeAuth::builder()
        .auth_config(
            AuthConfig::new(&client_id, &pool)
                .identity_pool_id(identity_pool)
                .endpoint(moto.uri()),
        )
        .build()?;

    // 1. First login: the temporary password must be replaced.
    let tokens = match auth
        .login("ann", &Password::new("Temporary-Passw0rd!"))
        .await?
    {
        Login::Challenge(c) if *c.kind() == ChallengeKind::NewPasswordRequired => {
            println!("challenge: {:?}", c.kind());
            auth.complete_new_password(&c, &Password::new("First-Passw0rd!"))
                .await?
                .into_tokens()?
        }
        Login::Challenge(c) => return Err(format!("unexpected challenge {:?}", c.kind()).into()),
        Login::Tokens(t) => t,
    };
    // Tokens print redacted: `AccessToken([REDACTED])`.
    println!("logged in: {tokens:?}");

    // 2. Refresh without sending the password again.
    if let Some(refresh) = tokens.refresh_token() {
        let fresh = auth.refresh(refresh).await?;
        println!(
            "refreshed; refresh token kept: {}",
            fresh.refresh_token() == Some(refresh)
        );
    }

    // 3. Change the password, then reset it as if forgotten.
    auth.change_password(
        tokens.access_token(),
        &Password::new("First-Passw0rd!"),
        &Password::new("Second-Passw0rd!"),
    )
    .await?;
    let delivery = auth.forgot_password("ann").await?;
    println!("reset code sent: {delivery:?}");
    let code = moto.forgot_password_code(&client_id, "ann").await?; // a real user reads it from e-mail
    auth.confirm_forgot_password("ann", &code, &Password::new("Third-Passw0rd!"))
        .await?;
    let tokens = auth
        .login("ann", &Password::new("Third-Passw0rd!"))
        .await?
        .into_tokens()?;
    println!("logged in with the reset password");

    // 4. Federated identity and temporary AWS credentials.
    if let Some(id_token) = tokens.id_token() {
        let identity = auth.federated_id(id_token).await?;
        let creds = auth.federated_credentials(&identity, id_token).await?;
        println!("identity {identity}: {creds:?}");
    }
    Ok(())
}
