//! Errors the Ascribe way (in the body, even with HTTP 200), and secrets
//! kept out of every Debug, error and message.

use auth_core::ErrorMetadata;
use std::sync::Arc;

use ascribe_coder::auth_core::ManualClock;
use ascribe_coder::auth_core::http::RetryConfig;
use ascribe_coder::auth_core::secret::Password;
use ascribe_coder::models::{NewStudy, QuestionType, StudyStatus, Task};
use ascribe_coder::{AscribeClient, Error, TokenMode};
use mock_servers::ascribe::{ACCOUNT, AscribeMock, PASSWORD, USER_NAME};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Refuses the call, quoting the token it was sent (as careless servers do).
struct EchoToken;

impl Respond for EchoToken {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let sent = ["authentication", "authorization"]
            .iter()
            .filter_map(|h| request.headers.get(*h)?.to_str().ok())
            .collect::<Vec<_>>()
            .join(" ");
        ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "errors": [format!("token {sent} is not allowed here")]
        }))
    }
}

fn client_for(uri: &str, password: &str, mode: TokenMode) -> AscribeClient {
    AscribeClient::builder()
        .base_url(uri)
        .credentials(ACCOUNT, USER_NAME, Password::new(password))
        .token_mode(mode)
        .retry(RetryConfig::disabled())
        .clock(Arc::new(ManualClock::new()))
        .build()
        .expect("valid")
}

async fn login_ok(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/Sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "authenticationToken": "0e2338c4-adb4-474a-a26a-b9dbe1b32ac8",
            "bearerToken": "bearer eyJhbGciOiJSUzI1NiJ9.secret-jwt-part.sig",
            "errors": null
        })))
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_200_with_errors_is_a_typed_service_error() {
    let mock = AscribeMock::start().await;
    let client = client_for(&mock.uri(), PASSWORD, TokenMode::Session);
    client
        .studies()
        .create(NewStudy::new("S-1"))
        .await
        .expect("created");
    let err = client
        .studies()
        .create(NewStudy::new("S-1"))
        .await
        .expect_err("duplicate id");
    match &err {
        Error::Service {
            messages,
            status,
            operation,
            ..
        } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(operation, "create_study");
            assert!(messages[0].contains("already exists"), "{messages:?}");
        }
        other => panic!("expected a service error, got {other:?}"),
    }
    assert!(err.is_service() && !err.is_retryable());
}

#[tokio::test]
async fn v2_error_message_and_non_2xx_error_bodies_are_service_errors() {
    let server = MockServer::start().await;
    login_ok(&server).await;
    Mock::given(method("GET"))
        .and(path("/Studies"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "studies": null, "errorMessage": "Account is locked"
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/Companies"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "errors": ["first problem", "second problem"]
        })))
        .mount(&server)
        .await;
    let client = client_for(&server.uri(), PASSWORD, TokenMode::Session);
    let err = client.studies().list().send().await.expect_err("v2 error");
    assert_eq!(err.messages(), ["Account is locked".to_owned()]);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));

    let err = client.companies().list().await.expect_err("400");
    assert!(err.is_service(), "{err:?}");
    assert_eq!(
        err.messages(),
        ["first problem".to_owned(), "second problem".to_owned()]
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
}

