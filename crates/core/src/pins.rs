//! Commit SHAs for every action the generated files use.
//!
//! Checkers require `uses:` pinned to a full commit SHA with the tag as a comment. The table is a
//! data file so that updating a pin is a one-file change reviewed on its own.

const TABLE: &str = include_str!("action-pins.tsv");

/// An action pinned to a commit, with the release tag it corresponds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pin {
    pub action: &'static str,
    pub tag: &'static str,
    pub commit: &'static str,
}

impl Pin {
    /// `owner/repo@sha`, the value of `uses:`.
    pub fn uses(&self) -> String {
        format!("{}@{}", self.action, self.commit)
    }
}

/// The pin for `action`.
///
/// # Panics
/// When the table has no row for `action`: the renderer names actions as constants, so this is a
/// programming error caught by every test that renders a file.
pub fn pin(action: &str) -> Pin {
    all()
        .find(|p| p.action == action)
        .unwrap_or_else(|| panic!("action-pins.tsv has no row for {action}"))
}

/// Every row of the table.
pub fn all() -> impl Iterator<Item = Pin> {
    TABLE
        .lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with("action\t"))
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let mut cols = line.split('\t');
            let action = cols.next().unwrap_or_default();
            let tag = cols.next().unwrap_or_default();
            let commit = cols.next().unwrap_or_default();
            Pin {
                action,
                tag,
                commit,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pin_is_a_full_commit_sha() {
        let pins: Vec<Pin> = all().collect();
        assert!(pins.len() >= 10);
        for p in pins {
            assert_eq!(p.commit.len(), 40, "{}", p.action);
            assert!(
                p.commit.bytes().all(|b| b.is_ascii_hexdigit()),
                "{}",
                p.action
            );
            assert!(!p.tag.is_empty(), "{}", p.action);
        }
    }

    /// The project's own workflows take their pins from the same table.
    #[test]
    fn this_repositorys_workflows_use_the_table() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../.github/workflows");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines().filter_map(|l| l.trim().strip_prefix("uses: ")) {
                let (uses, tag) = line.split_once("  # ").expect("a tag comment");
                let (action, _) = uses.split_once('@').unwrap();
                let p = pin(action);
                assert_eq!((uses, tag), (p.uses().as_str(), p.tag), "{action}");
                seen += 1;
            }
        }
        assert!(seen >= 3);
    }

    #[test]
    fn checkout_is_pinned_to_v7() {
        let p = pin("actions/checkout");
        assert_eq!(p.tag, "v7.0.1");
        assert_eq!(
            p.uses(),
            "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1"
        );
    }
}
