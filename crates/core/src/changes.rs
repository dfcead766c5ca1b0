//! What an edit changed in the generated files: which files are new, changed or gone, and which
//! lines of a changed file are new. The page marks them, so the user sees every line one field
//! rewrote, in every file.

use std::collections::BTreeMap;

use crate::GeneratedFile;

/// What happened to one file between two renders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileChange {
    Added,
    Changed(Lines),
    Removed,
}

/// How a changed file's lines changed, in the new text's 0-based line numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lines {
    /// Lines that are not in the old text (new or rewritten).
    pub written: Vec<usize>,
    /// Lines before which old lines were removed (the text's length when at its end).
    pub removed_before: Vec<usize>,
    /// How many old lines were removed.
    pub removed: usize,
}

/// Every file that differs between `before` and `after`, by path.
pub fn between(before: &[GeneratedFile], after: &[GeneratedFile]) -> BTreeMap<String, FileChange> {
    let old: BTreeMap<&str, &str> = before
        .iter()
        .map(|f| (f.path.as_str(), f.contents.as_str()))
        .collect();
    let new: BTreeMap<&str, &str> = after
        .iter()
        .map(|f| (f.path.as_str(), f.contents.as_str()))
        .collect();
    let mut out = BTreeMap::new();
    for (path, text) in &new {
        match old.get(path) {
            None => {
                out.insert(path.to_string(), FileChange::Added);
            }
            Some(was) if was != text => {
                out.insert(path.to_string(), FileChange::Changed(lines(was, text)));
            }
            Some(_) => {}
        }
    }
    for path in old.keys().filter(|p| !new.contains_key(*p)) {
        out.insert(path.to_string(), FileChange::Removed);
    }
    out
}

/// Notes one old line removed before new line `at`.
fn remove(out: &mut Lines, at: usize) {
    out.removed += 1;
    if out.removed_before.last() != Some(&at) {
        out.removed_before.push(at);
    }
}

/// The lines of `new` outside a longest common subsequence with `old`, and where lines of
/// `old` went. The common first and last lines are set aside first, so an edit costs the
/// table of the lines it touched only; past `LIMIT` lines in between, all of them count.
pub fn lines(old: &str, new: &str) -> Lines {
    const LIMIT: usize = 2_000;
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut out = Lines::default();
    if a.is_empty() || b.is_empty() || b.len() * a.len() > LIMIT * LIMIT {
        out.written = (prefix..prefix + b.len()).collect();
        for _ in 0..a.len() {
            remove(&mut out, prefix);
        }
        return out;
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let width = b.len() + 1;
    let mut lcs = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * width + j] = if a[i] == b[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if i < a.len()
            && (j == b.len() || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])
        {
            remove(&mut out, prefix + j);
            i += 1;
        } else {
            out.written.push(prefix + j);
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            contents: contents.into(),
        }
    }

    #[test]
    fn written_and_removed_lines_are_found() {
        let written = |a: &str, b: &str| lines(a, b).written;
        assert_eq!(written("a\nb\nc\n", "a\nb\nc\n"), Vec::<usize>::new());
        assert_eq!(written("a\nb\nc\n", "a\nB\nc\n"), [1]);
        assert_eq!(written("a\nc\n", "a\nb\nc\n"), [1]);
        assert_eq!(written("x\na\nb\n", "a\nb\ny\nz\n"), [2, 3]);
        assert_eq!(written("", "a\nb\n"), [0, 1]);
        let removal = lines("a\nb\nc\nd\n", "a\nd\n");
        assert_eq!((removal.written.len(), removal.removed), (0, 2));
        assert_eq!(removal.removed_before, [1]);
        let at_end = lines("a\nb\n", "a\n");
        assert_eq!((at_end.removed_before, at_end.removed), (vec![1], 1));
        let rewrite = lines("a\nb\nc\n", "a\nB\nc\n");
        assert_eq!((rewrite.removed_before, rewrite.removed), (vec![1], 1));
    }

    #[test]
    fn files_are_added_changed_and_removed() {
        let before = [file("a", "1\n2\n"), file("b", "x\n"), file("gone", "g\n")];
        let after = [file("a", "1\n3\n"), file("b", "x\n"), file("new", "n\n")];
        let changes = between(&before, &after);
        let FileChange::Changed(a) = &changes["a"] else {
            panic!("{changes:?}")
        };
        assert_eq!((a.written.as_slice(), a.removed), (&[1][..], 1));
        assert_eq!(changes["new"], FileChange::Added);
        assert_eq!(changes["gone"], FileChange::Removed);
        assert!(!changes.contains_key("b"));
    }
}
