//! Why a computed value is what it is: the ordered checks that produced it, shown by the UI on
//! hover/click ("why?") and kept beside every result the rules engine returns.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// One human-readable check. Fixed wording costs nothing; formatted wording is shared, so the
/// same check can appear in the traces of several values of a row (eligibility explains the
/// threshold, the opportunity and the units) without being copied — reports hold tens of
/// thousands of rows in the browser.
#[derive(Clone)]
enum Step {
    Fixed(&'static str),
    Formatted(Arc<str>),
}

impl Step {
    fn as_str(&self) -> &str {
        match self {
            Step::Fixed(s) => s,
            Step::Formatted(s) => s,
        }
    }
}

impl From<&'static str> for Step {
    fn from(s: &'static str) -> Self {
        Step::Fixed(s)
    }
}

impl From<String> for Step {
    fn from(s: String) -> Self {
        Step::Formatted(s.into())
    }
}

/// Whether a computation writes down its checks. A report of a million rows computes its
/// values `Quiet` — no check is formatted or stored — and explains one row again, with
/// `Steps`, when its "why?" is opened: the same rule, run twice, so the two cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Explain {
    #[default]
    Steps,
    Quiet,
}

impl Explain {
    /// An empty trace of this kind.
    pub fn trace(self) -> Trace {
        match self {
            Explain::Steps => Trace::new(),
            Explain::Quiet => Trace::quiet(),
        }
    }
}

/// The ordered checks behind a value, e.g. `["PAU 140 < 150 → ineligible", "→ Upsell"]`.
/// Serialized as a plain array of strings. A quiet trace ([`Trace::quiet`]) takes no check
/// and has no steps: what is derived from it is quiet too. One pointer wide (a quiet trace
/// is a null one): a report row holds eight.
#[derive(Clone)]
// A boxed Vec, not a Vec: one pointer, where a Vec is three (clippy's `box_collection`
// weighs an extra allocation, but here the point is the width of the quiet case).
#[allow(clippy::box_collection)]
pub struct Trace(Option<Box<Vec<Step>>>);

impl Default for Trace {
    fn default() -> Self {
        Trace::new()
    }
}

impl Trace {
    pub fn new() -> Self {
        Trace(Some(Box::default()))
    }

    /// A trace that keeps nothing (see [`Explain`]).
    pub fn quiet() -> Self {
        Trace(None)
    }

    /// Whether this trace writes its checks down.
    pub fn explain(&self) -> Explain {
        match self.0 {
            Some(_) => Explain::Steps,
            None => Explain::Quiet,
        }
    }

    /// Appends a check (a `&'static str` or a formatted `String`).
    pub fn push(&mut self, step: impl Into<TraceStep>) {
        if let Some(steps) = &mut self.0 {
            steps.push(step.into().0);
        }
    }

    /// Appends the check `step` makes, formatting it only when this trace is not quiet.
    pub fn push_with<S: Into<TraceStep>>(&mut self, step: impl FnOnce() -> S) {
        if let Some(steps) = &mut self.0 {
            steps.push(step().into().0);
        }
    }

    /// Builder form of [`Trace::push`].
    pub fn with(mut self, step: impl Into<TraceStep>) -> Self {
        self.push(step);
        self
    }

    /// Builder form of [`Trace::push_with`].
    pub fn with_lazy<S: Into<TraceStep>>(mut self, step: impl FnOnce() -> S) -> Self {
        self.push_with(step);
        self
    }

    /// Appends every check of `other`, in order (a derived value repeats what it derives from).
    pub fn extend(&mut self, other: &Trace) {
        self.extend_skipping(other, 0);
    }

    /// Appends the checks of `other` after its first `skip` (those already said here).
    pub fn extend_skipping(&mut self, other: &Trace, skip: usize) {
        if let (Some(steps), Some(more)) = (&mut self.0, &other.0) {
            steps.extend(more.iter().skip(skip).cloned());
        }
    }

    /// Puts the checks of `first` before this trace's (a what-if's changes head every "why?").
    pub fn prepend(&mut self, first: &Trace) {
        if let (Some(steps), Some(more)) = (&mut self.0, &first.0) {
            steps.splice(0..0, more.iter().cloned());
        }
    }

    /// A copy of this trace followed by `step`.
    pub fn then(&self, step: impl Into<TraceStep>) -> Trace {
        self.clone().with(step)
    }

    pub fn steps(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.0
            .as_deref()
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(Step::as_str)
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.steps().map(str::to_string).collect()
    }

