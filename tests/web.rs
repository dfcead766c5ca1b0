//! Component tests in headless Chromium (wasm-bindgen-test): mount the page, act like a user
//! (type, choose, click), let the reactive system settle, assert the DOM.
#![cfg(target_arch = "wasm32")]

use kamal_actions_web::ui::opening;
use kamal_actions_web::App;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Event, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The page mounted into its own container.
struct Page {
    root: HtmlElement,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

/// Lets the reactive system run every effect the last event scheduled. A change that mounts
/// new components (a `<Show>` turning on) takes a few rounds: effects schedule effects.
async fn settle() {
    for _ in 0..3 {
        tick().await;
    }
    // The files follow an edit after the next paint (`State::settle_after_paint`).
    frame().await;
    timeout(0).await;
    for _ in 0..10 {
        tick().await;
    }
}

/// Resolves at the next animation frame.
async fn frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .request_animation_frame(&resolve)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Resolves after a macrotask: every microtask (and so every effect) queued before has run.
async fn timeout(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

async fn mount() -> Page {
    mount_with_draft(None).await
}

/// Mounts the page as a visit that finds `draft` saved (a first visit when `None`).
async fn mount_with_draft(draft: Option<&str>) -> Page {
    let page = start_mount(draft).await;
    page.mounted().await;
    page
}

/// The page as its mount starts: only its first part is there (see `mounted`).
async fn start_mount(draft: Option<&str>) -> Page {
    // Each test starts as a first visit: no draft from the test before.
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    if let Some(draft) = draft {
        storage.set_item("kamal-actions.draft", draft).unwrap();
    }
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    // Built without the `split` feature, the import's code is in the test's own wasm.
    let opened = opening::open_page()
        .await
        .expect("no split points without the feature");
    let handle = mount_to(root.clone(), move || {
        view! { <App opened=opened /> }.into_any()
    });
    Page {
        root,
        _handle: handle,
    }
}

impl Page {
    /// Waits for every part of the page (it mounts a part per task, `src/ui/stages.rs`, and
    /// marks its <main> busy until the last).
    async fn mounted(&self) {
        for _ in 0..100 {
            if self.find("main.layout:not([aria-busy])").is_some() {
                return;
            }
            timeout(0).await;
        }
        panic!("the page did not finish mounting in 100 tasks");
    }

    fn find(&self, selector: &str) -> Option<web_sys::Element> {
        self.root.query_selector(selector).unwrap()
    }

    fn get<T: JsCast>(&self, selector: &str) -> T {
        self.find(selector)
            .unwrap_or_else(|| panic!("{selector} not found"))
            .unchecked_into()
    }

    fn input(&self, id: &str) -> HtmlInputElement {
        self.get(&format!("#{id}"))
    }

    async fn type_into(&self, id: &str, value: &str) {
        self.key_in(id, value);
        settle().await;
    }

    /// Types `value` into the field with `id`, without waiting for what follows the paint.
    fn key_in(&self, id: &str, value: &str) {
        let input = self.input(id);
        input.set_value(value);
        input.dispatch_event(&Event::new("input").unwrap()).unwrap();
    }

    async fn choose(&self, id: &str, value: &str) {
        let select: HtmlSelectElement = self.get(&format!("#{id}"));
        select.set_value(value);
        select
            .dispatch_event(&Event::new("change").unwrap())
            .unwrap();
        settle().await;
    }

    async fn click(&self, selector: &str) {
        self.get::<HtmlElement>(selector).click();
        settle().await;
    }

    fn text(&self, selector: &str) -> String {
        self.find(selector)
            .unwrap_or_else(|| panic!("{selector} not found"))
            .text_content()
            .unwrap_or_default()
    }

    /// Selects a file in the tree and returns its preview text (Markdown as its source).
    async fn file(&self, path: &str) -> String {
        self.click(&format!("button.file-button[data-path=\"{path}\"]"))
            .await;
        if path.ends_with(".md")
            && self
                .find("#markdown-source[aria-pressed=\"false\"]")
                .is_some()
        {
            self.click("#markdown-source").await;
        }
        self.text(".file-contents")
    }

    fn paths(&self) -> Vec<String> {
        self.data_paths("button.file-button")
    }

    /// The `data-path` of every element `selector` matches, in order.
    fn data_paths(&self, selector: &str) -> Vec<String> {
        let nodes = self.root.query_selector_all(selector).unwrap();
        (0..nodes.length())
            .map(|i| {
                nodes
                    .item(i)
                    .unwrap()
                    .unchecked_into::<web_sys::Element>()
                    .get_attribute("data-path")
                    .unwrap()
            })
            .collect()
    }

    fn count(&self, selector: &str) -> u32 {
        self.root.query_selector_all(selector).unwrap().length()
    }

    fn download_disabled(&self) -> bool {
        self.get::<HtmlButtonElement>("#download-zip").disabled()
    }

    fn unmount(self) {
        self.root.remove();
    }
}

const PRODUCTION: &str = ".github/workflows/deploy-production.yml";

#[wasm_bindgen_test]
async fn mounts_with_the_default_workflows() {
    let page = mount().await;
    assert_eq!(page.input("project-service").value(), "myapp");
    let paths = page.paths();
    assert!(paths.iter().any(|p| p == PRODUCTION), "{paths:?}");
    assert!(
        paths.iter().any(|p| p == ".kamal/secrets.staging"),
        "{paths:?}"
    );
    assert_eq!(
        page.text(".file-path"),
        PRODUCTION,
        "the first deploy workflow is shown first"
    );
    assert!(page
        .text(".file-contents")
        .contains("Deploys myapp to production"));
    assert!(!page.download_disabled());
    assert!(page.text("#setup").contains("SSH_PRIVATE_KEY"));
    page.unmount();
}

/// The first task mounts only the import box; each later part comes a task after the one
/// before, and an edit made between parts shows in the parts mounted after it.
#[wasm_bindgen_test]
async fn mounts_a_part_per_task() {
    let page = start_mount(None).await;
    assert!(
        page.find("#import-files").is_some(),
        "the import box comes at once"
    );
    assert!(
        page.find("#project-service").is_none(),
        "the project section waits a task"
    );
    assert!(page.find("main.layout[aria-busy='true']").is_some());
    // The next part's task is queued once the first has mounted (behind this test's own).
    for _ in 0..3 {
        if page.find("#project-service").is_some() {
            break;
        }
        timeout(0).await;
    }
    assert!(
        page.find("#project-service").is_some(),
        "a task or two later"
    );
    assert!(page.find("#setup").is_none(), "the setup panel comes last");
    let service = page.input("project-service");
    service.set_value("staged");
    service
        .dispatch_event(&Event::new("input").unwrap())
        .unwrap();
    page.mounted().await;
    assert!(page
        .text(".file-contents")
        .contains("Deploys staged to production"));
    assert!(page.find("#setup").is_some());
    page.unmount();
}

#[wasm_bindgen_test]
async fn typing_changes_the_preview_and_the_tree() {
    let page = mount().await;
    page.type_into("project-service", "shop").await;
    assert!(page
        .file(PRODUCTION)
        .await
        .contains("Deploys shop to production"));
    page.type_into("environments-0-name", "live").await;
    assert!(page
        .paths()
        .iter()
        .any(|p| p == ".github/workflows/deploy-live.yml"));
    assert!(!page.paths().iter().any(|p| p == PRODUCTION));
    assert_eq!(
        page.input("environments-0-destination").value(),
        "live",
        "destination follows the name"
    );
    let yaml = page.file(".github/workflows/deploy-live.yml").await;
    assert!(yaml.contains("destination: live"), "{yaml}");
    page.unmount();
}

/// A keystroke renders the open file alone and the page paints it; the other files, the tree
/// and the marks of what the edit changed follow after that paint.
#[wasm_bindgen_test]
async fn a_keystroke_shows_the_open_file_before_the_rest_renders() {
    let page = mount().await;
    page.file(PRODUCTION).await;
    page.key_in("project-service", "shop");
    for _ in 0..10 {
        tick().await;
    }
    assert!(page
        .text(".file-contents")
        .contains("Deploys shop to production"));
    assert!(
        !page.text("#edit-summary").contains("Your last edit"),
        "the other files have not rendered yet"
    );
    settle().await;
    timeout(0).await;
    assert!(
        page.text("#edit-summary")
            .contains("Your last edit changed"),
        "{}",
        page.text("#edit-summary")
    );
    assert!(page
        .file(".github/workflows/deploy-staging.yml")
        .await
        .contains("Deploys shop to staging"));
    page.unmount();
}

/// A keystroke in one field leaves the form's other controls alone: no select is built again
/// and no control has its value or checked state set (each did, on every keystroke: about
/// 40% of a keystroke's time with the seed configuration).
#[wasm_bindgen_test]
async fn a_keystroke_touches_no_other_control() {
    let page = mount().await;
    // The controls that used to be built again: a promotion's source and the backup's
    // environment.
    page.choose("environments-0-trigger", "after").await;
    page.click("#backup-enabled").await;
    let watch = js_sys::Function::new_with_args(
        "form",
        r#"
        const touched = [];
        for (const el of form.querySelectorAll('input, select')) {
          if (el.id === 'project-service') continue;
          for (const name of ['value', 'checked']) {
            const real = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), name);
            if (!real) continue;
            Object.defineProperty(el, name, {
              configurable: true,
              get() { return real.get.call(this); },
              set(v) { touched.push(`${this.id}.${name}`); real.set.call(this, v); },
            });
          }
        }
        const service = form.querySelector('#project-service').closest('.field');
        new MutationObserver((records) => {
          for (const r of records) {
            if (!service.contains(r.target)) touched.push(`${r.target.id || r.target.nodeName} ${r.attributeName || r.type}`);
          }
        }).observe(form, { subtree: true, childList: true, attributes: true });
        return touched;
        "#,
    );
    let form = page.get::<HtmlElement>("form.form");
    let touched: js_sys::Array = watch.call1(&JsValue::NULL, &form).unwrap().unchecked_into();
    page.type_into("project-service", "shop").await;
    page.type_into("project-service", "shops").await;
    // The ECR repository's placeholder is the service name: the one control that follows it.
    assert_eq!(page.input("registry-repository").placeholder(), "shops");
    let touched: Vec<String> = touched.iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(touched, ["registry-repository placeholder"; 2]);
    page.unmount();
}

