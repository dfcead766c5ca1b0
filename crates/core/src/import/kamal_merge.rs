//! Kamal's merge of a destination file over `config/deploy.yml`, for what the workflows and
//! the guide need from it: each environment's servers and URL. `layers` come in priority
//! order (a destination file, then deploy.yml).

use super::value::Value;

use super::doc::Doc;

/// How many hosts the web role (the one running kamal-proxy) has after the merge.
pub(super) fn web_role_hosts(layers: &[&Doc]) -> usize {
    let servers = layers.iter().find_map(|d| d.get(&["servers"]));
    let count = |v: &Value| match v {
        Value::Sequence(items) => items.len(),
        Value::Mapping(_) => v
            .get("hosts")
            .and_then(Value::as_sequence)
            .map_or(0, Vec::len),
        _ => 0,
    };
    match servers {
        Some(Value::Sequence(items)) => items.len(),
        Some(Value::Mapping(_)) => layers
            .iter()
            .find_map(|d| d.get(&["servers", "web"]))
            .map_or(0, count),
        _ => 0,
    }
}

/// The hosts under `servers:` (a list, or roles with a list or `hosts:`; a host may carry
/// tags as `HOST: TAG`), and separately those written in ERB, which cannot be used. `layers`
/// come in priority order (a destination file, then deploy.yml): Kamal deep-merges them, so
/// each role takes its hosts from the first layer that lists some, and a plain list replaces.
pub(super) fn server_hosts(layers: &[&Doc]) -> (Vec<String>, Vec<String>) {
    let servers = |doc: &&Doc| doc.get(&["servers"]).cloned();
    let mut sources: Vec<(&Doc, Value)> = Vec::new();
    match layers.iter().find_map(|d| servers(d).map(|v| (*d, v))) {
        Some((_, Value::Mapping(_))) => {
            let mut roles: Vec<String> = Vec::new();
            for doc in layers.iter().rev() {
                if let Some(map @ Value::Mapping(_)) = servers(doc) {
                    for key in map.keys().filter_map(Value::as_str) {
                        if !roles.iter().any(|r| r == key) {
                            roles.push(key.to_string());
                        }
                    }
                }
            }
            for role in &roles {
                let listed = layers.iter().find_map(|doc| {
                    let value = doc.get(&["servers", role])?;
                    let hosts = value.get("hosts").unwrap_or(value);
                    (hosts.is_sequence() || hosts.is_string()).then(|| (*doc, hosts.clone()))
                });
                sources.extend(listed);
            }
        }
        Some((doc, list)) => sources.push((doc, list)),
        None => {}
    }
    let (mut hosts, mut erb) = (Vec::new(), Vec::new());
    for (doc, value) in &sources {
        let entries: Vec<&Value> = match value {
            Value::Sequence(items) => items.iter().collect(),
            other => vec![other],
        };
        for entry in entries {
            let host = match entry {
                tagged @ Value::Mapping(_) => tagged.keys().next().and_then(|k| doc.text(k)),
                other => doc.text(other),
            };
            let Some(host) = host else { continue };
            let list = if host.contains("<%") {
                &mut erb
            } else {
                &mut hosts
            };
            if !list.contains(&host) {
                list.push(host);
            }
        }
    }
    (hosts, erb)
}

/// `proxy.host` (or the first of `proxy.hosts`) as a URL; https when `proxy.ssl` is on. Kamal
/// merges a destination file over `config/deploy.yml`, so each key is taken from the first of
/// `layers` that sets it.
pub(super) fn proxy_url(layers: &[&Doc]) -> Option<String> {
    let host = layers.iter().find_map(|doc| {
        doc.plain(&["proxy", "host"])
            .or_else(|| doc.list(&["proxy", "hosts"]).into_iter().next())
    })?;
    if host.is_empty() || host.contains("<%") {
        return None;
    }
    let ssl = layers
        .iter()
        .find_map(|doc| doc.get(&["proxy", "ssl"]))
        .is_some_and(|v| v == &Value::Bool(true));
    Some(format!("{}://{host}", if ssl { "https" } else { "http" }))
}
