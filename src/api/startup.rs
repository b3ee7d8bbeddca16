//! The answers to the start-up requests public/boot.js makes while the wasm downloads and
//! compiles (the one list of them is there). A request the loader made is adopted the first
//! time the app makes it, in the same org; every later one (a Retry, after signing in, after a
//! change) goes to the server. Where the page was not started by boot.js (the component
//! tests), every request goes to the server.

use futures::future::LocalBoxFuture;
use gloo_net::http::Response;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::client::{Answer, http_date, read_response};

#[wasm_bindgen]
extern "C" {
    /// `globalThis.grafanaApiKeysStartup`, set by public/boot.js.
    type StartupAnswers;

    /// The loader's answer to `url` sent in `org` (`""`: no org header), once: a promise of
    /// the answer, or of null where the loader sent it in another org; none where it did not
    /// send it or its answer was adopted already (while the loader is still finding out, a
    /// promise of null).
    #[wasm_bindgen(method)]
    fn take(this: &StartupAnswers, url: &str, org: &str) -> Option<js_sys::Promise>;

    #[wasm_bindgen(method)]
    fn forget(this: &StartupAnswers);

    /// An answer as the loader keeps it: its body already read.
    type StartupAnswer;

    #[wasm_bindgen(method, getter)]
    fn status(this: &StartupAnswer) -> u16;

    #[wasm_bindgen(method, getter)]
    fn text(this: &StartupAnswer) -> String;

    /// Its `Date` header, as sent.
    #[wasm_bindgen(method, getter)]
    fn date(this: &StartupAnswer) -> Option<String>;
}

fn answers() -> Option<StartupAnswers> {
    js_sys::Reflect::get(&js_sys::global(), &"grafanaApiKeysStartup".into())
        .ok()
        .filter(JsValue::is_object)
        .map(JsCast::unchecked_into)
}

/// The answer to `GET url` in `org_id`: the loader's answer where it has one for the
/// app, else `request`'s (a future, so it is sent only when needed; boxed, so the wasm holds
/// this function once rather than once per caller).
pub(super) async fn get(
    url: &str,
    org_id: Option<i64>,
    request: LocalBoxFuture<'_, Result<Response, gloo_net::Error>>,
) -> Result<Answer, gloo_net::Error> {
    match adopt(url, org_id).await {
        Some(answer) => answer,
        None => read_response(request.await?).await,
    }
}

/// The loader's answer to `GET url` in `org_id`, if it has one for the app.
async fn adopt(url: &str, org_id: Option<i64>) -> Option<Result<Answer, gloo_net::Error>> {
    let org = org_id.map(|id| id.to_string()).unwrap_or_default();
    let answer = answers()?.take(url, &org)?;
    match JsFuture::from(answer).await {
        Ok(answer) if answer.is_null() => None,
        Ok(answer) => {
            let answer = answer.unchecked_into::<StartupAnswer>();
            Some(Ok(Answer {
                status: answer.status(),
                body: answer.text(),
                date: http_date(answer.date().as_deref()),
            }))
        }
        // As gloo-net reports a fetch that failed ("TypeError: Failed to fetch").
        Err(error) => Some(Err(gloo_net::Error::GlooError(
            match error.dyn_ref::<js_sys::Error>() {
                Some(error) => format!("{}: {}", error.name(), error.message()),
                None => format!("{error:?}"),
            },
        ))),
    }
}

/// After a change, no answer the loader got before it is current.
pub(super) fn forget() {
    if let Some(answers) = answers() {
        answers.forget();
    }
}
