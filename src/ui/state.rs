//! The page's state: one `RwSignal<Config>` and what is derived from it, provided as context so
//! deep form sections update the configuration without threading setters through every level.

use std::collections::BTreeMap;

use kamal_actions_core::changes::{self, FileChange};
use kamal_actions_core::config::labels;
use kamal_actions_core::session::Notice;
use kamal_actions_core::validate::validate;
use kamal_actions_core::{render, Config, GeneratedFile, Problem};
use leptos::prelude::*;

use super::split::split_point;

split_point! { changes:
    /// What changed from `before` to `after`, line by line (Myers' diff of every file).
    fn changes_between(before: Vec<GeneratedFile>, after: Vec<GeneratedFile>) -> BTreeMap<String, FileChange> {
        changes::between(&before, &after)
    }
}

/// Everything the components share. `Copy`, so closures capture it freely.
#[derive(Clone, Copy)]
pub struct State {
    pub config: RwSignal<Config>,
    /// Problems of the current configuration (empty when it renders).
    pub problems: Signal<Vec<Problem>>,
    /// The files of the last valid configuration: the preview keeps them while there are
    /// problems, so a typo never blanks the page.
    pub files: Memo<Vec<GeneratedFile>>,
    /// The last valid configuration, the one `files` came from.
    pub valid_config: Memo<Config>,
    /// Whether the configuration is still the defaults: the import invites, and no draft is
    /// kept (the next visit then has nothing to read, `super::opening`).
    pub untouched: Memo<bool>,
    /// What the banner tells the user (a link opened, a reset to undo), if anything.
    pub notice: RwSignal<Option<Notice>>,
    /// The file the user picked in the preview (the setup panel opens the guide through it).
    pub chosen_file: RwSignal<Option<String>>,
    /// What the last edit that changed the files changed in them, until the next one. Found by
    /// a line diff in a chunk fetched on the first edit (`super::split`), so it follows the
    /// files by a microtask; empty if that chunk cannot be fetched.
    pub changes: RwSignal<BTreeMap<String, FileChange>>,
    /// The files before and after the last edit that changed them.
    edit: Memo<(Vec<GeneratedFile>, Vec<GeneratedFile>)>,
}

impl State {
    pub fn new(initial: Config, notice: Option<Notice>) -> Self {
        let config = RwSignal::new(initial);
        // The form's messages need only validation, so the first screen (`super::stages`)
        // mounts without rendering (or compiling the renderers); the files render once a part
        // that shows them mounts.
        let problems = distinct(move || config.with(validate));
        // `render` validates first: a configuration with problems renders nothing.
        let result =
            Memo::new(move |_| config.with(|c| render(c).ok().map(|files| (c.clone(), files))));
        let last_valid = Memo::new(move |previous: Option<&(Config, Vec<GeneratedFile>)>| {
            result.with(|r| match r {
                Some(ok) => ok.clone(),
                None => previous.cloned().unwrap_or_else(|| {
                    (
                        Config::default(),
                        render(&Config::default()).unwrap_or_default(),
                    )
                }),
            })
        });
        let files = Memo::new(move |_| last_valid.with(|(_, files)| files.clone()));
        // The files before and after the last edit that changed them.
        let edit = Memo::new(
            move |previous: Option<&(Vec<GeneratedFile>, Vec<GeneratedFile>)>| {
                let now = files.get();
                match previous {
                    Some((_, last)) if *last != now => (last.clone(), now),
                    Some(same) => same.clone(),
                    None => (now.clone(), now),
                }
            },
        );
        let changes = RwSignal::new(BTreeMap::new());
        Self {
            config,
            problems,
            changes,
            edit,
            files,
            valid_config: Memo::new(move |_| last_valid.with(|(config, _)| config.clone())),
            untouched: Memo::new(move |_| config.with(|c| *c == Config::default())),
            notice: RwSignal::new(notice),
            chosen_file: RwSignal::new(None),
        }
    }

    /// Keeps `changes` following the edits. Called by the part that shows the marks (the
    /// preview), so that the parts mounted before it render no file (`super::stages`).
    pub fn follow_changes(&self) {
        let (edit, changes) = (self.edit, self.changes);
        // Each edit's diff is the newest one's only if no later edit started another.
        let newest = StoredValue::new(0_u64);
        Effect::new(move |_| {
            let (before, after) = edit.get();
            let this = newest.get_value() + 1;
            newest.set_value(this);
            if before == after {
                changes.set(BTreeMap::new());
                return;
            }
            leptos::task::spawn_local(async move {
                let found = changes_between(before, after).await.unwrap_or_default();
                if newest.get_value() == this {
                    changes.set(found);
                }
            });
        });
    }

    /// Changes the configuration.
    pub fn update(&self, f: impl FnOnce(&mut Config)) {
        self.config.update(f);
    }

    /// Messages for the field at `path` and for the items of a list field
    /// (`environments[0].trigger.branches` also shows `...branches[1]`). Nested fields have
    /// their own controls, so `registry` does not repeat `registry.account_id`.
    pub fn messages_at(&self, path: impl Into<String>) -> Signal<Vec<String>> {
        let path = path.into();
        let problems = self.problems;
        Signal::derive(move || {
            problems.with(|ps| {
                ps.iter()
                    .filter(|p| under(&p.path, &path))
                    .map(|p| labels::sentence(&p.message))
                    .collect()
            })
        })
    }
}

fn under(problem: &str, field: &str) -> bool {
    problem == field
        || problem
            .strip_prefix(field)
            .is_some_and(|rest| rest.starts_with('['))
}

/// The element id of the field at a problem path: `environments[0].name` -> `environments-0-name`.
pub fn field_id(path: &str) -> String {
    let mut id = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

/// The part of the page's state that `read` picks out, as a signal that changes only when that
/// part does. A `Memo` gives the same values, but Leptos marks everything that depends on a memo
/// for checking whenever the memo's sources change: with twenty environments, every keystroke
/// would walk the thousands of reactive nodes of every field on the page (measured: a quarter
/// of a keystroke's time). This signal is set by an effect, and only when the value differs,
/// so what reads it is not touched otherwise. It follows its source after a microtask.
pub fn distinct<T>(read: impl Fn() -> T + Send + Sync + 'static) -> Signal<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    follow(Box::new(read))
}

/// [`distinct`]'s work, compiled once per value type rather than once per caller.
fn follow<T>(read: Box<dyn Fn() -> T + Send + Sync>) -> Signal<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    let signal = RwSignal::new(untrack(&read));
    Effect::new(move |_| {
        let value = read();
        if signal.with_untracked(|old| *old != value) {
            signal.set(value);
        }
    });
    signal.into()
}

pub fn use_state() -> State {
    expect_context::<State>()
}
