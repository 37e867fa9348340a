//! A progress line on standard error for work that takes more than a moment:
//! takes a label and a count the work moves on, and redraws one line on a
//! terminal until the work is done, then clears it. Nothing is drawn when
//! standard error is not a terminal, with `--quiet`, or for work that ends
//! within the first half second.

use std::io::IsTerminal as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

/// Work shorter than this shows no progress line at all.
const QUIET_START: Duration = Duration::from_millis(500);
/// How often the line is redrawn.
const TICK: Duration = Duration::from_millis(100);

/// A progress line being drawn; `finish` (or dropping it) clears it.
pub(crate) struct Progress {
    count: Arc<AtomicUsize>,
    stop: Option<mpsc::Sender<()>>,
    drawer: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    /// Start a line that reads `{label}: {count} {unit}` (or `{label}...`
    /// without a unit) once the work has taken half a second, on a terminal
    /// only.
    pub(crate) fn start(label: &str, unit: &'static str) -> Progress {
        let shown = std::io::stderr().is_terminal() && !super::console::is_quiet();
        match shown {
            true => Progress::drawing(label, unit, Box::new(std::io::stderr()), QUIET_START),
            false => Progress {
                count: Arc::new(AtomicUsize::new(0)),
                stop: None,
                drawer: None,
            },
        }
    }

    /// A line drawn into `out` once `delay` has passed.
    fn drawing(
        label: &str,
        unit: &'static str,
        mut out: Box<dyn std::io::Write + Send>,
        delay: Duration,
    ) -> Progress {
        let count = Arc::new(AtomicUsize::new(0));
        let (stop, stopped) = mpsc::channel::<()>();
        let label = label.to_owned();
        let counted = Arc::clone(&count);
        let drawer =
            std::thread::spawn(move || draw(&mut *out, &label, unit, &counted, delay, &stopped));
        Progress {
            count,
            stop: Some(stop),
            drawer: Some(drawer),
        }
    }

    /// One more item done; cheap enough to call from every thread.
    pub(crate) fn tick(&self) {
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    /// Stop drawing and clear the line.
    pub(crate) fn finish(mut self) {
        self.stop_drawing();
    }

    fn stop_drawing(&mut self) {
        // Dropping the sender wakes the drawer, which clears its line.
        self.stop.take();
        if let Some(drawer) = self.drawer.take() {
            let _ = drawer.join();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop_drawing();
    }
}

/// Redraw the line every tick once `delay` has passed, until told to stop;
/// then clear it.
fn draw(
    out: &mut dyn std::io::Write,
    label: &str,
    unit: &str,
    count: &AtomicUsize,
    delay: Duration,
    stopped: &mpsc::Receiver<()>,
) {
    if stopped.recv_timeout(delay) != Err(mpsc::RecvTimeoutError::Timeout) {
        return;
    }
    let mut width: usize = 0;
    loop {
        let line = match unit {
            "" => format!("{label}..."),
            _ => format!("{label}: {} {unit}", count.load(Ordering::Relaxed)),
        };
        let padding = width.saturating_sub(line.len());
        width = line.len();
        let _ = write!(out, "\r{line}{:padding$}", "");
        let _ = out.flush();
        if stopped.recv_timeout(TICK) != Err(mpsc::RecvTimeoutError::Timeout) {
            break;
        }
    }
    let _ = write!(out, "\r{:width$}\r", "");
    let _ = out.flush();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// A writer whose bytes the test can read afterwards.
    #[derive(Clone, Default)]
    struct Screen(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Screen {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("lock").extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn shown(screen: &Screen) -> String {
        String::from_utf8(screen.0.lock().expect("lock").clone()).expect("text")
    }

    #[test]
    fn the_line_counts_then_is_cleared() {
        let screen = Screen::default();
        let progress = Progress::drawing(
            "building the site",
            "files written",
            Box::new(screen.clone()),
            Duration::ZERO,
        );
        for _ in 0..3 {
            progress.tick();
        }
        // Wait for a redraw that shows all three.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !shown(&screen).contains("building the site: 3 files written")
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(20));
        }
        progress.finish();
        let text = shown(&screen);
        assert!(text.starts_with("\rbuilding the site: "), "{text:?}");
        assert!(
            text.contains("building the site: 3 files written"),
            "{text:?}"
        );
        let blank = format!(
            "\r{}\r",
            " ".repeat("building the site: 3 files written".len())
        );
        assert!(
            text.ends_with(&blank),
            "the line is cleared at the end: {text:?}"
        );
    }

    #[test]
    fn work_done_within_the_delay_draws_nothing() {
        let screen = Screen::default();
        let progress = Progress::drawing(
            "checking the records",
            "",
            Box::new(screen.clone()),
            Duration::from_secs(60),
        );
        progress.finish();
        assert_eq!(shown(&screen), "");
    }
}
