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

#[cfg(test)]
mod tests {
    use super::*;

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
