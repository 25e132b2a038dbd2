//! The Management API (trackers, groups) and the conversation endpoints
//! call score, intents, insights, experiences and bookmarks, against the
//! stateful Symbl mock.

mod common;

use auth_core::ErrorMetadata;
use common::client;
use http::StatusCode;
use mock_servers::symbl::SymblMock;
use symbl::models::{
    BookmarkSpec, BookmarkUser, CallScoreState, ExperienceKind, ExperienceRequest, GroupSpec,
    ProcessOptions, TextMessage, TextRequest, TrackerSpec,
};
use symbl::{SymblClient, SymblError};

fn status(err: &SymblError) -> Option<StatusCode> {
    err.status()
}

async fn processed(client: &SymblClient) -> symbl::ids::ConversationId {
    let request = TextRequest::new([
        TextMessage::new("Welcome to the Pricing call."),
        TextMessage::new("Are you interested in the annual plan? I will send the quote tomorrow."),
    ])
    .options(ProcessOptions::new().name("Sales"));
    let job = client.process().text(&request).await.expect("submitted");
    client.jobs().wait(&job.job_id).await.expect("completed");
    job.conversation_id
}

#[tokio::test]
async fn a_tracker_is_created_found_by_name_updated_and_deleted() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let trackers = client.manage().trackers();
    let created = trackers
        .create(&TrackerSpec::new(
            "Promotion",
            ["special promotion", "a discount of"],
        ))
        .send()
        .await
        .expect("created");
    assert_eq!(created.name, "Promotion");
    assert_eq!(created.vocabulary, ["special promotion", "a discount of"]);
    assert!(!created.id.as_str().is_empty());

    let got = trackers.get(&created.id).send().await.expect("got");
    assert_eq!(got, created);

    trackers
        .create(&TrackerSpec::new("Voice message", ["leave a message"]))
        .send()
        .await
        .expect("second");
    let by_name = trackers
        .list()
        .name("Promotion")
        .send()
        .await
        .expect("by name");
    assert_eq!(by_name.len(), 1);
    assert_eq!(by_name[0].id, created.id);
    assert_eq!(trackers.list().send().await.expect("all").len(), 2);

    let updated = trackers
        .update(&created.id, &TrackerSpec::new("Promotion", ["flash sale"]))
        .send()
        .await
        .expect("updated");
    assert_eq!(updated.id, created.id);
    assert_eq!(
        trackers
            .get(&created.id)
            .send()
            .await
            .expect("got")
            .vocabulary,
        ["flash sale"]
    );

    trackers.delete(&created.id).send().await.expect("deleted");
    assert_eq!(mock.tracker_count(), 1);
    let err = trackers.get(&created.id).send().await.expect_err("gone");
    assert_eq!(status(&err), Some(StatusCode::NOT_FOUND), "{err:?}");
}

#[tokio::test]
async fn trackers_are_created_in_bulk_and_a_taken_name_is_a_409() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let trackers = client.manage().trackers();
    let created = trackers
        .create_many(&[
            TrackerSpec::new("Voice message", ["please leave a message"]),
            TrackerSpec::new("Pricing", ["how much", "the price"]),
        ])
        .send()
        .await
        .expect("created");
    assert_eq!(
        created.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["Voice message", "Pricing"]
    );
    let err = trackers
        .create(&TrackerSpec::new("Pricing", ["what does it cost"]))
        .send()
        .await
        .expect_err("taken");
    assert_eq!(status(&err), Some(StatusCode::CONFLICT), "{err:?}");
    assert!(
        err.message().is_some_and(|m| m.contains("already exists")),
        "{err:?}"
    );
    assert_eq!(mock.tracker_count(), 2);
}

#[tokio::test]
async fn a_bad_tracker_spec_is_refused_before_anything_is_sent() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    for spec in [
        TrackerSpec::new("Promo", ["what?"]),
        TrackerSpec::new("Promo", ["same", "same"]),
        TrackerSpec::new("", ["x"]),
    ] {
        let err = client
            .manage()
            .trackers()
            .create(&spec)
            .send()
            .await
            .expect_err("invalid");
        assert!(
            matches!(err, SymblError::Core(auth_core::Error::InvalidInput(_))),
            "{err:?}"
        );
    }
    assert_eq!(mock.api_requests(), 0);
    assert_eq!(mock.token_requests(), 0);
}

