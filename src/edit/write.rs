//! Putting an edited record in place: only a regular file under `records/`,
//! reached without following a link, replaced atomically (a temporary file
//! beside it, then a rename).

use std::io::Write as _;
use std::path::Path;

/// Replace the record at `path` (relative to `root`, under `records/`) with
/// `text`, atomically. Refuses a path outside `records/`, a link, or a file
/// in a linked folder.
pub(crate) fn write_atomically(root: &Path, path: &str, text: &str) -> Result<(), String> {
    let parts: Vec<&str> = path.split('/').collect();
    let safe = parts.len() >= 2
        && parts[0] == "records"
        && parts
            .iter()
            .all(|p| !p.is_empty() && *p != "." && *p != "..");
    if !safe {
        return Err(format!("`{path}` is not a record under `records/`"));
    }
    let mut folder = root.to_owned();
    for part in &parts[..parts.len() - 1] {
        folder.push(part);
        let real = std::fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir());
        if !real {
            return Err(format!(
                "`{}` is not a folder of its own (it may be a link); nothing was written",
                folder.strip_prefix(root).unwrap_or(&folder).display()
            ));
        }
    }
    let file = root.join(path);
    let meta =
        std::fs::symlink_metadata(&file).map_err(|e| format!("could not read `{path}`: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "`{path}` is not a regular file (it may be a link); nothing was written"
        ));
    }
    let name = parts[parts.len() - 1];
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = write_new(&temporary, text.as_bytes(), meta.permissions())
        .and_then(|()| std::fs::rename(&temporary, &file));
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(format!(
            "could not write `{path}`: {error}; it is unchanged"
        ));
    }
    Ok(())
}

fn write_new(path: &Path, bytes: &[u8], permissions: std::fs::Permissions) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.set_permissions(permissions)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_under_records_are_written() {
        let dir = tempfile::tempdir().expect("temp");
        let root = dir.path();
        std::fs::create_dir_all(root.join("records/a")).expect("dir");
        std::fs::write(root.join("records/a/x.md"), "old").expect("write");
        write_atomically(root, "records/a/x.md", "new").expect("written");
        assert_eq!(
            std::fs::read_to_string(root.join("records/a/x.md")).expect("read"),
            "new"
        );
        assert!(write_atomically(root, "records/../x.md", "x").is_err());
        assert!(write_atomically(root, "templates/x.md", "x").is_err());
        #[cfg(unix)]
        {
            std::fs::write(root.join("outside.md"), "keep").expect("write");
            std::os::unix::fs::symlink(root.join("outside.md"), root.join("records/a/link.md"))
                .expect("link");
            let refused = write_atomically(root, "records/a/link.md", "x").expect_err("a link");
            assert!(refused.contains("not a regular file"), "{refused}");
            std::os::unix::fs::symlink(root.join("records/a"), root.join("records/b"))
                .expect("link");
            assert!(write_atomically(root, "records/b/x.md", "x").is_err());
            assert_eq!(
                std::fs::read_to_string(root.join("outside.md")).expect("read"),
                "keep"
            );
        }
        let left: Vec<_> = std::fs::read_dir(root.join("records/a"))
            .expect("list")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(left.is_empty());
    }
}
