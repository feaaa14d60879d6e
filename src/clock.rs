//! A once-a-second clock for countdowns (assertion expiry, token expiry).
use crate::browser::clock::now_unix;
use leptos::prelude::*;
use std::time::Duration;

#[derive(Clone, Copy)]
pub struct Clock {
    pub now: RwSignal<i64>,
}

impl Clock {
    pub fn start() -> Clock {
        let now = RwSignal::new(now_unix() as i64);
        // Ticking is the only periodic work the page does; it updates a few text nodes.
        let _ = set_interval_with_handle(move || now.set(now_unix() as i64), Duration::from_secs(1));
        Clock { now }
    }

    /// Reads the time again now: a countdown that starts on a fresh timestamp (a new
    /// assertion, a response) must not compare it with a tick up to a second old.
    pub fn touch(&self) {
        self.now.set(now_unix() as i64);
    }
}

/// "4:58", "1:02:03", "12 s".
pub fn duration(seconds: i64) -> String {
    let s = seconds.abs();
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{}:{:02}", s / 60, s % 60),
        _ => format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60),
    }
}

/// `2026-11-25 16:01:22 UTC`.
pub fn utc(unix: i64) -> String {
    let iso = crate::browser::clock::iso_8601(unix as f64);
    match iso.get(..19) {
        Some(prefix) => format!("{} UTC", prefix.replace('T', " ")),
        None => iso,
    }
}

/// `value` as a whole number, rounded as `format!("{:.0}")` rounds (half to even), without
/// that: float formatting costs the page about 9 KB of WebAssembly, for milliseconds and KB.
pub fn whole(value: f64) -> String {
    (value.round_ties_even() as i64).to_string()
}

#[cfg(test)]
mod whole_tests {
    /// The same text `format!("{:.0}")` gives, halves included.
    #[test]
    fn whole_rounds_as_float_formatting_does() {
        for value in [0.0, 0.4, 0.5, 1.5, 2.5, 71.49, 256.5, 257.5, 1023.999, 12_345.6] {
            assert_eq!(super::whole(value), format!("{value:.0}"), "{value}");
        }
    }
}
