//! The zip the page downloads: every generated file at its repository path.
//!
//! Written by hand rather than with the `zip` crate: the crate cost 33 KB of gzipped wasm
//! (measured: 339.5 -> 306 KB), a tenth of the page, to write a few small text files. This
//! is the plain PKZIP format (no zip64, no encryption). The members arrive deflated already
//! ([`archive`]): the page deflates them with the browser's `CompressionStream`, which is
//! asynchronous; [`zip`] (the `deflate` feature) does it with flate2 for the CLI and tests. A
//! member the browser could not deflate is stored as it is. The checksum is the `crc` crate's
//! CRC-32 with its one 1 KB table: flate2's `Crc` (crc32fast) carries 16 KB of tables for
//! speed the page does not need (measured: 16.8 KB of gzipped wasm saved). The tests read the
//! archives back with the `zip` crate, and the end-to-end tests with Python's `zipfile`.

use crate::render::GeneratedFile;

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIRECTORY: u32 = 0x0605_4b50;
/// Version 2.0: deflate. The high byte of "made by" is 3: Unix, so the mode below applies.
const VERSION: u16 = 20;
const MADE_BY_UNIX: u16 = (3 << 8) | VERSION;
/// Bit 11: file names are UTF-8.
const FLAGS_UTF8: u16 = 1 << 11;
const METHOD_STORE: u16 = 0;
const METHOD_DEFLATE: u16 = 8;
/// 1980-01-01 00:00, the earliest DOS date: fixed, so equal input gives equal bytes.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;
/// A regular file, rw-r--r--.
const UNIX_MODE: u32 = 0o100_644;

/// One file of an archive: its contents, deflated where the deflater could.
pub struct Member<'a> {
    pub file: &'a GeneratedFile,
    /// The contents as raw deflate (RFC 1951); `None` stores them uncompressed.
    pub deflated: Option<Vec<u8>>,
}

/// One file's entry as the central directory describes it.
struct Entry<'a> {
    name: &'a str,
    method: u16,
    crc: u32,
    compressed: u32,
    size: u32,
    offset: u32,
}

/// PKZIP's CRC-32 (ISO-HDLC, the one gzip and PNG use), with a 256-entry table.
const CRC32: crc::Crc<u32, crc::Table<1>> =
    crc::Crc::<u32, crc::Table<1>>::new(&crc::CRC_32_ISO_HDLC);

/// Zips `files` deterministically with flate2: fixed timestamps and order, so the same
/// configuration always gives the same bytes (and tests can compare them).
#[cfg(feature = "deflate")]
pub fn zip(files: &[GeneratedFile]) -> Vec<u8> {
    let members: Vec<Member> = files
        .iter()
        .map(|file| Member {
            file,
            deflated: Some(deflate(file.contents.as_bytes())),
        })
        .collect();
    archive(&members)
}

/// The archive of `members`, in their order, with fixed timestamps.
///
/// # Panics
/// When a file or the archive passes 4 GiB, which generated workflows never approach.
pub fn archive(members: &[Member]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut entries = Vec::with_capacity(members.len());
    for member in members {
        let data = member.file.contents.as_bytes();
        let (method, body) = match &member.deflated {
            Some(deflated) => (METHOD_DEFLATE, deflated.as_slice()),
            None => (METHOD_STORE, data),
        };
        let entry = Entry {
            name: &member.file.path,
            method,
            crc: CRC32.checksum(data),
            compressed: u32_of(body.len()),
            size: u32_of(data.len()),
            offset: u32_of(out.len()),
        };
        local_header(&mut out, &entry);
        out.extend_from_slice(body);
        entries.push(entry);
    }
    let directory_offset = u32_of(out.len());
    for entry in &entries {
        central_header(&mut out, entry);
    }
    let directory_size = u32_of(out.len()) - directory_offset;
    let count = u16::try_from(entries.len()).expect("fewer than 65,536 files");
    put32(&mut out, END_OF_CENTRAL_DIRECTORY);
    put16(&mut out, 0); // this disk
    put16(&mut out, 0); // the disk where the directory starts
    put16(&mut out, count);
    put16(&mut out, count);
    put32(&mut out, directory_size);
    put32(&mut out, directory_offset);
    put16(&mut out, 0); // comment length
    out
}

