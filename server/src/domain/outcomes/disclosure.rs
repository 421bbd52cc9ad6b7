//! Disclosure control for published figures.
//!
//! Published figures come in trees of sums: a figure and one or more
//! breakdowns of it whose parts add up to it (the respondents, broken down
//! once per survey question by answer; check-ins due, broken down into on
//! time, missed and the rest; missed, broken down into escalated and the
//! rest). Some parts are never published at all ("the rest"); the others go
//! through these rules:
//!
//! 1. **Primary suppression.** A count of 1 to 4 is suppressed: published
//!    as null with `suppressed: true`.
//! 2. **Rounding.** Every other count is rounded to the nearest 5 (0 stays
//!    0; 5, 6 and 7 give 5; 8 to 12 give 10; and so on).
//! 3. **Small breakdowns.** When a figure is suppressed, the zeros of its
//!    breakdowns are suppressed too, so "everyone answered the same way" is
//!    not shown for fewer than five people.
//! 4. **Secondary suppression.** When exactly one part of a fully published
//!    breakdown is suppressed, the smallest other non-zero part is
//!    suppressed as well.
//! 5. **Checked against subtraction.** The figures are then checked the way
//!    someone trying to undo the protection would: every published figure
//!    says its true count lies in a range (0 is exact; 5 means 5 to 7,
//!    because 3 and 4 would have been suppressed; any other multiple of 5,
//!    m, means m − 2 to m + 2), a suppressed figure is at least 1 (at least
//!    0 when its parent is suppressed too), and the parts of each breakdown
//!    add up to their figure. For each suppressed figure the exact set of
//!    values consistent with everything published is worked out
//!    ([`feasible`]); while any of them allows only one value, the smallest
//!    published non-zero part beside it (or, when there is none, its
//!    parent) is suppressed too, and the check runs again.
//!
//! So every suppressed figure stays consistent with at least two different
//! true counts whatever else the same report shows. Shares are worked out
//! from the published (rounded) figures only, so they add nothing.

/// Counts of 1 up to this are suppressed.
pub const SMALLEST_PUBLISHED: i64 = 5;

/// An upper bound standing for "no limit" in the ranges below.
const UNBOUNDED: i64 = i64::MAX / 8;

/// Round a count of 5 or more to the nearest 5.
pub fn round5(value: i64) -> i64 {
    (value + 2) / 5 * 5
}

/// One figure in a tree of sums.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Node {
    value: i64,
    /// Never published ("the rest" of a breakdown).
    hidden: bool,
    /// The figure this one is part of, and which of its breakdowns.
    parent: Option<(usize, usize)>,
    /// How many breakdowns of this figure there are.
    breakdowns: usize,
}

/// Figures to publish, as trees of sums. Add parents before their parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    nodes: Vec<Node>,
}

/// A breakdown of a figure into parts that add up to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Breakdown {
    parent: usize,
    index: usize,
}

impl Figures {
    pub fn new() -> Self {
        Self::default()
    }

    /// A figure that is part of nothing.
    pub fn total(&mut self, value: i64) -> usize {
        self.push(value, false, None)
    }

    /// Start a breakdown of `parent` (a figure may have several).
    pub fn breakdown(&mut self, parent: usize) -> Breakdown {
        let index = self.nodes[parent].breakdowns;
        self.nodes[parent].breakdowns += 1;
        Breakdown { parent, index }
    }

    /// A published part of a breakdown.
    pub fn part(&mut self, of: Breakdown, value: i64) -> usize {
        self.push(value, false, Some((of.parent, of.index)))
    }

    /// The part of a breakdown that is never published: what is left of
    /// the figure once the published parts are taken away.
    pub fn rest(&mut self, of: Breakdown) -> usize {
        let shown: i64 = self
            .nodes
            .iter()
            .filter(|n| n.parent == Some((of.parent, of.index)))
            .map(|n| n.value)
            .sum();
        let value = self.nodes[of.parent].value - shown;
        debug_assert!(value >= 0, "parts add up to more than their figure");
        self.push(value.max(0), true, Some((of.parent, of.index)))
    }

