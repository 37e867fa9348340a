//! The one way actionplan reads a file of the repository, and makes a
//! folder in it. Takes the repository root and a path relative to it (with
//! `/`); gives the file's bytes, or the reason it is refused in words a
//! records keeper can act on.
//!
//! The rule: a file is read only if it is a regular file inside the root,
//! reached through real folders (no symbolic link anywhere below the root,
//! the file itself included), and no larger than a limit. A link, a named
//! pipe, a device or a socket is refused before anything is read from it,
//! so nothing outside the repository is read or published, and nothing can
//! make a read block or run on for ever. See docs/hardening.md.

use std::ffi::OsStr;
use std::fs;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

/// Why a file was not read.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// There is no such file (a default then stands in, where there is one).
    Missing,
    /// The file, or a folder on the way to it (`at`, relative to the root),
    /// is a symbolic link.
    Link { at: String },
    /// Not a regular file: a folder, a named pipe, a device or a socket.
    NotRegular { kind: &'static str },
    /// Larger than the limit, in bytes.
    TooLarge { size: u64, limit: u64 },
    /// The system refused: permissions, a vanished file, …
    Io(io::Error),
}

impl Refusal {
    /// The reason, to follow "… could not be read: ".
    pub(crate) fn reason(&self) -> String {
        match self {
            Refusal::Missing => "there is no such file".to_owned(),
            Refusal::Link { at } => format!(
                "`{at}` is a symbolic link, and actionplan never follows one: it could lead outside the repository"
            ),
            Refusal::NotRegular { kind } => {
                format!("it is {kind}, not a regular file")
            }
            Refusal::TooLarge { size, limit } => format!(
                "it is too large ({} KB; the limit is {} KB)",
                size / 1024,
                limit / 1024
            ),
            Refusal::Io(error) => io_reason(&error.to_string()),
        }
    }
}

/// The reason part of an IO error, without the OS error number.
pub(crate) fn io_reason(message: &str) -> String {
    match message.find(" (os error") {
        Some(i) => message[..i].to_lowercase(),
        None => message.to_lowercase(),
    }
}

/// Read `relative` under `root` by the rule above. Each folder on the way is
/// opened in turn from the one before it, never following a link, so a
/// folder swapped for a link at any moment is refused, not followed.
pub(crate) fn read_in_root(root: &Path, relative: &str, limit: u64) -> Result<Vec<u8>, Refusal> {
    if !is_plain_relative(relative) {
        return Err(outside());
    }
    let (folder, name) = relative.rsplit_once('/').unwrap_or(("", relative));
    open_folder(root, Path::new(folder))?.read(OsStr::new(name), limit)
}

/// A folder beneath the root, opened by the rule above, to read several of
/// its files without opening every folder on the way again for each.
pub(crate) struct Folder {
    opened: beneath::Opened,
    /// Relative to the root, `""` for the root itself.
    relative: String,
}

/// Open the folder `relative` (empty for the root) under `root`, each folder
/// on the way from the one before it, never following a link. The path is
/// taken as the file system gives it, so a folder whose name is not UTF-8 is
/// still found.
pub(crate) fn open_folder(root: &Path, relative: &Path) -> Result<Folder, Refusal> {
    if !is_plain_folder(relative) {
        return Err(outside());
    }
    let opened = beneath::open(root, relative)?;
    Ok(Folder {
        opened,
        relative: shown(relative),
    })
}

/// Whether `relative` is a folder path of plain names only.
fn is_plain_folder(relative: &Path) -> bool {
    relative
        .components()
        .all(|part| matches!(part, std::path::Component::Normal(_)))
}

impl Folder {
    /// Open the folder `relative` beneath this one by the rule above, as
    /// `open_folder` would from the root, without opening again the
    /// folders on the way to this one.
    pub(crate) fn open_below(&self, relative: &Path) -> Result<Folder, Refusal> {
        if !is_plain_folder(relative) {
            return Err(outside());
        }
        let opened = beneath::open_below(&self.opened, &self.relative, relative)?;
        Ok(Folder {
            opened,
            relative: self.path_of(&shown(relative)),
        })
    }