    pub fn len(&self) -> usize {
        self.steps().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The last check: usually the conclusion (`→ Upsell`).
    pub fn last(&self) -> Option<&str> {
        self.steps().last()
    }
}

/// Anything [`Trace::push`] accepts; keeps `Step` private so the representation can change.
pub struct TraceStep(Step);

impl From<&'static str> for TraceStep {
    fn from(s: &'static str) -> Self {
        TraceStep(s.into())
    }
}

impl From<String> for TraceStep {
    fn from(s: String) -> Self {
        TraceStep(s.into())
    }
}

impl<S: Into<TraceStep>> FromIterator<S> for Trace {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        Trace(Some(Box::new(
            iter.into_iter().map(|s| s.into().0).collect(),
        )))
    }
}

impl PartialEq for Trace {
    fn eq(&self, other: &Self) -> bool {
        self.steps().eq(other.steps())
    }
}

impl Eq for Trace {}

impl fmt::Debug for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.steps()).finish()
    }
}

/// One line, as in the spec's `PAU 140 < 150 → ineligible → Upsell`: a conclusion step (one
/// starting with `→`) follows its check with a space, other checks are separated by `; `.
impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.steps().enumerate() {
            if i > 0 {
                f.write_str(if s.starts_with('→') { " " } else { "; " })?;
            }
            f.write_str(s)?;
        }
        Ok(())
    }
}

impl Serialize for Trace {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.steps())
    }
}

impl<'de> Deserialize<'de> for Trace {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Vec::<String>::deserialize(deserializer)?
            .into_iter()
            .collect())
    }
}

/// A computed value and the checks that produced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Traced<T> {
    pub value: T,
    pub trace: Trace,
}

impl<T> Traced<T> {
    /// A finished trace no longer grows: its spare capacity is released, since reports keep
    /// eight of them per row.
    pub fn new(value: T, mut trace: Trace) -> Self {
        if let Some(steps) = &mut trace.0 {
            steps.shrink_to_fit();
        }
        Traced { value, trace }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quiet_trace_keeps_nothing_and_formats_nothing() {
        let mut formatted = 0;
        let mut quiet = Explain::Quiet.trace().with("fixed");
        quiet.push_with(|| {
            formatted += 1;
            format!("PAU {}", 140)
        });
        quiet.extend(&Trace::new().with("more"));
        assert_eq!(
            (quiet.len(), quiet.explain(), formatted),
            (0, Explain::Quiet, 0)
        );
        let mut loud = Explain::Steps.trace().with("fixed");
        loud.push_with(|| format!("PAU {}", 140));
        loud.extend(&quiet);
        assert_eq!(loud.to_vec(), ["fixed", "PAU 140"]);
        assert_eq!(loud.explain(), Explain::Steps);
    }

    #[test]
    fn displays_as_the_spec_writes_it() {
        let t: Trace = ["PAU 140 < 150 → ineligible", "→ Upsell"]
            .into_iter()
            .collect();
        assert_eq!(t.to_string(), "PAU 140 < 150 → ineligible → Upsell");
        let t = Trace::new()
            .with("PAU 200 ≥ 150 → eligible")
            .with(format!("claimed by us ({})", "C-1"))
            .with("→ Claim workload");
        assert_eq!(
            t.to_string(),
            "PAU 200 ≥ 150 → eligible; claimed by us (C-1) → Claim workload"
        );
        assert_eq!(t.last(), Some("→ Claim workload"));
    }

    #[test]
    fn serializes_as_strings_and_back() {
        let t = Trace::new().with("a").with(String::from("b"));
        let json = serde_json::to_string(&Traced::new(3u8, t.clone())).unwrap();
        assert_eq!(json, r#"{"value":3,"trace":["a","b"]}"#);
        let back: Traced<u8> = serde_json::from_str(&json).unwrap();
        assert_eq!(back.trace, t);
        assert_eq!(format!("{:?}", back.trace), r#"["a", "b"]"#);
    }

    #[test]
    fn extend_and_then_keep_order() {
        let a = Trace::new().with("1").with(String::from("2"));
        let mut b = Trace::new().with("0");
        b.extend(&a);
        assert_eq!(b.then("3").to_vec(), ["0", "1", "2", "3"]);
        assert_eq!(b.len(), 3);
        let mut c = Trace::new().with("x");
        c.extend_skipping(&b, 2);
        assert_eq!(c.to_vec(), ["x", "2"]);
        c.prepend(&a);
        assert_eq!(c.to_vec(), ["1", "2", "x", "2"]);
    }
}
