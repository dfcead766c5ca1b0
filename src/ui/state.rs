//! The page's state: one `Var<Config>` and what is derived from it, provided as context so
//! deep form sections update the configuration without threading setters through every level.

use std::collections::BTreeMap;
use std::sync::Arc;

use kamal_actions_core::changes::{self, FileChange, Lines};
use kamal_actions_core::config::labels;
use kamal_actions_core::render::setup::EnvironmentSetup;
use kamal_actions_core::render::{self, repository_files, SetupKit};
use kamal_actions_core::session::Notice;
use kamal_actions_core::validate::validate;
use kamal_actions_core::{Config, GeneratedFile, Problem};
use leptos::prelude::*;

use super::signals::{Derived, Distinct, Var};
use super::split::split_point;
use super::storage;

split_point! { later:
    /// What changed from `before` to `after`, line by line (Myers' diff of every file).
    fn changes_between(before: Files, after: Files) -> BTreeMap<String, FileChange> {
        changes::between(&before, &after)
    }
}

/// Everything the components share. `Copy`, so closures capture it freely.
#[derive(Clone, Copy)]
pub struct State {
    pub config: Var<Config>,
    /// Problems of the current configuration (empty when it renders).
    pub problems: Distinct<Vec<Problem>>,
    /// The files of the last valid configuration: the preview keeps them while there are
    /// problems, so a typo never blanks the page. The setup kit is among them once its code
    /// has arrived (`kit`).
    pub files: Derived<Files>,
    /// The setup kit's code, from the chunk below the first screen (`super::later_parts`),
    /// set when it arrives.
    pub kit: Var<Option<Kit>>,
    /// The last valid configuration, the one `files` came from.
    pub valid_config: Derived<Config>,
    /// What to create in GitHub per environment, as the setup kit lists it (empty until the
    /// kit's code is in; the setup panel that shows it comes with that code).
    pub setup: Derived<Vec<EnvironmentSetup>>,
    /// Whether the configuration is still the defaults: the import invites, and no draft is
    /// kept (the next visit then has nothing to read, `super::opening`).
    pub untouched: Derived<bool>,
    /// What the banner tells the user (a link opened, a reset to undo), if anything.
    pub notice: Var<Option<Notice>>,
    /// The file the user picked in the preview (the setup panel opens the guide through it).
    pub chosen_file: Var<Option<String>>,
    /// What the last edit that changed the files changed in them, until the next one. Found by
    /// a line diff in a chunk fetched on the first edit (`super::split`), so it follows the
    /// files by a microtask; empty if that chunk cannot be fetched (`changes_lost`).
    pub changes: Var<BTreeMap<String, FileChange>>,
    /// Whether the code behind `changes` could not be fetched for the last edit (the next
    /// edit tries again).
    pub changes_lost: Var<bool>,
    /// The files before and after the last edit that changed them.
    edit: Derived<Edit>,
    /// The configuration `files` are rendered from: `config` after the paint that follows
    /// each edit (`settle_after_paint`). A keystroke renders only the file the preview shows
    /// (`file_now`) before that paint; with twenty environments the other files take twenty
    /// times as long.
    settled: Var<Config>,
}

/// The setup kit's code (the guide and the IAM policies): what renders its files and what
/// shows the guide. Plain functions, since they cross the chunk's boundary.
#[derive(Clone, Copy)]
pub struct Kit {
    /// The kit of a valid configuration ([`render::setup_kit`]).
    pub render: fn(&Config) -> SetupKit,
    /// A Markdown file (the guide) formatted, with the blocks the last edit changed marked.
    pub markdown: fn(Signal<String>, Derived<Lines>) -> AnyView,
}

/// `files` of the valid `config` with its setup kit's (in the order every file list has), and
/// what the kit lists per GitHub environment.
pub fn with_kit(
    mut files: Vec<GeneratedFile>,
    config: &Config,
    kit: Kit,
) -> (Vec<GeneratedFile>, Vec<EnvironmentSetup>) {
    let SetupKit {
        files: kit_files,
        requirements,
    } = (kit.render)(config);
    files.extend(kit_files);
    render::sort(&mut files);
    (files, requirements)
}

