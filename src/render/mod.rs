//! Rendering: the model and its roll-up into the site's files. `view` builds
//! the plain structs each page is made from, `templates` renders them with
//! the built-in templates written in Rust (`builtin`) or, where the
//! repository overrides one, with Tera; `markdown` turns record bodies into safe HTML, `export` writes the
//! data files, and `site` says which files there are and makes them. A
//! paper's Word and PDF documents are made from `document`'s blocks by
//! `docx` and `pdf`, through `paper_files`; `drawable` finds the characters
//! a paper's PDF cannot draw, for `check`.

pub(crate) mod builtin;
pub(crate) mod document;
pub(crate) mod docx;
pub(crate) mod drawable;
pub(crate) mod export;
pub(crate) mod markdown;
pub(crate) mod paper_files;
pub(crate) mod pdf;
pub(crate) mod site;
pub(crate) mod templates;
pub(crate) mod view;
