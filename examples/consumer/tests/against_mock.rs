//! The user's code tested against `mock_servers::symbl::SymblMock`.

use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};
use symbl::SymblClient;

#[tokio::test]
async fn counts_the_conversations_of_the_account() {
    let mock = SymblMock::start().await;
    mock.seed_conversations(3);
    let client = SymblClient::builder()
        .base_url(mock.uri())
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .build()
        .expect("client");
    let count = consumer::conversation_count(&client)
        .await
        .expect("list conversations");
    assert_eq!(count, 3);
    assert_eq!(mock.token_requests(), 1, "one token for the whole test");
}