/// A valid configuration and its files, shared rather than copied between the memos that
/// pass them on (with twenty environments the files are about 450 KB).
#[derive(Clone, PartialEq)]
struct Rendered {
    config: Config,
    /// The repository's files alone, kept so the kit's arrival adds to them without
    /// rendering them again.
    repository: Files,
    /// Those and the setup kit's, once its code is in.
    files: Files,
    /// What the setup kit lists per GitHub environment; `None` until the kit's code is in,
    /// and its files are among `files` only then.
    requirements: Option<Vec<EnvironmentSetup>>,
}

/// The page's files, in path order.
pub type Files = Arc<Vec<GeneratedFile>>;

impl Rendered {
    /// The valid `config` with its `repository` files, and the setup kit's once its code is in.
    fn of(config: &Config, repository: &Files, kit: Option<Kit>) -> Self {
        let (files, requirements) = match kit {
            Some(kit) => {
                let (files, requirements) = with_kit(repository.to_vec(), config, kit);
                (Arc::new(files), Some(requirements))
            }
            None => (repository.clone(), None),
        };
        Self {
            config: config.clone(),
            repository: repository.clone(),
            files,
            requirements,
        }
    }

    fn with_kit(&self) -> bool {
        self.requirements.is_some()
    }
}

/// The files before and after an edit, and whether they hold the setup kit.
#[derive(Clone, PartialEq)]
struct Edit {
    before: Files,
    after: Files,
    with_kit: bool,
}

impl Edit {
    /// No edit yet: `files` on both sides, so nothing is marked.
    fn none(files: Files, with_kit: bool) -> Self {
        Self {
            before: files.clone(),
            after: files,
            with_kit,
        }
    }
}

impl State {
    pub fn new(initial: Config, notice: Option<Notice>) -> Self {
        let config = Var::new(initial);
        // The form's messages need only validation, so the first screen (`super::stages`)
        // mounts without rendering (or compiling the renderers); the files render once a part
        // that shows them mounts.
        let problems = Distinct::new(move || config.with(validate));
        let kit = Var::new(None::<Kit>);
        let settled = Var::new(config.get_untracked());
        settle_after_paint(config, settled);
        // Validated first: a configuration with problems renders nothing.
        let repository = Derived::new(move |_| {
            settled.with(|c| {
                repository_files(c)
                    .ok()
                    .map(|files| (c.clone(), Arc::new(files)))
            })
        });
        let last_valid = Derived::new(move |previous: Option<&Rendered>| {
            let kit = kit.get();
            repository.with(|now| match (now, previous) {
                (Some((config, files)), _) => Rendered::of(config, files, kit),
                (None, Some(last)) if last.with_kit() == kit.is_some() => last.clone(),
                // The kit arrived while there are problems: the last valid files get it too.
                (None, Some(last)) => Rendered::of(&last.config, &last.repository, kit),
                (None, None) => {
                    let defaults = Config::default();
                    let files = Arc::new(repository_files(&defaults).unwrap_or_default());
                    Rendered::of(&defaults, &files, kit)
                }
            })
        });
        let files = Derived::new(move |_| last_valid.with(|r| r.files.clone()));
        let edit = Derived::new(move |previous: Option<&Edit>| {
            let (now, with_kit) = last_valid.with(|r| (r.files.clone(), r.with_kit()));
            match previous {
                // The kit's arrival is no edit: the files it adds are not marked as changed.
                Some(last) if last.with_kit != with_kit => Edit::none(now, with_kit),
                Some(last) if last.after != now => Edit {
                    before: last.after.clone(),
                    after: now,
                    with_kit,
                },
                Some(same) => same.clone(),
                None => Edit::none(now, with_kit),
            }
        });
        let changes = Var::new(BTreeMap::new());
        Self {
            config,
            problems,
            changes,
            changes_lost: Var::new(false),
            edit,
            files,
            kit,
            valid_config: Derived::new(move |_| last_valid.with(|r| r.config.clone())),
            setup: Derived::new(move |_| {
                last_valid.with(|r| r.requirements.clone().unwrap_or_default())
            }),
            untouched: Derived::new(move |_| config.with(|c| *c == Config::default())),
            notice: Var::new(notice),
            chosen_file: Var::new(None),
            settled,
        }
    }

