//! HTTP through the browser: the `weft_net` host imports (`www/runtime/fetch.js`) have the
//! page `fetch()` while the calling thread's Worker waits. `_weft.fetch` calls this without
//! the GIL; `src/py/_weft_urllib.py` turns the outcome into urllib's responses.

use std::time::Duration;

/// Outcomes, mirrored in `fetch.js` and `_weft_urllib.py`: 0 a response (the head is
/// "status\nreason\nfinal URL\n" and its header lines); 1 nothing came back (unreachable,
/// or refused by CORS); 2 timed out; 3 the browser would not send it (a bad method, URL or
/// header). For 1–3 the head is the browser's message.
pub type Outcome = u32;

#[link(wasm_import_module = "weft_net")]
unsafe extern "C" {
    /// Performs the request and keeps the response; writes the sizes of its head and body.
    #[link_name = "request"]
    fn host_request(request: *const u8, request_len: u32, data: *const u8, data_len: u32, timeout_ms: f64, sizes: *mut u32) -> u32;
    /// Has the page copy the kept head and body here and forget them.
    #[link_name = "take"]
    fn host_take(head: *mut u8, body: *mut u8);
}

/// `request` is "METHOD\nURL\nName: value\n..."; blocks until the browser is done.
pub fn request(request: &str, data: &[u8], timeout: Option<Duration>) -> (Outcome, Vec<u8>, Vec<u8>) {
    // The host's 0 means no timeout; a zero timeout still times out at once.
    let timeout_ms = timeout.map_or(0.0, |t| (t.as_secs_f64() * 1000.0).max(1.0));
    let mut sizes = [0u32; 2];
    // SAFETY: the host reads the two given ranges and writes two u32s at `sizes`.
    let code = unsafe { host_request(request.as_ptr(), request.len() as u32, data.as_ptr(), data.len() as u32, timeout_ms, sizes.as_mut_ptr()) };
    let mut head = vec![0u8; sizes[0] as usize];
    let mut body = vec![0u8; sizes[1] as usize];
    // SAFETY: the buffers have exactly the sizes the host reported for what it copies.
    unsafe { host_take(head.as_mut_ptr(), body.as_mut_ptr()) };
    (code, head, body)
}
