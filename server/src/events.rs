//! In-process event bus feeding GraphQL subscriptions. Events are published
//! after the transaction that caused them has committed.

use futures_util::Stream;
use tokio::sync::broadcast;

/// Something subscribers may want to hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Someone asked to join a group that needs approval.
    MembershipRequested { group_id: i64, membership_id: i64 },
    /// A help request was raised and is open.
    HelpRequestOpened { help_request_id: i64 },
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

    /// How many subscribers are listening now.
    pub fn subscribers(&self) -> usize {
        self.tx.receiver_count()
    }

    /// Every event from now on as a stream. A subscriber that falls more
    /// than the channel's capacity behind skips the gap rather than ending.
    pub fn stream(&self) -> impl Stream<Item = Event> {
        futures_util::stream::unfold(self.subscribe(), |mut rx| async move {
            loop {
                match rx.recv().await {
                    Ok(ev) => return Some((ev, rx)),
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        })
    }
}
