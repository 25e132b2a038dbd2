//! The client-side running-job limit: a slot is taken before a job is
//! submitted and held until the job ends (seen completed or failed by
//! [`JobsApi::get`](crate::api::JobsApi::get) or `wait`), or until every
//! clone of its [`ProcessingJob`](crate::models::ProcessingJob) is dropped,
//! so the number of jobs running at Symbl stays under its account cap.
//! Waiting for a slot is bounded (the client's `job_slot_wait`), measured
//! on the client's clock.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use auth_core::{Error as CoreError, SharedClock, TimeoutKind};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::ids::JobId;

/// How often a waiting submission compares the client's clock with its
/// deadline. The clock may be a test's manual clock, which moves only when
/// told, so the wait cannot simply sleep on it until the deadline.
const SLOT_CHECK: Duration = Duration::from_millis(20);

/// The limit and the slots held by running jobs, shared by a client's clones.
#[derive(Debug)]
pub(crate) struct RunningJobs {
    slots: Arc<Semaphore>,
    held: Mutex<HashMap<JobId, Weak<Held>>>,
    /// The longest a submission waits for a free slot.
    wait: Duration,
    clock: SharedClock,
}

/// One held slot; released when taken or when its last handle goes.
#[derive(Debug)]
pub(crate) struct Held(Mutex<Option<OwnedSemaphorePermit>>);

impl Held {
    fn release(&self) {
        drop(self.0.lock().unwrap_or_else(|e| e.into_inner()).take());
    }
}

/// The slot a [`ProcessingJob`](crate::models::ProcessingJob) holds (none
/// without a limit). Clones share it; it is not part of the job's value.
#[derive(Clone, Default)]
pub(crate) struct JobSlot(Option<Arc<Held>>);

impl fmt::Debug for JobSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "JobSlot(held)"
        } else {
            "JobSlot(none)"
        })
    }
}

impl PartialEq for JobSlot {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for JobSlot {}

impl RunningJobs {
    pub(crate) fn new(limit: usize, wait: Duration, clock: SharedClock) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(limit.max(1))),
            held: Mutex::new(HashMap::new()),
            wait,
            clock,
        }
    }

    /// Waits for a free slot (before submitting), at most the client's
    /// slot wait by its clock.
    ///
    /// # Errors
    /// [`CoreError::Timeout`] (kind [`TimeoutKind::Deadline`]) when no slot
    /// freed in time.
    pub(crate) async fn acquire(&self) -> Result<OwnedSemaphorePermit, CoreError> {
        let deadline = self.clock.now() + self.wait;
        let acquire = Arc::clone(&self.slots).acquire_owned();
        tokio::pin!(acquire);
        loop {
            tokio::select! {
                biased;
                permit = &mut acquire => {
                    return permit.map_err(|_| CoreError::Config("the job limit was closed".into()));
                }
                () = tokio::time::sleep(SLOT_CHECK) => {}
            }
            if self.clock.now() >= deadline {
                tracing::warn!(waited = ?self.wait, "no job slot freed in time");
                return Err(CoreError::Timeout {
                    operation: "waiting for a free Symbl job slot".into(),
                    limit: TimeoutKind::Deadline,
                    after: Some(self.wait),
                });
            }
        }
    }

    /// Hands the permit to the submitted job `id`.
    pub(crate) fn hold(&self, id: &JobId, permit: OwnedSemaphorePermit) -> JobSlot {
        let held = Arc::new(Held(Mutex::new(Some(permit))));
        let mut map = self.held.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|_, w| w.strong_count() > 0);
        map.insert(id.clone(), Arc::downgrade(&held));
        JobSlot(Some(held))
    }

    /// Frees the slot of job `id`, which has ended.
    pub(crate) fn ended(&self, id: &JobId) {
        let weak = self
            .held
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(id);
        if let Some(held) = weak.and_then(|w| w.upgrade()) {
            held.release();
        }
    }
}