    /// `below` (a path in this folder as messages show it, `""` for the
    /// folder itself) from the root.
    fn path_of(&self, below: &str) -> String {
        match (self.relative.is_empty(), below.is_empty()) {
            (true, _) => below.to_owned(),
            (false, true) => self.relative.clone(),
            (false, false) => format!("{}/{below}", self.relative),
        }
    }

    /// Read the file `name` in this folder by the rule above, looking at
    /// what it is before opening it.
    pub(crate) fn read(&self, name: &OsStr, limit: u64) -> Result<Vec<u8>, Refusal> {
        self.read_file(name, limit, true)
    }

    /// Read the file `name`, which a listing of this folder has just shown
    /// to be a regular file: that look stands for the one before opening.
    /// Anything put in its place since is still refused unread (a link is
    /// not followed, a pipe not waited on, and what was opened is checked).
    pub(crate) fn read_listed(&self, name: &OsStr, limit: u64) -> Result<Vec<u8>, Refusal> {
        self.read_file(name, limit, false)
    }

    fn read_file(&self, name: &OsStr, limit: u64, look_first: bool) -> Result<Vec<u8>, Refusal> {
        let mut parts = Path::new(name).components();
        let one_plain_part =
            matches!(parts.next(), Some(std::path::Component::Normal(_))) && parts.next().is_none();
        if !one_plain_part || name.to_string_lossy().contains(is_separator) {
            return Err(outside());
        }
        // Named only in a refusal, so made only then.
        let relative = || self.path_of(&name.to_string_lossy());
        beneath::read(&self.opened, name, &relative, limit, look_first)
    }
}

/// A path relative to the root as messages show it: its parts joined by
/// `/` on every system.
fn shown(relative: &Path) -> String {
    let parts: Vec<_> = relative.iter().map(|part| part.to_string_lossy()).collect();
    parts.join("/")
}

/// Whether `c` separates folders in a path: `/`, and on Windows `\` too (on
/// Unix a `\` is an ordinary character of a file name).
fn is_separator(c: char) -> bool {
    c == '/' || (cfg!(not(unix)) && c == '\\')
}

fn outside() -> Refusal {
    Refusal::Io(io::Error::new(
        io::ErrorKind::InvalidInput,
        "the path leads outside the repository",
    ))
}

/// Whether `relative` names something below the root: not absolute, and
/// no `.` or `..` part.
fn is_plain_relative(relative: &str) -> bool {
    !relative.starts_with('/')
        && !relative.contains(|c| c != '/' && is_separator(c))
        && relative.split('/').all(|part| part != "." && part != "..")
}

/// Check that every folder of `relative` (a folder path under `root`, `""`
/// for the root itself) is a real folder, not a link to one. A folder that
/// does not exist is `Missing`.
pub(crate) fn real_folders(root: &Path, relative: &str) -> Result<(), Refusal> {
    let mut path = root.to_owned();
    let mut walked = String::new();
    for part in relative.split('/').filter(|p| !p.is_empty()) {
        path.push(part);
        if !walked.is_empty() {
            walked.push('/');
        }
        walked.push_str(part);
        let meta = fs::symlink_metadata(&path).map_err(missing_or_io)?;
        if meta.file_type().is_symlink() {
            return Err(Refusal::Link { at: walked });
        }
        if !meta.is_dir() {
            return Err(Refusal::NotRegular {
                kind: kind_of(&meta.file_type()),
            });
        }
    }
    Ok(())
}

