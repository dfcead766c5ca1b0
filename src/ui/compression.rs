//! Raw deflate (RFC 1951) with the browser's own `CompressionStream` and `DecompressionStream`
//! (`deflate-raw`), for share links and the zip: compiled-in deflate (flate2, miniz_oxide) cost
//! the page 15.5 KB gzip. The output interoperates with flate2's (the CLI's): both are plain
//! deflate.
//!
//! web-sys declares these two classes only behind its unstable-API flag, so they are declared
//! here; the streams around them are web-sys's stable ones.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, ReadableStream, ReadableStreamDefaultReader, ReadableStreamReadResult,
    ReadableWritablePair,
};

#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;

    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

const FORMAT: &str = "deflate-raw";

/// Why the bytes could not be (de)compressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// This browser has no such stream (older than Chrome 103, Firefox 113, Safari 16.4).
    Unsupported,
    /// The input is not deflate, or ends early.
    Corrupt,
    /// The output passed the limit it was given; reading stopped there.
    TooLarge,
}

/// `data` deflated.
pub async fn deflate(data: &[u8]) -> Result<Vec<u8>, Failure> {
    let transform = CompressionStream::new(FORMAT).map_err(|_| Failure::Unsupported)?;
    read_all(through(data, transform.unchecked_ref())?, usize::MAX).await
}

/// `compressed` inflated, or `TooLarge` as soon as more than `limit` bytes came out: a
/// decompression bomb costs no more than that.
pub async fn inflate(compressed: &[u8], limit: usize) -> Result<Vec<u8>, Failure> {
    let transform = DecompressionStream::new(FORMAT).map_err(|_| Failure::Unsupported)?;
    read_all(through(compressed, transform.unchecked_ref())?, limit).await
}

/// `data` as a stream piped through `transform`.
fn through(data: &[u8], transform: &ReadableWritablePair) -> Result<ReadableStream, Failure> {
    let parts = Array::of1(&Uint8Array::from(data));
    let blob = Blob::new_with_u8_array_sequence(&parts).map_err(|_| Failure::Unsupported)?;
    Ok(blob.stream().pipe_through(transform))
}

/// Every chunk of `stream`, stopping (and cancelling it) once more than `limit` bytes came.
async fn read_all(stream: ReadableStream, limit: usize) -> Result<Vec<u8>, Failure> {
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut out = Vec::new();
    loop {
        let chunk: ReadableStreamReadResult = JsFuture::from(reader.read())
            .await
            .map_err(|_| Failure::Corrupt)?
            .unchecked_into();
        if chunk.get_done().unwrap_or(true) {
            return Ok(out);
        }
        out.extend(Uint8Array::new(&chunk.get_value()).to_vec());
        if out.len() > limit {
            let _ = reader.cancel();
            return Err(Failure::TooLarge);
        }
    }
}
