//! What a `Gemfile.lock` says gets installed: every gem of the bundle, or Kamal and what it
//! depends on. It backs the CLI's `gems` command, which measures what installing Kamal alone
//! saves, and reads the lock the way the generated install step does (`    kamal (X)`).

use std::collections::{BTreeMap, BTreeSet};

/// One locked gem: its version and the gems it depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedGem {
    pub version: String,
    pub dependencies: Vec<String>,
}

/// The gems of a lock's `specs:` sections (GEM, GIT, PATH), by name. Platform variants of a
/// gem (`nokogiri (1.18.9-x86_64-linux-gnu)`) are one gem: one of them is installed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lock {
    pub gems: BTreeMap<String, LockedGem>,
    /// Spec lines, platform variants included.
    pub variants: usize,
}

/// `name (version)` or `name (requirements)` or `name`.
fn name_and_parenthesis(line: &str) -> (&str, Option<&str>) {
    match line.split_once(" (") {
        Some((name, rest)) => (name, rest.strip_suffix(')')),
        None => (line, None),
    }
}

/// Reads the specs of a lock. Lines it does not know are skipped: the sections after the
/// specs (PLATFORMS, DEPENDENCIES, CHECKSUMS, ...) say nothing about what is installed.
pub fn parse(text: &str) -> Lock {
    let mut lock = Lock::default();
    let mut in_specs = false;
    let mut current: Option<String> = None;
    for line in text.lines() {
        if !line.starts_with(' ') {
            in_specs = false;
            continue;
        }
        if line == "  specs:" {
            in_specs = true;
            continue;
        }
        if !in_specs {
            continue;
        }
        if let Some(spec) = line.strip_prefix("    ").filter(|l| !l.starts_with(' ')) {
            let (name, version) = name_and_parenthesis(spec);
            let version = version.unwrap_or_default();
            // A platform variant's version carries the platform after the first '-'.
            let version = version.split_once('-').map_or(version, |(v, _)| v);
            lock.variants += 1;
            lock.gems
                .entry(name.to_string())
                .or_insert_with(|| LockedGem {
                    version: version.to_string(),
                    dependencies: Vec::new(),
                });
            current = Some(name.to_string());
        } else if let Some(dep) = line.strip_prefix("      ").filter(|l| !l.starts_with(' ')) {
            let (name, _) = name_and_parenthesis(dep);
            if let Some(gem) = current.as_ref().and_then(|c| lock.gems.get_mut(c)) {
                if !gem.dependencies.iter().any(|d| d == name) {
                    gem.dependencies.push(name.to_string());
                }
            }
        }
    }
    lock
}

impl Lock {
    /// `gem` and every gem it depends on, directly or not, that the lock holds (a dependency
    /// only for other platforms, such as `tzinfo-data`, has no spec and is not installed).
    /// `None` when the lock does not hold `gem`.
    pub fn closure(&self, gem: &str) -> Option<BTreeSet<&str>> {
        let (name, _) = self.gems.get_key_value(gem)?;
        let mut seen = BTreeSet::from([name.as_str()]);
        let mut todo = vec![name.as_str()];
        while let Some(next) = todo.pop() {
            for dep in &self.gems[next].dependencies {
                if let Some((dep, _)) = self.gems.get_key_value(dep.as_str()) {
                    if seen.insert(dep.as_str()) {
                        todo.push(dep.as_str());
                    }
                }
            }
        }
        Some(seen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = "GEM
  remote: https://rubygems.org/
  specs:
    a (1.0)
      b (~> 2.0)
      c
    b (2.1)
      d (>= 0)
    c (3.0-x86_64-linux)
      b
    c (3.0-arm64-darwin)
      b
    d (4.0)
    e (5.0)
      tzinfo-data

PLATFORMS
  x86_64-linux

DEPENDENCIES
  a
  e (~> 5.0)

BUNDLED WITH
   4.0.3
";

    #[test]
    fn reads_specs_dependencies_and_platform_variants() {
        let lock = parse(LOCK);
        assert_eq!(lock.variants, 6);
        assert_eq!(lock.gems.len(), 5);
        assert_eq!(lock.gems["a"].version, "1.0");
        assert_eq!(lock.gems["a"].dependencies, ["b", "c"]);
        assert_eq!(lock.gems["c"].version, "3.0");
        assert_eq!(lock.gems["c"].dependencies, ["b"]);
        assert!(
            !lock.gems.contains_key("e (~> 5.0)"),
            "DEPENDENCIES are not specs"
        );
    }

    #[test]
    fn the_closure_follows_dependencies_the_lock_holds() {
        let lock = parse(LOCK);
        let closure: Vec<&str> = lock.closure("a").unwrap().into_iter().collect();
        assert_eq!(closure, ["a", "b", "c", "d"]);
        let closure: Vec<&str> = lock.closure("e").unwrap().into_iter().collect();
        assert_eq!(
            closure,
            ["e"],
            "tzinfo-data has no spec: it is not installed"
        );
        assert!(lock.closure("kamal").is_none());
    }
}
