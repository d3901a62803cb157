//! View state (search, filters, sort, what-if) lives in the URL, so a link reproduces a view
//! and Back/Forward walk through it. `Url` is the one handle on it: `Copy`, so every control
//! and closure of a page takes it by value.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;

/// Some query parameters to rewrite; `None` (or an empty value) removes one.
pub type Changes<'a> = &'a [(&'static str, Option<String>)];

/// The page's query string: read parameters reactively, rewrite some of them. Parameters read
/// through `filter_*` are the page's filters, which "Clear filters" removes.
#[derive(Clone, Copy)]
pub struct Url {
    query: Memo<ParamsMap>,
    /// (new query string with `?`, replace the history entry)
    navigate: Callback<(String, bool)>,
    filters: StoredValue<Vec<&'static str>>,
}

impl Url {
    /// The current route's URL. Create one per page and hand it around.
    pub fn new() -> Self {
        let go = use_navigate();
        let location = use_location();
        let navigate = Callback::new(move |(query, replace): (String, bool)| {
            let path = location.pathname.get_untracked();
            go(
                &format!("{path}{query}"),
                NavigateOptions {
                    replace,
                    scroll: false,
                    ..Default::default()
                },
            );
        });
        Url {
            query: use_query_map(),
            navigate,
            filters: StoredValue::new(Vec::new()),
        }
    }

    /// Rewrites some parameters as a new history entry (a click: Back undoes it).
    pub fn set(&self, changes: Changes) {
        self.write(changes, false);
    }

    /// Rewrites some parameters in place (typing: not every keystroke is a history entry).
    pub fn replace(&self, changes: Changes) {
        self.write(changes, true);
    }

    fn write(&self, changes: Changes, replace: bool) {
        let mut params = self.query.get_untracked();
        for (k, v) in changes {
            match v {
                Some(v) if !v.is_empty() => params.replace(*k, v.clone()),
                _ => {
                    params.remove(k);
                }
            }
        }
        self.navigate.run((params.to_query_string(), replace));
    }

    /// A parameter, reactively; an empty value reads as absent.
    pub fn param(&self, key: &'static str) -> Memo<Option<String>> {
        let q = self.query;
        Memo::new(move |_| q.with(|q| q.get(key)).filter(|v| !v.is_empty()))
    }

    /// A comma-separated list parameter, reactively.
    pub fn list(&self, key: &'static str) -> Memo<Vec<String>> {
        let q = self.query;
        Memo::new(move |_| q.with(|q| split_list(q.get(key).as_deref())))
    }

    /// A filter's single-value parameter (e.g. a date bound).
    pub fn filter_param(&self, key: &'static str) -> Memo<Option<String>> {
        self.filters.update_value(|f| f.push(key));
        self.param(key)
    }

    /// A filter's multi-value parameter (e.g. the checked workloads).
    pub fn filter_list(&self, key: &'static str) -> ListParam {
        self.filters.update_value(|f| f.push(key));
        ListParam {
            key,
            values: self.list(key),
            url: *self,
        }
    }

    /// Removes the search and every filter parameter read through `filter_*`.
    pub fn clear_filters(&self) {
        let keys = self.filters.get_value();
        let changes: Vec<_> = std::iter::once("q")
            .chain(keys)
            .map(|k| (k, None))
            .collect();
        self.set(&changes);
    }
}

/// `a,b,,c` → `[a, b, c]`.
fn split_list(v: Option<&str>) -> Vec<String> {
    v.map(|v| {
        v.split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

/// A multi-value filter in the URL: its key, its values, and the ways to change them.
#[derive(Clone, Copy)]
pub struct ListParam {
    pub key: &'static str,
    values: Memo<Vec<String>>,
    url: Url,
}

impl ListParam {
    pub fn get(&self) -> Vec<String> {
        self.values.get()
    }

    pub fn with<T>(&self, f: impl FnOnce(&Vec<String>) -> T) -> T {
        self.values.with(f)
    }

    pub fn get_untracked(&self) -> Vec<String> {
        self.values.get_untracked()
    }

    /// Whether `value` is selected (labels compare case-insensitively).
    pub fn contains(&self, value: &str) -> bool {
        self.values
            .with(|v| v.iter().any(|x| x.eq_ignore_ascii_case(value)))
    }

    /// Exactly these values (none = no filter).
    pub fn set(&self, values: &[String]) {
        self.url.set(&[(self.key, Some(values.join(",")))]);
    }

    /// Adds or removes one value.
    pub fn toggle(&self, value: &str, on: bool) {
        let mut list = self.get_untracked();
        list.retain(|k| !k.eq_ignore_ascii_case(value));
        if on {
            list.push(value.to_string());
        }
        self.set(&list);
    }

    /// Just `value`, or nothing when it is all that is selected (a chart bar, a tile: click
    /// again to undo).
    pub fn pick_only(&self, values: &[String]) {
        let same = self.values.with_untracked(|v| {
            v.len() == values.len()
                && values
                    .iter()
                    .all(|w| v.iter().any(|x| x.eq_ignore_ascii_case(w)))
        });
        self.set(if same { &[] } else { values });
    }
}

#[cfg(test)]
mod tests {
    use super::split_list;

    #[test]
    fn lists_split_on_commas_and_skip_empty_items() {
        let cases: [(Option<&str>, &[&str]); 5] = [
            (None, &[]),
            (Some(""), &[]),
            (Some("Teams"), &["Teams"]),
            (Some("Teams,Intune"), &["Teams", "Intune"]),
            (Some(",Teams,,Intune,"), &["Teams", "Intune"]),
        ];
        for (input, want) in cases {
            assert_eq!(split_list(input), want, "{input:?}");
        }
    }
}
