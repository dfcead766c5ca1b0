//! The zip the page downloads: every generated file at its repository path.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::render::GeneratedFile;

/// Zips `files` deterministically: fixed timestamps and order, so the same configuration always
/// gives the same bytes (and tests can compare them).
pub fn zip(files: &[GeneratedFile]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for file in files {
        writer
            .start_file(file.path.as_str(), options)
            .and_then(|()| {
                writer
                    .write_all(file.contents.as_bytes())
                    .map_err(Into::into)
            })
            .expect("writing to memory cannot fail");
    }
    writer
        .finish()
        .expect("writing to memory cannot fail")
        .into_inner()
}

/// The download's file name: `<service>-kamal-actions.zip`.
pub fn zip_name(service: &str) -> String {
    format!("{service}-kamal-actions.zip")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn zip_holds_every_file_at_its_path() {
        let files = vec![
            GeneratedFile {
                path: ".github/workflows/a.yml".into(),
                contents: "a: 1\n".into(),
            },
            GeneratedFile {
                path: ".kamal/secrets".into(),
                contents: "X=$X\n".into(),
            },
        ];
        let bytes = zip(&files);
        assert_eq!(bytes, zip(&files), "deterministic");
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), 2);
        for file in &files {
            let mut entry = archive.by_name(&file.path).unwrap();
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            assert_eq!(text, file.contents);
        }
    }
}
