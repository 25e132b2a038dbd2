//! The SciNote demo scenario passes every step (so the README's demo does).

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scinote_scenario_passes_every_step() {
    let report = examples::scenarios::scinote::run().await;
    assert_eq!(report.failure, None);
    assert_eq!(report.steps, report.planned);
    // The code exchange and one refresh.
    assert_eq!(report.token_fetches, 2);
}
