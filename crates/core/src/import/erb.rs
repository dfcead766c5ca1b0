//! Real deploy.yml files are ERB templates: `<%= ... %>` becomes an opaque placeholder scalar
//! (put back when a value is shown), `<% ... %>` code and `<%# %>` comments are dropped with
//! their line numbers kept, so the file still parses as YAML.

const ERB_MARK: &str = "__ERB_";

/// Replaces each `<%= ... %>` with a placeholder scalar and drops `<% ... %>` code and
/// `<%# %>` comments, keeping line numbers. Returns the text, the output tags by placeholder
/// number, and the skipped code tags with their line numbers.
pub(super) fn strip_erb(text: &str) -> (String, Vec<String>, Vec<(usize, String)>) {
    let mut out = String::with_capacity(text.len());
    let mut outputs = Vec::new();
    let mut skipped = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<%") {
        out.push_str(&rest[..start]);
        let tag_and_more = &rest[start..];
        let end = tag_and_more
            .find("%>")
            .map_or(tag_and_more.len(), |e| e + 2);
        let tag = &tag_and_more[..end];
        let newlines = tag.matches('\n').count();
        if tag.starts_with("<%=") || tag.starts_with("<%-=") {
            out.push_str(&format!("{ERB_MARK}{}__", outputs.len()));
            outputs.push(tag.to_string());
        } else if !tag.starts_with("<%#") {
            let line = text[..text.len() - rest.len() + start]
                .matches('\n')
                .count()
                + 1;
            skipped.push((line, tag.to_string()));
        }
        out.extend(std::iter::repeat_n('\n', newlines));
        rest = &tag_and_more[end..];
    }
    out.push_str(rest);
    (out, outputs, skipped)
}

pub(super) fn restore_erb(text: &str, outputs: &[String]) -> String {
    if !text.contains(ERB_MARK) {
        return text.to_string();
    }
    let mut out = text.to_string();
    for (i, tag) in outputs.iter().enumerate().rev() {
        out = out.replace(&format!("{ERB_MARK}{i}__"), tag);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erb_becomes_placeholders_and_comes_back() {
        let text = "a: <%= ENV[\"X\"] %>\n<% if true %>\nb: 1\n<% end %>\nc: <%# note %>2\n";
        let (out, outputs, skipped) = strip_erb(text);
        assert_eq!(out, "a: __ERB_0__\n\nb: 1\n\nc: 2\n");
        assert_eq!(outputs, ["<%= ENV[\"X\"] %>"]);
        assert_eq!(
            skipped,
            [
                (2, "<% if true %>".to_string()),
                (4, "<% end %>".to_string())
            ]
        );
        assert_eq!(restore_erb("__ERB_0__", &outputs), "<%= ENV[\"X\"] %>");
    }

    #[test]
    fn an_unclosed_tag_does_not_panic() {
        let (out, outputs, _) = strip_erb("a: <%= oops");
        assert_eq!(out, "a: __ERB_0__");
        assert_eq!(outputs.len(), 1);
    }
}
