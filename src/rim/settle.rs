//! Awaiting a JS promise from a Rust future. With the JS exports (feature `exports`), an
//! async export's future is polled by its `js::flight::Flight`, which `drive`
//! (rim/attempt.js) steps: the promise is handed to that loop and what it settled with comes
//! back on the next step, so the wasm carries no async executor, closures or task queue
//! (issue 12: 3.1 KB wasm and 1.2 KB glue in /oauth). Without them (the Rust API under the
//! caller's executor, a workers-rs Worker) it is an ordinary `JsFuture`.

use super::crypto::unavailable;
use crate::protocol::error::Error;
use js_sys::Promise;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use wasm_bindgen::JsValue;

/// What a started promise resolves with. A start that threw, a rejection, or `undefined`
/// (which `drive` passes for a rejection; nothing awaited here resolves to it) is
/// `unavailable()`: every await here is WebCrypto's, and the one caller awaiting something
/// else words its own error.
pub(crate) fn settle(started: Result<Promise, JsValue>) -> Settle {
    started.map_or(Settle::Done, Settle::Start)
}

pub(crate) enum Settle {
    Start(Promise),
    #[cfg(feature = "exports")]
    Handed,
    #[cfg(not(feature = "exports"))]
    Other(wasm_bindgen_futures::JsFuture),
    /// Nothing (more) to await: its start threw, or it has given its value.
    Done,
}

fn defined(v: Option<JsValue>) -> Result<JsValue, Error> {
    v.filter(|v| !v.is_undefined()).ok_or_else(unavailable)
}

#[cfg(feature = "exports")]
mod driven {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        /// Set while `poll_driven` polls: a settle then hands its promise over.
        static DRIVEN: Cell<bool> = const { Cell::new(false) };
        /// The promise handed to the loop.
        static PENDING: Cell<Option<Promise>> = const { Cell::new(None) };
        /// What it settled with, for the settle that handed it.
        static OUTCOME: Cell<Option<JsValue>> = const { Cell::new(None) };
    }

    impl Future for Settle {
        type Output = Result<JsValue, Error>;

        fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Self::Output> {
            Poll::Ready(match std::mem::replace(&mut *self, Settle::Done) {
                Settle::Start(p) if DRIVEN.get() => {
                    PENDING.set(Some(p));
                    *self = Settle::Handed;
                    return Poll::Pending;
                }
                // Polled by another executor: a Rust caller of the async API in a build
                // with the JS exports, where no JsFuture is compiled in.
                Settle::Start(_) => Err(outside()),
                Settle::Handed => defined(OUTCOME.take()),
                Settle::Done => Err(unavailable()),
            })
        }
    }

    fn outside() -> Error {
        Error::new(
            crate::protocol::code::ErrorCode::CryptoUnavailable,
            "built with its JS exports (feature `js`), intercom-edge runs its async Rust \
             functions only inside them: depend on it with default-features = false"
                .into(),
            false,
        )
    }

    /// Polls `future` once, given what the promise it last handed over settled with: its
    /// output, or the next promise it awaits (`None`: it awaits something that is not a
    /// settle, which nothing here does).
    pub(crate) fn poll_driven<T>(
        future: Pin<&mut dyn Future<Output = T>>,
        outcome: JsValue,
    ) -> Result<T, Option<Promise>> {
        // Restored after: a caller's getter may start another export inside this poll, whose
        // first step polls its own future before this one goes on.
        let given = OUTCOME.replace(Some(outcome));
        let driven = DRIVEN.replace(true);
        // Nothing is woken: `drive` steps again once the handed promise settles.
        let polled = future.poll(&mut Context::from_waker(std::task::Waker::noop()));
        DRIVEN.set(driven);
        OUTCOME.set(given);
        match polled {
            Poll::Ready(v) => Ok(v),
            Poll::Pending => Err(PENDING.take()),
        }
    }
}
#[cfg(any(feature = "oauth", feature = "webhooks", feature = "toolkit"))]
pub(crate) use driven::poll_driven;

#[cfg(not(feature = "exports"))]
impl Future for Settle {
    type Output = Result<JsValue, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut future = match std::mem::replace(&mut *self, Settle::Done) {
            Settle::Start(p) => wasm_bindgen_futures::JsFuture::from(p),
            Settle::Other(f) => f,
            Settle::Done => return Poll::Ready(Err(unavailable())),
        };
        match Pin::new(&mut future).poll(cx) {
            Poll::Pending => {
                *self = Settle::Other(future);
                Poll::Pending
            }
            Poll::Ready(r) => Poll::Ready(defined(r.ok())),
        }
    }
}