#[cfg(feature = "deflate")]
fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;

    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(data)
        .expect("writing to memory cannot fail");
    encoder.finish().expect("writing to memory cannot fail")
}

fn local_header(out: &mut Vec<u8>, e: &Entry) {
    put32(out, LOCAL_HEADER);
    put16(out, VERSION);
    common_fields(out, e);
    put16(out, 0); // extra field length
    out.extend_from_slice(e.name.as_bytes());
}

fn central_header(out: &mut Vec<u8>, e: &Entry) {
    put32(out, CENTRAL_HEADER);
    put16(out, MADE_BY_UNIX);
    put16(out, VERSION);
    common_fields(out, e);
    put16(out, 0); // extra field length
    put16(out, 0); // comment length
    put16(out, 0); // disk number
    put16(out, 0); // internal attributes
    put32(out, UNIX_MODE << 16);
    put32(out, e.offset);
    out.extend_from_slice(e.name.as_bytes());
}

/// The fields local and central headers share, from "flags" to "file name length".
fn common_fields(out: &mut Vec<u8>, e: &Entry) {
    put16(out, FLAGS_UTF8);
    put16(out, e.method);
    put16(out, DOS_TIME);
    put16(out, DOS_DATE);
    put32(out, e.crc);
    put32(out, e.compressed);
    put32(out, e.size);
    put16(
        out,
        u16::try_from(e.name.len()).expect("file names are short"),
    );
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).expect("the archive stays under 4 GiB")
}

fn put16(out: &mut Vec<u8>, n: u16) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

/// The download's file name: `<service>-kamal-actions.zip`.
pub fn zip_name(service: &str) -> String {
    format!("{service}-kamal-actions.zip")
}

#[cfg(all(test, feature = "deflate"))]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    fn sample() -> Vec<GeneratedFile> {
        vec![
            GeneratedFile {
                path: ".github/workflows/a.yml".into(),
                contents: "a: 1\n".repeat(100),
            },
            GeneratedFile {
                path: ".kamal/secrets".into(),
                contents: "X=$X\n".into(),
            },
            GeneratedFile {
                path: "empty".into(),
                contents: String::new(),
            },
        ]
    }

    #[test]
    fn the_zip_crate_reads_every_file_back() {
        let files = sample();
        let bytes = zip(&files);
        assert_eq!(bytes, zip(&files), "deterministic");
        let mut archive = ::zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), files.len());
        for file in &files {
            let mut entry = archive.by_name(&file.path).unwrap();
            assert_eq!(entry.unix_mode(), Some(UNIX_MODE));
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            assert_eq!(text, file.contents);
        }
    }

    /// What the page writes when the browser cannot deflate: every member stored.
    #[test]
    fn stored_members_read_back_too() {
        let files = sample();
        let members: Vec<Member> = files
            .iter()
            .map(|file| Member {
                file,
                deflated: None,
            })
            .collect();
        let mut archive = ::zip::ZipArchive::new(Cursor::new(archive(&members))).unwrap();
        for file in &files {
            let mut entry = archive.by_name(&file.path).unwrap();
            assert_eq!(entry.compression(), ::zip::CompressionMethod::Stored);
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            assert_eq!(text, file.contents);
        }
    }

    #[test]
    fn every_generated_file_round_trips() {
        let files = crate::render(&crate::Config::default()).unwrap();
        let mut archive = ::zip::ZipArchive::new(Cursor::new(zip(&files))).unwrap();
        for file in &files {
            let mut text = String::new();
            archive
                .by_name(&file.path)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            assert_eq!(text, file.contents, "{}", file.path);
        }
    }
}