/// Read an opened file if it is a regular file no larger than `limit`.
fn read_opened(handle: fs::File, limit: u64) -> Result<Vec<u8>, Refusal> {
    let meta = handle.metadata().map_err(Refusal::Io)?;
    if !meta.is_file() {
        return Err(Refusal::NotRegular {
            kind: kind_of(&meta.file_type()),
        });
    }
    let size = meta.len();
    if size > limit {
        return Err(Refusal::TooLarge { size, limit });
    }
    // Read as long as it was when opened: no more than its size then, so
    // no second read is made only to find the end (a tenth of the system
    // time of reading 100,000 records). One that shrank meanwhile ends
    // early. A size of 0 may not be true of every file system, so such a
    // file is read to its end, within the limit.
    let upto = if size == 0 {
        limit.saturating_add(1)
    } else {
        size
    };
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    handle
        .take(upto)
        .read_to_end(&mut bytes)
        .map_err(Refusal::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

fn missing_or_io(error: io::Error) -> Refusal {
    if error.kind() == io::ErrorKind::NotFound {
        Refusal::Missing
    } else {
        Refusal::Io(error)
    }
}

/// What a file that is not a regular file is, in words.
pub(crate) fn kind_of(file_type: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// Make the folder `relative` under `root`, and any folder on the way, each
/// a real folder: an existing link on the way is refused, so nothing is ever
/// written through one to somewhere outside the repository. Gives the
/// folder's path.
pub(crate) fn make_real_folders(root: &Path, relative: &str) -> Result<PathBuf, Refusal> {
    let mut path = root.to_owned();
    let mut walked = String::new();
    for part in relative.split('/').filter(|p| !p.is_empty()) {
        path.push(part);
        if !walked.is_empty() {
            walked.push('/');
        }
        walked.push_str(part);
        match fs::create_dir(&path) {
            Ok(()) => continue,
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(Refusal::Io(error)),
        }
        let meta = fs::symlink_metadata(&path).map_err(Refusal::Io)?;
        if meta.file_type().is_symlink() {
            return Err(Refusal::Link { at: walked });
        }
        if !meta.is_dir() {
            return Err(Refusal::NotRegular {
                kind: kind_of(&meta.file_type()),
            });
        }
    }
    Ok(path)
}

/// Reading a file beneath the root by opening each folder from the one
/// before it (`openat`), never following a link, so what is checked is what
/// is read.
#[cfg(unix)]
mod beneath {
    use super::{Refusal, read_opened};
    use rustix::fs::{AtFlags, CWD, FileType, Mode, OFlags, openat, statat};
    use rustix::io::Errno;
    use std::ffi::OsStr;
    use std::os::fd::OwnedFd;
    use std::path::Path;

    /// An opened folder.
    pub(super) type Opened = OwnedFd;

    const FOLDER: OFlags = OFlags::RDONLY
        .union(OFlags::DIRECTORY)
        .union(OFlags::CLOEXEC);

    /// Open `folder` under `root`, each part from the one before it.
    pub(super) fn open(root: &Path, folder: &Path) -> Result<OwnedFd, Refusal> {
        let dir = openat(CWD, root, FOLDER, Mode::empty()).map_err(plain)?;
        Ok(descend(&dir, "", folder)?.unwrap_or(dir))
    }

    /// Open `folder` under the opened folder `dir` (`at` from the root, `""`
    /// for the root), each part from the one before it.
    pub(super) fn open_below(dir: &OwnedFd, at: &str, folder: &Path) -> Result<OwnedFd, Refusal> {
        match descend(dir, at, folder)? {
            Some(opened) => Ok(opened),
            None => openat(dir, ".", FOLDER, Mode::empty()).map_err(plain),
        }
    }

    /// The folder `folder` under `dir`, opened each part from the one
    /// before it; `None` when `folder` is empty, `dir` itself.
    fn descend(dir: &OwnedFd, at: &str, folder: &Path) -> Result<Option<OwnedFd>, Refusal> {
        let mut opened: Option<OwnedFd> = None;
        let mut walked = at.to_owned();
        for part in folder.iter() {
            if !walked.is_empty() {
                walked.push('/');
            }
            walked.push_str(&part.to_string_lossy());
            let from = opened.as_ref().unwrap_or(dir);
            let next = openat(from, part, FOLDER | OFlags::NOFOLLOW, Mode::empty());
            opened = Some(next.map_err(|errno| refuse(from, part, &walked, errno))?);
        }
        Ok(opened)
    }

    /// Read the file `name` of the opened folder `dir` (`relative` from the
    /// root), looking at what it is first when `look_first`.
    pub(super) fn read(
        dir: &OwnedFd,
        name: &OsStr,
        relative: &dyn Fn() -> String,
        limit: u64,
        look_first: bool,
    ) -> Result<Vec<u8>, Refusal> {
        // Look before opening, so a device is never opened.
        if look_first {
            let stat = statat(dir, name, AtFlags::SYMLINK_NOFOLLOW).map_err(plain)?;
            if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
                let kind = FileType::from_raw_mode(stat.st_mode);
                return Err(refusal_for(kind, &relative()));
            }
        }
        // Opened without following a link nor waiting for a writer (nor
        // taking a terminal as the controlling one): a link, pipe, socket or
        // device put in its place since is refused, never read.
        let file_flags =
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
        let file = openat(dir, name, file_flags, Mode::empty())
            .map_err(|errno| refuse(dir, name, &relative(), errno))?;
        read_opened(std::fs::File::from(file), limit)
    }

    /// Why `name` in `dir` (`at` from the root) could not be opened.
    fn refuse(dir: &OwnedFd, name: &OsStr, at: &str, errno: Errno) -> Refusal {
        // A link, a file where a folder should be, a socket, or a device
        // with no driver: said as what it is.
        let what_it_is = [Errno::LOOP, Errno::NOTDIR, Errno::NXIO, Errno::NODEV];
        if what_it_is.contains(&errno)
            && let Ok(stat) = statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)
        {
            return refusal_for(FileType::from_raw_mode(stat.st_mode), at);
        }
        plain(errno)
    }

    fn refusal_for(file_type: FileType, at: &str) -> Refusal {
        let kind = match file_type {
            FileType::Symlink => return Refusal::Link { at: at.to_owned() },
            FileType::Directory => "a folder",
            FileType::Fifo => "a named pipe",
            FileType::BlockDevice | FileType::CharacterDevice => "a device",
            FileType::Socket => "a socket",
            FileType::RegularFile => "a file where a folder should be",
            FileType::Unknown => "not a regular file",
        };
        Refusal::NotRegular { kind }
    }

    fn plain(errno: Errno) -> Refusal {
        super::missing_or_io(errno.into())
    }
}

/// Reading a file beneath the root where there is no `openat`: each folder
/// is checked, then the file is opened by its path.
#[cfg(not(unix))]
mod beneath {
    use super::{Refusal, kind_of, missing_or_io, read_opened, real_folders};
    use std::fs;
    use std::path::{Path, PathBuf};

    /// An opened folder: its path, once every folder on the way is checked.
    pub(super) type Opened = PathBuf;

    pub(super) fn open(root: &Path, folder: &Path) -> Result<PathBuf, Refusal> {
        real_folders(root, &super::shown(folder))?;
        Ok(root.join(folder))
    }

    pub(super) fn open_below(dir: &PathBuf, at: &str, folder: &Path) -> Result<PathBuf, Refusal> {
        open(dir, folder).map_err(|refusal| match refusal {
            // Named from the root, as every refusal is.
            Refusal::Link { at: below } if !at.is_empty() => Refusal::Link {
                at: format!("{at}/{below}"),
            },
            other => other,
        })
    }

    pub(super) fn read(
        folder: &PathBuf,
        name: &std::ffi::OsStr,
        relative: &dyn Fn() -> String,
        limit: u64,
        _look_first: bool,
    ) -> Result<Vec<u8>, Refusal> {
        read_regular(&folder.join(name), limit).map_err(|refusal| match refusal {
            Refusal::Link { .. } => Refusal::Link { at: relative() },
            other => other,
        })
    }

    /// Read the file at `path` if it is a regular file no larger than `limit`;
    /// what was opened is checked again.
    fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
        let meta = fs::symlink_metadata(path).map_err(missing_or_io)?;
        if meta.file_type().is_symlink() {
            return Err(Refusal::Link {
                at: path.display().to_string(),
            });
        }
        if !meta.is_file() {
            return Err(Refusal::NotRegular {
                kind: kind_of(&meta.file_type()),
            });
        }
        let handle = fs::File::open(path).map_err(missing_or_io)?;
        read_opened(handle, limit)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_pipes_and_large_files_are_refused_unread() {
        let root = tempfile::tempdir().expect("temp dir");
        let outside = tempfile::tempdir().expect("outside");
        fs::write(outside.path().join("secret"), "KEY=1").expect("write");
        fs::create_dir(root.path().join("templates")).expect("dir");
        std::os::unix::fs::symlink(
            outside.path().join("secret"),
            root.path().join("templates/a"),
        )
        .expect("link");
        std::os::unix::fs::symlink(outside.path(), root.path().join("linked")).expect("link");
        fs::write(root.path().join("big"), "0123456789").expect("write");
        let read = |relative: &str| read_in_root(root.path(), relative, 5);
        assert!(matches!(read("templates/a"), Err(Refusal::Link { at }) if at == "templates/a"));
        assert!(matches!(read("linked/secret"), Err(Refusal::Link { at }) if at == "linked"));
        assert!(matches!(
            read("big"),
            Err(Refusal::TooLarge { size: 10, limit: 5 })
        ));
        assert!(matches!(read("none"), Err(Refusal::Missing)));
        assert!(matches!(read("linked/none"), Err(Refusal::Link { at }) if at == "linked"));
        assert!(matches!(
            read("big/x"),
            Err(Refusal::NotRegular {
                kind: "a file where a folder should be"
            })
        ));
        assert!(matches!(
            read("templates"),
            Err(Refusal::NotRegular { kind: "a folder" })
        ));
        assert!(matches!(read("/dev/null"), Err(Refusal::Io(_))));
        assert!(matches!(read("templates/../big"), Err(Refusal::Io(_))));
        let dev = open_folder(Path::new("/dev"), Path::new("")).expect("/dev");
        assert!(matches!(
            dev.read(OsStr::new("zero"), 5),
            Err(Refusal::NotRegular { kind: "a device" })
        ));
        let templates = open_folder(root.path(), Path::new("templates")).expect("templates");
        let name = |name: &str| templates.read(OsStr::new(name), 5);
        assert!(matches!(name("a"), Err(Refusal::Link { at }) if at == "templates/a"));
        assert!(matches!(name("../big"), Err(Refusal::Io(_))));
        assert!(matches!(name(".."), Err(Refusal::Io(_))));
        assert!(matches!(
            open_folder(root.path(), Path::new("../x")),
            Err(Refusal::Io(_))
        ));
    }

    #[test]
    fn a_folder_opened_below_another_is_refused_as_from_the_root() {
        let root = tempfile::tempdir().expect("temp dir");
        let outside = tempfile::tempdir().expect("outside");
        fs::write(outside.path().join("x.md"), "KEY=1").expect("write");
        fs::create_dir_all(root.path().join("records/a/b")).expect("dirs");
        fs::write(root.path().join("records/a/b/r.md"), "text").expect("write");
        std::os::unix::fs::symlink(outside.path(), root.path().join("records/a/out"))
            .expect("link");
        let records = open_folder(root.path(), Path::new("records")).expect("records");
        let below = records.open_below(Path::new("a/b")).expect("a/b");
        assert_eq!(below.relative, "records/a/b");
        assert_eq!(
            below.read_listed(OsStr::new("r.md"), 100).expect("read"),
            b"text"
        );
        let itself = records.open_below(Path::new("")).expect("itself");
        assert_eq!(itself.relative, "records");
        assert!(itself.read(OsStr::new("a"), 100).is_err());
        for folder in ["a/out", "a/out/deeper"] {
            let opened = records.open_below(Path::new(folder));
            assert!(
                matches!(&opened, Err(Refusal::Link { at }) if at == "records/a/out"),
                "{folder}: {:?}",
                opened.map(|f| f.relative)
            );
        }
        assert!(matches!(
            records.open_below(Path::new("a/none")),
            Err(Refusal::Missing)
        ));
        assert!(matches!(
            records.open_below(Path::new("../records")),
            Err(Refusal::Io(_))
        ));
    }

    #[test]
    fn a_listed_file_is_refused_as_a_looked_at_one_is() {
        // Whatever is put in place of a file after its folder was listed is
        // refused, unread, with the reason a look before opening gives.
        let root = tempfile::tempdir().expect("temp dir");
        let outside = tempfile::tempdir().expect("outside");
        fs::write(outside.path().join("secret"), "KEY=1").expect("write");
        fs::create_dir(root.path().join("folder")).expect("dir");
        std::os::unix::fs::symlink(outside.path().join("secret"), root.path().join("link"))
            .expect("link");
        let made = std::process::Command::new("mkfifo")
            .arg(root.path().join("pipe"))
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let _socket =
            std::os::unix::net::UnixListener::bind(root.path().join("socket")).expect("socket");
        fs::write(root.path().join("big"), "0123456789").expect("write");
        let opened = open_folder(root.path(), Path::new("")).expect("root");
        for name in ["folder", "link", "pipe", "socket", "big", "none"] {
            let looked = format!("{:?}", opened.read(OsStr::new(name), 5));
            let listed = format!("{:?}", opened.read_listed(OsStr::new(name), 5));
            assert_eq!(listed, looked, "{name}");
            assert!(listed.starts_with("Err("), "{name}: {listed}");
        }
        let dev = open_folder(Path::new("/dev"), Path::new("")).expect("/dev");
        assert!(matches!(
            dev.read_listed(OsStr::new("zero"), 5),
            Err(Refusal::NotRegular { kind: "a device" })
        ));
    }

    #[test]
    fn a_backslash_is_part_of_a_name_on_unix() {
        let root = tempfile::tempdir().expect("temp dir");
        fs::create_dir(root.path().join("a\\b")).expect("folder");
        fs::write(root.path().join("a\\b/x\\y.md"), "text").expect("write");
        let read = read_in_root(root.path(), "a\\b/x\\y.md", 100).expect("read");
        assert_eq!(read, b"text");
        let folder = open_folder(root.path(), Path::new("a\\b")).expect("folder");
        assert_eq!(folder.relative, "a\\b");
        let missing = folder.read(OsStr::new("z\\w.md"), 100);
        assert!(matches!(missing, Err(Refusal::Missing)));
    }

    #[test]
    fn folders_are_never_made_through_a_link() {
        let root = tempfile::tempdir().expect("temp dir");
        let outside = tempfile::tempdir().expect("outside");
        std::os::unix::fs::symlink(outside.path(), root.path().join("out")).expect("link");
        assert!(make_real_folders(root.path(), "records/a/b").is_ok());
        assert!(root.path().join("records/a/b").is_dir());
        assert!(matches!(
            make_real_folders(root.path(), "out/x"),
            Err(Refusal::Link { .. })
        ));
        assert!(!outside.path().join("x").exists());
    }

    #[test]
    fn a_folder_swapped_for_a_link_while_reading_is_never_followed() {
        // One thread swaps `a` between a real folder and a link to a folder
        // outside, as fast as it can; every read of `a/x.md` must give the
        // real file or a refusal, never the file outside.
        let root = tempfile::tempdir().expect("temp dir");
        let outside = tempfile::tempdir().expect("outside");
        fs::write(outside.path().join("x.md"), "SECRET").expect("write");
        fs::create_dir(root.path().join("a.dir")).expect("dir");
        fs::write(root.path().join("a.dir/x.md"), "inside").expect("write");
        std::os::unix::fs::symlink(outside.path(), root.path().join("a.link")).expect("link");
        let swapping = Swapping::start(root.path(), "a");
        let (mut inside, mut refused) = (0, 0);
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_secs(1) {
            match read_in_root(root.path(), "a/x.md", 100) {
                Ok(bytes) => {
                    assert_eq!(bytes, b"inside", "read through a link");
                    inside += 1;
                }
                Err(_) => refused += 1,
            }
        }
        drop(swapping);
        eprintln!("{inside} reads of the real file, {refused} refused");
    }
}

/// For race tests: a thread that keeps swapping `<folder>/<name>` between
/// the real folder `<name>.dir` and the link `<name>.link`, as fast as it
/// can, until dropped.
#[cfg(all(test, unix))]
pub(crate) struct Swapping {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

#[cfg(all(test, unix))]
impl Swapping {
    pub(crate) fn start(folder: &Path, name: &str) -> Swapping {
        use std::sync::atomic::{AtomicBool, Ordering};
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let at = |suffix: &str| folder.join(format!("{name}{suffix}"));
        let (real, link, swapped) = (at(".dir"), at(".link"), at(""));
        let stopped = std::sync::Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                for held in [&real, &link] {
                    let _ = fs::rename(held, &swapped);
                    let _ = fs::rename(&swapped, held);
                }
            }
        });
        Swapping {
            stop,
            thread: Some(thread),
        }
    }
}

#[cfg(all(test, unix))]
impl Drop for Swapping {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
