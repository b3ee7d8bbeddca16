mod api_keys;
mod not_found;

pub use api_keys::ApiKeysPage;
pub use not_found::NotFound;
