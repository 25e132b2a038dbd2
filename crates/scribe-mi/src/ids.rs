//! Typed ids of the MI API. The MI API names a task by its job id only
//! (no separate task or model ids), so there is one: [`JobId`]. It converts
//! from `&str` and `String`, so `client.get_task("a1b2")` still works.
//!
//! ```no_run
//! use scribe_mi::ids::JobId;
//! let job = JobId::from("a1b2c3");
//! assert_eq!(job.as_str(), "a1b2c3");
//! ```

auth_core::string_ids!(scribe_mi::ids;
    /// An MI task's job id, as `POST /tasks` returns it.
    JobId,
);