#[tokio::test]
async fn unknown_trackers_are_404_for_get_update_and_delete() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let trackers = client.manage().trackers();
    let spec = TrackerSpec::new("X", ["y"]);
    let errors = [
        trackers.get("nope").send().await.map(drop),
        trackers.update("nope", &spec).send().await.map(drop),
        trackers.delete("nope").send().await,
    ];
    for result in errors {
        let err = result.expect_err("unknown");
        assert_eq!(status(&err), Some(StatusCode::NOT_FOUND), "{err:?}");
    }
}

#[tokio::test]
async fn a_group_is_created_listed_updated_and_deleted() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let groups = client.manage().groups();
    let group = groups
        .create(
            &GroupSpec::new("Calls made by John", "conversation.metadata.agentId==john")
                .description("Every call John made"),
        )
        .send()
        .await
        .expect("created");
    assert_eq!(group.criteria, "conversation.metadata.agentId==john");
    assert_eq!(group.description.as_deref(), Some("Every call John made"));
    let more = groups
        .create_many(&[
            GroupSpec::new("Internal", "conversation.metadata.label==Internal"),
            GroupSpec::new("External", "conversation.metadata.label==External"),
        ])
        .send()
        .await
        .expect("bulk");
    assert_eq!(more.len(), 2);
    assert_eq!(groups.list().send().await.expect("listed").len(), 3);

    let updated = groups
        .update(
            &group.id,
            &GroupSpec::new("John's calls", "conversation.metadata.agentId==johndoe"),
        )
        .send()
        .await
        .expect("updated");
    assert_eq!(updated.id, group.id);
    let got = groups.get(&group.id).send().await.expect("got");
    assert_eq!(got.name, "John's calls");
    assert_eq!(got.criteria, "conversation.metadata.agentId==johndoe");

    groups.delete(&group.id).send().await.expect("deleted");
    assert_eq!(mock.group_count(), 2);
    for result in [
        groups.get(&group.id).send().await.map(drop),
        groups.delete(&group.id).send().await,
    ] {
        let err = result.expect_err("gone");
        assert_eq!(status(&err), Some(StatusCode::NOT_FOUND), "{err:?}");
    }
}

#[tokio::test]
async fn a_group_without_criteria_is_refused_locally() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let err = client
        .manage()
        .groups()
        .create(&GroupSpec::new("Empty", " "))
        .send()
        .await
        .expect_err("no criteria");
    assert!(
        matches!(err, SymblError::Core(auth_core::Error::InvalidInput(_))),
        "{err:?}"
    );
    assert_eq!(mock.api_requests(), 0);
}

#[tokio::test]
async fn the_call_score_status_moves_to_completed_and_the_score_is_read() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let id = processed(&client).await;
    let conversation = client.conversation(&id);
    let first = conversation
        .call_score_status()
        .send()
        .await
        .expect("status");
    assert_eq!(first.status, CallScoreState::InProgress);
    let second = conversation
        .call_score_status()
        .send()
        .await
        .expect("status");
    assert_eq!(second.status, CallScoreState::Completed);
    let score = conversation.call_score().send().await.expect("score");
    assert_eq!(score.criteria.len(), 2);
    assert_eq!(score.criteria[0].name, "Communication and Engagement");
    // One question (60) and one commitment (60).
    assert!((score.score - 60.0).abs() < f64::EPSILON, "{score:?}");
}

#[tokio::test]
async fn intents_and_legacy_insights_come_from_the_conversation() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let id = processed(&client).await;
    let conversation = client.conversation(&id);
    let intents = conversation.intents().send().await.expect("intents");
    assert_eq!(intents.len(), 1);
    assert_eq!(intents[0].intent, "interested");
    assert!(intents[0].extra.contains_key("alternatives"));

    let insights = conversation.insights().send().await.expect("insights");
    let kinds: Vec<&str> = insights.iter().map(|i| i.kind.as_str()).collect();
    assert_eq!(kinds, ["question", "action_item"]);
    assert_eq!(insights[1].text, "I will send the quote tomorrow.");
}

