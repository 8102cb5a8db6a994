//! The minimal typst `World`: one main source, a few in-memory files (the
//! report as JSON, shared template code), the fonts found on disk. No
//! packages, no file system, no network, no clock (documents carry no
//! date, so the same report gives the same PDF).

use crate::fonts::Fonts;
use std::collections::HashMap;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// A world holding everything one compilation may read.
pub(crate) struct ReportWorld<'a> {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: &'a Fonts,
    main: Source,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
}

/// The id of a path in the project root, e.g. `/data.json`.
pub(crate) fn file_id(path: &str) -> FileResult<FileId> {
    let vpath = VirtualPath::new(path).map_err(|e| FileError::Other(Some(e.to_string().into())))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl<'a> ReportWorld<'a> {
    /// A world whose main file is `main` (typst source), with extra typst
    /// sources and data files by path.
    pub(crate) fn new(
        fonts: &'a Fonts,
        main: &str,
        sources: &[(&str, &str)],
        files: Vec<(&str, Vec<u8>)>,
    ) -> FileResult<Self> {
        let main = Source::new(file_id("/main.typ")?, main.to_owned());
        let mut src = HashMap::new();
        for (path, text) in sources {
            let id = file_id(path)?;
            src.insert(id, Source::new(id, (*text).to_owned()));
        }
        let mut data = HashMap::new();
        for (path, bytes) in files {
            data.insert(file_id(path)?, Bytes::new(bytes));
        }
        Ok(ReportWorld {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(fonts.book.clone()),
            fonts,
            main,
            sources: src,
            files: data,
        })
    }
}

impl World for ReportWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        self.sources.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(b) = self.files.get(&id) {
            return Ok(b.clone());
        }
        self.source(id)
            .map(|s| Bytes::from_string(s.text().to_owned()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.get().vpath().get_without_slash().into())
}