    /// The repository's file at `path` as the configuration is now, rendered alone: `None`
    /// while the configuration has problems or writes no such file, and for the setup kit's
    /// files (which `files` bring a paint later). What the preview shows on a keystroke.
    pub fn file_now(&self, path: &str) -> Option<String> {
        self.config
            .with(|c| render::repository_file(c, path))
            .map(|f| f.contents)
    }

    /// The part of the configuration `read` picks out, as a [`Distinct`] signal: what reads it
    /// runs again only when that part changes, not on every edit.
    pub fn part<T>(&self, read: impl Fn(&Config) -> T + Send + Sync + 'static) -> Distinct<T>
    where
        T: Clone + PartialEq + Send + Sync + 'static,
    {
        let config = self.config;
        Distinct::new(move || config.with(&read))
    }

    /// The configuration `files` follow (a paint behind `config`), tracked: for work that
    /// should not run before a keystroke's paint.
    pub fn settled_config(&self) -> Config {
        self.settled.get()
    }

    /// Brings `files` up to the configuration now, without waiting for the next paint: for
    /// what must hold every edit (the zip).
    pub fn settle(&self) {
        settle(self.config, self.settled);
    }

    /// Keeps `changes` following the edits. Called by the part that shows the marks (the
    /// preview), so that the parts mounted before it render no file (`super::stages`).
    pub fn follow_changes(&self) {
        let (edit, changes, lost) = (self.edit, self.changes, self.changes_lost);
        // Each edit's diff is the newest one's only if no later edit started another.
        let newest = StoredValue::new(0_u64);
        Effect::new(move |_| {
            let Edit { before, after, .. } = edit.get();
            let this = newest.get_value() + 1;
            newest.set_value(this);
            if before == after {
                changes.set(BTreeMap::new());
                lost.set(false);
                return;
            }
            leptos::task::spawn_local(async move {
                let found = changes_between(before, after).await;
                if newest.get_value() == this {
                    lost.set(found.is_err());
                    changes.set(found.unwrap_or_default());
                }
            });
        });
    }

    /// Saves each edit as the draft, after the paint that shows it, with the files: a
    /// keystroke's frame does not wait for the disk. Leaving the page (a reload, a closed or
    /// hidden tab) saves at once, since that paint may never come.
    pub fn keep_draft(&self) {
        let (config, settled) = (self.config, self.settled);
        Effect::new(move |_| settled.with(save_draft));
        // `try_`: a test's unmounted page leaves its listeners behind.
        let now = move || {
            config.try_with_untracked(save_draft);
        };
        let _ = window_event_listener(leptos::ev::pagehide, move |_| now());
        let _ = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if document().hidden() {
                now();
            }
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

/// Keeps `config` for the next visit; a configuration back at the defaults keeps none.
fn save_draft(config: &Config) {
    if *config == Config::default() {
        storage::forget_draft();
    } else {
        storage::save_draft(&config.to_json());
    }
}

/// Sets `settled` to `config` after the paint that follows each change of `config` (the
/// changes made before that paint are taken together): a frame, then a task, so that the
/// browser paints what the keystroke changed before the rest renders.
fn settle_after_paint(config: Var<Config>, settled: Var<Config>) {
    let pending = StoredValue::new(false);
    Effect::new(move |_| {
        config.track();
        if pending.get_value() {
            return;
        }
        pending.set_value(true);
        request_animation_frame(move || {
            set_timeout(
                move || {
                    pending.set_value(false);
                    settle(config, settled);
                },
                std::time::Duration::ZERO,
            )
        });
    });
}

/// Nothing happens once the page's state is gone (a test's page unmounted before the paint).
fn settle(config: Var<Config>, settled: Var<Config>) {
    let Some(now) = config.try_with_untracked(Config::clone) else {
        return;
    };
    if settled.try_with_untracked(|s| *s != now) == Some(true) {
        settled.try_set(now);
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

pub fn use_state() -> State {
    expect_context::<State>()
}
