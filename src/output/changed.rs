//! A large file written into the staging folder as it is made, so that it
//! is never held whole in memory: while its bytes match the last site's
//! file nothing is written, and a file that matches to the end is linked
//! in from the last site, as `Staging::put` does for files made whole.

use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// Takes a file's bytes in order and writes the file at `target` only
/// from where they first differ from `old`'s (copying the part before it).
pub(super) struct IfChanged {
    target: PathBuf,
    /// The last site's file, while the bytes so far match it.
    old: Option<(PathBuf, BufReader<File>)>,
    /// How many bytes matched.
    matched: u64,
    /// The new file, once the bytes differ.
    new: Option<BufWriter<File>>,
    /// For reading the old file's bytes to compare, kept to reuse.
    theirs: Vec<u8>,
}

impl IfChanged {
    /// Write `target`, comparing with `old` when it is a regular file.
    pub(super) fn new(target: PathBuf, old: Option<PathBuf>) -> IfChanged {
        let old = old
            .filter(|old| fs::symlink_metadata(old).is_ok_and(|m| m.file_type().is_file()))
            .and_then(|old| Some((old.clone(), BufReader::new(File::open(&old).ok()?))));
        IfChanged {
            target,
            old,
            matched: 0,
            new: None,
            theirs: Vec::new(),
        }
    }

    /// The file complete: the last site's linked in when every byte
    /// matched it, else the new one flushed.
    pub(super) fn finish(mut self) -> io::Result<()> {
        if let Some((old_path, mut old)) = self.old.take() {
            let mut more = [0_u8; 1];
            if old.read(&mut more)? == 0 && fs::hard_link(&old_path, &self.target).is_ok() {
                return Ok(());
            }
            // The old file is longer, or cannot be linked: write what matched.
            self.start(&old_path)?;
        }
        match self.new.as_mut() {
            Some(new) => new.flush(),
            // Nothing was written and there was no old file: an empty file.
            None => File::create(&self.target).map(drop),
        }
    }

    /// Start the new file with the `matched` bytes of `old_path`.
    fn start(&mut self, old_path: &Path) -> io::Result<()> {
        let mut new = BufWriter::new(File::create(&self.target)?);
        if self.matched > 0 {
            let copied = io::copy(&mut File::open(old_path)?.take(self.matched), &mut new)?;
            if copied != self.matched {
                return Err(io::Error::other("the last site changed while it was read"));
            }
        }
        self.new = Some(new);
        Ok(())
    }
}

impl Write for IfChanged {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(new) = &mut self.new {
            return new.write(buf);
        }
        if let Some((old_path, old)) = &mut self.old {
            self.theirs.resize(buf.len(), 0);
            let read = read_up_to(old, &mut self.theirs)?;
            if read == buf.len() && self.theirs == buf {
                self.matched += buf.len() as u64;
                return Ok(buf.len());
            }
            let old_path = old_path.clone();
            self.old = None;
            self.start(&old_path)?;
        } else {
            self.start(Path::new(""))?;
        }
        self.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.new.as_mut().map_or(Ok(()), Write::flush)
    }
}

/// Fill `buf` from `from` as far as it goes; the number of bytes read.
fn read_up_to(from: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match from.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    /// Write `bytes` in pieces of `piece` bytes to `new.txt` beside `old`.
    fn write(folder: &Path, old: Option<&[u8]>, bytes: &[u8], piece: usize) -> PathBuf {
        let old_path = folder.join("old.txt");
        let _ = fs::remove_file(&old_path);
        if let Some(old) = old {
            fs::write(&old_path, old).expect("old");
        }
        let target = folder.join("new.txt");
        let _ = fs::remove_file(&target);
        let mut out = IfChanged::new(target.clone(), Some(old_path));
        for chunk in bytes.chunks(piece) {
            out.write_all(chunk).expect("write");
        }
        out.finish().expect("finish");
        target
    }

    #[test]
    fn a_file_is_written_whole_whatever_the_last_one_held() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let bytes: Vec<u8> = (0..100_000_u32).map(|n| (n % 251) as u8).collect();
        let mut changed_late = bytes.clone();
        changed_late[99_000] ^= 1;
        let mut changed_early = bytes.clone();
        changed_early[3] ^= 1;
        let olds: [Option<&[u8]>; 6] = [
            None,
            Some(b""),
            Some(&bytes[..50_000]),
            Some(&changed_late),
            Some(&changed_early),
            Some(&[bytes.as_slice(), b"more"].concat()),
        ];
        for old in olds {
            for piece in [1, 7, 4096, 200_000] {
                let target = write(folder.path(), old, &bytes, piece);
                assert!(fs::read(&target).expect("new") == bytes, "piece {piece}");
                let linked = fs::metadata(&target).expect("new").nlink() > 1;
                assert!(!linked, "a different old file is never linked");
            }
        }
        assert!(
            fs::read(write(folder.path(), Some(b"x"), b"", 1))
                .expect("new")
                .is_empty()
        );
    }

    #[test]
    fn a_file_equal_to_the_last_ones_is_linked_not_written() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let bytes: Vec<u8> = (0..100_000_u32).map(|n| (n % 251) as u8).collect();
        let target = write(folder.path(), Some(&bytes), &bytes, 4096);
        let old = fs::metadata(folder.path().join("old.txt")).expect("old");
        let new = fs::metadata(&target).expect("new");
        assert_eq!(new.ino(), old.ino(), "the last site's file, linked");
        assert_eq!(fs::read(&target).expect("new"), bytes);
    }
}