/// The draft is saved after the paint that shows an edit, and at once when the page is left
/// (a reload, a closed or hidden tab), since that paint may never come.
#[wasm_bindgen_test]
async fn leaving_the_page_saves_the_last_edit_at_once() {
    let page = mount().await;
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let draft = || {
        storage
            .get_item("kamal-actions.draft")
            .unwrap()
            .unwrap_or_default()
    };
    page.key_in("project-service", "leaving");
    assert!(!draft().contains("leaving"), "saved only after the paint");
    web_sys::window()
        .unwrap()
        .dispatch_event(&Event::new("pagehide").unwrap())
        .unwrap();
    assert!(draft().contains("\"leaving\""), "{}", draft());
    page.unmount();
}

#[wasm_bindgen_test]
async fn environments_can_be_added_moved_and_removed() {
    let page = mount().await;
    assert_eq!(page.count("fieldset.card"), 2);
    page.click("#add-environment").await;
    assert_eq!(page.count("fieldset.card"), 3);
    assert_eq!(page.input("environments-2-name").value(), "environment-3");
    page.click("button[aria-label=\"Move environment environment-3 up\"]")
        .await;
    assert_eq!(page.input("environments-1-name").value(), "environment-3");
    assert_eq!(page.input("environments-2-name").value(), "staging");
    page.click("button[aria-label=\"Remove environment environment-3\"]")
        .await;
    assert_eq!(page.count("fieldset.card"), 2);
    assert_eq!(page.input("environments-1-name").value(), "staging");
    page.unmount();
}

