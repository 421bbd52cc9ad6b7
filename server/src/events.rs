//! In-process event bus feeding GraphQL subscriptions. Events are published
//! after the transaction that caused them has committed.

use tokio::sync::broadcast;

/// Something subscribers may want to hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Someone asked to join a group that needs approval.
    MembershipRequested { group_id: i64, membership_id: i64 },
}

#[derive(Clone)]
pub struct EventBus {
    tx: broadcast::Sender<Event>,
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new()
    }
}

impl EventBus {
    pub fn new() -> Self {
        let (tx, _) = broadcast::channel(1024);
        EventBus { tx }
    }

    pub fn publish(&self, event: Event) {
        // No subscribers is fine: nobody is listening right now.
        let _ = self.tx.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.tx.subscribe()
    }
}
