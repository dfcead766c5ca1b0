//! Sorting without compiling a sort per element type.
//!
//! Each `sort`, `sort_unstable` or `collect` into a `BTreeMap`/`BTreeSet` compiles Rust's
//! sort for its element type (2-3 KB of wasm each, measured in the page's build), and the page
//! had seven of them for lists of a few dozen names or files. These build on what the page
//! compiles anyway: insertion into a `BTreeSet<String>`, and an insertion sort.

use std::collections::BTreeSet;

use crate::GeneratedFile;

/// `items` in order, each once.
pub fn unique<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    for item in items {
        if !set.contains(item.as_ref()) {
            set.insert(item.as_ref().to_string());
        }
    }
    set
}

/// `files` ordered by path. An insertion sort: a page renders a few dozen files, mostly
/// already in order, so this is as fast as the standard sort and far smaller.
pub fn by_path(files: &mut [GeneratedFile]) {
    for i in 1..files.len() {
        let mut j = i;
        while j > 0 && files[j - 1].path > files[j].path {
            files.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.to_string(),
            contents: String::new(),
        }
    }

    #[test]
    fn unique_orders_and_drops_repeats() {
        let set = unique(["b", "a", "b", "c", "a"]);
        assert_eq!(set.into_iter().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert!(unique(Vec::<String>::new()).is_empty());
    }

    #[test]
    fn by_path_matches_the_standard_sort() {
        let paths = ["c", "a", "b/z", "b", "a/b", "", "z", "b/a", "a"];
        for len in 0..=paths.len() {
            for start in 0..paths.len() {
                let picked: Vec<&str> = (0..len)
                    .map(|i| paths[(start + i * 7) % paths.len()])
                    .collect();
                let mut ours: Vec<GeneratedFile> = picked.iter().map(|p| file(p)).collect();
                by_path(&mut ours);
                let mut std_sorted = picked.clone();
                std_sorted.sort();
                assert_eq!(
                    ours.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
                    std_sorted
                );
            }
        }
    }
}