/// The `<li>` elements under `root`, in order.
fn items(root: &HtmlElement) -> Vec<web_sys::Element> {
    let list = root.query_selector_all("li").unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

#[wasm_bindgen_test]
async fn keyed_keeps_the_rows_whose_keys_stay_and_when_follows_its_condition() {
    use kamal_actions_web::ui::control_flow::{Keyed, When};
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let rows = RwSignal::new(vec![(1, "one"), (2, "two"), (3, "three")]);
    let shown = RwSignal::new(false);
    let builds = RwSignal::new(0);
    let _handle = mount_to(root.clone(), move || {
        view! {
            <ul>
                <Keyed each=move || rows.get() key=|row: &(u32, &str)| row.0 let:row>
                    {builds.update_untracked(|n| *n += 1)}
                    <li>{row.1}</li>
                </Keyed>
            </ul>
            <When when=move || shown.get() fallback=|| view! { <p id="off">"off"</p> }>
                <p id="on">"on"</p>
            </When>
        }
        .into_any()
    });
    settle().await;
    let text = |els: &[web_sys::Element]| {
        els.iter()
            .map(|e| e.text_content().unwrap())
            .collect::<Vec<_>>()
    };
    let before = items(&root);
    assert_eq!(text(&before), ["one", "two", "three"]);
    assert_eq!(builds.get_untracked(), 3);

    // Reordered, one removed, one added: the kept rows are the same elements, only the new
    // key builds a row.
    rows.set(vec![(3, "three"), (4, "four"), (1, "one")]);
    settle().await;
    let after = items(&root);
    assert_eq!(text(&after), ["three", "four", "one"]);
    assert_eq!(after[0], before[2], "row 3 kept");
    assert_eq!(after[2], before[0], "row 1 kept");
    assert_eq!(builds.get_untracked(), 4, "only key 4 built a row");
    // A row is kept by its key, not its text: the same key with new text keeps the old row.
    rows.set(vec![(3, "changed")]);
    settle().await;
    assert_eq!(text(&items(&root)), ["three"]);
    assert_eq!(items(&root)[0], before[2]);

    assert!(root.query_selector("#off").unwrap().is_some());
    assert!(root.query_selector("#on").unwrap().is_none());
    shown.set(true);
    settle().await;
    assert!(root.query_selector("#on").unwrap().is_some());
    assert!(root.query_selector("#off").unwrap().is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn var_wakes_its_readers_when_set_or_updated_and_not_when_updated_untracked() {
    use kamal_actions_web::ui::signals::Var;
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let names = Var::new(vec!["web".to_string()]);
    let _handle = mount_to(root.clone(), move || {
        view! { <p>{move || names.with(|n| n.join(","))}</p> }.into_any()
    });
    settle().await;
    assert_eq!(root.text_content().unwrap(), "web");

    names.update(|n| n.push("job".into()));
    settle().await;
    assert_eq!(root.text_content().unwrap(), "web,job");
    names.update_untracked(|n| n.clear());
    settle().await;
    assert_eq!(root.text_content().unwrap(), "web,job", "not woken");
    assert!(names.with_untracked(Vec::is_empty));
    names.set(vec!["db".into()]);
    settle().await;
    assert_eq!(root.text_content().unwrap(), "db");
    assert_eq!(names.get_untracked(), ["db"]);
    let as_signal: Signal<Vec<String>> = names.into();
    assert_eq!(as_signal.get_untracked(), ["db"]);
    root.remove();
}

#[wasm_bindgen_test]
async fn derived_follows_its_sources_and_wakes_its_readers_only_for_a_new_value() {
    use kamal_actions_web::ui::signals::Derived;
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let number = RwSignal::new(1);
    let parity =
        Derived::new(move |_| if number.get() % 2 == 0 { "even" } else { "odd" }.to_string());
    // Given its last value: each read after a change appends the number.
    let seen = Derived::new(move |last: Option<&Vec<i32>>| {
        let mut seen = last.cloned().unwrap_or_default();
        seen.push(number.get());
        seen
    });
    let renders = RwSignal::new(0);
    let _handle = mount_to(root.clone(), move || {
        view! {
            <p>{move || {
                renders.update_untracked(|n| *n += 1);
                parity.get()
            }}</p>
        }
        .into_any()
    });
    settle().await;
    assert_eq!(root.text_content().unwrap(), "odd");
    assert_eq!(renders.get_untracked(), 1);
    assert_eq!(seen.get_untracked(), [1]);

    number.set(3);
    settle().await;
    assert_eq!(
        renders.get_untracked(),
        1,
        "still odd: the reader did not run"
    );
    assert_eq!(seen.get_untracked(), [1, 3]);
    number.set(4);
    settle().await;
    assert_eq!(root.text_content().unwrap(), "even");
    assert_eq!(renders.get_untracked(), 2);
    assert_eq!(seen.with_untracked(Vec::len), 3);
    // As a Leptos signal, for a component's props.
    let as_signal: Signal<String> = parity.into();
    assert_eq!(as_signal.get_untracked(), "even");
    root.remove();
}

#[wasm_bindgen_test]
async fn an_invalid_value_shows_its_message_next_to_the_field() {
    let page = mount().await;
    page.type_into("environments-1-trigger-branches", "bad branch")
        .await;
    assert!(page
        .text("#environments-1-trigger-branches-error")
        .contains("cannot contain ' '"));
    assert_eq!(
        page.input("environments-1-trigger-branches")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert!(page.text("#status").starts_with("1 problem"));
    assert!(page
        .text(".problem-list")
        .contains("Environment staging → Deploy when → Branches → item 1"));
    assert!(page.download_disabled());
    assert!(page.text("#download-reason").contains("Fix the problems"));
    let staging = page.file(".github/workflows/deploy-staging.yml").await;
    assert!(
        staging.contains("      - staging\n"),
        "the last valid output stays"
    );
    page.type_into("environments-1-trigger-branches", "staging, release")
        .await;
    assert_eq!(page.text("#environments-1-trigger-branches-error"), "");
    assert!(!page.download_disabled());
    assert!(page
        .file(".github/workflows/deploy-staging.yml")
        .await
        .contains("      - release\n"));
    page.unmount();
}

#[wasm_bindgen_test]
async fn the_trigger_shows_only_the_fields_it_needs() {
    let page = mount().await;
    assert!(
        page.find("#environments-0-trigger-branches").is_none(),
        "release needs no branches"
    );
    page.choose("environments-0-trigger", "tags").await;
    assert_eq!(page.input("environments-0-trigger-tags").value(), "v*");
    assert!(page.find("#environments-0-trigger-branches").is_none());
    assert!(page
        .file(PRODUCTION)
        .await
        .contains("    tags:\n      - v*\n"));
    page.choose("environments-0-trigger", "manual").await;
    assert!(page.find("#environments-0-checks_first").is_none());
    assert!(
        !page.paths().iter().any(|p| p == PRODUCTION),
        "manual environments have no deploy workflow"
    );
    page.unmount();
}

/// The paths of the files the tree marks as changed by the last edit.
fn marked(page: &Page) -> Vec<String> {
    page.data_paths("button.file-button.changed")
}

/// One field rewrites lines in many files: after an edit the tree marks exactly the files it
/// changed, the open file highlights the lines, the summary names the files that went, and
/// "Show the first change" opens a changed file when the open one has none.
#[wasm_bindgen_test]
async fn an_edit_marks_the_files_and_lines_it_changed() {
    let page = mount().await;
    assert!(marked(&page).is_empty(), "nothing is marked before an edit");
    page.file(".github/actions/pre-build/action.yml").await;
    page.choose("registry", "ghcr").await;
    settle().await;
    let files = marked(&page);
    for path in [
        ".github/actions/pre-build/action.yml",
        PRODUCTION,
        "KAMAL_ACTIONS_SETUP.md",
    ] {
        assert!(
            files.iter().any(|f| f == path),
            "{path} not marked: {files:?}"
        );
    }
    assert!(!files.iter().any(|f| f.ends_with("_lint.yml")), "{files:?}");
    // Switching to GHCR only removes lines from pre-build: they are marked where they were.
    assert!(page.count(".file-contents .line.removed-above") > 0);
    let summary = page.text("#edit-summary");
    assert!(
        summary.contains("removed kamal-actions-setup/iam/"),
        "{summary}"
    );
    // The next edit replaces the marks; the open file (the lint workflow) has none of them.
    page.file(".github/workflows/_lint.yml").await;
    page.type_into("checks-specs", "bin/rspec").await;
    let files = marked(&page);
    assert!(files.iter().any(|f| f.ends_with("_specs.yml")), "{files:?}");
    assert!(
        !files.iter().any(|f| f.ends_with("pre-build/action.yml")),
        "{files:?}"
    );
    assert_eq!(page.count(".file-contents .line.changed"), 0);
    assert_eq!(page.count(".file-contents .line.removed-above"), 0);
    page.click("#jump-to-change").await;
    assert!(
        page.count(".file-contents .line.changed") > 0,
        "a changed file is open"
    );
    page.unmount();
}

/// The setup kit's files join the page's files when their code arrives (with the part of the
/// page below the first screen, `src/ui/later_parts.rs`). Their arrival is no edit, so nothing
/// is marked; the next edit marks them like any other file.
#[wasm_bindgen_test]
async fn the_setup_kit_joins_the_files_unmarked() {
    use kamal_actions_core::render::setup::requirements;
    use kamal_actions_core::render::{render, setup_kit, GUIDE_PATH, IAM_DIR};
    use kamal_actions_core::Config;
    use kamal_actions_web::ui::state::{Kit, State};

    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    owner.set();
    let state = State::new(Config::default(), None);
    state.follow_changes();
    let paths = || {
        state
            .files
            .with_untracked(|f| f.iter().map(|f| f.path.clone()).collect::<Vec<_>>())
    };
    settle().await;
    assert!(
        !paths()
            .iter()
            .any(|p| p == GUIDE_PATH || p.starts_with(IAM_DIR)),
        "{:?}",
        paths()
    );
    assert!(
        state.setup.get_untracked().is_empty(),
        "no requirements before the kit"
    );
    state.kit.set(Some(Kit {
        render: setup_kit,
        markdown: |_, _| ().into_any(),
    }));
    settle().await;
    assert_eq!(
        *state.files.get_untracked(),
        render(&Config::default()).unwrap()
    );
    assert_eq!(
        state.setup.get_untracked(),
        requirements(&Config::default())
    );
    assert!(
        state.changes.with_untracked(|c| c.is_empty()),
        "the kit's arrival marks nothing"
    );
    state.update(|c| c.project.service = "shop".into());
    settle().await;
    timeout(0).await;
    assert!(
        state.changes.with_untracked(|c| c.contains_key(GUIDE_PATH)),
        "an edit marks the guide"
    );
    drop(owner);
}

/// Every file in the tree says in one line what it is for, next to it and as its description.
#[wasm_bindgen_test]
async fn each_file_in_the_tree_says_what_it_is_for() {
    let page = mount().await;
    let paths = page.paths();
    assert!(paths.len() > 10);
    for path in &paths {
        let button: web_sys::Element =
            page.get(&format!("button.file-button[data-path=\"{path}\"]"));
        let about = button.get_attribute("aria-describedby").unwrap();
        let text = page.text(&format!("#{about}"));
        assert!(text.len() > 20, "{path}: {text:?}");
    }
    let production: web_sys::Element =
        page.get(&format!("button.file-button[data-path=\"{PRODUCTION}\"]"));
    let about = production.get_attribute("aria-describedby").unwrap();
    assert!(page
        .text(&format!("#{about}"))
        .starts_with("Deploys myapp to production"));
    page.unmount();
}

/// "+ Add" leaves the user in the new field, and a preset already in the list is not offered.
#[wasm_bindgen_test]
async fn adding_focuses_the_new_field_and_presets_are_not_offered_twice() {
    let page = mount().await;
    let focused = || leptos::prelude::document().active_element().map(|e| e.id());
    page.click("#add-environment").await;
    assert_eq!(focused().as_deref(), Some("environments-2-name"));
    page.click("#add-variable").await;
    assert_eq!(focused().as_deref(), Some("secrets-env-3-name"));
    // The defaults hold `lock release`: not offered again; another preset is.
    assert!(page
        .find("button[aria-label=\"Add lock release\"]")
        .is_none());
    page.click("button[aria-label=\"Add accessory reboot NAME\"]")
        .await;
    assert_eq!(focused().as_deref(), Some("commands-2"));
    assert!(page
        .find("button[aria-label=\"Add accessory reboot NAME\"]")
        .is_none());
    page.unmount();
}

/// Undoing a reset takes back the reset only: an edit made since is kept and named, the rest
/// comes back, and the notice has the focus.
#[wasm_bindgen_test]
async fn undoing_a_reset_keeps_the_edits_made_since() {
    let page = mount().await;
    page.type_into("project-service", "mine").await;
    page.type_into("project-runner", "ubuntu-24.04").await;
    page.click("#reset").await;
    assert_eq!(page.input("project-service").value(), "myapp");
    let focused = leptos::prelude::document().active_element().map(|e| e.id());
    assert_eq!(focused.as_deref(), Some("notice"));
    page.type_into("project-service", "theirs").await;
    page.click("#notice-restore").await;
    assert_eq!(
        page.input("project-service").value(),
        "theirs",
        "the later edit is kept"
    );
    assert_eq!(
        page.input("project-runner").value(),
        "ubuntu-24.04",
        "the reset is undone"
    );
    assert!(
        page.text("#notice")
            .contains("Kept what you changed since in: Project → Service name"),
        "{}",
        page.text("#notice")
    );
    page.unmount();
}

/// Promoting an environment: its source is a choice among the others, its own deploy workflow
/// goes, and the source's run (or the promote workflow) deploys it without building.
#[wasm_bindgen_test]
async fn a_promoted_environment_chooses_its_source_and_deploys_its_image() {
    let page = mount().await;
    page.choose("environments-0-trigger", "after").await;
    let from: HtmlSelectElement = page.get("#environments-0-trigger-from");
    assert_eq!(from.value(), "staging");
    assert!(!page.paths().iter().any(|p| p == PRODUCTION));
    let staging = page.file(".github/workflows/deploy-staging.yml").await;
    assert!(staging.contains("promote-production:"), "{staging}");
    assert!(
        staging.contains("promote-version: ${{ github.sha }}"),
        "{staging}"
    );
    page.choose("environments-0-trigger", "promote").await;
    let promote = page.file(".github/workflows/promote-production.yml").await;
    assert!(promote.contains("ref: ${{ inputs.version }}"), "{promote}");
    // Renaming the source carries the promotion along.
    page.type_into("environments-1-name", "qa").await;
    let from: HtmlSelectElement = page.get("#environments-0-trigger-from");
    assert_eq!(from.value(), "qa");
    page.unmount();
}

/// A backup waits for the public key, says so at the field, and with one writes the encrypted
/// dump to the store chosen; S3 brings its bucket fields.
#[wasm_bindgen_test]
async fn a_backup_needs_a_public_key_and_offers_each_store() {
    let page = mount().await;
    page.click("#backup-enabled").await;
    assert_eq!(page.text("#backup-cron-words"), "Every day at 03:00 UTC");
    page.type_into("backup-cron", "30 2 * * MON-FRI").await;
    assert_eq!(
        page.text("#backup-cron-words"),
        "Every Monday to Friday at 02:30 UTC"
    );
    let message = page.text("#backup-encryption-age-recipient-error");
    assert!(message.contains("age-keygen"), "{message}");
    page.type_into(
        "backup-encryption-age-recipient",
        "age1ssqwyg0yv9a6mks73xjkta046pgpxv83ty0nv0l7zzwq6y645d2qdwpqsl",
    )
    .await;
    let backup = page.file(".github/workflows/database-backup.yml").await;
    assert!(backup.contains("actions/upload-artifact@"), "{backup}");
    assert!(
        backup.contains("--reuse --raw \"$DUMP_COMMAND\""),
        "{backup}"
    );
    page.choose("backup-store", "s3").await;
    assert!(page.find("#backup-store-s3-bucket").is_some());
    page.type_into("backup-store-s3-bucket", "myapp-backups")
        .await;
    let backup = page.file(".github/workflows/database-backup.yml").await;
    assert!(backup.contains("s3://myapp-backups/backups/"), "{backup}");
    page.unmount();
}

#[wasm_bindgen_test]
async fn kamal_1_offers_its_own_commands_and_flags_kamal_2_ones() {
    let page = mount().await;
    // The defaults hold proxy reboot, so it is not offered; Kamal 2's own `app logs` is.
    assert!(page.text(".presets").contains("app logs --lines 200"));
    assert!(!page.text(".presets").contains("traefik"));
    page.choose("project-kamal_version", "1").await;
    settle().await;
    assert!(!page.text(".presets").contains("app logs"));
    assert!(!page.text(".presets").contains("proxy"));
    assert_eq!(
        page.input("commands-0").value(),
        "traefik reboot --rolling",
        "switching versions translates the command"
    );
    page.type_into("commands-0", "proxy reboot --rolling").await;
    assert!(
        page.text("#commands-0-error").contains("proxy"),
        "{}",
        page.text("#commands-0-error")
    );
    page.click("button[aria-label=\"Remove command 1\"]").await;
    page.click("button[aria-label=\"Add traefik reboot --rolling\"]")
        .await;
    assert_eq!(page.input("commands-1").value(), "traefik reboot --rolling");
    assert_eq!(page.text("#commands-1-error"), "");
    assert!(
        page.text("#status").starts_with("Ready"),
        "{}",
        page.text("#status")
    );
    page.unmount();
}

#[wasm_bindgen_test]
async fn switching_the_registry_changes_fields_and_permissions() {
    let page = mount().await;
    assert!(page.find("#registry-account_id").is_some());
    page.choose("registry", "ghcr").await;
    assert!(page.find("#registry-account_id").is_none());
    let yaml = page.file(PRODUCTION).await;
    assert!(
        yaml.contains("packages: write  # push the image to ghcr.io"),
        "{yaml}"
    );
    assert!(!yaml.contains("id-token"), "{yaml}");
    page.unmount();
}

#[wasm_bindgen_test]
async fn a_variable_from_a_vault_gets_its_fields_and_reaches_the_secrets_file() {
    let page = mount().await;
    assert!(page.find("#secrets-env-1-vault-item").is_none());
    page.choose("secrets-env-1-vault", "1password").await;
    assert!(
        page.find("#secrets-env-1-secret").is_none(),
        "one source at a time"
    );
    page.type_into("secrets-env-1-vault-item", "{environment}/app")
        .await;
    page.type_into("secrets-vaults-one_password-account", "acme.1password.com")
        .await;
    assert_eq!(
        page.input("secrets-vaults-one_password-token_secret")
            .value(),
        "OP_SERVICE_ACCOUNT_TOKEN"
    );
    let secrets = page.file(".kamal/secrets.production").await;
    assert!(
        secrets.contains(
            "kamal secrets fetch --adapter 1password --account acme.1password.com --from production/app DATABASE_URL"
        ),
        "{secrets}"
    );
    assert!(!secrets.contains("DATABASE_URL=$DATABASE_URL"), "{secrets}");
    // A shell metacharacter never reaches a file: the message is at the field.
    page.type_into("secrets-env-1-vault-item", "a/$(id)").await;
    assert!(
        page.text("#secrets-env-1-vault-item-error")
            .contains("letters, digits"),
        "{}",
        page.text("#secrets-env-1-vault-item-error")
    );
    assert!(!page
        .file(".kamal/secrets.production")
        .await
        .contains("$(id)"));
    page.choose("secrets-env-1-vault", "github").await;
    assert_eq!(page.input("secrets-env-1-secret").value(), "DATABASE_URL");
    assert!(page
        .file(".kamal/secrets.production")
        .await
        .contains("DATABASE_URL=$DATABASE_URL"));
    page.unmount();
}

/// Sets a textarea's text as typing would.
async fn paste(page: &Page, id: &str, text: &str) {
    let area: web_sys::HtmlTextAreaElement = page.get(&format!("#{id}"));
    area.set_value(text);
    area.dispatch_event(&Event::new("input").unwrap()).unwrap();
    settle().await;
}

#[wasm_bindgen_test]
async fn a_deploy_yml_import_shows_its_changes_and_applies_only_on_confirmation() {
    let page = mount().await;
    paste(
        &page,
        "deploy-main",
        "service: blog\nimage: jane/blog\nproxy:\n  ssl: true\nregistry:\n  server: ghcr.io\n  username: jane\n  password: [KAMAL_REGISTRY_PASSWORD]\nenv:\n  secret: [RAILS_MASTER_KEY]\nweird: 1\n",
    )
    .await;
    page.click("#deploy-preview").await;
    let report = page.text("#deploy-report");
    assert!(report.contains("GitHub Container Registry"), "{report}");
    assert!(
        report.contains("weird (Kamal applies these on the servers"),
        "{report}"
    );
    assert!(page
        .text("#deploy-changes")
        .contains("Project → Service name"));
    assert_eq!(
        page.input("project-service").value(),
        "myapp",
        "not applied yet"
    );

    page.click("#deploy-cancel").await;
    assert!(page.find("#deploy-report").is_none());
    assert_eq!(page.input("project-service").value(), "myapp");

    page.click("#deploy-preview").await;
    page.click("#deploy-apply").await;
    assert_eq!(page.input("project-service").value(), "blog");
    assert!(page.text("#notice").contains("Imported config/deploy.yml"));
    assert!(page
        .file(".github/workflows/deploy-production.yml")
        .await
        .contains("packages: write"));
    page.click("#notice-restore").await;
    assert_eq!(page.input("project-service").value(), "myapp");
    page.unmount();
}

/// While the import's changes are shown, an edit of the form is imported over after the paint
/// that shows it, not before (the import ran again before every keystroke's paint); Apply,
/// even clicked before that paint, imports over the form as it is, so the edit stays.
#[wasm_bindgen_test]
async fn the_shown_import_follows_the_form_after_the_paint_and_apply_keeps_the_last_edit() {
    let page = mount().await;
    paste(
        &page,
        "deploy-main",
        "service: blog\nimage: jane/blog\nregistry:\n  server: ghcr.io\n  username: jane\n  password: [KAMAL_REGISTRY_PASSWORD]\n",
    )
    .await;
    page.click("#deploy-preview").await;
    page.key_in("project-service", "shop");
    for _ in 0..10 {
        tick().await;
    }
    let changes = page.text("#deploy-changes");
    assert!(
        changes.contains("myapp"),
        "imported over the form before the keystroke until the paint: {changes}"
    );
    settle().await;
    let changes = page.text("#deploy-changes");
    assert!(
        changes.contains("shop") && !changes.contains("myapp"),
        "{changes}"
    );
    // An edit the import does not override, then Apply before the paint.
    page.key_in("project-runner", "ubuntu-24.04-arm");
    page.get::<HtmlElement>("#deploy-apply").click();
    settle().await;
    assert_eq!(page.input("project-service").value(), "blog");
    assert_eq!(page.input("project-runner").value(), "ubuntu-24.04-arm");
    assert!(page.text("#notice").contains("Imported config/deploy.yml"));
    page.unmount();
}

/// A lone config/deploy.yml deploys an environment without a destination, as Kamal does; the
/// user sees that mapping, may change it, and keeps or drops environments no file describes.
#[wasm_bindgen_test]
async fn the_import_says_which_environment_each_file_deploys() {
    let page = mount().await;
    paste(
        &page,
        "deploy-main",
        "service: blog\nimage: jane/blog\nservers: [192.168.0.1]\nproxy:\n  host: blog.example.com\nregistry:\n  username: jane\n  password: [KAMAL_REGISTRY_PASSWORD]\n",
    )
    .await;
    page.click("#deploy-preview").await;
    let main: HtmlSelectElement = page.get("#import-main");
    assert_eq!(main.value(), "production", "kamal deploy without -d");
    let changes = page.text("#deploy-changes");
    assert!(
        changes.contains("Environment production → Kamal destination"),
        "{changes}"
    );
    assert!(changes.contains("Environment staging"), "{changes}");
    let keep: HtmlInputElement = page.get("#import-keep-staging");
    assert!(!keep.checked(), "removed unless kept");
    keep.click();
    settle().await;
    assert!(!page.text("#deploy-changes").contains("Environment staging"));

    page.choose("import-main", "staging").await;
    settle().await;
    assert!(page.find("#import-keep-production").is_some());
    page.click("#deploy-apply").await;
    assert_eq!(page.input("environments-0-name").value(), "staging");
    assert_eq!(page.count("#environments-1-name"), 0, "production removed");
    assert!(page.paths().iter().any(|p| p == ".kamal/secrets"));
    page.unmount();
}

/// The fields issue 11 added say what they mean and refuse what cannot work.
#[wasm_bindgen_test]
async fn new_fields_explain_themselves_and_refuse_bad_values() {
    let page = mount().await;
    assert!(page
        .text("#project-runner-hint")
        .contains("never one for a public repository"));
    assert!(page
        .text("#secrets-model")
        .contains("the same name then holds production's value in production"));
    page.type_into("build-remote_builder", "docker@builder")
        .await;
    assert!(page
        .text("#build-remote_builder-error")
        .contains("ssh://docker@builder.example.com"));
    page.type_into(
        "build-remote_builder",
        "ssh://docker@builder.example.com:2222",
    )
    .await;
    assert_eq!(page.text("#build-remote_builder-error"), "");
    assert!(page
        .file("KAMAL_ACTIONS_SETUP.md")
        .await
        .contains("ssh-keyscan -p 2222 -t ed25519,ecdsa,rsa builder.example.com"));
    page.type_into("project-owner_id", "jetrockets").await;
    assert!(page
        .text("#project-owner_id-error")
        .contains("A GitHub id is a number"));
    page.type_into(
        "environments-1-trigger-branches",
        "release/**, !release/**-wip",
    )
    .await;
    assert_eq!(page.text("#environments-1-trigger-branches-error"), "");
    page.unmount();
}

#[wasm_bindgen_test]
async fn the_setup_panel_opens_the_guide_and_names_the_roles() {
    let page = mount().await;
    assert!(page
        .text("#setup-aws")
        .contains("arn:aws:iam::123456789012:role/github-actions-deploy"));
    assert!(page
        .text("#setup-aws")
        .contains("Fill in the GitHub repository"));
    page.type_into("project-repository", "acme/shop").await;
    assert!(!page
        .text("#setup-aws")
        .contains("Fill in the GitHub repository"));
    page.click("#open-guide").await;
    assert_eq!(page.text(".file-path"), "KAMAL_ACTIONS_SETUP.md");
    // Formatted: headings, and the commands in code blocks with a copy button each.
    assert!(page.count(".markdown h5") >= 3);
    assert_eq!(
        page.count(".markdown .md-code"),
        page.count(".markdown .md-code button.copy")
    );
    assert!(page
        .text(".markdown")
        .contains("gh secret set SSH_PRIVATE_KEY --env production --repo acme/shop"));
    assert!(!page.text(".markdown").contains("```"));
    page.click("#markdown-source").await;
    assert_eq!(
        page.count(".file-contents span[class^=\"tok-\"]"),
        0,
        "the Markdown source is plain text, not highlighted as YAML"
    );
    assert!(page.text(".file-contents").contains("```sh"));
    page.type_into("environments-0-hosts", "203.0.113.10, web2.example.com")
        .await;
    assert!(page
        .file("KAMAL_ACTIONS_SETUP.md")
        .await
        .contains("203.0.113.10 web2.example.com > known_hosts.production"));
    page.type_into("environments-0-hosts", "203.0.113.10, -oProxyCommand=x")
        .await;
    assert!(page
        .text("#environments-0-hosts-error")
        .contains("A host name or IP address"));
    page.type_into("environments-0-hosts", "203.0.113.10").await;
    page.click("#registry").await;
    page.choose("registry", "ghcr").await;
    settle().await;
    assert!(page.find("#setup-aws").is_none());
    page.unmount();
}

/// Every example, as the page would load it.
const EXAMPLES: &[(&str, &str)] = &[
    ("acr-oidc", include_str!("../examples/acr-oidc.json")),
    (
        "digitalocean-registry",
        include_str!("../examples/digitalocean-registry.json"),
    ),
    (
        "gar-workload-identity",
        include_str!("../examples/gar-workload-identity.json"),
    ),
    (
        "vault-1password",
        include_str!("../examples/vault-1password.json"),
    ),
    (
        "vault-aws-secrets-manager",
        include_str!("../examples/vault-aws-secrets-manager.json"),
    ),
    (
        "vault-bitwarden-sm",
        include_str!("../examples/vault-bitwarden-sm.json"),
    ),
    (
        "vault-doppler",
        include_str!("../examples/vault-doppler.json"),
    ),
    (
        "dockerhub-tags",
        include_str!("../examples/dockerhub-tags.json"),
    ),
    (
        "ecr-per-environment-roles",
        include_str!("../examples/ecr-per-environment-roles.json"),
    ),
    ("ghcr-single", include_str!("../examples/ghcr-single.json")),
    ("minimal", include_str!("../examples/minimal.json")),
    (
        "other-registry-numbered",
        include_str!("../examples/other-registry-numbered.json"),
    ),
    (
        "rails8-staging-patterns",
        include_str!("../examples/rails8-staging-patterns.json"),
    ),
    ("seed-kamal1", include_str!("../examples/seed-kamal1.json")),
    ("seed-kamal2", include_str!("../examples/seed-kamal2.json")),
    (
        "promote-after-staging",
        include_str!("../examples/promote-after-staging.json"),
    ),
    (
        "promote-by-hand",
        include_str!("../examples/promote-by-hand.json"),
    ),
    (
        "docker-app-pinned-kamal",
        include_str!("../examples/docker-app-pinned-kamal.json"),
    ),
];

/// `root` with every string the configuration still parses with made 600 characters long
/// (past every bound), so validation reports a problem at each free-text field at once.
fn every_string_too_long(root: &serde_json::Value) -> serde_json::Value {
    let mut current = root.clone();
    let mut leaves = Vec::new();
    leaf_pointers(root, String::new(), &mut leaves);
    for pointer in leaves {
        let mut candidate = current.clone();
        *candidate.pointer_mut(&pointer).unwrap() = serde_json::Value::from("a".repeat(600));
        if kamal_actions_core::Config::from_json(&candidate.to_string()).is_ok() {
            current = candidate;
        }
    }
    current
}

fn leaf_pointers(value: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                leaf_pointers(v, format!("{at}/{k}"), out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                leaf_pointers(v, format!("{at}/{i}"), out);
            }
        }
        serde_json::Value::String(_) => out.push(at),
        _ => {}
    }
}

/// The ids a problem's message may be shown at: the field itself, or for an item of a list
/// edited as one field (`...branches[1]`, `...hosts[0]`) the list's field.
fn fields_of(path: &str) -> Vec<String> {
    let mut ids = vec![kamal_actions_web::ui::state::field_id(path)];
    let mut path = path;
    while path.ends_with(']') {
        path = &path[..path.rfind('[').unwrap()];
        ids.push(kamal_actions_web::ui::state::field_id(path));
    }
    ids
}

/// Every path the validator can emit has its field on the page: each example with every
/// free-text field invalid at once (and an invalid timeout), loaded as a saved draft.
#[wasm_bindgen_test]
async fn every_problem_path_has_its_field_on_the_page() {
    let mut checked = 0;
    for (name, text) in EXAMPLES {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let mut broken = every_string_too_long(&value);
        broken["project"]["timeout_minutes"] = serde_json::Value::from(0);
        let config = kamal_actions_core::Config::from_json(&broken.to_string()).unwrap();
        let problems = kamal_actions_core::validate(&config);
        assert!(problems.len() > 5, "{name}: {problems:?}");
        let page = mount_with_draft(Some(&config.to_json())).await;
        settle().await;
        for problem in &problems {
            let ids = fields_of(&problem.path);
            assert!(
                ids.iter().any(|id| page.find(&format!("#{id}")).is_some()),
                "{name}: no element {ids:?} for the problem at {}",
                problem.path
            );
            checked += 1;
        }
        page.unmount();
    }
    assert!(checked > 100, "{checked} problem paths checked");
}

/// The configuration travels with the files (`.github/kamal-actions.json`), and the page's
/// import takes it back: a teammate regenerates from what the repository holds.
#[wasm_bindgen_test]
async fn the_configuration_in_the_files_imports_back() {
    let page = mount().await;
    page.type_into("project-service", "ledger").await;
    let saved = page.file(".github/kamal-actions.json").await;
    assert!(saved.contains("\"service\": \"ledger\""), "{saved}");
    page.type_into("project-service", "other").await;
    page.click("#import summary").await;
    paste(&page, "import-text", &saved).await;
    page.click("#import-apply").await;
    assert_eq!(page.input("project-service").value(), "ledger");
    page.unmount();
}
