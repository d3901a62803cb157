//! User Timing measures of the data path (`performance.measure`): the browser's profiler and
//! the benchmarks (`end2end/bench/scale.mjs`) read where the time to first rows goes —
//! receiving and decoding the snapshot into records, building a report's rows.

/// A measure being taken: `insights:{name}`, from `start` to `end`.
pub struct Span(String);

impl Span {
    pub fn start(name: &str) -> Span {
        let name = format!("insights:{name}");
        if let Some(p) = performance() {
            // A failure to record a measure must never fail the work measured.
            let _ = p.mark(&format!("{name}:start"));
        }
        Span(name)
    }

    pub fn end(self) {
        if let Some(p) = performance() {
            let _ = p.measure_with_start_mark(&self.0, &format!("{}:start", self.0));
        }
    }
}

/// Runs `f` and records its duration as the measure `insights:{name}`.
pub fn measure<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let span = Span::start(name);
    let out = f();
    span.end();
    out
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}