#[tokio::test]
async fn an_experience_returns_its_url_and_a_video_summary_needs_the_recording() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let id = processed(&client).await;
    let conversation = client.conversation(&id);
    let page = conversation
        .experience(&ExperienceRequest::new(ExperienceKind::TextSummary).read_only())
        .send()
        .await
        .expect("built");
    assert_eq!(page.name, "verbose-text-summary");
    assert!(page.url.contains(id.as_str()), "{}", page.url);

    let err = conversation
        .experience(&ExperienceRequest::new(ExperienceKind::VideoSummary))
        .send()
        .await
        .expect_err("no recording");
    assert_eq!(status(&err), Some(StatusCode::BAD_REQUEST), "{err:?}");
    let page = conversation
        .experience(
            &ExperienceRequest::new(ExperienceKind::VideoSummary)
                .video_url("https://example.com/call.mp4"),
        )
        .send()
        .await
        .expect("built");
    assert_eq!(page.name, "video-summary");
}

#[tokio::test]
async fn bookmarks_are_created_listed_updated_and_deleted() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let id = processed(&client).await;
    let bookmarks = client.conversation(&id).bookmarks();
    let mark = bookmarks
        .create(
            &BookmarkSpec::at("Pricing", 30, 45)
                .description("The pricing discussion")
                .user(BookmarkUser::new("Ann", "ann@example.com")),
        )
        .send()
        .await
        .expect("created");
    assert_eq!(mark.label, "Pricing");
    assert_eq!(mark.begin_time_offset, Some(30));
    assert_eq!(mark.duration, Some(45));
    assert_eq!(
        mark.user.as_ref().and_then(|u| u.email.as_deref()),
        Some("ann@example.com")
    );
    bookmarks
        .create(&BookmarkSpec::messages("Quote", [format!("{id}-msg-2")]))
        .send()
        .await
        .expect("second");
    assert_eq!(bookmarks.list().send().await.expect("listed").len(), 2);

    let updated = bookmarks
        .update(&mark.id, &BookmarkSpec::at("All of pricing", 30, 90))
        .send()
        .await
        .expect("updated");
    assert_eq!(updated.id, mark.id);
    let got = bookmarks.get(&mark.id).send().await.expect("got");
    assert_eq!(got.label, "All of pricing");
    assert_eq!(got.duration, Some(90));

    bookmarks.delete(&mark.id).send().await.expect("deleted");
    assert_eq!(bookmarks.list().send().await.expect("listed").len(), 1);
    let err = bookmarks.get(&mark.id).send().await.expect_err("gone");
    assert_eq!(status(&err), Some(StatusCode::NOT_FOUND), "{err:?}");
}

#[tokio::test]
async fn an_empty_bookmark_description_is_refused_locally() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let err = client
        .conversation("any")
        .bookmarks()
        .create(&BookmarkSpec::at("Pricing", 0, 5).description(""))
        .send()
        .await
        .expect_err("empty description");
    assert!(
        matches!(err, SymblError::Core(auth_core::Error::InvalidInput(_))),
        "{err:?}"
    );
    assert_eq!(mock.api_requests(), 0);
}

#[tokio::test]
async fn conversation_endpoints_of_an_unknown_conversation_are_404() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let conversation = client.conversation("no-such-conversation");
    let results = [
        conversation.call_score().send().await.map(drop),
        conversation.call_score_status().send().await.map(drop),
        conversation.intents().send().await.map(drop),
        conversation.insights().send().await.map(drop),
        conversation
            .experience(&ExperienceRequest::new(ExperienceKind::TextSummary))
            .send()
            .await
            .map(drop),
        conversation.bookmarks().list().send().await.map(drop),
        conversation.bookmarks().delete("b1").send().await,
    ];
    for result in results {
        let err = result.expect_err("unknown conversation");
        assert_eq!(status(&err), Some(StatusCode::NOT_FOUND), "{err:?}");
        assert!(
            err.message().is_some_and(|m| m.contains("does not exist")),
            "{err:?}"
        );
    }
}
