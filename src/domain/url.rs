//! URL pieces the app needs without pulling a URL parser into the wasm.

/// The path of an absolute URL (`"http://h:1/a/b?q#f"` gives `"/a/b"`); a path given alone is
/// returned without its query and fragment. An URL with no path gives `"/"`.
pub fn path_of(url: &str) -> &str {
    let after_scheme = match url.find("://") {
        Some(index) => {
            let rest = &url[index + 3..];
            match rest.find('/') {
                Some(slash) => &rest[slash..],
                None => return "/",
            }
        }
        None => url,
    };
    let end = after_scheme.find(['?', '#']).unwrap_or(after_scheme.len());
    &after_scheme[..end]
}

#[cfg(test)]
mod tests {
    use super::path_of;

    #[test]
    fn path_of_an_absolute_url() {
        assert_eq!(path_of("http://127.0.0.1:8080/"), "/");
        assert_eq!(path_of("https://host/apikeys/"), "/apikeys/");
        assert_eq!(
            path_of("https://host/grafana/apikeys/?x=1#top"),
            "/grafana/apikeys/"
        );
        assert_eq!(path_of("http://host"), "/");
    }

    #[test]
    fn path_of_a_bare_path() {
        assert_eq!(path_of("/org/apikeys?search=a"), "/org/apikeys");
        assert_eq!(path_of(""), "");
    }
}
