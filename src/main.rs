//! Mounts the page; everything else lives in the library so tests can mount it too.

fn main() {
    leptos::mount::mount_to_body(kamal_actions_web::App);
}
