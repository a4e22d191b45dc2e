//! Frame-time log to stderr (`PATCHWORK_FRAME_STATS=1`), for checking smoothness on big maps.

use std::time::Instant;

/// CPU time of recent frames (eframe's measure: the app's code, tessellation and rendering,
/// not waiting for the display), summarised to stderr every two seconds of activity.
pub(super) struct FrameStats {
    since: Instant,
    samples: Vec<f32>,
}

impl FrameStats {
    /// Frame stats when `PATCHWORK_FRAME_STATS` is set.
    pub(super) fn from_env() -> Option<Self> {
        std::env::var_os("PATCHWORK_FRAME_STATS").map(|_| Self { since: Instant::now(), samples: Vec::new() })
    }

    /// Adds a frame's CPU time; every two seconds prints the median, 95th percentile and
    /// longest to stderr.
    pub(super) fn record(&mut self, seconds: f32, orgs: usize) {
        self.samples.push(seconds * 1000.0);
        if self.since.elapsed().as_secs_f32() >= 2.0 {
            let mut ms = std::mem::take(&mut self.samples);
            ms.sort_by(f32::total_cmp);
            let at = |q: f32| ms[crate::convert::round_px((ms.len() - 1) as f32 * q) as usize];
            #[allow(clippy::print_stderr)] // the point of this option
            {
                eprintln!(
                    "frames: {} in {:.1} s, {orgs} organisations; CPU per frame: median {:.1} ms, 95% {:.1} ms, max {:.1} ms",
                    ms.len(),
                    self.since.elapsed().as_secs_f32(),
                    at(0.5),
                    at(0.95),
                    at(1.0)
                );
            }
            self.since = Instant::now();
        }
    }
}
