//! What the Cognito tests against moto share: a user pool with one app
//! client and one user holding a temporary password.

#![allow(dead_code, unreachable_pub)]

use auth_core::secret::Password;
use mock_servers::moto::MotoServer;
use scribe_mi::{AuthConfig, ScribeAuth};

/// The temporary password every test user starts with.
pub const TEMP: &str = "Temp-Passw0rd!";
/// The password a test user chooses first.
pub const FIRST: &str = "First-Passw0rd!";

/// A moto user pool, its app client, and the moto server holding them.
pub struct Pool {
    pub moto: MotoServer,
    pub pool_id: String,
    pub client_id: String,
}

/// A pool named `name` with `username` (temporary password [`TEMP`]).
pub async fn pool_with_user(name: &str, username: &str) -> Pool {
    let moto = MotoServer::start()
        .await
        .expect("moto starts (run `cargo xtask test` to install it)");
    let pool_id = moto.create_user_pool(name).await.expect("pool");
    let client_id = moto.create_app_client(&pool_id).await.expect("client");
    moto.create_user(&pool_id, username, TEMP)
        .await
        .expect("user");
    Pool {
        moto,
        pool_id,
        client_id,
    }
}

/// A client of the pool, through moto.
pub fn auth(pool: &Pool) -> ScribeAuth {
    ScribeAuth::builder()
        .auth_config(AuthConfig::new(&pool.client_id, &pool.pool_id).endpoint(pool.moto.uri()))
        .build()
        .expect("auth")
}

/// A password.
pub fn pw(s: &str) -> Password {
    Password::new(s)
}
