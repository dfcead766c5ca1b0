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
    // Looked up by a scan, not through maps of the files: a few dozen files, and each map
    // collected from a list compiles a sort into the page (see `crate::sorted`).
    fn text_in<'a>(files: &'a [GeneratedFile], path: &str) -> Option<&'a String> {
        files.iter().find(|f| f.path == path).map(|f| &f.contents)
    }
    let mut out = BTreeMap::new();
    for file in after {
        match text_in(before, &file.path) {
            None => {
                out.insert(file.path.clone(), FileChange::Added);
            }
            Some(was) if *was != file.contents => {
                out.insert(
                    file.path.clone(),
                    FileChange::Changed(lines(was, &file.contents)),
                );
            }
            Some(_) => {}
        }
    }
    for file in before.iter().filter(|f| text_in(after, &f.path).is_none()) {
        out.insert(file.path.clone(), FileChange::Removed);
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

/// One step of an edit script from old lines to new ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    Keep,
    Remove,
    Insert,
}

/// The lines of `new` outside a longest common subsequence with `old`, and where lines of
/// `old` went. The common first and last lines are set aside first; the rest is Myers' diff,
/// whose cost grows with the lines the edit touched (a keystroke touches few), not with the
/// file's length. Past `MAX_EDITS` differing lines, all lines in between count as rewritten.
pub fn lines(old: &str, new: &str) -> Lines {
    const MAX_EDITS: usize = 2_000;
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
    let script = if a.is_empty() || b.is_empty() {
        None
    } else {
        shortest_edit(a, b, MAX_EDITS)
    };
    let script = script.unwrap_or_else(|| {
        let mut all = vec![Edit::Remove; a.len()];
        all.extend(std::iter::repeat_n(Edit::Insert, b.len()));
        all
    });
    lines_of(&script, prefix)
}

/// Reads an edit script as [`Lines`], `prefix` lines into the file (`j` is the new text's
/// line). Within a run of changes, old lines go before the new ones are written, so a
/// rewritten line is one removal before it plus itself written.
fn lines_of(script: &[Edit], prefix: usize) -> Lines {
    let mut out = Lines::default();
    let mut j = prefix;
    let mut run_start = None;
    for edit in script {
        match edit {
            Edit::Keep => {
                j += 1;
                run_start = None;
            }
            Edit::Remove => remove(&mut out, *run_start.get_or_insert(j)),
            Edit::Insert => {
                run_start.get_or_insert(j);
                out.written.push(j);
                j += 1;
            }
        }
    }
    out
}

/// Myers' shortest edit script from `a` to `b` (E. Myers, "An O(ND) Difference Algorithm and
/// Its Variations", 1986), or `None` past `max_edits` edits. Each round `d` keeps, per diagonal
/// `k = x - y`, the furthest `x` reached with `d` edits; the rounds are kept (only the
/// diagonals each can have reached) to walk the path back.
fn shortest_edit(a: &[&str], b: &[&str], max_edits: usize) -> Option<Vec<Edit>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let offset = n + m + 1;
    let mut v = vec![0isize; (2 * offset + 1) as usize];
    let at = |k: isize| (k + offset) as usize;
    let mut rounds: Vec<Vec<isize>> = Vec::new();
    for d in 0..=(n + m).min(max_edits as isize) {
        // The diagonals -(d+1)..=d+1 as this round starts: all the walk back reads of it.
        rounds.push(v[at(-d - 1)..=at(d + 1)].to_vec());
        for k in (-d..=d).step_by(2) {
            let down = k == -d || (k != d && v[at(k - 1)] < v[at(k + 1)]);
            let mut x = if down { v[at(k + 1)] } else { v[at(k - 1)] + 1 };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[at(k)] = x;
            if x >= n && y >= m {
                return Some(walk_back(&rounds, n, m));
            }
        }
    }
    None
}

/// The path [`shortest_edit`] found, from its end back to the start, then put in order.
fn walk_back(rounds: &[Vec<isize>], n: isize, m: isize) -> Vec<Edit> {
    let mut script = Vec::new();
    let (mut x, mut y) = (n, m);
    for (d, v) in rounds.iter().enumerate().rev() {
        let d = d as isize;
        let get = |k: isize| v[(k + d + 1) as usize];
        let k = x - y;
        let down = k == -d || (k != d && get(k - 1) < get(k + 1));
        let prev_k = if down { k + 1 } else { k - 1 };
        let prev_x = get(prev_k);
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            script.push(Edit::Keep);
            x -= 1;
            y -= 1;
        }
        if d > 0 {
            if down {
                script.push(Edit::Insert);
            } else {
                script.push(Edit::Remove);
            }
        }
        (x, y) = (prev_x, prev_y);
    }
    script.reverse();
    script
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

    /// The longest common subsequence's length, by the textbook table.
    fn lcs_len(a: &[&str], b: &[&str]) -> usize {
        let mut t = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                t[i][j] = if a[i] == b[j] {
                    t[i + 1][j + 1] + 1
                } else {
                    t[i + 1][j].max(t[i][j + 1])
                };
            }
        }
        t[0][0]
    }

    /// On thousands of small random texts: the lines kept are a common subsequence as long as
    /// the longest, the lines removed are the rest of the old text, and every removal is placed
    /// where the new text goes on.
    #[test]
    fn the_lines_kept_are_a_longest_common_subsequence() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |bound: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % bound
        };
        for _ in 0..3_000 {
            let mut text = || {
                let len = next(12) as usize;
                (0..len)
                    .map(|_| ["a", "b", "c", "d"][next(4) as usize])
                    .collect::<Vec<_>>()
            };
            let (a, b) = (text(), text());
            let (old, new) = (a.join("\n"), b.join("\n"));
            let out = lines(&old, &new);
            let kept: Vec<&str> = (0..b.len())
                .filter(|j| !out.written.contains(j))
                .map(|j| b[j])
                .collect();
            assert_eq!(kept.len(), lcs_len(&a, &b), "{a:?} -> {b:?}: {out:?}");
            assert_eq!(
                lcs_len(&kept, &a),
                kept.len(),
                "{a:?} -> {b:?}: kept {kept:?}"
            );
            assert_eq!(out.removed, a.len() - kept.len(), "{a:?} -> {b:?}");
            assert!(out.removed_before.iter().all(|&at| at <= b.len()));
            assert!(out.written.windows(2).all(|w| w[0] < w[1]));
        }
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