    fn push(&mut self, value: i64, hidden: bool, parent: Option<(usize, usize)>) -> usize {
        debug_assert!(value >= 0, "counts are never negative");
        self.nodes.push(Node {
            value,
            hidden,
            parent,
            breakdowns: 0,
        });
        self.nodes.len() - 1
    }

    /// Apply the rules and return what may be published, by figure.
    pub fn publish(&self) -> Published {
        let n = self.nodes.len();
        let mut suppressed: Vec<bool> = self
            .nodes
            .iter()
            .map(|node| !node.hidden && (1..SMALLEST_PUBLISHED).contains(&node.value))
            .collect();
        loop {
            let before = suppressed.clone();
            self.hide_small_breakdowns(&mut suppressed);
            self.secondary(&mut suppressed);
            if suppressed == before {
                match self.first_pinned(&suppressed) {
                    Some(pinned) if self.protect(pinned, &mut suppressed) => {}
                    _ => break,
                }
            }
        }
        let values = (0..n)
            .map(|i| {
                let node = &self.nodes[i];
                if node.hidden || suppressed[i] {
                    None
                } else if node.value == 0 {
                    Some(0)
                } else {
                    Some(round5(node.value))
                }
            })
            .collect();
        Published {
            values,
            suppressed,
            parents: self.nodes.iter().map(|n| n.parent).collect(),
        }
    }

    /// Rule 3: the zeros under a suppressed figure are suppressed too.
    fn hide_small_breakdowns(&self, suppressed: &mut [bool]) {
        for (i, node) in self.nodes.iter().enumerate() {
            if let Some((p, _)) = node.parent {
                if !node.hidden && node.value == 0 && suppressed[p] {
                    suppressed[i] = true;
                }
            }
        }
    }

    /// Rule 4: a fully published breakdown never has exactly one part
    /// suppressed.
    fn secondary(&self, suppressed: &mut [bool]) {
        for (parent, breakdown) in self.breakdowns() {
            if suppressed[parent] {
                continue;
            }
            let parts = self.parts(parent, breakdown);
            if parts.iter().any(|&i| self.nodes[i].hidden) {
                continue;
            }
            if parts.iter().filter(|&&i| suppressed[i]).count() == 1 {
                if let Some(next) = self.smallest_published(&parts, suppressed) {
                    suppressed[next] = true;
                }
            }
        }
    }

    /// The first suppressed figure whose true count follows from the rest.
    fn first_pinned(&self, suppressed: &[bool]) -> Option<usize> {
        let ranges = feasible(&self.attacker_view(suppressed));
        (0..self.nodes.len()).find(|&i| suppressed[i] && ranges[i].0 >= ranges[i].1)
    }

    /// Rule 5: widen the uncertainty around a pinned figure by suppressing
    /// the smallest published non-zero part beside it, or else its parent,
    /// or, failing both, every non-zero figure. False when nothing was
    /// left to suppress.
    fn protect(&self, pinned: usize, suppressed: &mut [bool]) -> bool {
        if let Some((parent, breakdown)) = self.nodes[pinned].parent {
            let parts = self.parts(parent, breakdown);
            if let Some(next) = self.smallest_published(&parts, suppressed) {
                suppressed[next] = true;
                return true;
            }
            if !suppressed[parent] && !self.nodes[parent].hidden {
                suppressed[parent] = true;
                return true;
            }
        }
        // Nothing near it left to suppress (not reached with the trees
        // Kith publishes, but the figures must stay safe whatever their
        // shape): publish no count at all.
        let mut changed = false;
        for (i, node) in self.nodes.iter().enumerate() {
            if !node.hidden && node.value > 0 && !suppressed[i] {
                suppressed[i] = true;
                changed = true;
            }
        }
        changed
    }

