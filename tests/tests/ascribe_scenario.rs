//! The Ascribe demo scenario as a test: the vendor workflow on API v2
//! through the public SDK against the stateful mock.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ascribe_scenario_passes_every_step() {
    let report = examples::scenarios::ascribe::run().await;
    assert_eq!(report.failure, None);
    assert_eq!(report.planned, 8);
    assert_eq!(report.steps, report.planned);
    assert_eq!(report.token_fetches, 1, "one login for the whole workflow");
    // login + create study + create question + 3 batch chunks + AI Coder
    // analyze + 2 task polls + 2 study polls + codebook + responses
    assert_eq!(report.requests, 13);
}
