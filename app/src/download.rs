//! Saving a CSV the user asked for as a file download, written in parts: the rows are written
//! into 256 KiB parts handed to the browser as they fill, and the parts are folded into one
//! `Blob` every 4 MiB, so neither wasm memory nor the JS heap ever holds the whole file (the
//! browser keeps a large Blob's bytes outside the heap, on disk when it must).

use std::io::{self, Write};
use wasm_bindgen::{JsCast, JsValue};

/// Bytes buffered in wasm before they become one part.
const PART_BYTES: usize = 256 << 10;
/// Parts held in the JS heap before they are folded into the Blob.
const PARTS_PER_FOLD: u32 = 16;
const CSV_TYPE: &str = "text/csv;charset=utf-8";

/// The file being written: the bytes not yet handed over, the parts handed over since the last
/// fold, and the Blob of everything before.
pub struct BlobSink {
    buf: Vec<u8>,
    parts: js_sys::Array,
    blob: Option<web_sys::Blob>,
}

fn js_err(e: JsValue) -> io::Error {
    io::Error::other(format!("{e:?}"))
}

impl BlobSink {
    fn new() -> Self {
        Self {
            buf: Vec::with_capacity(PART_BYTES),
            parts: js_sys::Array::new(),
            blob: None,
        }
    }

    /// Hands the buffered bytes to the browser as one part (a copy: the buffer is reused).
    fn hand_over(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.parts
                .push(&js_sys::Uint8Array::from(self.buf.as_slice()));
            self.buf.clear();
        }
        if self.parts.length() >= PARTS_PER_FOLD {
            self.fold()?;
        }
        Ok(())
    }

    /// The Blob so far followed by the parts, as one Blob.
    fn fold(&mut self) -> io::Result<()> {
        let all = js_sys::Array::new();
        if let Some(blob) = self.blob.take() {
            all.push(&blob);
        }
        for part in self.parts.iter() {
            all.push(&part);
        }
        self.parts = js_sys::Array::new();
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type(CSV_TYPE);
        // The Blob constructor takes Blobs and byte arrays alike.
        let blob =
            web_sys::Blob::new_with_blob_sequence_and_options(&all, &opts).map_err(js_err)?;
        self.blob = Some(blob);
        Ok(())
    }

    fn finish(mut self) -> io::Result<web_sys::Blob> {
        self.hand_over()?;
        self.fold()?;
        self.blob
            .ok_or_else(|| io::Error::other("nothing was written"))
    }
}

impl Write for BlobSink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= PART_BYTES {
            self.hand_over()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Saves what `write` writes as the download `file_name`.
pub fn save_csv(
    file_name: &str,
    write: impl FnOnce(BlobSink) -> io::Result<BlobSink>,
) -> Result<(), String> {
    let failed = |e: String| format!("download failed: {e}");
    let blob = write(BlobSink::new())
        .and_then(BlobSink::finish)
        .map_err(|e| failed(e.to_string()))?;
    let err = |e: JsValue| failed(format!("{e:?}"));
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(err)?
        .dyn_into()
        .map_err(|_| "not an anchor".to_string())?;
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