#[tokio::test]
async fn enums_decode_from_both_forms_and_keep_unknown_values() {
    let server = MockServer::start().await;
    login_ok(&server).await;
    Mock::given(method("GET"))
        .and(path("/Questions/7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "questions": [
                {"key": 1, "codebookKey": 2, "id": "Q1", "type": "o", "tasks": "cb",
                 "codingSource": "v"},
                {"key": 3, "codebookKey": 4, "id": "Q2", "type": "Open",
                 "tasks": "Code, Transcribe", "codingSource": "Verbatim"},
                {"key": 5, "codebookKey": 6, "id": "Q3", "type": "q", "tasks": "cz"}
            ],
            "errors": null
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/Studies"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "studies": [
                {"key": 1, "id": "A", "status": "c"},
                {"key": 2, "id": "B", "status": "Completed"},
                {"key": 3, "id": "C", "status": "x"}
            ]
        })))
        .mount(&server)
        .await;
    let client = client_for(&server.uri(), PASSWORD, TokenMode::Session);
    let qs = client.questions().list(7).send().await.expect("decodes");
    assert_eq!(qs[0].question_type, QuestionType::Open);
    assert_eq!(qs[1].question_type, QuestionType::Open);
    assert_eq!(qs[0].tasks, qs[1].tasks);
    assert_eq!(qs[0].tasks.values(), [Task::Code, Task::Transcribe]);
    assert_eq!(qs[0].coding_source, qs[1].coding_source);
    assert_eq!(qs[2].question_type, QuestionType::Unknown("q".into()));
    assert_eq!(
        qs[2].tasks.values(),
        [Task::Code, Task::Unknown("z".into())]
    );
    let studies = client.studies().list().send().await.expect("decodes");
    assert_eq!(studies[0].status, StudyStatus::Completed);
    assert_eq!(studies[1].status, StudyStatus::Completed);
    assert_eq!(studies[2].status, StudyStatus::Unknown("x".into()));
}

#[tokio::test]
async fn filters_are_sent_in_the_one_character_form() {
    let mock = AscribeMock::start().await;
    let client = client_for(&mock.uri(), PASSWORD, TokenMode::Session);
    client
        .studies()
        .list()
        .status_mask([StudyStatus::InProgress, StudyStatus::Completed])
        .id_filter("S*")
        .send()
        .await
        .expect("list");
    let requests = mock.server().received_requests().await.unwrap_or_default();
    let query = requests[1].url.query().unwrap_or_default().to_owned();
    assert!(query.contains("statusMask=pc"), "{query}");
    assert!(
        query.contains("idFilter=S*") || query.contains("idFilter=S%2A"),
        "{query}"
    );
}

#[tokio::test]
async fn secrets_never_show_in_debug_errors_or_messages() {
    // A server that echoes the password in its refusal.
    let server = MockServer::start().await;
    let password = "hunter2-very-secret";
    Mock::given(method("POST"))
        .and(path("/Sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "errors": [format!("Password '{password}' is wrong")]
        })))
        .mount(&server)
        .await;
    let client = client_for(&server.uri(), password, TokenMode::Session);
    let err = client.login().await.expect_err("refused");
    let shown = format!("{err:?} {err} {client:?}");
    assert!(!shown.contains(password), "{shown}");
    assert!(shown.contains("[REDACTED]"), "{shown}");

    // The same with a 401 body echoing it.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/Sessions"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "errors": [format!("Password '{password}' is wrong")]
        })))
        .mount(&server)
        .await;
    let client = client_for(&server.uri(), password, TokenMode::Session);
    let err = client.login().await.expect_err("refused");
    assert!(!format!("{err:?} {err}").contains(password));

    // Tokens: a working client, an error echoing the token, Debug of all.
    let server = MockServer::start().await;
    login_ok(&server).await;
    Mock::given(method("GET"))
        .and(path("/Studies"))
        .respond_with(EchoToken)
        .mount(&server)
        .await;
    for mode in [TokenMode::Session, TokenMode::Bearer] {
        let builder = AscribeClient::builder()
            .base_url(server.uri())
            .credentials(ACCOUNT, USER_NAME, Password::new(password))
            .token_mode(mode);
        let config_debug = format!("{builder:?}");
        let client = builder.build().expect("client");
        client.login().await.expect("login");
        let err = client.studies().list().send().await.expect_err("error");
        let shown = format!("{config_debug} {client:?} {err:?} {err}");
        let token = match mode {
            TokenMode::Session => "0e2338c4-adb4-474a-a26a-b9dbe1b32ac8",
            _ => "secret-jwt-part",
        };
        assert!(shown.contains("[REDACTED]"), "{shown}");
        for secret in [password, token] {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
    }
}