    fn breakdowns(&self) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = self.nodes.iter().filter_map(|n| n.parent).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    fn parts(&self, parent: usize, breakdown: usize) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&i| self.nodes[i].parent == Some((parent, breakdown)))
            .collect()
    }

    fn smallest_published(&self, parts: &[usize], suppressed: &[bool]) -> Option<usize> {
        parts
            .iter()
            .copied()
            .filter(|&i| !suppressed[i] && !self.nodes[i].hidden && self.nodes[i].value > 0)
            .min_by_key(|&i| (self.nodes[i].value, i))
    }

    /// What the published figures say about each true count.
    fn attacker_view(&self, suppressed: &[bool]) -> Vec<Constraint> {
        self.nodes
            .iter()
            .enumerate()
            .map(|(i, node)| {
                let range = if node.hidden {
                    (0, UNBOUNDED)
                } else if suppressed[i] {
                    let parent_suppressed = node.parent.is_some_and(|(p, _)| suppressed[p]);
                    (if parent_suppressed { 0 } else { 1 }, UNBOUNDED)
                } else {
                    published_range(if node.value == 0 {
                        0
                    } else {
                        round5(node.value)
                    })
                };
                Constraint {
                    range,
                    parent: node.parent,
                }
            })
            .collect()
    }
}

/// The true counts consistent with one published value: 0 is exact, 5 is
/// 5 to 7 (3 and 4 are suppressed, not rounded up), any other multiple of 5
/// is itself give or take 2.
pub fn published_range(value: i64) -> (i64, i64) {
    match value {
        0 => (0, 0),
        SMALLEST_PUBLISHED => (SMALLEST_PUBLISHED, SMALLEST_PUBLISHED + 2),
        v => (v - 2, v + 2),
    }
}

/// What one figure says about its true count, and where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Constraint {
    /// The true count lies in this range (inclusive).
    pub range: (i64, i64),
    /// The figure it is part of, and which breakdown of it.
    pub parent: Option<(usize, usize)>,
}

/// For each figure, the range of true counts consistent with every
/// constraint at once (parents listed before their parts). Exact for trees
/// of sums: the values a figure can take given its own parts form a range
/// (the sums of the parts' ranges, met with its own), and so do the values
/// a part can take given its figure and the other parts.
pub fn feasible(constraints: &[Constraint]) -> Vec<(i64, i64)> {
    let n = constraints.len();
    // Bottom up: what each figure's own breakdowns allow.
    let mut up: Vec<(i64, i64)> = constraints.iter().map(|c| c.range).collect();
    let mut sums: std::collections::BTreeMap<(usize, usize), RangeSum> = Default::default();
    for i in (0..n).rev() {
        for (_, sum) in sums.range((i, 0)..=(i, usize::MAX)) {
            up[i] = (up[i].0.max(sum.lo), up[i].1.min(sum.hi()));
        }
        if let Some(key) = constraints[i].parent {
            sums.entry(key).or_default().add(up[i]);
        }
    }
    // Top down: what the figure above and the other parts allow.
    let mut down = up.clone();
    for i in 0..n {
        if let Some(key) = constraints[i].parent {
            let (parent_lo, parent_hi) = down[key.0];
            let (others_lo, others_hi) = sums[&key].without(up[i]);
            let lo = match others_hi {
                Some(h) => up[i].0.max(parent_lo - h),
                None => up[i].0,
            };
            let hi = up[i].1.min(parent_hi.saturating_sub(others_lo));
            down[i] = (lo, hi);
        }
    }
    down
}

/// The sum of some ranges, keeping count of the unbounded ones so that one
/// can be taken out again exactly.
#[derive(Debug, Clone, Copy, Default)]
struct RangeSum {
    lo: i64,
    finite_hi: i64,
    unbounded: usize,
}

