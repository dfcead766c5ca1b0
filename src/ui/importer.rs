//! The deploy.yml import's code (yaml-rust2's parser and the core's `import`) is a
//! chunk of the page's wasm (`super::split`), fetched when the import is first opened rather
//! than with the page, with the view of its report (`super::deploy_report`). Being the page's own code, it shares the page's configuration types,
//! serde and formatting (a Web Worker carried copies of them) and is never from another build.

use kamal_actions_core::config::diff::{changes, Change};
use kamal_actions_core::import::{import_chosen, Choices, DeployFile, Imported};
use kamal_actions_core::Config;

use super::deploy_report::{self, ReportView};
use super::split::split_point;

split_point! { import, preload preload_import:
    /// `main` and `destinations` imported over `base` with the user's `choices`, the fields
    /// the import changes in `base`, and what shows the result (its code is in the chunk too).
    fn import(base: Config, main: String, destinations: Vec<DeployFile>, choices: Choices) -> (Imported, Vec<Change>, ReportView) {
        let imported = import_chosen(&base, &main, &destinations, &choices);
        let found = changes(&base, &imported.config);
        (imported, found, deploy_report::view)
    }
}

/// Fetches the import's code (once), so that the first import need not wait for it. A
/// failure is reported by the import that needs the code.
pub fn start() {
    leptos::task::spawn_local(async {
        let _ = preload_import().await;
    });
}

/// The import of `main` and `destinations` over `base`, the fields it changes and what shows
/// it, or why there is none.
pub async fn run(
    base: Config,
    main: String,
    destinations: Vec<DeployFile>,
    choices: Choices,
) -> Result<(Imported, Vec<Change>, ReportView), String> {
    import(base, main, destinations, choices)
        .await
        .map_err(|_| {
            "The deploy.yml import could not start (its code did not arrive): check the \
             connection and show the changes again, or reload the page if it was updated since \
             you opened it (the pasted files are not kept)."
                .to_string()
        })
}
