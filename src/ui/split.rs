//! Code the page fetches on first use rather than at load. Each [`split_point!`] names its
//! chunk, and the chunks follow when their code is needed:
//!
//! - `rest`: the form below the first screen and the GitHub setup, fetched at every load while
//!   the first screen mounts (`super::later_parts`);
//! - `open`: reading a draft, a link or an imported JSON, preloaded when there is a draft or a
//!   link (`super::opening`);
//! - `later`: what only a user's action needs (the marks of what an edit changed, the zip, the
//!   share link, the undo's merge, reading picked files), fetched at the first such action;
//! - `import`: the deploy.yml import, fetched when it is first opened (`super::importer`).
//!
//! The actions share one chunk because every boundary costs: a chunk calls the main module
//! through the function table, which keeps those functions whole, and small files compress
//! less well. As five chunks they were 7.0 KB gzip more in all than as one.
//!
//! With the `split` feature (the page's own build, see index.html) each split point is a
//! `wasm_split` function: the post-build step (`scripts/post_build.py`) moves it, and the code
//! only its chunk reaches, into that chunk, which the page fetches the first time one of its
//! functions is called. Without the feature (the component tests, whose runner cannot split) it
//! is a plain `async` function, so both builds call it the same way and get the same results.
//!
//! A split function is called through `extern "C"` and so cannot be `async` itself: where its
//! work is asynchronous it returns that work as a [`Work`] future.

use std::future::Future;
use std::pin::Pin;

/// The chunk holding a split function could not be fetched or started (offline, or a
/// deployment that lost a file). Not remembered: the next call tries again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotLoaded;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for NotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        NotLoaded
    }
}

impl NotLoaded {
    /// What the page says next to the control whose code did not arrive.
    pub fn message(doing: &str) -> String {
        format!(
            "Part of this page could not be fetched to {doing}: check the connection and try \
             again, or reload the page if it was updated since you opened it (your settings \
             are kept)."
        )
    }
}

/// Asynchronous work a split function hands back to its caller.
pub type Work<T> = Pin<Box<dyn Future<Output = T>>>;

/// Declares a split point in chunk `$chunk`: an `async fn` returning `Result<T, NotLoaded>`.
/// The body computes the `T` (synchronously; return a [`Work`] for asynchronous work). With
/// `preload NAME`, also `async fn NAME() -> Result<(), SplitLoaderError>`, which only fetches
/// the chunk.
macro_rules! split_point {
    ($chunk:ident $(, preload $preload:ident)?: $(#[$attr:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $out:ty $body:block) => {
        #[cfg(feature = "split")]
        $(#[$attr])*
        #[::leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible $(, preload($preload))?)]
        $vis fn $name($($arg: $ty),*) -> ::std::result::Result<$out, $crate::ui::split::NotLoaded> {
            Ok($body)
        }

        #[cfg(not(feature = "split"))]
        $(#[$attr])*
        $vis async fn $name($($arg: $ty),*) -> ::std::result::Result<$out, $crate::ui::split::NotLoaded> {
            Ok($body)
        }

        $(
            #[cfg(not(feature = "split"))]
            async fn $preload() -> ::std::result::Result<(), ::leptos::wasm_split::SplitLoaderError> {
                Ok(())
            }
        )?
    };
}
pub(crate) use split_point;