impl RangeSum {
    fn add(&mut self, (lo, hi): (i64, i64)) {
        self.lo += lo;
        if hi >= UNBOUNDED {
            self.unbounded += 1;
        } else {
            self.finite_hi += hi;
        }
    }

    fn hi(&self) -> i64 {
        if self.unbounded > 0 {
            UNBOUNDED
        } else {
            self.finite_hi
        }
    }

    /// The sum without one of its ranges: (lower bound, upper bound or
    /// `None` when unbounded).
    fn without(&self, (lo, hi): (i64, i64)) -> (i64, Option<i64>) {
        let (finite_hi, unbounded) = if hi >= UNBOUNDED {
            (self.finite_hi, self.unbounded - 1)
        } else {
            (self.finite_hi - hi, self.unbounded)
        };
        (self.lo - lo, (unbounded == 0).then_some(finite_hi))
    }
}

/// The outcome of [`Figures::publish`].
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    values: Vec<Option<i64>>,
    suppressed: Vec<bool>,
    parents: Vec<Option<(usize, usize)>>,
}

impl Published {
    /// The published (rounded) count; `None` when suppressed or hidden.
    pub fn value(&self, i: usize) -> Option<i64> {
        self.values[i]
    }

    pub fn suppressed(&self, i: usize) -> bool {
        self.suppressed[i]
    }

    /// The share of its parent, from the published figures only: `None`
    /// for a figure without a parent or when either is not published.
    pub fn share(&self, i: usize) -> Option<f64> {
        let (parent, _) = self.parents[i]?;
        share(self.values[i]?, self.values[parent]?)
    }
}

/// `part / whole` to three decimal places; `None` when the whole is 0.
pub fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 / whole as f64 * 1000.0).round() / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding() {
        let cases = [
            (5, 5),
            (6, 5),
            (7, 5),
            (8, 10),
            (12, 10),
            (13, 15),
            (23, 25),
        ];
        for (v, r) in cases {
            assert_eq!(round5(v), r, "{v}");
        }
    }

    /// A question with `counts` under a total.
    fn question(counts: &[i64]) -> (Figures, Vec<usize>) {
        let mut f = Figures::new();
        let total = f.total(counts.iter().sum());
        let b = f.breakdown(total);
        let parts = counts.iter().map(|&c| f.part(b, c)).collect();
        (f, parts)
    }

    #[test]
    fn small_counts_are_suppressed_and_the_rest_rounded() {
        let (f, parts) = question(&[12, 8, 2, 0]);
        let p = f.publish();
        assert_eq!(p.value(0), Some(20));
        assert_eq!(p.value(parts[0]), Some(10));
        assert!(p.suppressed(parts[2]));
        // Exactly one suppressed part: the next smallest goes too.
        assert!(p.suppressed(parts[1]));
        assert_eq!(p.value(parts[3]), Some(0));
        assert_eq!(p.share(parts[0]), Some(0.5));
    }

    #[test]
    fn a_tight_total_forces_more_suppression() {
        // 5 + 1 + 1 = 7 publishes as 5; with the 5 shown, 7 is the only
        // total that fits and both ones would follow.
        let (f, parts) = question(&[5, 1, 1, 0]);
        let p = f.publish();
        assert!(p.suppressed(parts[1]) && p.suppressed(parts[2]));
        assert!(p.suppressed(parts[0]), "{p:?}");
        let ranges =
            feasible(&f.attacker_view(&(0..5).map(|i| p.suppressed(i)).collect::<Vec<_>>()));
        for &i in &parts[..3] {
            assert!(ranges[i].0 < ranges[i].1, "{i}: {:?}", ranges[i]);
        }
    }

    #[test]
    fn fewer_than_five_hides_the_whole_breakdown() {
        let (f, parts) = question(&[3, 0, 0, 0]);
        let p = f.publish();
        assert!(p.suppressed(0));
        assert!(parts.iter().all(|&i| p.suppressed(i)));
    }
}
