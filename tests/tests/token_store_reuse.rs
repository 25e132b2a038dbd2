//! Every service persists its tokens through the one token-store setter of
//! the shared client configuration: a second client built on the same store
//! makes no token request at all.

use std::sync::Arc;

use ascribe_coder::AscribeClient;
use auth_core::secret::Password;
use auth_core::{MemoryStore, TokenStore};
use mock_servers::ascribe::{ACCOUNT, AscribeMock, PASSWORD, USER_NAME};
use mock_servers::scinote::{CLIENT_ID, CLIENT_SECRET, SciNoteMock};
use mock_servers::scribe_mi::ScribeEmulators;
use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};
use scinote::SciNoteClient;
use scribe_mi::{Login, MiClient};
use symbl::SymblClient;

#[tokio::test]
async fn symbl_a_second_client_on_the_same_store_generates_no_token() {
    let mock = SymblMock::start().await;
    mock.seed_conversations(1);
    let store: Arc<dyn TokenStore> = Arc::new(MemoryStore::new());
    let client = |store: &Arc<dyn TokenStore>| {
        SymblClient::builder()
            .base_url(mock.uri())
            .app_id(APP_ID)
            .app_secret(APP_SECRET)
            .token_store(Arc::clone(store))
            .build()
            .expect("client")
    };
    client(&store)
        .conversations()
        .list()
        .send()
        .await
        .expect("first");
    assert_eq!(mock.token_requests(), 1);
    let second = client(&store);
    second.conversations().list().send().await.expect("second");
    assert_eq!(mock.token_requests(), 1, "the stored token was reused");
}

#[tokio::test]
async fn scinote_a_second_client_on_the_same_store_needs_no_authorization() {
    let mock = SciNoteMock::start().await;
    let team = mock.seed_team("Lab");
    let store: Arc<dyn TokenStore> = Arc::new(MemoryStore::new());
    let client = |store: &Arc<dyn TokenStore>| {
        SciNoteClient::builder()
            .server_url(mock.uri())
            .client_id(CLIENT_ID)
            .client_secret(CLIENT_SECRET)
            .token_store(Arc::clone(store))
            .build()
            .expect("client")
    };
    let first = client(&store);
    first.exchange_code(mock.issue_code()).await.expect("code");
    first.projects(&team).list().send().await.expect("first");
    let requests = mock.token_requests();
    let second = client(&store);
    assert!(second.has_stored_tokens().await.expect("store"));
    second.projects(&team).list().send().await.expect("second");
    assert_eq!(
        mock.token_requests(),
        requests,
        "the stored tokens were reused"
    );
}

#[tokio::test]
async fn ascribe_a_second_client_on_the_same_store_does_not_log_in() {
    let mock = AscribeMock::start().await;
    for mode in [
        ascribe_coder::TokenMode::Session,
        ascribe_coder::TokenMode::Bearer,
    ] {
        let store: Arc<dyn TokenStore> = Arc::new(MemoryStore::new());
        let client = |store: &Arc<dyn TokenStore>| {
            AscribeClient::builder()
                .base_url(mock.uri())
                .credentials(ACCOUNT, USER_NAME, Password::new(PASSWORD))
                .token_mode(mode)
                .token_store(Arc::clone(store))
                .build()
                .expect("client")
        };
        let before = mock.logins();
        client(&store).studies().list().send().await.expect("first");
        assert_eq!(mock.logins(), before + 1);
        let second = client(&store);
        second.studies().list().send().await.expect("second");
        assert_eq!(
            mock.logins(),
            before + 1,
            "{mode:?}: the stored token was reused"
        );
    }
}

#[tokio::test]
async fn scribe_a_second_client_on_the_same_store_signs_in_and_signs_without_cognito() {
    let emu = ScribeEmulators::start()
        .await
        .expect("emulators (run `cargo xtask test` to install moto)");
    emu.create_user("ann", "Temp-Passw0rd!")
        .await
        .expect("user");
    let store: Arc<dyn TokenStore> = Arc::new(MemoryStore::new());
    let client = |store: &Arc<dyn TokenStore>, cognito: &str| {
        MiClient::builder()
            .api_url(emu.mi.api_url())
            .client_id(&emu.client_id)
            .user_pool_id(&emu.user_pool_id)
            .identity_pool_id(&emu.identity_pool_id)
            .cognito_endpoint(cognito)
            .store_key("scribe:ann")
            .token_store(Arc::clone(store))
            .build()
            .expect("client")
    };
    let first = client(&store, &emu.moto.uri());
    if let Login::Challenge(c) = first
        .authenticate("ann", &Password::new("Temp-Passw0rd!"))
        .await
        .expect("login")
    {
        first
            .complete_new_password(&c, &Password::new("Brand-New-Passw0rd!"))
            .await
            .expect("new password");
    }
    first.list_tasks().send().await.expect("first");
    // The second client cannot reach Cognito at all (nothing listens on
    // port 9): its calls succeed only if the Cognito tokens and the AWS
    // credentials both come from the store.
    let second = client(&store, "http://127.0.0.1:9");
    second
        .list_tasks()
        .send()
        .await
        .expect("signed with stored credentials, no Cognito request");
    assert!(second.stored_tokens().await.expect("store").is_some());
}
