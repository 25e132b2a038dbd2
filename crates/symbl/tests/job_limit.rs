//! The client-side running-job limit (`max_running_jobs`): a job holds its
//! slot until it ends, not just while it is being submitted, so the jobs
//! running at Symbl never exceed the limit.

mod common;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use auth_core::{ErrorMetadata, ManualClock, TimeoutKind};
use common::builder;
use futures::FutureExt;
use mock_servers::symbl::SymblMock;
use symbl::models::{ProcessingJob, TextMessage, TextRequest};
use symbl::{SymblClient, SymblError};

fn client(mock: &SymblMock, limit: usize) -> SymblClient {
    builder(mock)
        .max_running_jobs(limit)
        .build()
        .expect("valid config")
}

/// A client with a one-slot limit, a 60 s slot wait and this clock.
fn one_slot_client(mock: &SymblMock, clock: &Arc<ManualClock>) -> SymblClient {
    builder(mock)
        .clock(clock.clone())
        .max_running_jobs(1)
        .job_slot_wait(Duration::from_secs(60))
        .build()
        .expect("valid config")
}

fn request(text: &str) -> TextRequest {
    TextRequest::new([TextMessage::new(text)])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_limit_of_two_five_jobs_never_run_more_than_two_at_once() {
    let mock = SymblMock::start().await;
    // Each job stays running for several polls, so submissions overlap.
    mock.set_steps_to_complete(4);
    let client = client(&mock, 2);
    let tasks: Vec<_> = (0..5)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                let job = client
                    .process()
                    .text(&request(&format!("Job {i}.")))
                    .await?;
                client.jobs().wait(&job.job_id).await
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("ran").expect("job completed");
    }
    assert_eq!(mock.conversation_count(), 5);
    let peak = mock.peak_running_jobs();
    assert!(
        (1..=2).contains(&peak),
        "{peak} jobs ran at once at the mock with a limit of 2"
    );
}

#[tokio::test]
async fn a_submission_waits_while_the_only_slot_is_held_by_a_running_job() {
    let mock = SymblMock::start().await;
    mock.set_steps_to_complete(3);
    let client = client(&mock, 1);
    let first = client
        .process()
        .text(&request("One."))
        .await
        .expect("first");
    let second_request = request("Two.");
    let process = client.process();
    let mut second = Box::pin(process.text(&second_request));
    // The first job was submitted long ago but has not ended: no slot.
    assert!((&mut second).now_or_never().is_none());
    client.jobs().wait(&first.job_id).await.expect("completed");
    let second = second.await.expect("a slot is free once the first ended");
    client.jobs().wait(&second.job_id).await.expect("completed");
    assert_eq!(mock.peak_running_jobs(), 1);
}

#[tokio::test]
async fn a_failed_job_or_a_dropped_handle_frees_its_slot() {
    let mock = SymblMock::start().await;
    let client = client(&mock, 1);
    mock.fail_next_job();
    let failed = client
        .process()
        .text(&request("Fails."))
        .await
        .expect("submitted");
    let err = client
        .jobs()
        .wait(&failed.job_id)
        .await
        .expect_err("failed");
    assert!(matches!(err, SymblError::JobFailed { .. }), "{err:?}");
    // The handle is still alive, but the job ended: the slot is free.
    let dropped = client
        .process()
        .text(&request("Dropped."))
        .await
        .expect("slot free");
    drop(dropped);
    // Nobody waits for the dropped job; dropping its handle freed the slot
    // (the bound only decides how long a hang is watched).
    let last = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        client.process().text(&request("Last.")),
    )
    .await
    .expect("a slot is free after the handle was dropped");
    last.expect("submitted");
    drop(failed);
}

/// A submission not yet finished.
type Pending = Pin<Box<dyn Future<Output = symbl::Result<ProcessingJob>> + Send>>;

/// A one-slot client (60 s slot wait) whose slot is held by a first job
/// nobody waits for, and a second submission that has started waiting.
async fn second_waits_for_the_slot(mock: &SymblMock) -> (Arc<ManualClock>, ProcessingJob, Pending) {
    let clock = Arc::new(ManualClock::new());
    let client = one_slot_client(mock, &clock);
    let first = client
        .process()
        .text(&request("One."))
        .await
        .expect("first");
    let mut second: Pending =
        Box::pin(async move { client.process().text(&request("Two.")).await });
    // Polled once, it has begun waiting (its deadline is set).
    assert!((&mut second).now_or_never().is_none());
    (clock, first, second)
}

#[tokio::test]
async fn a_submission_gives_up_once_no_slot_freed_within_the_slot_wait() {
    let mock = SymblMock::start().await;
    let (clock, first, second) = second_waits_for_the_slot(&mock).await;
    clock.advance(Duration::from_secs(61));
    // The guard only turns a hang (no bound) into a failure.
    let err = tokio::time::timeout(Duration::from_secs(20), second)
        .await
        .expect("the wait for a slot is bounded")
        .expect_err("no slot freed");
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        matches!(
            err,
            SymblError::Core(auth_core::Error::Timeout {
                limit: TimeoutKind::Deadline,
                after: Some(d),
                ..
            }) if d == Duration::from_secs(60)
        ),
        "{err:?}"
    );
    assert_eq!(mock.conversation_count(), 1, "the second was never sent");
    drop(first);
}

#[tokio::test]
async fn a_slot_freed_within_the_slot_wait_is_taken() {
    let mock = SymblMock::start().await;
    let (clock, first, second) = second_waits_for_the_slot(&mock).await;
    // Short of the wait, the submission keeps waiting; once the first
    // job's handle goes, it takes the slot.
    clock.advance(Duration::from_secs(59));
    let mut second = second;
    assert!((&mut second).now_or_never().is_none());
    drop(first);
    let second = tokio::time::timeout(Duration::from_secs(20), second)
        .await
        .expect("the slot was handed over")
        .expect("submitted within the wait");
    assert_eq!(mock.conversation_count(), 2);
    drop(second);
}
