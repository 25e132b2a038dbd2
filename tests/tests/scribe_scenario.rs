//! The Scribe demo scenario (moto + the MI mock) passes every step.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scribe_scenario_passes_every_step() {
    let report = examples::scenarios::scribe::run().await;
    assert_eq!(report.failure, None);
    assert_eq!(report.steps, report.planned);
}
