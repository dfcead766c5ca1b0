//! The generated files as a tree, the way they will land in the repository.

/// One row of the file tree: a folder or a file, at a depth.
#[derive(Clone, PartialEq)]
pub struct Row {
    pub depth: usize,
    pub label: String,
    /// The file's path; `None` for a folder.
    pub path: Option<String>,
}

/// Folders and files in path order, each folder once before its contents.
pub fn tree_rows(paths: &[String]) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    for path in paths {
        let parts: Vec<&str> = path.split('/').collect();
        let (dirs, file) = parts.split_at(parts.len() - 1);
        let common = open.iter().zip(dirs).take_while(|(a, b)| a == b).count();
        open.truncate(common);
        for dir in &dirs[common..] {
            rows.push(Row {
                depth: open.len(),
                label: format!("{dir}/"),
                path: None,
            });
            open.push(dir);
        }
        rows.push(Row {
            depth: dirs.len(),
            label: file[0].to_string(),
            path: Some(path.clone()),
        });
    }
    rows
}

/// What a file is for, in one line: the first sentence of its header comment (every YAML file
/// and `.kamal/secrets*` starts with one), or, for the files that cannot carry a comment, what
/// their kind is.
pub fn summary(path: &str, contents: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let fixed = match name {
        "kamal-actions.json" => {
            Some("The configuration these files came from: import it to edit them")
        }
        "KAMAL_ACTIONS_SETUP.md" => {
            Some("The setup kit: what to create in GitHub and your cloud, step by step")
        }
        "ecr-push-policy.json" => Some("IAM policy: push and pull the app's ECR repository"),
        "backup-s3-policy.json" => Some("IAM policy: put backups in the bucket, nothing else"),
        n if n.ends_with("-trust-policy.json") => {
            Some("IAM trust policy: which GitHub environments may assume the role")
        }
        n if n.ends_with("-secrets-policy.json") => {
            Some("IAM policy: read exactly these environments' Secrets Manager secrets")
        }
        _ => None,
    };
    if let Some(fixed) = fixed {
        return fixed.to_string();
    }
    let header: Vec<&str> = contents
        .lines()
        .skip_while(|l| *l == "---")
        .map_while(|l| l.strip_prefix("# "))
        .collect();
    first_sentence(&header.join(" "))
}

/// Up to the first full stop, cut at a word near 100 characters when longer.
fn first_sentence(text: &str) -> String {
    const MAX: usize = 100;
    let sentence = match text.find(". ") {
        Some(end) => &text[..end],
        None => text.trim_end_matches('.'),
    };
    if sentence.len() <= MAX {
        return sentence.to_string();
    }
    let cut = sentence[..MAX].rfind(' ').unwrap_or(MAX);
    format!("{}…", &sentence[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_says_what_it_is_for() {
        let deploy = "---\n# Deploys myapp to production on every push to main after the specs and lint\n# pass.\n#\n# A newer deploy waits.\n\nname: x\n";
        assert_eq!(
            summary(".github/workflows/deploy-production.yml", deploy),
            "Deploys myapp to production on every push to main after the specs and lint pass"
        );
        let secrets =
            "# Secrets for Kamal commands run without a destination. Each line takes\nKAMAL=1\n";
        assert_eq!(
            summary(".kamal/secrets", secrets),
            "Secrets for Kamal commands run without a destination"
        );
        assert!(summary("KAMAL_ACTIONS_SETUP.md", "# Setup").starts_with("The setup kit"));
        let long = format!("---\n# {}\n", "word ".repeat(40));
        let cut = summary("x.yml", &long);
        assert!(cut.ends_with('…') && cut.len() <= 104, "{cut}");
    }

    #[test]
    fn tree_lists_each_folder_once() {
        let rows = tree_rows(&[
            ".github/actions/a/action.yml".into(),
            ".github/workflows/x.yml".into(),
            ".kamal/secrets".into(),
        ]);
        let labels: Vec<(usize, &str)> = rows.iter().map(|r| (r.depth, r.label.as_str())).collect();
        assert_eq!(
            labels,
            [
                (0, ".github/"),
                (1, "actions/"),
                (2, "a/"),
                (3, "action.yml"),
                (1, "workflows/"),
                (2, "x.yml"),
                (0, ".kamal/"),
                (1, "secrets")
            ]
        );
    }
}
