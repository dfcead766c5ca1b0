//! Component tests in headless Chromium (wasm-bindgen-test): mount the page, act, assert the DOM.
#![cfg(target_arch = "wasm32")]

use kamal_actions_web::App;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Event, HtmlButtonElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The page mounted into its own detached-from-others container.
struct Page {
    root: HtmlElement,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

fn mount() -> Page {
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = mount_to(root.clone(), || App().into_any());
    Page {
        root,
        _handle: handle,
    }
}

impl Page {
    fn input(&self, id: &str) -> HtmlInputElement {
        self.root
            .query_selector(&format!("#{id}"))
            .unwrap()
            .unwrap()
            .unchecked_into()
    }

    async fn type_into(&self, id: &str, value: &str) {
        let input = self.input(id);
        input.set_value(value);
        input.dispatch_event(&Event::new("input").unwrap()).unwrap();
        tick().await;
    }

    fn text(&self, selector: &str) -> String {
        self.root
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("{selector} not found"))
            .text_content()
            .unwrap_or_default()
    }

    /// The preview of the file at `path`.
    fn file(&self, path: &str) -> String {
        self.text(&format!("article[data-path=\"{path}\"] .file-contents"))
    }

    fn paths(&self) -> Vec<String> {
        let nodes = self.root.query_selector_all(".file-path").unwrap();
        (0..nodes.length())
            .map(|i| nodes.item(i).unwrap().text_content().unwrap())
            .collect()
    }

    fn download_button(&self) -> HtmlButtonElement {
        self.root
            .query_selector("#download-zip")
            .unwrap()
            .unwrap()
            .unchecked_into()
    }

    fn unmount(self) {
        self.root.remove();
    }
}

const PRODUCTION: &str = ".github/workflows/deploy-production.yml";

#[wasm_bindgen_test]
async fn mounts_with_the_default_workflows() {
    let page = mount();
    tick().await;
    assert_eq!(page.input("service").value(), "myapp");
    let paths = page.paths();
    assert!(paths.iter().any(|p| p == PRODUCTION), "{paths:?}");
    assert!(
        paths.iter().any(|p| p == ".kamal/secrets.staging"),
        "{paths:?}"
    );
    assert!(page
        .file(PRODUCTION)
        .contains("Deploys myapp to production"));
    assert!(!page.download_button().disabled());
    page.unmount();
}

#[wasm_bindgen_test]
async fn typing_a_name_changes_the_preview() {
    let page = mount();
    page.type_into("service", "shop").await;
    assert!(page.file(PRODUCTION).contains("Deploys shop to production"));
    page.type_into("env-0-name", "live").await;
    page.type_into("env-0-branch", "develop").await;
    let live = ".github/workflows/deploy-live.yml";
    assert!(page.paths().iter().any(|p| p == live));
    assert!(!page.paths().iter().any(|p| p == PRODUCTION));
    let yaml = page.file(live);
    assert!(yaml.contains("destination: live"), "{yaml}");
    assert!(yaml.contains("      - develop\n"), "{yaml}");
    page.unmount();
}

#[wasm_bindgen_test]
async fn invalid_input_shows_its_message_and_keeps_the_last_valid_preview() {
    let page = mount();
    page.type_into("env-0-branch", "main").await;
    page.type_into("env-0-branch", "bad branch").await;
    assert!(page
        .text("#env-0-branch-error")
        .contains("cannot contain ' '"));
    assert_eq!(
        page.input("env-0-branch")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert!(page.text("#status").starts_with("1 problem"));
    assert!(page.download_button().disabled());
    assert!(
        page.file(PRODUCTION).contains("      - main\n"),
        "last valid output kept"
    );
    page.type_into("env-0-branch", "main").await;
    assert_eq!(page.text("#env-0-branch-error"), "");
    assert!(!page.download_button().disabled());
    page.unmount();
}
