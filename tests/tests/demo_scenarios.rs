//! The demo's scenarios run as tests, so `cargo xtask test` fails when the
//! README's demo command would.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_auth_core_scenario_passes_every_step() {
    let report = examples::scenarios::auth_core::run().await;
    assert_eq!(report.failure, None);
    assert_eq!(report.steps, report.planned);
    assert_eq!(
        report.token_fetches, 2,
        "one initial fetch and one forced refresh"
    );
}
